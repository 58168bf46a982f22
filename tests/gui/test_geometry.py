"""Every state of the window fits a 1280×720 screen, and a restored geometry stays on screen."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication


def busy_state(window, qtbot):
    """A pending handover with open items, four due call-backs, the reminders open."""
    log = window.services.log
    for name in ("甲", "乙", "丙", "丁"):
        log.add(customer=name, summary="宽带断网三天，要求上门维修" * 3,
                callback_at="2020-01-01 09:00")
    log.create_handover(by="夜班小李", to="小王", notes="张三的宽带今早必须回电" * 5,
                        events="系统升级" * 5, equipment="3 号机耳麦有杂音" * 5)
    window.handover.refresh()
    window.duty_log.check_due()
    qtbot.waitUntil(lambda: window.reminders.button.isVisible()
                    and not window.banner.isHidden())
    window.handover.refresh()
    qtbot.waitUntil(lambda: window.handover.pending_box.isVisibleTo(window.handover))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_tab_fits_1280_by_720_with_a_pending_handover(window, qtbot, lang):
    from agentdesk import i18n

    if lang == "en":                               # English labels are longer: a new window
        i18n.set_language("en")
        from agentdesk.gui import build_main_window

        window = build_main_window()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.loaded and window._desk_up and window.handover.loaded,
                        timeout=30_000)
    busy_state(window, qtbot)
    for tab in range(window.tabs.count()):
        window.tabs.setCurrentIndex(tab)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        # 720 minus a title bar and a taskbar: what a 1280×720 screen leaves a window
        assert hint.width() <= 1280 and hint.height() <= 660, (tab, hint)
    if lang == "en":
        window.services.close()


def test_restored_geometry_is_clamped_to_the_available_screen(window, qtbot):
    area = window.screen().availableGeometry()
    window.resize(area.width() + 900, area.height() + 700)
    window.move(area.right() - 50, area.bottom() - 50)
    window.save_state()
    from agentdesk.gui import build_main_window

    again = build_main_window(start=False)
    qtbot.addWidget(again)
    frame = again.frameGeometry()
    assert area.contains(frame), (area, frame)


def test_settings_file_is_private(window):
    import os
    import stat

    window.save_state()
    path = window.settings.path
    assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
