"""The `agentdesk` command: no subcommand opens the window; the subcommands run headless."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from agentdesk import __version__
from agentdesk.data_i18n import use_layers as use_data_layers
from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.paths import AppPaths

# Each module adds its own subcommand. They import their core lazily inside the handlers,
# so `agentdesk log add` never pays for Qt or jieba.
_COMMAND_MODULES = ("phrases", "profile", "lint", "log", "handover", "pick")


if TYPE_CHECKING:
    import argparse


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given argv naming one subcommand, only that one is built
    (argparse looks up translations for every sub-parser: scripts in loops pay for it)."""
    from agentdesk.cli.common import CliParser, localise_argparse

    localise_argparse()
    parser = CliParser(
        prog="agentdesk",
        description=tr('坐席助手：不带子命令时打开窗口；子命令在命令行下运行。'),
    )
    parser.add_argument("--version", action="version", version=f"agentdesk {__version__}",
                        help=tr('显示版本号并退出'))
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=tr('值班记录数据库文件（默认：AGENTDESK_DB 或数据目录）'),
    )
    parser.add_argument(
        "--phrasebook",
        metavar="DIR",
        action="append",
        default=[],
        help=tr('额外的话术库目录，可重复，后者覆盖前者'),
    )
    parser.add_argument(
        "--profile",
        metavar="NAME",
        help=tr(
                '坐席类型配置（telecom、ecommerce、game、property、tv；默认：AGENTDESK_PROFILE 或'
                '不用）'),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title=tr('子命令'))
    # help that lists data (log add's channels and categories) lists the layers argv names
    sub.help_layers = _help_layers(argv or ())
    from importlib import import_module

    command = _command_of(argv or ())
    wanted = (command,) if command and not {"-h", "--help"} & set(argv or ()) \
        else _COMMAND_MODULES
    for name in wanted:
        import_module(f"agentdesk.cli.{name}").register(sub)
    return parser


_VALUE_OPTIONS = ("--db", "--phrasebook", "--profile")


def _help_layers(argv: Sequence[str]) -> tuple:
    """The phrasebook layer directories --profile/--phrasebook in argv (and the environment)
    stack up, for help texts; a bad profile is left to the real parse to report."""
    import argparse

    early = argparse.ArgumentParser(add_help=False, allow_abbrev=False, exit_on_error=False)
    early.add_argument("--profile")
    early.add_argument("--phrasebook", action="append", default=[])
    try:
        known, _ = early.parse_known_args(list(argv))
        return AppPaths.resolve(phrasebooks=known.phrasebook,
                                profile=known.profile).phrasebook_dirs
    except (UserError, argparse.ArgumentError, SystemExit):
        return ()


def _command_of(argv: Sequence[str]) -> str | None:
    """The subcommand argv names (the first word that is not a global option or its value)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            if arg == "lint-train":
                return "lint"
            return arg if arg in _COMMAND_MODULES else None
    return None


def _route_lint_train(argv: list[str]) -> list[str]:
    """`lint train …` is the hidden `lint-train` command (lint's FILE arguments come first)."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
        elif arg in _VALUE_OPTIONS:
            skip = True
        elif not arg.startswith("-"):
            if arg == "lint" and argv[i + 1:i + 2] == ["train"]:
                return [*argv[:i], "lint-train", *argv[i + 2:]]
            return argv
    return argv


def _open_window(paths: AppPaths) -> int:
    from agentdesk.gui.launch import run

    return run(paths)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    argv = _route_lint_train(sys.argv[1:] if argv is None else list(argv))
    if not argv:
        # the window: every millisecond before it shows counts, so no parser is built
        args = SimpleNamespace(db=None, phrasebook=[], profile=None, func=None)
    else:
        args = build_parser(argv).parse_args(argv)
    try:
        paths = AppPaths.resolve(db=args.db, phrasebooks=args.phrasebook, profile=args.profile)
        use_data_layers(paths.phrasebook_dirs)   # data values shown in the current language
        handler = getattr(args, "func", None)
        if handler is None:
            return _open_window(paths)
        return int(handler(args, paths) or 0)
    except UserError as exc:
        from agentdesk.cli.common import fail

        return fail(exc.message, exc.exit_code)
    except UnicodeError:
        # a byte that is not UTF-8 in an argument or a file name (surrogate-escaped by Python)
        from agentdesk.cli.common import fail

        return fail(tr('输入中有无法识别的字符（不是 UTF-8）：请检查参数或文件的编码'), 2)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `agentdesk log list | head`: the reader left; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        if os.environ.get("AGENTDESK_DEBUG"):
            raise
        from agentdesk.cli.common import fail

        return fail(
            tr(
                    '内部错误：{name}: {exc}（设置 AGENTDESK_DEBUG=1 可查看详情并反馈）',
                    name=type(exc).__name__, exc=exc),
            70,
        )
