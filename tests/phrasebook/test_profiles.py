"""Profiles: one layer per kind of desk, selected with --profile or AGENTDESK_PROFILE."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from agentdesk.errors import UserError
from agentdesk.lint.linter import Linter
from agentdesk.paths import AppPaths, known_profiles, shipped_phrasebook
from agentdesk.phrasebook import Phrasebook
from agentdesk.phrasebook.profiles import read_profile, vocabulary_categories

ROOT = Path(__file__).resolve().parents[2]
DESKS = ("telecom", "ecommerce", "game", "property", "tv")


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agentdesk", *args], cwd=ROOT.parent,
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_one_profile_ships_per_kind_of_desk():
    assert set(known_profiles()) == set(DESKS)


@pytest.mark.parametrize("name", DESKS)
def test_each_profile_loads_lists_its_categories_and_has_20_templates(name):
    path = known_profiles()[name]
    profile, problems = read_profile(path)
    assert problems == [] and profile.name == name and profile.title_zh and profile.title_en
    categories, problems = vocabulary_categories(path)
    assert problems == [] and len(categories) >= 5
    book = Phrasebook.load([path])
    assert book.problems == []
    assert len(book.templates) >= 20
    assert all(t.id.startswith(f"{name}.") for t in book.templates)


@pytest.mark.parametrize("name", DESKS)
def test_profile_templates_pass_the_shipped_linter(name):
    linter = Linter.from_phrasebook([shipped_phrasebook()])
    for tpl in Phrasebook.load([known_profiles()[name]]).templates:
        # every slot filled with a value (a number fits every kind of slot for the checks)
        filled = re.sub(r"\{[^{}]*\}", "8801", tpl.text)
        errors = [f.rule for f in linter.lint(filled) if f.severity == "error"]
        assert errors == [], (tpl.id, errors)


def test_the_profile_layer_sits_between_shipped_and_team(monkeypatch, tmp_path, isolated_home):
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(tmp_path / "team"))
    layers = AppPaths.resolve(profile="tv").layers
    assert [layer.kind for layer in layers] == ["shipped", "profile", "team"]
    assert layers[1].name == "profile:tv" and layers[1].path == known_profiles()["tv"]
    monkeypatch.setenv("AGENTDESK_PROFILE", "game")
    assert AppPaths.resolve().profile == "game"
    assert AppPaths.resolve(profile="tv").profile == "tv"      # the option wins


def test_unknown_profile_is_one_line_listing_the_known_ones(monkeypatch, isolated_home):
    with pytest.raises(UserError) as exc:
        AppPaths.resolve(profile="bank")
    assert exc.value.exit_code == 2
    assert all(name in exc.value.message for name in DESKS)
    out = run("--profile", "bank", "phrases", "list")
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "telecom" in out.stderr
    out = run("phrases", "list", env={"AGENTDESK_PROFILE": "bank"})
    assert out.returncode == 2 and "tv" in out.stderr


def test_profile_list_and_show_from_another_directory(isolated_home):
    out = run("profile", "list")
    assert out.returncode == 0, out.stderr
    assert [line.split("\t")[0] for line in out.stdout.splitlines()] == sorted(DESKS)
    out = run("profile", "show", "property", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"报修", "缴费", "装修", "物品放行", "停车"} <= set(data["categories"])
    assert data["templates"] >= 20 and data["problems"] == []
    assert run("profile", "show", "nope").returncode == 2


def test_with_a_profile_its_templates_are_found_and_marked(isolated_home):
    out = run("--profile", "tv", "phrases", "search", "机顶盒坏了")
    assert out.returncode == 0, out.stderr
    first = out.stdout.splitlines()[0]
    assert first.startswith("tv.device.box_repair\t") and first.endswith("[profile:tv]")
    plain = run("phrases", "list")
    assert "tv.device.box_repair" not in plain.stdout


def test_a_profiles_own_rules_apply_only_with_that_profile(isolated_home):
    draft = "不用开票，现金给我就行"
    with_profile = subprocess.run(
        [sys.executable, "-m", "agentdesk", "--profile", "property", "lint", "-"], input=draft,
        cwd=ROOT.parent, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert with_profile.returncode == 1 and "property.private_fee" in with_profile.stdout
    without = subprocess.run([sys.executable, "-m", "agentdesk", "lint", "-"], input=draft,
                             cwd=ROOT.parent, capture_output=True, text=True, check=False,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert "property.private_fee" not in without.stdout
