"""The Qt layer: the only package that imports PySide6."""


def build_main_window(*args, **kwargs):
    """The fully wired main window; see agentdesk.gui.app.build_main_window."""
    from agentdesk.gui.app import build_main_window as build

    return build(*args, **kwargs)


__all__ = ["build_main_window"]
