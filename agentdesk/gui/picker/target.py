"""The window the agent was typing in: remembered when the shortcut fires, focused again to paste.

X11 through python-xlib (the EWMH `_NET_ACTIVE_WINDOW` when a window manager keeps it, else the
input focus, which is all a bare X server such as Xvfb has); Windows through user32; elsewhere
(macOS, Wayland) nothing is remembered and the desktop returns focus when the picker hides.
The paste keystroke goes through pynput's Controller (XTest on X11, SendInput, Quartz).
"""

from __future__ import annotations

import os
import sys


class Target:
    """A platform window handle (X11 window id, Windows HWND); 0 when nothing is known."""

    __slots__ = ("handle",)

    def __init__(self, handle: int = 0) -> None:
        self.handle = int(handle)

    def __bool__(self) -> bool:
        return bool(self.handle)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Target) and other.handle == self.handle

    def __hash__(self) -> int:
        return hash(self.handle)

    def __repr__(self) -> str:
        return f"Target({self.handle:#x})"


def _x11() -> bool:
    return sys.platform.startswith("linux") and bool(os.environ.get("DISPLAY")) and \
        os.environ.get("XDG_SESSION_TYPE", "x11") != "wayland"


def active_window() -> Target:
    """The window that has the keyboard now (never raises: a failure means 'unknown')."""
    try:
        if _x11():
            return Target(_x11_active())
        if sys.platform == "win32":
            import ctypes

            return Target(int(ctypes.windll.user32.GetForegroundWindow() or 0))
    except Exception:  # a vanished display or window: paste then goes wherever focus is
        return Target()
    return Target()


def focus(target: Target) -> bool:
    """Give the keyboard back to target; False when it cannot be done (window gone, no X11)."""
    if not target:
        return False
    try:
        if _x11():
            return _x11_focus(target.handle)
        if sys.platform == "win32":
            import ctypes

            return bool(ctypes.windll.user32.SetForegroundWindow(target.handle))
    except Exception:
        return False
    return False


def send_paste_keystroke() -> None:
    """Ctrl+V (Cmd+V on macOS) to whatever window has the keyboard."""
    from pynput.keyboard import Controller, Key

    keyboard = Controller()
    modifier = Key.cmd if sys.platform == "darwin" else Key.ctrl
    with keyboard.pressed(modifier):
        keyboard.press("v")
        keyboard.release("v")


# -- X11 ----------------------------------------------------------------------------------
def _x11_active() -> int:
    from Xlib import X, display

    d = display.Display()
    try:
        root = d.screen().root
        prop = root.get_full_property(d.intern_atom("_NET_ACTIVE_WINDOW"), X.AnyPropertyType)
        if prop is not None and prop.value and int(prop.value[0]):
            return int(prop.value[0])
        focused = d.get_input_focus().focus
        # PointerRoot / None are the integers 1 / 0, not windows
        return 0 if isinstance(focused, int) else int(focused.id)
    finally:
        d.close()


def _x11_focus(handle: int) -> bool:
    from Xlib import X, display, error
    from Xlib.protocol import event

    d = display.Display()
    try:
        root = d.screen().root
        window = d.create_resource_object("window", handle)
        supported = root.get_full_property(d.intern_atom("_NET_SUPPORTED"), X.AnyPropertyType)
        active = d.intern_atom("_NET_ACTIVE_WINDOW")
        if supported is not None and active in supported.value:
            # a window manager decides focus: ask it (source 2 = a pager/tool acting for the user)
            message = event.ClientMessage(window=window, client_type=active,
                                          data=(32, [2, X.CurrentTime, 0, 0, 0]))
            root.send_event(message, event_mask=X.SubstructureRedirectMask |
                            X.SubstructureNotifyMask)
        else:
            window.raise_window()
            window.set_input_focus(X.RevertToParent, X.CurrentTime)
        d.sync()
        return True
    except error.XError:
        return False
    finally:
        d.close()
