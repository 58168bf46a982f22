"""Time from exec of `agentdesk` to the window shown, against a bare PySide6 window in the same
run, and peak memory once the shipped phrasebook, linter and jieba are loaded.

Run under an X server: xvfb-run -a python benchmarks/gui_startup.py [repeats]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.setWindowTitle("bare")
w.resize(1280, 720)
w.show()
def shown():
    import time
    print(f"shown {time.time():.6f}", flush=True)
    app.quit()
QTimer.singleShot(0, shown)
app.exec()
"""


def run(cmd: list[str], env: dict) -> tuple[float, int]:
    """Seconds from exec to the moment the window reports itself shown (after its first
    event-loop turn), or to exit when it reports nothing; and the peak RSS in MiB."""
    t0 = time.time()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    ended = time.time()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{cmd} failed")
    shown = [float(line.split()[1]) for line in out.splitlines() if line.startswith("shown ")]
    return (shown[0] if shown else ended) - t0, usage.ru_maxrss // 1024


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 9
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "xcb"),
           "AGENTDESK_HOME": tempfile.mkdtemp(prefix="agentdesk-bench-"),
           "PYTHONPATH": str(ROOT)}
    # As installed by pip: byte-compiled. (Some shells set PYTHONDONTWRITEBYTECODE, which
    # would charge every start with compiling the sources.)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "agentdesk")],
                   check=True, env=env)
    agentdesk = [sys.executable, "-m", "agentdesk"]
    run(agentdesk, {**env, "AGENTDESK_EXIT_AFTER_SHOWN": "1"})   # warm the OS file cache
    run([sys.executable, "-c", BARE], env)
    bare, desk = [], []
    for _ in range(repeats):  # interleaved, so both see the same machine load
        bare.append(run([sys.executable, "-c", BARE], env)[0])
        desk.append(run(agentdesk, {**env, "AGENTDESK_EXIT_AFTER_SHOWN": "1"})[0])
    b, d = statistics.median(bare), statistics.median(desk)
    _, rss_bare = run([sys.executable, "-c", BARE], env)
    loaded, rss = run(agentdesk, {**env, "AGENTDESK_EXIT_AFTER_SHOWN": "loaded"})
    print(f"bare PySide6 window shown:    median {b * 1000:.0f} ms ({repeats} runs)")
    print(f"agentdesk window shown:       median {d * 1000:.0f} ms")
    print(f"ratio:                        {d / b:.2f}x (target ≤ 1.5x)")
    print(f"fully loaded (phrasebook, index, linter, jieba): {loaded * 1000:.0f} ms")
    print(f"peak memory: bare {rss_bare} MiB, agentdesk loaded {rss} MiB")


if __name__ == "__main__":
    main()
