"""The README documents every command a user can type, and opens with the two commands."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from agentdesk.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _commands() -> list[str]:
    found = []
    for name, sub in _subparsers(build_parser()).items():
        children = _subparsers(sub)
        # a parser's own prog is how the user types it (lint-train is typed `lint train`)
        typed = sub.prog if sub.prog.startswith("agentdesk ") else f"agentdesk {name}"
        found += [f"{typed} {child}" for child in children] or [typed]
    return found


def test_every_cli_command_is_documented_in_the_readme():
    undocumented = [cmd for cmd in _commands() if cmd not in README]
    assert not undocumented, f"add these to README.md: {undocumented}"


def test_readme_opens_with_the_install_and_test_commands():
    blocks = re.findall(r"```(?:sh|bash)?\n(.*?)```", README, flags=re.S)
    assert blocks[0].strip() == "pip install . && agentdesk"
    assert blocks[1].strip() == "pip install '.[test]' && pytest"


def test_ci_runs_exactly_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install '.[test]' && pytest" in ci.splitlines()
