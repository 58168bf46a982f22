"""The picker end to end on a real X server: shortcut in another program, Enter pastes there.

A separate Qt process holds a text field and the keyboard; the real `agentdesk` desk runs
beside it; xdotool presses Ctrl+Alt+Space and types, as the agent would; the test reads the
field back from the target process and the clipboard with xclip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

TARGET = r"""
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication, QLineEdit
app = QApplication([])
out = Path(sys.argv[1])
field = QLineEdit()
field.setWindowTitle("chat-target")
field.resize(700, 40)
field.textChanged.connect(lambda text: out.write_text(text, encoding="utf-8"))
field.show()
field.activateWindow()
field.setFocus()
print("ready", flush=True)
app.exec()
"""

NEEDED = ("Xvfb", "xdotool", "xclip")


@pytest.fixture
def xserver():
    missing = [tool for tool in NEEDED if not shutil.which(tool)]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (installed by .ci/run)")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1366x768x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as fh:
        display = ":" + fh.readline().strip()
    yield display
    server.terminate()
    server.wait(10)


def _xdotool(env, *args):
    return subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True,
                          timeout=20, check=False)


def _wait(predicate, timeout=30.0, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return False


def _clipboard(env) -> str:
    return subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=env,
                          capture_output=True, text=True, timeout=10, check=False).stdout


def _env(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb",
           "AGENTDESK_HOME": str(tmp_path / "home"), "AGENTDESK_LANG": "zh"}
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("XDG_SESSION_TYPE", None)
    return env


def _enter_until_pasted(env, field_file, timeout=40) -> bool:
    def pasted() -> bool:   # Enter again while the checks are still loading
        if field_file.exists() and field_file.read_text("utf-8"):
            return True
        _xdotool(env, "key", "Return")
        return _wait(lambda: field_file.exists() and field_file.read_text("utf-8"), 1.0)

    return _wait(pasted, timeout, 0.2)


def _picker_shown(env) -> bool:
    found = _xdotool(env, "search", "--onlyvisible", "--name", "AgentDesk 选择器")
    return bool(found.stdout.strip())


def _picker_focused(env) -> bool:
    """Shown is not enough to type: the keys go where the focus is."""
    name = _xdotool(env, "getwindowfocus", "getwindowname").stdout.strip()
    return name == "AgentDesk 选择器"


@pytest.mark.x11
@pytest.mark.slow
def test_shortcut_in_another_window_then_enter_pastes_the_reply_there(xserver, tmp_path):
    env = _env(xserver, tmp_path)
    from agentdesk.phrasebook import Phrasebook

    expected = Phrasebook.load().get("returns.refund_process").fill({})
    field_file = tmp_path / "field.txt"
    procs = []
    try:
        desk = subprocess.Popen([sys.executable, "-m", "agentdesk"], env=env, cwd=tmp_path,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(desk)
        target = subprocess.Popen([sys.executable, "-c", TARGET, str(field_file)], env=env,
                                  cwd=tmp_path, stdout=subprocess.PIPE, text=True)
        procs.append(target)
        assert target.stdout.readline().strip() == "ready"
        # the agent's own clipboard, which must survive the paste
        subprocess.run(["xclip", "-selection", "clipboard"], input="客户发来的订单号 A-1001",
                       env=env, text=True, timeout=10, check=True)
        window = _xdotool(env, "search", "--sync", "--name", "chat-target").stdout.split()[0]
        assert _wait(lambda: _xdotool(env, "search", "--onlyvisible", "--name",
                                      "AgentDesk 坐席助手").stdout.strip() != "")
        _xdotool(env, "windowfocus", "--sync", window)
        time.sleep(1.0)          # the desk's listener for the global shortcut is running
        _xdotool(env, "key", "ctrl+alt+space")
        assert _wait(lambda: _picker_shown(env), 15), "the picker did not appear"
        _wait(lambda: _picker_focused(env), 5)
        _xdotool(env, "type", "--delay", "30", "tuikuan")
        assert _enter_until_pasted(env, field_file), "nothing was pasted into the target field"
        assert field_file.read_text("utf-8") == expected
        assert _wait(lambda: _clipboard(env) == "客户发来的订单号 A-1001", 5), _clipboard(env)

        # a reply with an unfilled placeholder (an error) is not pasted: the picker stays
        _xdotool(env, "windowfocus", "--sync", window)
        _xdotool(env, "key", "ctrl+alt+space")
        assert _wait(lambda: _picker_shown(env), 15)
        _xdotool(env, "type", "--delay", "30", "chulijinzhan")
        time.sleep(0.5)
        _xdotool(env, "key", "Return")
        time.sleep(1.5)
        assert field_file.read_text("utf-8") == expected
        assert _picker_shown(env)
        _xdotool(env, "key", "Escape")
        assert _wait(lambda: not _picker_shown(env), 5)
        # Esc gives the keyboard back to the chat window
        assert _wait(lambda: _xdotool(env, "getwindowfocus").stdout.strip() == window, 5)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.mark.x11
@pytest.mark.slow
def test_agentdesk_pick_without_a_desk_pastes_and_exits(xserver, tmp_path):
    env = _env(xserver, tmp_path)
    from agentdesk.phrasebook import Phrasebook

    expected = Phrasebook.load().get("closing.thanks").fill({})
    field_file = tmp_path / "field.txt"
    target = subprocess.Popen([sys.executable, "-c", TARGET, str(field_file)], env=env,
                              cwd=tmp_path, stdout=subprocess.PIPE, text=True)
    pick = None
    try:
        assert target.stdout.readline().strip() == "ready"
        subprocess.run(["xclip", "-selection", "clipboard"], input="之前复制的地址",
                       env=env, text=True, timeout=10, check=True)
        window = _xdotool(env, "search", "--sync", "--name", "chat-target").stdout.split()[0]
        _xdotool(env, "windowfocus", "--sync", window)
        pick = subprocess.Popen([sys.executable, "-m", "agentdesk", "pick"], env=env,
                                cwd=tmp_path, stderr=subprocess.PIPE, text=True)
        assert _wait(lambda: _picker_shown(env), 20), "the picker did not appear"
        _xdotool(env, "type", "--delay", "30", "zaijian")
        assert _enter_until_pasted(env, field_file), "nothing was pasted into the target field"
        assert field_file.read_text("utf-8") == expected
        assert pick.wait(15) == 0, pick.stderr.read()
        # restored by a clipboard owner that outlives the picker's process
        assert _wait(lambda: _clipboard(env) == "之前复制的地址", 5), _clipboard(env)
    finally:
        for proc in (pick, target):
            if proc is not None and proc.poll() is None:
                proc.terminate()
                proc.wait(10)
