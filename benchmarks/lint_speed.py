"""Linter speed, the figures the README quotes (one run; compare ratios, not absolute times):

- a 100-character draft, median (target ≤ 50 µs, rules only), as the window relints it (its
  sentences remembered from the keystroke before) and matched afresh;
- a 5,000-character draft against jieba.lcut of the same text in the same run (≤ 0.5), for an
  ordinary draft and for one dense with findings, relinted (its sentences remembered) and
  pasted (none remembered);
- the worst single keystroke while typing a 300-character reply (≤ 2 ms);
- `agentdesk lint` of a 1,000,000-character file with about 100,000 findings (≤ 5 s);
- a 100-character draft before jieba has loaded (the window lints before it has).

Times are CPU time of this process (time.process_time; for the CLI, the child's user+system
time), so a machine shared with other jobs gives the same figures; wall time is printed beside.

Run: python benchmarks/lint_speed.py   (with agentdesk installed, e.g. pip install -e .)
"""

from __future__ import annotations

import os
import resource
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
# about one finding every ten characters: a megabyte of it holds ~100,000 findings (not
# 我马上为您查询 after 不知道: since 2026-12-03 a follow-up excuses it, and the megabyte
# held 78,000)
MIXED = ["您好，这个我不知道。", "请您稍等，这边帮您看一下。", "我保证明天修好。",
         "感谢您的耐心等待。", "你找谁？", "电话13812345678。", "你找谁？", "这个不知道。",
         "我很忙。", "找快递去。"]


def draft(n: int, sentences=SENTENCES) -> str:
    out, i = "", 0
    while len(out) < n:
        out += sentences[i % len(sentences)]
        i += 1
    return out[:n]


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def cli_megabyte() -> tuple[float, int]:
    text = draft(1_000_000, MIXED)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        env = {**os.environ, "AGENTDESK_HOME": tmp}
        subprocess.run([sys.executable, "-m", "agentdesk", "lint", "-"], env=env, input=b"",
                       capture_output=True, check=False, cwd=tmp)  # jieba's cache, once
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "agentdesk", "lint", str(path)], env=env,
                             capture_output=True, check=False, cwd=tmp)
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, out.stdout.count(b"\n")


def main() -> None:
    cold = Linter.from_phrasebook(shipped_phrasebook())
    short = draft(100)
    t0 = time.process_time()
    cold.lint(short)
    before_jieba = time.process_time() - t0
    seg = segmenter()
    seg.tokenizer()
    # The yardstick is stock jieba (its own dictionary, loaded as jieba loads it), not
    # AgentDesk's lexicon tokenizer, which gives the same words at the same speed.
    from agentdesk.chinese import import_jieba

    stock = import_jieba().Tokenizer()
    stock.tmp_dir = tempfile.mkdtemp(prefix="jieba-stock-")
    stock.initialize()
    linter = Linter.from_phrasebook(shipped_phrasebook())
    toned = Linter.from_phrasebook(shipped_phrasebook())
    linter.tone = None
    for each in (linter, toned):   # as the window's loader does (Linter.warm_up), off the
        each.compile_patterns()    # keystroke path; the CLI compiles on first use instead
        each.lint(draft(300))
    long_, dense, reply = draft(5000), draft(5000, DENSE), draft(300)
    t100 = median_time(lambda: linter.lint(short), 2000)
    t100_tone = median_time(lambda: toned.lint(short), 2000)

    def cold_lint():
        linter._memo.clear()  # no sentence remembered: every one matched afresh
        linter.lint(short)

    t100_cold = median_time(cold_lint, 2000)
    t5k = median_time(lambda: linter.lint(long_), 50)

    def fresh(text):
        linter._memo.clear()  # a pasted draft: no sentence of it seen before
        linter.lint(text)

    t5k_fresh = median_time(lambda: fresh(long_), 20)
    t5d_fresh = median_time(lambda: fresh(dense), 20)
    tj = median_time(lambda: stock.lcut(long_), 20)
    t5d = median_time(lambda: linter.lint(dense), 50)
    tjd = median_time(lambda: stock.lcut(dense), 20)
    worst = 0.0
    for _ in range(3):
        for end in range(1, len(reply) + 1):
            t0 = time.process_time()
            linter.lint(reply[:end])
            worst = max(worst, time.process_time() - t0)
    cli, wall, lines = cli_megabyte()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"lint 100 chars before jieba loaded: {before_jieba * 1e3:.2f} ms (first call)")
    print(f"lint 100 chars:   median {t100 * 1e6:.1f} µs with its sentences remembered, "
          f"{t100_cold * 1e6:.1f} µs matched afresh (target ≤ 50 µs)")
    print(f"lint 100 chars with the tone layer: median {t100_tone * 1e6:.1f} µs "
          f"(target ≤ 350 µs)")
    print(f"lint 5,000 chars: median {t5k * 1e3:.2f} ms; jieba.lcut same text {tj * 1e3:.2f} ms; "
          f"ratio {t5k / tj:.2f} (target ≤ 0.5)")
    print(f"lint 5,000 chars dense with findings ({len(linter.lint(dense))}): "
          f"{t5d * 1e3:.2f} ms; jieba {tjd * 1e3:.2f} ms; ratio {t5d / tjd:.2f} (target ≤ 0.5)")
    print(f"same two, pasted (no sentence remembered): {t5k_fresh * 1e3:.2f} ms, ratio "
          f"{t5k_fresh / tj:.2f}; dense {t5d_fresh * 1e3:.2f} ms, ratio {t5d_fresh / tjd:.2f}")
    print(f"worst keystroke typing 300 chars: {worst * 1e3:.3f} ms (target ≤ 2 ms)")
    print(f"agentdesk lint 1,000,000 chars: {cli:.2f} s CPU ({wall:.2f} s wall) for {lines} "
          f"findings (target ≤ 5 s)")


if __name__ == "__main__":
    main()
