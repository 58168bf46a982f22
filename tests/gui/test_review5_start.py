"""Review of the window's staged start as an agent would break it: close it, click the log tab
or press Ctrl+N at once, switch the profile, start over a broken rule file or a database that
is not ours. Nothing may throw; the tabs end up built and working."""

from __future__ import annotations

import os
import sqlite3

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _start(qtbot, monkeypatch, *, show=True):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("AGENTDESK_AGENT", "小王")
    from agentdesk.gui import build_main_window

    win = build_main_window(defer_tabs=True)
    qtbot.addWidget(win)
    if show:
        win.show()
    return win


def _settled(win, qtbot):
    qtbot.waitUntil(lambda: win.loaded and win._desk_up and win.handover is not None
                    and win.handover.loaded and not win.duty_log.model.loading,
                    timeout=30_000)


def _save_entry(win, qtbot, customer):
    from gui_helpers import commit
    from PySide6.QtCore import Qt

    form = win.duty_log.form
    form.customer.setFocus()
    commit(form.customer, customer)
    form.summary.setPlainText("宽带断网，已报修")
    before = win.duty_log.model.total
    qtbot.mouseClick(form.save, Qt.LeftButton)
    qtbot.waitUntil(lambda: win.duty_log.model.total == before + 1, timeout=10_000)
    assert win.services.log.count() == before + 1


def test_clicking_the_log_tab_at_once_builds_it_and_it_takes_an_entry(qtbot, monkeypatch):
    from PySide6.QtCore import Qt

    from agentdesk.gui.main_window import TAB_LOG

    win = _start(qtbot, monkeypatch)
    bar = win.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.LeftButton, pos=bar.tabRect(TAB_LOG).center())
    assert win.tabs.currentWidget() is win.duty_log is not None
    _settled(win, qtbot)
    assert win.tabs.currentIndex() == TAB_LOG and win.tabs.count() == 3
    _save_entry(win, qtbot, "张先生")
    win.services.close()


def test_closing_the_window_while_the_tabs_are_built_starts_no_reminders(qtbot, monkeypatch):
    win = _start(qtbot, monkeypatch)
    win.close()                                   # before any stage has run
    _settled(win, qtbot)
    assert not win.duty_log._due_timer.isActive()  # as closeEvent leaves a built window
    win.services.close()


def test_the_tab_left_open_last_time_is_the_real_tab_at_the_next_start(qtbot, monkeypatch,
                                                                         isolated_home):
    from agentdesk.gui.main_window import TAB_LOG
    from agentdesk.gui.settings import Settings

    s = Settings(isolated_home / "settings.ini")
    s.set("window/tab", TAB_LOG)
    s.sync()
    win = _start(qtbot, monkeypatch)
    _settled(win, qtbot)
    assert win.tabs.currentIndex() == TAB_LOG
    assert win.tabs.currentWidget() is win.duty_log
    _save_entry(win, qtbot, "李女士")
    win.services.close()


def test_switching_the_profile_during_start(qtbot, monkeypatch):
    from test_profile_setting import open_and_choose, words

    win = _start(qtbot, monkeypatch)
    open_and_choose(win, qtbot, "telecom")        # the loaders are still running
    _settled(win, qtbot)
    qtbot.waitUntil(lambda: "故障申告" in words(win.duty_log.form.category), timeout=30_000)
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    _save_entry(win, qtbot, "王先生")
    win.services.close()


def test_checks_that_cannot_load_still_build_the_tabs(qtbot, monkeypatch, tmp_path):
    from agentdesk.gui.services import Services

    def broken(self):
        raise OSError("rules.toml: 读不了")

    monkeypatch.setattr(Services, "load_checks", broken)
    win = _start(qtbot, monkeypatch)
    qtbot.waitUntil(lambda: win._desk_up and win.handover is not None and win.handover.loaded,
                    timeout=30_000)
    assert "rules.toml" in win.draft.summary.text()          # Copy held, with the reason
    _save_entry(win, qtbot, "赵先生")
    win.services.close()


def test_a_broken_team_rule_file_at_start(qtbot, monkeypatch, tmp_path):
    team = tmp_path / "team"
    (team / "rules").mkdir(parents=True)
    (team / "rules" / "bad.toml").write_bytes(b"\xff\xfe[[rule]\x00")
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(team))
    win = _start(qtbot, monkeypatch)
    _settled(win, qtbot)
    _save_entry(win, qtbot, "钱女士")
    win.services.close()


@pytest.mark.parametrize("kind", ["foreign", "garbage"])
def test_a_database_that_is_not_ours_disables_the_tabs_without_throwing(qtbot, monkeypatch,
                                                                          tmp_path, kind):
    from PySide6.QtCore import Qt

    from agentdesk.gui.main_window import TAB_HANDOVER, TAB_LOG

    db = tmp_path / "other.db"
    if kind == "foreign":
        c = sqlite3.connect(db)
        c.execute("CREATE TABLE entries(x)")
        c.commit()
        c.close()
    else:
        db.write_bytes(b"not a database at all\n" * 100)
    before = db.read_bytes()
    monkeypatch.setenv("AGENTDESK_DB", str(db))
    win = _start(qtbot, monkeypatch)
    qtbot.keyClick(win, Qt.Key_N, Qt.ControlModifier)
    qtbot.waitUntil(lambda: not win.tabs.isTabEnabled(TAB_LOG), timeout=30_000)
    assert not win.tabs.isTabEnabled(TAB_HANDOVER)
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    assert db.read_bytes() == before
    win.services.close()
