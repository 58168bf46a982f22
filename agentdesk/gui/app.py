"""Builds the application and its main window (placeholder until the window issue lands)."""

from __future__ import annotations

from agentdesk.paths import AppPaths


def run_app(paths: AppPaths) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel("AgentDesk 坐席助手")
    label.setWindowTitle("AgentDesk 坐席助手")
    label.show()
    return app.exec()
