"""The `agentdesk pick` subcommand: open the picker (the running desk's, or one of its own)."""

from __future__ import annotations

import argparse

from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths


def register(sub: argparse._SubParsersAction) -> None:
    """Add `pick` to the command line. Qt is imported inside the handler only."""
    p = sub.add_parser("pick", help=tr(
            '打开选择器：在当前窗口上方选话术，回车粘贴回去（可绑定到桌面的全局快捷键）'))
    p.add_argument("--window", metavar="ID", type=_window_id, help=tr(
            '粘贴到这个窗口（X11 窗口号，可写十六进制 0x…；默认：当前活动窗口）'))
    p.set_defaults(func=_pick)


def _window_id(value: str) -> int:
    try:
        number = int(value, 0)
    except ValueError:
        raise argparse.ArgumentTypeError(
            tr('窗口号应为数字：{value}', value=value)) from None
    if number <= 0:
        raise argparse.ArgumentTypeError(tr('窗口号应为正数：{value}', value=value))
    return number


def _pick(args: argparse.Namespace, paths: AppPaths) -> int:
    from agentdesk.gui.launch import has_display

    if not has_display():
        raise UserError(tr('没有可用的图形显示：选择器需要在桌面环境中运行'), exit_code=1)
    # first, before any window of ours exists: the window the agent was typing in
    from agentdesk.gui.picker.target import Target, active_window

    target = Target(args.window) if args.window else active_window()
    from agentdesk.gui.instance import hand_over

    if hand_over(paths.data_dir, "pick", str(target.handle or "")):
        return 0
    from agentdesk.gui.picker import run_standalone

    return run_standalone(paths, target)
