"""The `agentdesk` command itself: version, help, errors as one line, no display handling."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from agentdesk import __version__
from agentdesk.cli import main


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "agentdesk", *args], capture_output=True,
                          text=True, env=full_env, check=False)


def test_version_prints_the_package_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"agentdesk {__version__}"


def test_help_lists_every_registered_subcommand(capsys):
    from agentdesk.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name, child in sub.choices.items():
        if child.prog == f"agentdesk {name}":   # `lint train` is typed as part of lint
            assert name in out


def test_unknown_option_is_one_line_on_stderr_with_exit_2():
    result = run_cli("--no-such-option")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "--no-such-option" in lines[0]
    assert "Traceback" not in result.stderr


def test_window_without_display_exits_with_a_hint_not_a_qt_abort():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "agentdesk"], capture_output=True, text=True,
                            env=env, check=False, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "xvfb-run" in lines[0]
    assert "QT_QPA_PLATFORM=offscreen" in lines[0]


def test_english_messages_on_request():
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["AGENTDESK_LANG"] = "en"
    result = subprocess.run([sys.executable, "-m", "agentdesk"], capture_output=True, text=True,
                            env=env, check=False, timeout=60)
    assert "no graphical display" in result.stderr
