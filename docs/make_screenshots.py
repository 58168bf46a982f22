"""Screenshots for the README, taken from the real window under Xvfb (the whole screen, so
dialogs and the reminder list show where the agent would see them).

Run (needs fonts-noto-cjk for Chinese glyphs):
  xvfb-run -a -s "-screen 0 1366x768x24" python docs/make_screenshots.py
  xvfb-run -a -s "-screen 0 1280x720x24" python docs/make_screenshots.py --suffix=-1280x720
  AGENTDESK_LANG=en xvfb-run -a -s "-screen 0 1366x768x24" python docs/make_screenshots.py \\
      --suffix=-en
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition, limit_ms: int = 60_000) -> None:
    waited = 0
    while not condition() and waited < limit_ms:
        wait(50)
        waited += 50


def seed(log) -> None:
    from datetime import datetime, timedelta

    now = datetime.now().astimezone()
    log.add(customer="张三", title="先生", contact="13812345678", category="投诉",
            summary="宽带断网三天，要求上门维修", callback_at=now - timedelta(minutes=20))
    log.add(customer="李四", title="女士", contact="13900001111", category="充值",
            summary="游戏充值 200 元未到账", callback_at=now - timedelta(minutes=5))
    log.add(customer="王五", title="先生", channel="在线", category="咨询", summary="咨询套餐资费")
    closed = log.add(customer="赵六", title="女士", category="退换货", summary="商品破损申请换货")
    log.close_entry(closed, "已为其办理换货")
    log.add(customer="孙七", title="女士", channel="来访", category="报修/售后",
            summary="楼道灯不亮", callback_at=now + timedelta(hours=3))
    log.add(customer="张三", title="先生", contact="13812345678", category="报修/售后",
            summary="师傅没有按约上门，再次来电", priority="高")
    log.create_handover(by="夜班小李", to="小王", notes="张三的宽带今早必须回电",
                        equipment="3 号机耳麦有杂音，已报修")


def shoot(app, name: str, suffix: str) -> None:
    wait(400)
    path = HERE / f"{name}{suffix}.png"
    app.primaryScreen().grabWindow(0).save(str(path))
    print("saved", path.name)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suffix", default="")
    parser.add_argument("--only", choices=["main", "all"], default="all")
    args = parser.parse_args()
    os.environ.setdefault("AGENTDESK_HOME", tempfile.mkdtemp(prefix="agentdesk-shots-"))
    os.environ.setdefault("AGENTDESK_AGENT", "小王")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from agentdesk.desk import DutyLog
    from agentdesk.gui.app import _install_qt_translations, _set_font, _style, build_main_window
    from agentdesk.paths import AppPaths

    app = QApplication(["agentdesk"])
    _install_qt_translations(app)
    _set_font(app)
    app.setStyleSheet(_style())
    with DutyLog.open(AppPaths.resolve().db_path, agent="小王") as log:
        seed(log)
    window = build_main_window()
    window.setGeometry(app.primaryScreen().availableGeometry())
    window.show()
    wait_for(lambda: window.loaded and window._desk_up and window.handover.loaded)
    frame = window.frameGeometry()             # no window manager: no frame; keep it on screen
    window.move(frame.topLeft())
    window.templates.search.setText("退款")
    window.templates.refresh()
    window.draft.editor.setPlainText(
        "张先生您好，这个问题我不知道，您自己看说明吧。我保证明天一定给您修好，"
        "师傅电话13812345678，我们会尽快处理。")
    window.draft.relint()
    window.draft.lint_list.setCurrentRow(0)
    shoot(app, "screenshot", args.suffix)
    if args.only == "main":
        return

    window.tabs.setCurrentIndex(1)
    panel = window.duty_log
    wait_for(lambda: not panel.model.loading)
    panel.form.customer.setText("周八")
    panel.form.contact.setText("13812345678")
    panel.form.show_history()
    panel.form.summary.setPlainText("宽带又断网了，第三次来电")
    panel.form.callback.choose("2h")
    panel.focus_new_entry()
    shoot(app, "screenshot-log", args.suffix)
    panel.form.clear()
    panel.table.selectRow(0)
    wait(300)
    window.reminders.toggle()
    shoot(app, "screenshot-reminders", args.suffix)
    window.reminders.popup.hide()

    window.tabs.setCurrentIndex(2)
    window.handover.editor.setPlainText("李四的充值问题已提交技术部，1 小时内回电。")
    window.handover.past.setCurrentRow(0)
    shoot(app, "screenshot-handover", args.suffix)

    window.tabs.setCurrentIndex(0)

    def shoot_dialog() -> None:
        dialog = window.active_fill_dialog
        dialog.fields["客户称呼"].setCurrentText("张先生")
        shoot(app, "screenshot-fill", args.suffix)
        dialog.reject()

    QTimer.singleShot(300, shoot_dialog)
    window.insert_template(window.services.phrasebook.get("complaint.follow.progress"))


if __name__ == "__main__":
    main()
