"""The picker's parts without a window: fields, the shortcut, the single instance, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agentdesk.gui.picker.fields import edit_between, lay_out, shift, units, values_of
from agentdesk.phrasebook import Phrasebook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book():
    return Phrasebook.load()


def test_layout_fills_remembered_and_defaults_and_marks_every_field(book):
    tpl = book.get("complaint.follow.progress")
    text, fields = lay_out(tpl, {"客户称呼": "王女士😀", "完成时间": "今晚"})
    assert text.startswith("王女士😀您好") and "{处理进展}" in text
    raw = text.encode("utf-16-le")
    shown = [raw[2 * f.start:2 * f.end].decode("utf-16-le") for f in fields]
    assert shown == ["王女士😀", "{处理进展}", "今晚"]
    assert fields[0].choices == ("先生", "女士")
    assert values_of(text, fields) == {"客户称呼": "王女士😀", "完成时间": "今晚"}


@given(st.booleans(), st.integers(0, 200), st.integers(0, 3),
       st.text(alphabet="你😀c。 ", max_size=5))
def test_an_edit_outside_the_fields_keeps_their_values(book, ahead, where, cut, insert):
    tpl = book.get("returns.refund_process")
    text, fields = lay_out(tpl, {"到账时间": "3-7个工作日"})
    before = values_of(text, fields)
    field, n = fields[0], units(text)
    # an edit [pos, pos + cut) wholly before the field, or wholly after it
    lo, hi = (0, field.start) if ahead else (field.end + 1, n)
    pos = lo + where % (hi - lo + 1)
    cut = min(cut, hi - pos)
    raw = text.encode("utf-16-le")
    new = (raw[:2 * pos] + insert.encode("utf-16-le") + raw[2 * (pos + cut):]).decode(
        "utf-16-le")
    shift(fields, *edit_between(text, new))
    assert values_of(new, fields) == before


def test_typing_over_a_selected_field_keeps_the_field_around_it():
    old, new = "您好先生，再见", "您好王女士，再见"     # 先生 selected, 王女士 committed
    from agentdesk.gui.picker.fields import Field

    fields = [Field("称呼", 2, 4)]
    shift(fields, *edit_between(old, new))
    assert values_of(new, fields) == {"称呼": "王女士"}


@pytest.mark.parametrize(("qt", "pynput"), [
    ("Ctrl+Alt+Space", "<ctrl>+<alt>+<space>"),
    ("ctrl+shift+p", "<ctrl>+<shift>+p"),
    ("Meta+F9", "<cmd>+<f9>"),
    ("F8", "<f8>"),
])
def test_shortcuts_are_translated_for_pynput(qt, pynput):
    from agentdesk.gui.hotkey import to_pynput

    assert to_pynput(qt) == pynput


@pytest.mark.parametrize("bad", ["", "a", "Shift+a", "Ctrl++", "Ctrl+Foo"])
def test_a_shortcut_that_would_fire_while_typing_or_is_unknown_is_refused(bad, monkeypatch):
    from agentdesk.gui.hotkey import GlobalHotkey, to_pynput

    with pytest.raises(ValueError):
        to_pynput(bad)
    monkeypatch.setenv("DISPLAY", ":99")          # refused before any X connection is made
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    hotkey = GlobalHotkey(bad)
    assert not hotkey.start()
    assert f"“{bad}”" in hotkey.problem


def test_wayland_says_to_bind_the_desktop_shortcut_to_agentdesk_pick(monkeypatch):
    from agentdesk.gui.hotkey import GlobalHotkey

    monkeypatch.setenv("XDG_SESSION_TYPE", "wayland")
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    hotkey = GlobalHotkey()
    assert not hotkey.start()
    assert "agentdesk pick" in hotkey.problem and "Wayland" in hotkey.problem


def _cli(args, env, cwd):
    return subprocess.run([sys.executable, "-m", "agentdesk", *args], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=False)


def test_agentdesk_pick_hands_over_to_the_running_desk(qtbot, tmp_path, isolated_home):
    from agentdesk.gui.instance import InstanceServer
    from agentdesk.paths import AppPaths

    got = []
    server = InstanceServer(AppPaths.resolve().data_dir, lambda c, a: got.append((c, a)))
    assert server.listen()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk", "pick", "--window", "0x2a"],
                            env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: len(got) == 1, timeout=30_000)
    assert proc.wait(30) == 0, proc.stderr.read()
    assert got == [("pick", "42")]
    # and a second plain start brings the desk forward instead of opening another one
    proc = subprocess.Popen([sys.executable, "-m", "agentdesk"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: len(got) == 2, timeout=30_000)
    assert proc.wait(30) == 0
    assert got[1] == ("show", "")
    server.close()


def test_pick_with_a_bad_window_id_is_one_line_exit_2(tmp_path):
    out = _cli(["pick", "--window", "窗口"], {**os.environ, "QT_QPA_PLATFORM": "offscreen"},
               tmp_path)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "窗口号" in out.stderr and "Traceback" not in out.stderr


def test_pick_without_a_display_says_so_in_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["AGENTDESK_LANG"] = "en"
    out = _cli(["pick"], env, tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip().count("\n") == 0 and "no graphical display" in out.stderr
