"""The wheel carries the phrasebook and resources, and an installed copy finds them anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if shutil.which("git") is None and not (ROOT / "pyproject.toml").exists():
        pytest.skip("no source tree")
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
           "-w", str(out), str(ROOT)]
    try:
        import hatchling  # noqa: F401
    except ImportError:
        pip.remove("--no-build-isolation")
    subprocess.run(pip, check=True, capture_output=True, timeout=600)
    (whl,) = out.glob("agentdesk-*.whl")
    return whl


@pytest.mark.slow
def test_wheel_contains_shipped_phrasebook_and_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = {n for n in names if n.startswith("agentdesk/_shipped/")}
    for source in (ROOT / "phrasebook").rglob("*.toml"):
        rel = source.relative_to(ROOT).as_posix()
        assert f"agentdesk/_shipped/{rel}" in shipped
    assert any(n.startswith("agentdesk/_shipped/resources/") for n in names)


@pytest.fixture
def installed(wheel, tmp_path) -> tuple[Path, Path]:
    """The wheel unpacked as site-packages would hold it, and an unrelated working directory."""
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    return site, elsewhere


@pytest.mark.slow
def test_installed_copy_finds_its_data_from_another_directory(installed):
    site, elsewhere = installed
    code = (
        "import agentdesk.paths as p\n"
        "print(p.shipped_phrasebook()); print(p.shipped_resources())"
    )
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path[:0]=[{str(site)!r}]\n"
                          + code], cwd=elsewhere, capture_output=True, text=True, check=True)
    phrasebook, resources = (Path(line) for line in out.stdout.split())
    assert phrasebook == site / "agentdesk" / "_shipped" / "phrasebook"
    assert (phrasebook / "templates").is_dir()
    assert resources.is_dir()


@pytest.mark.slow
def test_installed_copy_lists_the_shipped_templates_from_another_directory(installed):
    import json

    site, elsewhere = installed
    code = (f"import sys; sys.path[:0]=[{str(site)!r}]\n"
            "from agentdesk.cli import main\n"
            "sys.exit(main(['phrases', 'list', '--format', 'json']))")
    out = subprocess.run([sys.executable, "-I", "-c", code], cwd=elsewhere, capture_output=True,
                         text=True, check=False)
    assert out.returncode == 0, out.stderr
    templates = json.loads(out.stdout)
    assert len(templates) >= 80
    assert all(t["source"].startswith(str(site)) for t in templates)
