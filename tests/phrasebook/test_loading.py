"""Loading, layering and validation: broken files are named and skipped, the rest loads."""

from __future__ import annotations

import json
import stat

from agentdesk.paths import shipped_phrasebook
from agentdesk.phrasebook import Phrasebook, fingerprint
from agentdesk.phrasebook.index_cache import CACHE_NAME
from tests.phrasebook.conftest import ONE, unprivileged_dir


def test_shipped_phrasebook_loads_without_problems_and_has_at_least_80_templates():
    book = Phrasebook.load([shipped_phrasebook()])
    assert book.problems == []
    assert len(book.templates) >= 80
    assert len({t.id for t in book.templates}) == len(book.templates)
    assert all(t.layer == "shipped" for t in book.templates)


def test_shipped_templates_cover_the_scenes_of_the_manuals():
    book = Phrasebook.load([shipped_phrasebook()])
    tops = {c.split("/")[0] for c in book.categories()}
    for scene in ("开场与结束", "问题确认", "等待与查询", "通话异常", "咨询查询", "投诉", "售后",
                  "充值缴费", "论坛与反馈", "转接协作", "回访", "致歉婉拒", "前台服务"):
        assert scene in tops
    subs = set(book.categories())
    for sub in ("投诉/情绪安抚", "投诉/核实", "投诉/解决方案", "投诉/跟进", "投诉/升级",
                "前台服务/缴费", "前台服务/报修", "前台服务/装修", "前台服务/物品放行"):
        assert sub in subs


def test_placeholders_are_inferred_with_defaults_and_choices(write_book):
    book = Phrasebook.load([write_book("a", {"one.toml": ONE})])
    (tpl,) = book.templates
    names = [p.name for p in tpl.placeholders]
    assert names == ["客户称呼", "公司名称"]
    assert tpl.placeholder("客户称呼").default == "先生"
    assert tpl.placeholder("客户称呼").choices == ("先生", "女士")
    assert tpl.placeholder("公司名称").default is None


def test_later_layer_overrides_by_id_and_each_template_knows_its_source(write_book, monkeypatch):
    shipped = write_book("base", {"one.toml": ONE})
    team = write_book("team", {"x.toml": ONE.replace("第一条", "团队版")})
    monkeypatch.setenv("AGENTDESK_PHRASEBOOK", str(team))
    book = Phrasebook.load([shipped, team])
    (tpl,) = book.templates
    assert tpl.title == "团队版"
    assert tpl.layer == "team"
    assert tpl.source == team / "templates" / "x.toml"


def test_toml_syntax_error_names_file_and_line_and_other_files_still_load(write_book):
    bad = 'category = "x"\n[[templates]]\nid = "b"\ntitle = "坏"\ntext = "没有结束引号\n'
    book = Phrasebook.load([write_book("a", {"one.toml": ONE, "bad.toml": bad})])
    assert [t.id for t in book.templates] == ["t.one"]
    (problem,) = book.problems
    assert problem.file.name == "bad.toml"
    assert problem.line == 5
    assert "TOML" in problem.message


def test_semantic_errors_name_file_and_template_id(write_book):
    body = ONE + """
[[templates]]
id = "t.notext"
title = "没有正文"

[[templates]]
id = "t.badph"
title = "坏占位符"
text = "您好{客户称呼"

[[templates]]
id = "t.one"
title = "重复"
text = "重复的 id"

[[templates]]
id = "t.undeclared"
title = "声明了不存在的占位符"
text = "您好"
placeholders = { "公司名称" = { default = "某公司" } }
"""
    book = Phrasebook.load([write_book("a", {"many.toml": body})])
    assert [t.id for t in book.templates] == ["t.one"]
    by_id = {p.template_id: p.message for p in book.problems}
    assert set(by_id) == {"t.notext", "t.badph", "t.one", "t.undeclared"}
    assert "text" in by_id["t.notext"]
    assert "占位符" in by_id["t.badph"]
    assert "重复" in by_id["t.one"]
    assert all(p.file.name == "many.toml" for p in book.problems)


def test_missing_id_and_unknown_field_are_reported(write_book):
    body = '[[templates]]\ntitle = "无id"\ntext = "x"\ncategory = "c"\n' \
           '[[templates]]\nid = "t.x"\ntitle = "t"\ntext = "x"\ncategory = "c"\ncolour = "红"\n'
    book = Phrasebook.load([write_book("a", {"x.toml": body})])
    messages = [p.message for p in book.problems]
    assert any("缺少 id" in m for m in messages)
    assert any("colour" in m for m in messages)


