"""Tone layer speed: scoring a 100-character draft (target ≤ 300 µs), a 5,000-character
draft, a million characters, and loading the shipped model (read once, off the GUI thread,
at start-up); the rules linter on the same draft gives a ratio that holds on a busy machine.

Run: python benchmarks/tone_speed.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agentdesk.lint.tone import MODEL_FILE, ToneModel
from agentdesk.paths import shipped_phrasebook

SENTENCES = ["您好，请问有什么可以帮助您？", "这事你去找快递员吧，我们管不了。",
             "我们会在24小时内给您答复。", "您的订单已经发出，预计明天送达。",
             "我保证明天一定修好，電話13812345678。", "非常理解您的心情，我一定认真帮您处理。",
             "不知道您是否方便留个联系电话？", "给您带来不便，非常抱歉。😀"]


def draft(n: int) -> str:
    out, i = "", 0
    while len(out) < n:
        out += SENTENCES[i % len(SENTENCES)]
        i += 1
    return out[:n]


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def timed_each(inputs, fn) -> list[float]:
    times = []
    for x in inputs:
        t0 = time.perf_counter()
        fn(x)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    path = shipped_phrasebook() / MODEL_FILE
    loads = timed(lambda: ToneModel.load(path), 5)
    model = ToneModel.load(path)
    short, long = draft(100), draft(5000)
    model.findings(short)  # OpenCC's converter is built on first use
    # Cold: every clause scored afresh (the verdict cache cleared before each run).
    t100 = timed(lambda: (model._verdict.cache_clear(), model.findings(short)), 2000)
    t5k = timed(lambda: (model._verdict.cache_clear(), model.findings(long)), 50)
    # Typing: the draft re-checked after each keystroke, as the window does; only the
    # clause being typed is new.
    model._verdict.cache_clear()
    keys = timed_each([short[:i] for i in range(1, len(short) + 1)], model.findings)
    print(f"model: {path.stat().st_size / 1e6:.2f} MB, {model.n_features} features; "
          f"load median {statistics.median(loads) * 1e3:.1f} ms")
    print(f"100-character draft ({len(model.findings(short))} findings): median "
          f"{statistics.median(t100) * 1e6:.0f} µs, p95 "
          f"{sorted(t100)[int(len(t100) * 0.95)] * 1e6:.0f} µs (target ≤ 300 µs)")
    print(f"5,000-character draft: median {statistics.median(t5k) * 1e3:.2f} ms")
    print(f"typing the 100 characters: median {statistics.median(keys) * 1e6:.0f} µs, "
          f"worst {max(keys) * 1e6:.0f} µs per keystroke")
    # A million characters with a rule finding in every other clause (what `agentdesk lint`
    # hands the layer as skip): linear, not quadratic, in the spans and the text.
    import re

    unit = "你好，这个我不知道。我们会尽快处理，您的电话13812345678。"
    big = unit * (1_000_000 // len(unit))
    skip = [m.span() for m in re.finditer("不知道|13812345678", big)]
    model._verdict.cache_clear()
    t0 = time.perf_counter()
    model.findings(big, skip)
    print(f"1,000,000 characters, {len(skip)} skipped spans: "
          f"{time.perf_counter() - t0:.2f} s")
    # The rules linter on the same draft, same run: the ratio survives a busy machine.
    from agentdesk.lint import Linter

    rules = Linter.from_phrasebook(shipped_phrasebook())
    rules.lint(short)
    r100 = timed(lambda: rules.lint(short), 2000)
    t100w = timed(lambda: model.findings(short), 2000)  # warm, like the rules linter's run
    print(f"rules linter, same 100-character draft: median "
          f"{statistics.median(r100) * 1e6:.0f} µs; tone cold ÷ rules "
          f"{statistics.median(t100) / statistics.median(r100):.1f}, tone warm "
          f"{statistics.median(t100w) * 1e6:.0f} µs")


if __name__ == "__main__":
    main()
