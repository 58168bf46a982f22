"""The agent picks the kind of desk in the window's settings: saved in settings.ini, applied
without a restart (the entry form offers the profile's categories), and --profile /
AGENTDESK_PROFILE still win."""

from __future__ import annotations

from gui_helpers import find
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox


def words(box: QComboBox) -> list[str]:
    return [box.itemText(i) for i in range(box.count())]


def open_and_choose(window, qtbot, name: str) -> None:
    window.open_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    combo = find(dialog, QComboBox, "settingsProfile")
    combo.setFocus()
    target = combo.findData(name)
    assert target > 0, name
    while combo.currentIndex() != target:             # the agent's arrow keys
        qtbot.keyClick(combo, Qt.Key_Down if combo.currentIndex() < target else Qt.Key_Up)
    ok = find(dialog, QDialogButtonBox, "settingsButtons").button(QDialogButtonBox.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_choosing_a_profile_in_settings_puts_its_categories_in_the_form(window, qtbot,
                                                                          isolated_home):
    category = window.duty_log.form.category
    assert "故障申告" not in words(category)
    open_and_choose(window, qtbot, "telecom")
    qtbot.waitUntil(lambda: "故障申告" in words(category), timeout=30_000)
    assert "故障申告" in words(window.duty_log.category)      # the list's filter too
    assert window.services.paths.profile == "telecom"
    assert "[desk]\nprofile=telecom" in (isolated_home / "settings.ini").read_text("utf-8")
    # and an entry in the profile's own category is accepted from the form
    form = window.duty_log.form
    form.customer.setText("张三")
    form.summary.setPlainText("宽带断了")
    form.category.setCurrentText("故障申告")
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.services.log.count() == 1, timeout=10_000)
    assert window.services.log.get(1).category == "故障申告"


def test_the_choice_is_there_at_the_next_start(qtbot, isolated_home, monkeypatch):
    (isolated_home / "settings.ini").write_text("[desk]\nprofile=game\n", encoding="utf-8")
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "BUG" in words(win.duty_log.form.category), timeout=30_000)
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    win.services.close()


def test_the_environment_wins_over_the_saved_choice(qtbot, isolated_home, monkeypatch):
    (isolated_home / "settings.ini").write_text("[desk]\nprofile=game\n", encoding="utf-8")
    monkeypatch.setenv("AGENTDESK_PROFILE", "telecom")
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: "故障申告" in words(win.duty_log.form.category), timeout=30_000)
    assert "BUG" not in words(win.duty_log.form.category)
    win.open_settings()
    combo = find(win.settings_dialog, QComboBox, "settingsProfile")
    assert not combo.isEnabled() and combo.currentData() == "telecom"
    qtbot.waitUntil(lambda: win.loaded, timeout=30_000)
    win.services.close()


def test_a_saved_profile_that_no_longer_exists_starts_with_the_shipped_words(qtbot,
                                                                              isolated_home):
    (isolated_home / "settings.ini").write_text("[desk]\nprofile=../../etc\n", encoding="utf-8")
    from agentdesk.gui import build_main_window

    win = build_main_window()
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.loaded and win.services.vocabulary is not None, timeout=30_000)
    assert win.services.paths.profile is None
    assert "报修/售后" in words(win.duty_log.form.category)
    win.services.close()
