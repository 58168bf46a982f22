"""Linter speed: a 100-character draft, a 5,000-character draft against jieba.lcut on the same
text (same run), and the worst single keystroke while typing a 300-character reply.

Run: python benchmarks/lint_speed.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agentdesk.chinese import segmenter
from agentdesk.lint import Linter
from agentdesk.paths import shipped_phrasebook

SENTENCES = ["您好，请问有什么可以帮助您？", "这个我不知道，您自己看说明吧。",
             "我们会在24小时内给您答复。",
             "您的订单已经发出，预计明天送达。", "我保证明天修好，电话13812345678。",
             "非常理解您的心情，我一定认真帮您处理。", "不知道您是否方便留个联系电话？",
             "给您带来不便，非常抱歉。😀"]


def draft(n: int) -> str:
    out, i = "", 0
    while len(out) < n:
        out += SENTENCES[i % len(SENTENCES)]
        i += 1
    return out[:n]


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    seg = segmenter()
    seg.tokenizer()
    linter = Linter.from_phrasebook(shipped_phrasebook())
    linter.lint(draft(300))
    short, long_, reply = draft(100), draft(5000), draft(300)
    t100 = median_time(lambda: linter.lint(short), 2000)
    t5k = median_time(lambda: linter.lint(long_), 50)
    tj = median_time(lambda: seg.lcut(long_), 20)
    worst = 0.0
    for _ in range(3):
        for end in range(1, len(reply) + 1):
            t0 = time.perf_counter()
            linter.lint(reply[:end])
            worst = max(worst, time.perf_counter() - t0)
    print(f"lint 100 chars:   median {t100 * 1e6:.1f} µs (target ≤ 50 µs)")
    print(f"lint 5,000 chars: median {t5k * 1e3:.2f} ms; jieba.lcut same text {tj * 1e3:.2f} ms; "
          f"ratio {t5k / tj:.2f} (target ≤ 0.20)")
    print(f"worst keystroke typing 300 chars: {worst * 1e3:.3f} ms (target ≤ 2 ms)")


if __name__ == "__main__":
    main()
