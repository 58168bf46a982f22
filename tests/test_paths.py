"""Where data lives: environment overrides, the layer order, and the shipped data."""

from __future__ import annotations

import os
from pathlib import Path

from agentdesk.paths import AppPaths, shipped_phrasebook, shipped_resources


def test_home_overrides_data_dir_and_default_db(isolated_home):
    paths = AppPaths.resolve()
    assert paths.data_dir == isolated_home
    assert paths.db_path == isolated_home / "agentdesk.db"
    assert paths.cache_dir == isolated_home / "cache"


def test_db_option_beats_env_which_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv("AGENTDESK_DB", str(tmp_path / "env.db"))
    assert AppPaths.resolve().db_path == tmp_path / "env.db"
    assert AppPaths.resolve(db=tmp_path / "opt.db").db_path == tmp_path / "opt.db"


def test_phrasebook_layers_in_order_shipped_env_personal_option(monkeypatch, tmp_path,
                                                               isolated_home):
    team_a, team_b, extra = tmp_path / "team-a", tmp_path / "team-b", tmp_path / "extra"
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", os.pathsep.join([str(team_a), str(team_b)]))
    (isolated_home / "phrasebook").mkdir()
    layers = AppPaths.resolve(phrasebooks=[str(extra)]).phrasebook_dirs
    assert layers == (shipped_phrasebook(), team_a, team_b, isolated_home / "phrasebook", extra)


def test_personal_layer_only_when_it_exists(isolated_home):
    assert AppPaths.resolve().phrasebook_dirs == (shipped_phrasebook(),)


def test_resolving_creates_nothing(isolated_home):
    AppPaths.resolve()
    assert list(Path(isolated_home).iterdir()) == []


def test_shipped_data_is_found_from_the_checkout():
    assert (shipped_phrasebook() / "templates").is_dir()
    assert (shipped_phrasebook() / "rules").is_dir()
    assert shipped_resources().is_dir()
