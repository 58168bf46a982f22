"""Screenshots of the picker over a chat window and the compact panel beside one, at 1366×768.

Run: xvfb-run -a -s "-screen 0 1366x768x24" python docs/make_picker_screenshots.py [--suffix=-en]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CHAT = [("客户", "你好，我上周申请的退款怎么还没到账？"),
        ("客户", "订单号 20261124-8831，已经等了五天了"),
        ("客服", "您好，请稍等，我帮您查一下。"),
        ("客户", "大概什么时候能到？")]


def wait(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def chat_window(width: int):
    """A stand-in for the customer's chat console: a transcript and an input line."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

    w = QWidget()
    w.setWindowTitle("在线客服工作台 · 会话 #8831")
    w.setStyleSheet("QWidget { background: #f4f6f9; } QTextBrowser { background: white; }")
    layout = QVBoxLayout(w)
    layout.addWidget(QLabel("<b>在线客服工作台</b> · 会话 #8831 · 客户：王女士"))
    transcript = QTextBrowser()
    transcript.setHtml("".join(
        f"<p style='margin:10px'><b style='color:{'#1a73e8' if who == '客服' else '#333'}'>"
        f"{who}</b> 10:4{i}<br>{text}</p>" for i, (who, text) in enumerate(CHAT)))
    layout.addWidget(transcript, 1)
    field = QLineEdit(placeholderText="输入回复，回车发送")
    layout.addWidget(field)
    w.setGeometry(0, 0, width, 768)
    return w, field


def grab(path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
    print(path)


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--suffix", default="", help="added to the file names, e.g. -en")
    suffix = parser.parse_args().suffix
    os.environ.setdefault("AGENTDESK_HOME", tempfile.mkdtemp(prefix="agentdesk-shots-"))
    os.environ.setdefault("AGENTDESK_AGENT", "小王")
    from PySide6.QtWidgets import QApplication

    from agentdesk.gui.app import _set_font, _style, build_main_window
    from agentdesk.gui.picker import Target

    app = QApplication(["agentdesk"])
    _set_font(app)
    app.setStyleSheet(_style())
    desk = build_main_window()
    desk.show()
    while not desk.loaded:
        wait(50)
    desk.hide()                       # hidden to the tray, as during a chat
    width = QApplication.primaryScreen().geometry().width()
    chat, field = chat_window(width)
    chat.show()
    field.setFocus()
    wait(300)
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QCursor

    QCursor.setPos(QPoint(520, 560))
    desk.picker.show_for(Target())
    desk.picker.window.search.setText("退款到账")
    wait(300)
    desk.picker.window.editor.setFocus()
    desk.picker.window.next_field()          # as after Tab: the field and its choices
    wait(300)
    grab(HERE / f"screenshot-picker{suffix}.png")
    desk.picker.window.hide()

    height = QApplication.primaryScreen().geometry().height()
    chat.setGeometry(0, 0, width - 426, height)
    desk.show()
    desk.compact.enter()
    desk.templates.search.setText("退款")
    desk.draft.editor.setPlainText("王女士您好，您的退款已原路退回，具体到账时间以银行处理为准。"
                                   "这个我不知道，您再等等吧。")
    desk.draft.relint()
    wait(500)
    grab(HERE / f"screenshot-compact{suffix}.png")
    desk.compact.leave()
    desk.services.close()


if __name__ == "__main__":
    main()
