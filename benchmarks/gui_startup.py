"""Time from exec of `agentdesk` to the window shown, against a bare PySide6 window in the same
run; when the linter and the template search first answer after the window shows, and the
longest event-loop stall (a 10 ms QTimer heartbeat) until both do — on the very first start
(fresh data and cache folders: jieba's lexicon and the search index are built) and on a
usual one; and peak memory once the shipped phrasebook, linter and jieba are loaded.

Targets (issue #12): window shown ≤ 1.5 × the bare window; linter and search answer ≤ 1 s
after show; (issue #14) no stall over 100 ms.

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


# The window as app.run_app builds it, with a heartbeat, asking the linter and the search
# themselves (a real lint, a real query) until both answer; prints the seconds after show.
READY = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from agentdesk.gui import app as desk
from agentdesk.paths import AppPaths
qt = QApplication(["agentdesk"])
desk._set_font(qt)
qt.setStyleSheet(desk._style())
window = desk.build_main_window(AppPaths.resolve(), start=True, defer_tabs=True)
window.show()
state = {"shown": None, "last": None, "stall": 0.0, "linter": None, "search": None}
def beat():
    now = time.perf_counter()
    if state["last"] is not None and state["shown"] is not None:
        state["stall"] = max(state["stall"], now - state["last"] - 0.010)
    state["last"] = now
    if state["shown"] is None:
        return
    services = window.services
    if state["linter"] is None and window.checks_ready and services.linter is not None \
            and services.linter.lint("这个我不知道"):
        state["linter"] = now - state["shown"]
    if state["search"] is None and window.book_ready and services.phrasebook is not None \
            and services.phrasebook.search("退款"):
        state["search"] = now - state["shown"]
    if (state["linter"] is not None and state["search"] is not None) \
            or now - state["shown"] > 60:
        print(f"ready {state['linter']} {state['search']} {state['stall']:.6f}", flush=True)
        qt.quit()
def shown():
    state["shown"] = time.perf_counter()
QTimer.singleShot(0, shown)
heartbeat = QTimer(interval=10)
heartbeat.timeout.connect(beat)
heartbeat.start()
qt.exec()
"""


def ready(env: dict) -> tuple[float, float, float]:
    """(linter answers, search answers, longest stall) in seconds after the window shows."""
    out = subprocess.run([sys.executable, "-c", READY], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=False)
    line = next((x for x in out.stdout.splitlines() if x.startswith("ready ")), None)
    if line is None:
        raise SystemExit(f"the readiness probe failed: {out.stderr[-500:]}")
    linter, search, stall = (float("nan") if v == "None" else float(v)
                             for v in line.split()[1:])
    return linter, search, stall


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
    first = ready({**env, "AGENTDESK_HOME": tempfile.mkdtemp(prefix="agentdesk-first-")})
    usual = [ready(env) for _ in range(max(3, repeats // 3))]
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"bare PySide6 window shown:    median {b * 1000:.0f} ms ({repeats} runs)")
    print(f"agentdesk window shown:       median {d * 1000:.0f} ms")
    print(f"ratio:                        {d / b:.2f}x (target ≤ 1.5x)")
    print(f"fully loaded (phrasebook, index, linter, jieba): {loaded * 1000:.0f} ms")
    for name, runs in (("usual start", usual), ("very first start", [first])):
        lin = statistics.median(r[0] for r in runs)
        sea = statistics.median(r[1] for r in runs)
        stall = max(r[2] for r in runs)
        print(f"{name} ({len(runs)} runs): linter answers {lin * 1000:.0f} ms, search "
              f"{sea * 1000:.0f} ms after show (target ≤ 1000); longest stall until then "
              f"{stall * 1000:.0f} ms (target ≤ 100)")
    print(f"peak memory: bare {rss_bare} MiB, agentdesk loaded {rss} MiB")


if __name__ == "__main__":
    main()
