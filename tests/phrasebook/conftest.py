"""Helpers to write small phrasebook directories for tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def write_book(tmp_path):
    """write_book("team", {"a.toml": "..."}) -> the phrasebook directory."""
    def write(name: str, files: dict[str, str]) -> Path:
        root = tmp_path / name / "templates"
        root.mkdir(parents=True, exist_ok=True)
        for fname, body in files.items():
            (root / fname).write_text(body, encoding="utf-8")
        return root.parent

    return write


ONE = """
category = "测试"
[[templates]]
id = "t.one"
title = "第一条"
text = "{客户称呼|先生|女士}您好，{公司名称}为您服务。"
"""


@contextlib.contextmanager
def unprivileged_dir():
    """A world-readable scratch folder and a runner of `agentdesk …` as a user for whom
    chmod 000 means something (root reads anything, so as root the CLI runs as nobody)."""
    base = Path(tempfile.mkdtemp(prefix="agentdesk-perm-"))
    base.chmod(0o777)

    def run_as(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "agentdesk", *args]
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv: chmod 000 cannot be tested")
            cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False,
                              env={**os.environ, "PYTHONPATH": str(ROOT), **env})

    try:
        yield base, run_as
    finally:
        for root, dirs, _files in os.walk(base):
            for d in dirs:
                with contextlib.suppress(OSError):
                    os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(base, ignore_errors=True)
