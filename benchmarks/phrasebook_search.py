"""Phrasebook at scale: load and per-keystroke search over 10,000 generated templates.

Run: python benchmarks/phrasebook_search.py [N]
Cold load = a fresh process with no cache (TOML parsing + jieba/pinyin analysis + index);
warm load = a fresh process with the JSON analysis cache in place. CLI = `agentdesk phrases
search` on the shipped phrasebook from another directory, warm cache, against `python -c
pass` in the same run (medians of CLI_RUNS). Search = every prefix of realistic queries, as an
agent types them (keyword, pinyin, initials, traditional, typo).
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = ["退款流程", "tuikuan", "tk", "投訴處理", "到哪了", "充值没到账", "款退", "装修噪音",
           "回访", "hf", "让您久等了", "物品放行",
           # a customer's message typed (or pasted) into the box
           "你好，我上周买的电水壶坏了，能修吗？", "楼上装修太吵了"]
CLI_RUNS = 7

LOAD = """
import sys, time, json
sys.path.insert(0, {root!r})
t0, c0 = time.perf_counter(), time.process_time()
from agentdesk.paths import shipped_phrasebook
from agentdesk.phrasebook import Phrasebook
book = Phrasebook.load([shipped_phrasebook(), {book!r}], cache_dir={cache!r})
book.index
print(json.dumps({{"n": len(book.templates), "s": time.perf_counter() - t0,
                  "cpu": time.process_time() - c0}}))
"""


def generate(target: Path, n: int) -> None:
    from agentdesk.paths import shipped_phrasebook
    from agentdesk.phrasebook import Phrasebook

    base = Phrasebook.load([shipped_phrasebook()]).templates
    rng = random.Random(7)
    files: dict[int, list[str]] = {}
    for i in range(n):
        tpl = base[i % len(base)]
        other = base[rng.randrange(len(base))]
        tail = other.text[: rng.randrange(10, 40)].replace("{", "").replace("}", "")
        text = (tpl.text + tail).replace('"', "'")
        files.setdefault(i // 100, []).append(
            f'[[templates]]\nid = "gen.{i}"\ncategory = "{tpl.category}/分组{i % 37}"\n'
            f'title = "{tpl.title}{i}"\ntext = "{text}"\n'
            f"aliases = {json.dumps([*list(tpl.aliases), other.title], ensure_ascii=False)}\n")
    out = target / "templates"
    out.mkdir(parents=True)
    for k, items in files.items():
        (out / f"gen_{k:03d}.toml").write_text("\n".join(items), encoding="utf-8")


def load_in_fresh_process(book: Path, cache: Path) -> tuple[float, float]:
    code = LOAD.format(root=str(ROOT), book=str(book), cache=str(cache))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    return data["s"], data["cpu"]


def cli_start(home: Path) -> tuple[float, float]:
    home.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "AGENTDESK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    # an installed copy has its bytecode compiled by pip; so does this one after the first run
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cmd = [sys.executable, "-m", "agentdesk", "phrases", "search", "退款还没到账"]
    subprocess.run(cmd, cwd=home, env=env, capture_output=True, check=True)   # fills the cache
    def timed(args: list[str]) -> float:
        t0 = time.perf_counter()
        subprocess.run(args, cwd=home, env=env, capture_output=True, check=True)
        return time.perf_counter() - t0
    ours = statistics.median(timed(cmd) for _ in range(CLI_RUNS))
    bare = statistics.median(timed([sys.executable, "-c", "pass"]) for _ in range(CLI_RUNS))
    return ours, bare


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        book_dir, cache = Path(tmp) / "book", Path(tmp) / "cache"
        generate(book_dir, n)
        cold = [load_in_fresh_process(book_dir, Path(tmp) / f"nocache{i}") for i in range(2)]
        load_in_fresh_process(book_dir, cache)
        warm = [load_in_fresh_process(book_dir, cache) for _ in range(3)]

        from agentdesk.chinese import segmenter
        from agentdesk.paths import shipped_phrasebook
        from agentdesk.phrasebook import Phrasebook

        segmenter().tokenizer()  # the window loads jieba in the background before typing
        # the generated templates as a team layer over the shipped one, whose synonyms apply
        book = Phrasebook.load([shipped_phrasebook(), book_dir], cache_dir=cache)
        book.search("预热")
        times, cpu = [], []
        for q in QUERIES:
            for end in range(1, len(q) + 1):
                t0, c0 = time.perf_counter(), time.process_time()
                book.search(q[:end], limit=20)
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
        times.sort()
        cpu.sort()
        ours, bare = cli_start(Path(tmp) / "home")
        print(f"templates: {len(book.templates)}")
        for label, runs in (("cold (no cache, fresh process)", cold),
                            ("warm (cache, fresh process)   ", warm)):
            print(f"load, {label}: median {statistics.median(r[0] for r in runs):.3f} s wall, "
                  f"{statistics.median(r[1] for r in runs):.3f} s CPU")
        print(f"search per keystroke ({len(times)} prefixes): median "
              f"{statistics.median(times):.2f} ms, p95 {times[int(len(times) * .95)]:.2f} ms, "
              f"max {times[-1]:.2f} ms wall; CPU median {statistics.median(cpu):.2f} ms, "
              f"p95 {cpu[int(len(cpu) * .95)]:.2f} ms")
        print(f"load average during the run: {os.getloadavg()[0]:.1f} "
              f"({os.cpu_count()} CPUs): wall figures include waiting for a CPU")
        print(f"agentdesk phrases search (shipped, warm cache): median {ours:.3f} s; "
              f"python -c pass {bare:.3f} s; difference {ours - bare:.3f} s")


if __name__ == "__main__":
    main()
