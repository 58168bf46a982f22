"""Linter speed, the figures the README quotes (one run; compare ratios, not absolute times):

- a 100-character draft, median (target ≤ 50 µs, rules only);
- a 5,000-character draft against jieba.lcut of the same text in the same run (≤ 0.5), for an
  ordinary draft and for one dense with findings;
- the worst single keystroke while typing a 300-character reply (≤ 2 ms);
- `agentdesk lint` of a 1,000,000-character file with about 100,000 findings (≤ 5 s);
- a 100-character draft before jieba has loaded (the window lints before it has).

Run: python benchmarks/lint_speed.py   (with agentdesk installed, e.g. pip install -e .)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from agentdesk.chinese import segmenter
from agentdesk.lint import Linter
from agentdesk.paths import shipped_phrasebook

SENTENCES = ["您好，请问有什么可以帮助您？", "这个我不知道，您自己看说明吧。",
             "我们会在24小时内给您答复。",
             "您的订单已经发出，预计明天送达。", "我保证明天修好，电话13812345678。",
             "非常理解您的心情，我一定认真帮您处理。", "不知道您是否方便留个联系电话？",
             "给您带来不便，非常抱歉。😀"]
DENSE = ["喂，你找谁？", "这个不知道。", "我很忙。", "找快递去。", "我保证。", "说了多少遍了。"]


def draft(n: int, sentences=SENTENCES) -> str:
    out, i = "", 0
    while len(out) < n:
        out += sentences[i % len(sentences)]
        i += 1
    return out[:n]


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def cli_megabyte() -> tuple[float, int]:
    text = draft(1_000_000, DENSE)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        env = {**os.environ, "AGENTDESK_HOME": tmp}
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "agentdesk", "lint", str(path)], env=env,
                             capture_output=True, check=False, cwd=tmp)
        elapsed = time.perf_counter() - t0
    return elapsed, out.stdout.count(b"\n")


def main() -> None:
    cold = Linter.from_phrasebook(shipped_phrasebook())
    short = draft(100)
    t0 = time.perf_counter()
    cold.lint(short)
    before_jieba = time.perf_counter() - t0
    seg = segmenter()
    seg.tokenizer()
    linter = Linter.from_phrasebook(shipped_phrasebook())
    linter.tone = None
    linter.lint(draft(300))
    long_, dense, reply = draft(5000), draft(5000, DENSE), draft(300)
    t100 = median_time(lambda: linter.lint(short), 2000)
    t5k = median_time(lambda: linter.lint(long_), 50)
    tj = median_time(lambda: seg.lcut(long_), 20)
    t5d = median_time(lambda: linter.lint(dense), 50)
    tjd = median_time(lambda: seg.lcut(dense), 20)
    worst = 0.0
    for _ in range(3):
        for end in range(1, len(reply) + 1):
            t0 = time.perf_counter()
            linter.lint(reply[:end])
            worst = max(worst, time.perf_counter() - t0)
    cli, lines = cli_megabyte()
    print(f"lint 100 chars before jieba loaded: {before_jieba * 1e3:.2f} ms (first call)")
    print(f"lint 100 chars:   median {t100 * 1e6:.1f} µs (target ≤ 50 µs)")
    print(f"lint 5,000 chars: median {t5k * 1e3:.2f} ms; jieba.lcut same text {tj * 1e3:.2f} ms; "
          f"ratio {t5k / tj:.2f} (target ≤ 0.5)")
    print(f"lint 5,000 chars dense with findings ({len(linter.lint(dense))}): "
          f"{t5d * 1e3:.2f} ms; jieba {tjd * 1e3:.2f} ms; ratio {t5d / tjd:.2f} (target ≤ 0.5)")
    print(f"worst keystroke typing 300 chars: {worst * 1e3:.3f} ms (target ≤ 2 ms)")
    print(f"agentdesk lint 1,000,000 chars: {cli:.2f} s for {lines} findings (target ≤ 5 s)")


if __name__ == "__main__":
    main()