def test_declared_placeholder_overrides_inferred_default(write_book):
    declared = 'placeholders = { "公司名称" = { default = "示例公司" } }\n'
    body = ONE.replace('text = "', declared + 'text = "')
    (tpl,) = Phrasebook.load([write_book("a", {"one.toml": body})]).templates
    assert tpl.placeholder("公司名称").default == "示例公司"


def test_warm_load_from_cache_gives_the_same_templates_and_notices_edits(write_book, tmp_path):
    book_dir = write_book("a", {"one.toml": ONE})
    cache = tmp_path / "cache"
    first = Phrasebook.load([book_dir], cache_dir=cache)
    assert [t.id for t in first.search("为您服务")] == ["t.one"]
    assert (cache / CACHE_NAME).is_file()
    second = Phrasebook.load([book_dir], cache_dir=cache)
    assert second.templates == first.templates
    assert [t.id for t in second.search("为您服务")] == ["t.one"]
    before = fingerprint([book_dir])
    (book_dir / "templates" / "one.toml").write_text(ONE.replace("第一条", "改过的标题"),
                                                     encoding="utf-8")
    assert fingerprint([book_dir]) != before
    third = Phrasebook.load([book_dir], cache_dir=cache)
    assert third.templates[0].title == "改过的标题"
    assert [t.id for t in third.search("改过的标题")] == ["t.one"]


def test_the_cache_is_json_that_cannot_run_code_and_a_planted_file_is_ignored(write_book,
                                                                              tmp_path):
    import pickle

    book_dir = write_book("a", {"one.toml": ONE})
    cache = tmp_path / "cache"
    assert Phrasebook.load([book_dir], cache_dir=cache).search("为您服务")
    json.loads((cache / CACHE_NAME).read_text(encoding="utf-8"))      # plain data
    assert stat.S_IMODE((cache / CACHE_NAME).stat().st_mode) == 0o600
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    for planted in (pickle.dumps(Evil()), b'{"version": 1, "entries": {"x": 5}}', b"\xff\x00"):
        (cache / CACHE_NAME).write_bytes(planted)
        for name in ("phrasebook-cache-v1.pickle",):
            (cache / name).write_bytes(pickle.dumps(Evil()))
        book = Phrasebook.load([book_dir], cache_dir=cache)
        assert [t.id for t in book.search("为您服务")] == ["t.one"]
    assert not marker.exists()


def test_an_unreadable_team_directory_is_reported_and_skipped(tmp_path):
    """chmod 000 on a team folder: the CLI still lists the rest, names the folder, exit 0."""
    with unprivileged_dir() as (base, run_as):
        team = base / "team" / "templates"
        team.mkdir(parents=True)
        (team / "x.toml").write_text(ONE.replace("t.one", "team.secret"), encoding="utf-8")
        team.chmod(0)
        out = run_as(["phrases", "list"], {"AGENTDESK_PHRASEBOOK": str(team.parent),
                                           "AGENTDESK_HOME": str(base / "home")})
    assert out.returncode == 0, out.stderr
    assert "closing.thanks" in out.stdout and "team.secret" not in out.stdout
    assert str(team) in out.stderr and "无法读取" in out.stderr
    assert "Traceback" not in out.stderr


def test_missing_directory_is_a_problem_not_a_crash(tmp_path):
    book = Phrasebook.load([tmp_path / "nowhere"])
    assert book.templates == []
    assert "不存在" in book.problems[0].message


def test_a_template_with_terminal_control_characters_is_skipped_and_named(write_book):
    from agentdesk.phrasebook import Phrasebook

    body = ('[[templates]]\nid = "evil"\ncategory = "x"\ntitle = "标题\\u001b[2J"\n'
            'text = "您好\\r伪造的一行"\n\n[[templates]]\nid = "fine"\ncategory = "x"\n'
            'title = "好"\ntext = "您好"\n')
    book = Phrasebook.load([write_book("team", {"t.toml": body})])
    assert [t.id for t in book.templates] == ["fine"]
    assert any(p.template_id == "evil" and "控制字符" in p.message for p in book.problems)
