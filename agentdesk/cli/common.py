"""What every subcommand shares: the one-line error parser, output formats, printing helpers."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from agentdesk.i18n import tr


def localise_argparse() -> None:
    """argparse's own words (usage:, options:, -h's help, its error messages) in the current
    language: argparse looks its messages up through the module-level gettext functions it
    imported, so they are pointed at our catalog of argparse's messages (resources/locale)."""
    import gettext

    from agentdesk.i18n import language, locale_dir

    lang = language()
    if lang == "en":
        argparse._ = gettext.gettext            # type: ignore[attr-defined]
        argparse.ngettext = gettext.ngettext    # type: ignore[attr-defined]
        return
    catalog = gettext.translation("argparse", localedir=str(locale_dir()),
                                  languages=[lang, "zh"], fallback=True)
    argparse._ = catalog.gettext            # type: ignore[attr-defined]
    argparse.ngettext = catalog.ngettext    # type: ignore[attr-defined]


class CliParser(argparse.ArgumentParser):
    """argparse with a one-line usage error (exit 2) instead of usage text plus message."""

    def error(self, message: str) -> NoReturn:
        hint = tr('（运行 `{prog} --help` 查看用法）', prog=self.prog)
        sys.stderr.write(f"{self.prog}: {tr('错误')}: {message}{hint}\n")
        raise SystemExit(2)


def fail(message: str, code: int = 2) -> int:
    """Print one line to stderr and return the exit code for main() to pass on."""
    sys.stderr.write(f"agentdesk: {tr('错误')}: {message}\n")
    return code


def add_format_option(parser: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json"),
                      default: str = "text") -> None:
    parser.add_argument(
        "--format", choices=choices, default=default,
        help=tr('输出格式') + f" ({'|'.join(choices)})",
    )


def print_json(data: Any) -> None:
    """JSON with Chinese left readable (not \\uXXXX escaped), one document per call."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
