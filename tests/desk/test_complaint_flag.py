"""Which category is a complaint is vocabulary data (`complaint = true`), not the word 投诉."""

from __future__ import annotations

from agentdesk.desk import DutyLog
from agentdesk.desk import model as desk_model
from agentdesk.paths import known_profiles
from agentdesk.vocabulary import load_vocabulary


def write_layer(folder, text: str):
    folder.mkdir(parents=True)
    (folder / "vocabulary.toml").write_text(text, encoding="utf-8")
    return folder


def test_a_team_whose_complaint_category_has_another_name_still_counts_it(tmp_path, db_path):
    team = write_layer(tmp_path / "team", """replace = true
[categories]
"客诉" = { aliases = ["投诉", "不满"], sla_hours = 12, complaint = true }
"咨询" = { aliases = [] }
""")
    vocab, problems = load_vocabulary([team])
    assert problems == [] and vocab.complaint_categories == ("客诉",)
    with DutyLog.open(db_path, agent="小王", vocabulary=vocab) as log:
        log.add(customer="甲", summary="态度差", category="投诉")   # the alias -> 客诉
        log.add(customer="乙", summary="态度差", category="客诉")
        log.add(customer="丙", summary="问资费", category="咨询")
        counts = log.draft_handover("小王").counts
    assert counts["open_complaints"] == 2
    assert vocab.complaint_sla_hours == 12


def test_a_category_named_complaint_but_not_marked_is_not_counted(tmp_path, db_path):
    team = write_layer(tmp_path / "team", """replace = true
[categories]
"投诉" = { aliases = [], complaint = false }
"客诉" = { aliases = [], complaint = true }
""")
    vocab, _ = load_vocabulary([team])
    with DutyLog.open(db_path, agent="小王", vocabulary=vocab) as log:
        log.add(customer="甲", summary="态度差", category="投诉")
        assert log.draft_handover("小王").counts["open_complaints"] == 0


def test_an_override_that_does_not_say_keeps_the_mark(tmp_path):
    team = write_layer(tmp_path / "team", '[categories]\n"投诉" = { aliases = ["客诉"] }\n')
    vocab, _ = load_vocabulary([team])
    assert vocab.complaint_categories == ("投诉",)


def test_the_shipped_vocabulary_and_every_profile_mark_one_complaint_category():
    assert load_vocabulary([])[0].complaint_categories == ("投诉",)
    assert desk_model.COMPLAINT_SLA_HOURS == 48
    for name, path in known_profiles().items():
        vocab, problems = load_vocabulary([path])
        assert problems == [], name
        assert vocab.complaint_categories == ("投诉",), name


def test_a_complaint_mark_that_is_not_true_or_false_is_reported(tmp_path):
    team = write_layer(tmp_path / "team", '[categories]\n"客诉" = { complaint = "yes" }\n')
    vocab, problems = load_vocabulary([team])
    assert len(problems) == 1 and "complaint" in problems[0]
    assert "客诉" not in vocab.category_names
