"""Screenshots for the README, taken from the real window under Xvfb at 1366×768.

Run: xvfb-run -a -s "-screen 0 1366x768x24" python docs/make_screenshots.py
(needs fonts-noto-cjk or fonts-wqy-microhei for Chinese glyphs)
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def wait(app, ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def seed(log) -> None:
    from datetime import datetime, timedelta

    now = datetime.now().astimezone()
    log.add(customer="张三", title="先生", contact="13812345678", category="投诉",
            summary="宽带断网三天，要求上门维修", callback_at=now - timedelta(minutes=20))
    log.add(customer="李四", title="女士", contact="13900001111", category="充值",
            summary="游戏充值 200 元未到账", callback_at=now + timedelta(hours=1))
    log.add(customer="王五", title="先生", channel="在线", category="咨询", summary="咨询套餐资费")
    closed = log.add(customer="赵六", title="女士", category="退换货", summary="商品破损申请换货")
    log.close_entry(closed, "已为其办理换货")
    log.add(customer="孙七", title="女士", channel="来访", category="报修/售后",
            summary="楼道灯不亮", callback_at=now + timedelta(hours=3))
    hid = log.create_handover(by="夜班小李", to="小王", notes="张三的宽带今早必须回电",
                              equipment="3 号机耳麦有杂音，已报修")
    return hid


def main() -> None:
    os.environ.setdefault("AGENTDESK_HOME", tempfile.mkdtemp(prefix="agentdesk-shots-"))
    os.environ.setdefault("AGENTDESK_AGENT", "小王")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from agentdesk.gui.app import _set_font, _style, build_main_window

    app = QApplication(["agentdesk"])
    _set_font(app)
    app.setStyleSheet(_style())
    window = build_main_window()
    seed(window.services.log)
    window.resize(1366, 740)
    window.move(0, 0)
    window.show()
    while not window.loaded:
        wait(app, 50)
    window.start_desk()
    window.templates.search.setText("退款")
    window.templates.refresh()
    window.draft.editor.setPlainText(
        "张先生您好，这个问题我不知道，您自己看说明吧。我保证明天一定给您修好，"
        "师傅电话13812345678，我们会尽快处理。")
    window.draft.relint()
    window.draft.lint_list.setCurrentRow(0)
    wait(app, 300)
    window.grab().save(str(HERE / "screenshot.png"))

    window.tabs.setCurrentIndex(2)
    window.handover.refresh()
    window.handover.editor.setPlainText("李四的充值问题已提交技术部，1 小时内回电。")
    wait(app, 300)
    window.grab().save(str(HERE / "screenshot-handover.png"))

    window.tabs.setCurrentIndex(1)
    wait(app, 300)
    window.grab().save(str(HERE / "screenshot-log.png"))

    window.tabs.setCurrentIndex(0)

    def shoot_dialog() -> None:
        dialog = window.active_fill_dialog
        dialog.fields["客户称呼"].setCurrentText("张先生")
        wait(app, 300)
        dialog.grab().save(str(HERE / "screenshot-fill.png"))
        dialog.reject()

    QTimer.singleShot(300, shoot_dialog)
    window.insert_template(window.services.phrasebook.get("complaint.follow.progress"))
    print("saved", *sorted(p.name for p in HERE.glob("screenshot*.png")))


if __name__ == "__main__":
    main()
