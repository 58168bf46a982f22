"""Loading the rulebook fast: patterns RE2 accepted before are compiled on first use, with the
same findings, and a damaged or planted check cache never crashes or hides a broken file."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from agentdesk.lint import Linter
from agentdesk.lint.rulebook import PatternChecks, load_rulebook
from agentdesk.paths import shipped_phrasebook

DEV = Path(__file__).parent / "dev"


def _drafts() -> list[str]:
    return [json.loads(line)["text"] for path in sorted(DEV.glob("*.jsonl"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _findings(linter: Linter, texts: list[str]) -> list:
    return [[(f.start, f.end, f.rule) for f in linter.lint(t)] for t in texts]


def test_a_second_load_compiles_nothing_up_front_and_finds_the_same(tmp_path):
    first = load_rulebook([shipped_phrasebook()], tmp_path)
    cache = tmp_path / PatternChecks.FILE
    assert stat.S_IMODE(cache.stat().st_mode) == 0o600
    second = load_rulebook([shipped_phrasebook()], tmp_path)
    patterns = [p for r in second.rules for p in (*r.patterns, *r.exception_patterns)]
    assert patterns and all(p._regexp is None for p in patterns)   # none compiled yet
    texts = _drafts()
    eager = Linter(load_rulebook([shipped_phrasebook()]))
    assert _findings(Linter(second), texts) == _findings(eager, texts) \
        == _findings(Linter(first), texts)


def _team_layer(tmp_path, body: str):
    """A team phrasebook layer whose one rule file holds body."""
    (tmp_path / "team" / "rules").mkdir(parents=True)
    (tmp_path / "team" / "rules" / "x.toml").write_text(body, encoding="utf-8")
    return tmp_path / "team"


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"keys": "x"}',
                                     b'{"format": "agentdesk-pattern-checks", "keys": [1, {}]}',
                                     b"\xff\xfe\x00"])
def test_a_damaged_check_cache_is_ignored_and_replaced(tmp_path, content):
    (tmp_path / PatternChecks.FILE).write_bytes(content)
    book = load_rulebook([shipped_phrasebook()], tmp_path)
    assert not book.problems
    assert Linter(book).lint("这个我不知道")
    assert json.loads((tmp_path / PatternChecks.FILE).read_text())["keys"]


def test_a_broken_team_pattern_is_still_reported_with_a_cache(tmp_path):
    team = _team_layer(tmp_path,
        '[[rules]]\nid = "team.lookbehind"\ncategory = "x"\nmessage = "m"\n'
        'patterns = ["(?<=您)好"]\n')
    for _ in range(2):
        book = load_rulebook([shipped_phrasebook(), team], tmp_path / "cache")
        assert [p.rule_id for p in book.problems] == ["team.lookbehind"]


def test_a_planted_digest_for_a_broken_pattern_finds_nothing_rather_than_crashing(tmp_path):
    team = _team_layer(tmp_path,
        '[[rules]]\nid = "team.bad"\ncategory = "x"\nmessage = "m"\npatterns = ["好(?<=您)"]\n'
        '[[rules]]\nid = "team.good"\ncategory = "y"\nmessage = "m"\npatterns = ["坏[了啦]"]\n')
    checks = PatternChecks(tmp_path / "cache")
    planted = [checks.key("好(?<=您)"), checks.key("坏[了啦]")]
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / PatternChecks.FILE).write_text(json.dumps(
        {"format": "agentdesk-pattern-checks", "keys": planted}))
    linter = Linter(load_rulebook([team], tmp_path / "cache"))
    assert [f.rule for f in linter.lint("您好，东西坏了")] == ["team.good"]


def test_an_unwritable_cache_folder_only_costs_speed(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    book = load_rulebook([shipped_phrasebook()], blocker / "cache")
    assert not book.problems and Linter(book).lint("这个我不知道")


def test_a_team_rule_excused_after_an_unknown_class_is_reported_and_the_rest_loads(tmp_path):
    team = _team_layer(tmp_path,
        '[[rules]]\nid = "team.after"\ncategory = "x"\nmessage = "m"\nphrases = ["不给"]\n'
        'excused_after = ["no_such_class"]\n')
    book = load_rulebook([shipped_phrasebook(), team], tmp_path / "cache")
    assert [p.rule_id for p in book.problems] == ["team.after"]
    assert any(r.id == "negative.flat_refusal" for r in book.rules)


def test_excused_after_reads_the_rest_of_the_reply_not_another_one(tmp_path):
    """A refusal followed, in the next sentence, by what the agent can do is fine; the same
    refusal followed by nothing of the sort, or by the offer 100+ characters later, is not."""
    linter = Linter(load_rulebook([shipped_phrasebook()], tmp_path))
    fair = "这个业务电话里确实办不了。我可以帮您查一下离您最近的营业厅。"
    bare = "这个业务电话里确实办不了。您还有别的问题吗？"
    far = "这个业务电话里确实办不了。" + "您好。" * 40 + "我可以帮您查一下离您最近的营业厅。"
    assert [f.rule for f in linter.lint(fair) if f.rule == "negative.flat_refusal"] == []
    assert [f.rule for f in linter.lint(bare) if f.rule == "negative.flat_refusal"] == [
        "negative.flat_refusal"]
    assert [f.rule for f in linter.lint(far) if f.rule == "negative.flat_refusal"] == [
        "negative.flat_refusal"]
    # traditional characters read the same
    assert [f.rule for f in linter.lint("這個業務電話裡確實辦不了。我可以幫您查一下最近的營業廳。")
            if f.rule == "negative.flat_refusal"] == []
