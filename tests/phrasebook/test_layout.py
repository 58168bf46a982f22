"""One place for the layout: files(layer, kind) for every reader, watch_paths for the window,
private data files."""

from __future__ import annotations

import functools
import stat

from hypothesis import given, settings
from hypothesis import strategies as st

from agentdesk.layers import Layer, files, watch_paths
from agentdesk.paths import AppPaths, make_private_dir, shipped_phrasebook
from agentdesk.phrasebook import Phrasebook, UsageStore, initial_values
from tests.phrasebook.conftest import ONE


def _tree(root, names):
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(ONE.replace("t.one", name.replace("/", ".")), encoding="utf-8")


def test_files_are_found_recursively_for_templates_and_rules(tmp_path):
    _tree(tmp_path, ["templates/a.toml", "templates/scene/b.toml", "rules/r.toml",
                     "rules/team/s.toml", "templates/.hidden.toml", "templates/notes.txt",
                     "synonyms.toml", "vocabulary.toml"])
    layer = Layer("team", tmp_path, "team")
    assert [p.relative_to(tmp_path).as_posix() for p in files(layer, "templates")] == \
        ["templates/a.toml", "templates/scene/b.toml"]
    assert [p.relative_to(tmp_path).as_posix() for p in files(layer, "rules")] == \
        ["rules/r.toml", "rules/team/s.toml"]
    assert files(layer, "synonyms") == [tmp_path / "synonyms.toml"]
    assert files(layer, "profile") == []


def test_a_flat_folder_is_read_as_templates_without_the_other_kinds(tmp_path):
    _tree(tmp_path, ["a.toml", "more/b.toml", "rules/r.toml", "profiles/x/templates/c.toml",
                     "vocabulary.toml", "synonyms.toml"])
    found = [p.relative_to(tmp_path).as_posix() for p in files(tmp_path, "templates")]
    assert found == ["a.toml", "more/b.toml"]


def test_the_watcher_sees_every_folder_a_new_file_can_appear_in(tmp_path):
    _tree(tmp_path, ["templates/scene/b.toml", "rules/r.toml", "synonyms.toml"])
    watched = set(watch_paths([Layer("team", tmp_path, "team"), tmp_path / "missing"]))
    assert {tmp_path, tmp_path / "templates", tmp_path / "templates" / "scene",
            tmp_path / "rules", tmp_path / "templates" / "scene" / "b.toml",
            tmp_path / "rules" / "r.toml", tmp_path / "synonyms.toml"} <= watched


def test_layers_are_decided_once_and_keep_their_names(monkeypatch, tmp_path, isolated_home):
    team = tmp_path / "team"
    _tree(team, ["templates/x.toml"])
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(team))
    paths = AppPaths.resolve()
    monkeypatch.delenv("AGENTDESK_PHRASEBOOK")      # changing the environment later ...
    book = Phrasebook.load(paths.layers)
    assert {t.layer for t in book.templates} == {"shipped", "team"}   # ... changes nothing
    assert paths.phrasebook_dirs == (shipped_phrasebook(), team)


def test_data_dir_is_0700_and_usage_db_0600(isolated_home):
    data = isolated_home / "fresh"
    store = UsageStore.open(data / "usage.db")
    store.remember("公司名称", "示例")
    store.close()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "usage.db").stat().st_mode) == 0o600
    (data / "usage.db").chmod(0o644)                 # a file from an older version
    UsageStore.open(data / "usage.db").close()
    assert stat.S_IMODE((data / "usage.db").stat().st_mode) == 0o600
    assert make_private_dir(data / "a" / "b") == data / "a" / "b"
    assert stat.S_IMODE((data / "a" / "b").stat().st_mode) == 0o700


def test_initial_values_prefer_what_was_typed_then_remembered_then_default():
    book = Phrasebook.load([shipped_phrasebook()])
    tpl = book.get("greeting.return_greeting")            # {客户称呼|先生|女士}
    assert initial_values(tpl, {}) == {"客户称呼": "先生"}
    assert initial_values(tpl, {"客户称呼": "王女士"}) == {"客户称呼": "王女士"}
    assert initial_values(tpl, {"客户称呼": "王女士"}, {"客户称呼": "李先生"}) == \
        {"客户称呼": "李先生"}
    assert initial_values(book.get("greeting.phone"), lambda name: None) == {}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_query_gives_at_most_limit_distinct_templates(query):
    found = _book().search(query, limit=7)
    assert len(found) <= 7 and len({t.id for t in found}) == len(found)



@functools.lru_cache(maxsize=1)
def _book() -> Phrasebook:
    return Phrasebook.load([shipped_phrasebook()])


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_a_title_in_traditional_or_full_width_finds_what_the_simplified_title_finds(data):
    from agentdesk.chinese import to_traditional

    book = _book()
    tpl = data.draw(st.sampled_from(book.templates))
    expected = [t.id for t in book.search(tpl.title, limit=3)]
    assert tpl.id in expected
    assert [t.id for t in book.search(to_traditional(tpl.title, "t"), limit=3)] == expected
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in tpl.title)
    assert [t.id for t in book.search(wide, limit=3)] == expected
