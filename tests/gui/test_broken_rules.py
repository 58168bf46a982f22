"""A broken team rule file is named in the window, the shipped rules stay on, and fixing the file
brings the team's rules back without a restart."""

from __future__ import annotations

from gui_helpers import commit, find
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPlainTextEdit, QPushButton

BAD = '''[[rules]]
id = "team.bad"
category = "团队"
severity = "error"
message = "坏的规则"
patterns = ["(未闭合"]
'''
GOOD = BAD.replace('patterns = ["(未闭合"]', 'phrases = ["火星人"]')


def test_broken_team_rules_are_named_shipped_rules_apply_and_fixing_recovers(
        qtbot, monkeypatch, tmp_path):
    team = tmp_path / "team"
    (team / "rules").mkdir(parents=True)
    (team / "rules" / "bad.toml").write_text(BAD, encoding="utf-8")
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(team))
    monkeypatch.delenv("DISPLAY", raising=False)
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    assert "bad.toml" in win.statusBar().currentMessage()
    assert win.services.phrasebook.templates                   # templates still there
    editor = find(win, QPlainTextEdit, "draftEditor")
    editor.clear()
    editor.setFocus()
    QGuiApplication.clipboard().setText("旧")
    commit(editor, "师傅电话13812345678")
    qtbot.keyClick(editor, Qt.Key_Return, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "旧"          # the shipped rules caught it
    assert any(f.severity.value == "error" for f in win.draft.findings)

    (team / "rules" / "bad.toml").write_text(GOOD, encoding="utf-8")
    qtbot.waitUntil(lambda: "bad.toml" not in win.statusBar().currentMessage()
                    and not getattr(win, "rule_problems", True), timeout=15_000)
    editor.clear()
    commit(editor, "您好火星人")
    qtbot.waitUntil(lambda: win.draft.fresh)
    assert any(f.rule == "team.bad" for f in win.draft.findings)
    assert not find(win, QPushButton, "copyButton").isEnabled()
    win.services.close()


def test_when_the_checks_cannot_load_copy_is_held_with_the_reason(qtbot, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    from agentdesk.gui import build_main_window

    win = build_main_window(start=False)
    qtbot.addWidget(win)
    win.show()
    win.core_failed("rules.toml: 读不了")
    editor = find(win, QPlainTextEdit, "draftEditor")
    editor.setFocus()
    commit(editor, "您好")
    qtbot.wait(60)
    assert not find(win, QPushButton, "copyButton").isEnabled()
    assert "rules.toml" in win.draft.summary.text()
    assert "rules.toml" in win.statusBar().currentMessage()
    win.services.close()
