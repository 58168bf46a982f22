"""The core never imports Qt: every non-GUI module imports with PySide6 made unimportable."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import agentdesk

ROOT = Path(agentdesk.__file__).resolve().parent.parent

_BLOCK_QT_AND_IMPORT = r"""
import importlib, pkgutil, sys

class _NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
            raise ImportError("PySide6 is blocked: the core must not import Qt")
        return None

sys.meta_path.insert(0, _NoQt())
import pytest

import agentdesk
names = [m.name for m in pkgutil.walk_packages(agentdesk.__path__, "agentdesk.")
         if not m.name.startswith(("agentdesk.gui", "agentdesk._shipped"))]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_core_module_imports_without_qt():
    out = subprocess.run(
        [sys.executable, "-c", _BLOCK_QT_AND_IMPORT],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 5  # cli, paths, errors, i18n, the core packages


def test_pyside6_is_imported_only_under_gui():
    offenders = []
    for path in (ROOT / "agentdesk").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(("agentdesk/gui/", "agentdesk/_shipped/")):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6", "import shiboken6")):
                offenders.append(f"{rel}: {stripped}")
    assert offenders == []


def test_importing_the_package_does_no_work():
    """Nothing happens at import time: importing the CLI loads neither Qt nor jieba."""
    code = (
        "import sys, agentdesk.cli, agentdesk.paths\n"
        "heavy = [m for m in ('PySide6', 'jieba', 'pypinyin', 'opencc') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == ""


def test_core_modules_have_docstrings():
    missing = [
        m.name
        for m in pkgutil.walk_packages(agentdesk.__path__, "agentdesk.")
        if not m.name.startswith("agentdesk._shipped")
        and not (ROOT / (m.name.replace(".", "/") + ("/__init__.py" if m.ispkg else ".py")))
        .read_text(encoding="utf-8").lstrip().startswith(('"""', "'''"))
    ]
    assert missing == []


def test_import_contracts_hold():
    """The contracts in pyproject.toml ([tool.importlinter]) are kept: lint-imports exits 0."""
    pytest.importorskip("importlinter")
    out = subprocess.run([sys.executable, "-c", "import sys; from importlinter.cli import "
                          "lint_imports_command; sys.exit(lint_imports_command())"],
                         cwd=ROOT, capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
