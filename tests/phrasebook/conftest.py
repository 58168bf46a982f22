"""Helpers to write small phrasebook directories for tests."""

from __future__ import annotations

from pathlib import Path

import pytest


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
