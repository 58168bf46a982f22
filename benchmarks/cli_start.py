"""Wall time of whole `agentdesk` commands as a script calls them, against `python -c pass` in
the same run (issue #14: `lint` of one line ≤ 0.5 s; `log add`, `log list`, `phrases search`
≤ 0.3 s).

Each command runs as its own process from another directory, against a fresh AGENTDESK_HOME,
byte-compiled as pip installs it. The first run of each builds what the data directory caches
(the jieba lexicon, the pattern checks, the search index, the database) and is reported on its
own; then the commands run interleaved, `repeats` times each (so all see the same machine
load), and the medians are printed with the load average.

Run: python benchmarks/cli_start.py [repeats]   (with agentdesk installed, e.g. pip install -e .)
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"lint": 0.5, "log add": 0.3, "log list": 0.3, "phrases search": 0.3}


def _agentdesk() -> list[str]:
    """The installed console script beside this interpreter, else `python -m agentdesk`."""
    script = Path(sys.executable).with_name("agentdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "agentdesk"]


def _commands(draft: Path) -> dict[str, list[str]]:
    a = _agentdesk()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "lint": [*a, "lint", str(draft)],
        "log add": [*a, "log", "add", "--customer", "王女士", "--summary", "宽带断网三天了"],
        "log list": [*a, "log", "list"],
        "phrases search": [*a, "phrases", "search", "退款"],
    }


def _run(cmd: list[str], env: dict, cwd: str) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - t0
    if out.returncode not in (0, 1):   # lint exits 1 when it finds an error-level problem
        raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}): "
                         f"{out.stderr.decode(errors='replace')[-300:]}")
    return wall


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)   # as installed: byte-compiled
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "agentdesk")],
                   check=True, env=env)
    work = tempfile.mkdtemp(prefix="agentdesk-cli-")
    try:
        home = Path(work) / "home"
        env.update(AGENTDESK_HOME=str(home), AGENTDESK_LANG="zh")
        for name in ("AGENTDESK_DB", "AGENTDESK_PHRASEBOOK", "AGENTDESK_PROFILE"):
            env.pop(name, None)
        draft = Path(work) / "reply.txt"
        draft.write_text("您好，这个不归我们管，你去找快递\n", encoding="utf-8")
        cwd = tempfile.mkdtemp(dir=work)  # another directory than the project
        commands = _commands(draft)
        first = {name: _run(cmd, env, cwd) for name, cmd in commands.items()}
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(repeats):
            for name, cmd in commands.items():
                times[name].append(_run(cmd, env, cwd))
        load = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = statistics.median(times["python -c pass"])
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; median of {repeats} runs, "
          f"wall; fresh AGENTDESK_HOME, run from another directory")
    for name, ts in times.items():
        med = statistics.median(ts)
        target = TARGETS.get(name)
        verdict = "" if target is None else \
            f"  target ≤ {target:.1f} s: {'ok' if med <= target else 'MISSED'}"
        print(f"{name:15s} median {med:.3f} s  (min {min(ts):.3f}, {med / base:5.1f}× python -c "
              f"pass; first run {first[name]:.2f} s){verdict}")


if __name__ == "__main__":
    main()
