"""Incidents (突发事件) with their contacts in the handover and stats, and 回访 results."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from agentdesk.desk import DutyLog, incidents
from agentdesk.desk.model import utc_now
from agentdesk.errors import UserError


@pytest.fixture
def outage(fresh_db):
    """A signal outage with three linked contacts, and one unrelated contact."""
    iid = incidents.declare(fresh_db, title="城东片区信号中断", area="城东",
                            started_at=utc_now() - timedelta(hours=1))
    calls = [fresh_db.add(customer=f"客户{i}", summary="电视没信号", category="信号")
             for i in range(3)]
    fresh_db.add(customer="别人", summary="咨询套餐")
    incidents.link(fresh_db, iid, calls)
    return iid, calls


def test_an_incident_with_three_contacts_appears_in_the_handover(fresh_db, outage):
    iid, calls = outage
    draft = fresh_db.draft_handover(by="小王")
    assert [i.id for i in draft.incidents] == [iid]
    (shown,) = draft.counts["incidents"]
    assert (shown["title"], shown["contacts"], shown["entry_ids"]) == ("城东片区信号中断", 3, calls)
    incidents.end(fresh_db, iid, resolution="光缆修复")
    hid = fresh_db.create_handover(by="小王")
    (stored,) = fresh_db.get_handover(hid).counts["incidents"]  # kept with the handover
    assert stored["ended_at"] is not None and stored["resolution"] == "光缆修复"


def test_linking_is_one_call_and_keeps_each_contact_once(fresh_db, outage):
    iid, calls = outage
    again = incidents.link(fresh_db, iid, [calls[0], calls[0]])
    assert again.entry_ids == tuple(calls)
    assert [e["kind"] for e in fresh_db.events(calls[0])] == ["created", "incident_linked"]
    assert incidents.of_entry(fresh_db, calls[0]) == [iid]


def test_linking_an_unknown_entry_links_nothing(fresh_db, outage):
    iid, calls = outage
    other = fresh_db.add(customer="x", summary="y")
    with pytest.raises(UserError) as err:
        incidents.link(fresh_db, iid, [other, 999])
    assert "999" in err.value.message
    assert incidents.get(fresh_db, iid).entry_ids == tuple(calls)


def test_an_incident_ends_once_and_not_before_it_began(fresh_db, outage):
    iid, _ = outage
    with pytest.raises(UserError):
        incidents.end(fresh_db, iid, ended_at=utc_now() - timedelta(days=1))
    ended = incidents.end(fresh_db, iid)
    assert not ended.is_open
    with pytest.raises(UserError):
        incidents.end(fresh_db, iid)
    assert incidents.listing(fresh_db, open_only=True) == []


def test_an_incident_ended_before_the_shift_is_not_carried(fresh_db):
    old = incidents.declare(fresh_db, title="旧事件", started_at=utc_now() - timedelta(days=3))
    incidents.end(fresh_db, old, ended_at=utc_now() - timedelta(days=2))
    assert fresh_db.draft_handover(by="小王").counts["incidents"] == []


def test_a_visit_result_is_an_event_on_the_entry(fresh_db, outage):
    _, calls = outage
    incidents.record_visit(fresh_db, calls[0], "满意", note="信号已恢复")
    incidents.record_visit(fresh_db, calls[1], "not_satisfied", note="恢复太慢")
    assert incidents.visits(fresh_db, calls[0])[0]["result"] == "satisfied"
    assert fresh_db.draft_handover(by="小王").counts["visits"] == {
        "reached": 0, "unreached": 0, "satisfied": 1, "not_satisfied": 1}
    with pytest.raises(UserError):
        incidents.record_visit(fresh_db, calls[0], "还行")
    assert len(incidents.visits(fresh_db, calls[0])) == 1
    assert fresh_db.verify().ok


def cli(db: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "agentdesk", "--db", str(db), *args], cwd=cwd,
                          capture_output=True, text=True, env=dict(os.environ), check=False)


def test_the_incident_commands_end_to_end(tmp_path, db_path):
    assert cli(db_path, "log", "incident", "open", "--title", "停电", "--area", "3 号楼",
               cwd=tmp_path).stdout == "1\n"
    for i in range(2):
        cli(db_path, "log", "add", "--customer", f"业主{i}", "--summary", "家里停电",
            "--category", "突发", cwd=tmp_path)
    third = cli(db_path, "log", "add", "--customer", "业主3", "--summary", "电梯停了",
                "--incident", "1", cwd=tmp_path)
    assert third.stdout == "3\n"
    linked = cli(db_path, "log", "incident", "link", "1", "1", "2", "--format", "json",
                 cwd=tmp_path)
    assert json.loads(linked.stdout)["entry_ids"] == [3, 1, 2]
    visit = cli(db_path, "log", "visit", "1", "--result", "satisfied", "--note", "已恢复",
                cwd=tmp_path)
    assert visit.returncode == 0
    assert cli(db_path, "log", "incident", "close", "1", "--resolution", "恢复供电",
               cwd=tmp_path).returncode == 0
    stats = json.loads(cli(db_path, "log", "stats", "--format", "json", cwd=tmp_path).stdout)
    assert stats["incidents"][0]["contacts"] == 3 and stats["visits"]["satisfied"] == 1
    text = cli(db_path, "log", "stats", cwd=tmp_path).stdout
    assert "停电" in text and "关联来电 3" in text
    cli(db_path, "handover", "create", "--by", "小王", cwd=tmp_path)
    shown = cli(db_path, "handover", "show", "1", cwd=tmp_path).stdout
    assert "停电（3 号楼）" in shown and "关联来电 3" in shown
    with DutyLog.open(db_path) as log:
        assert log.get(1).category == "突发事件"


@pytest.mark.parametrize("args", [
    ["log", "incident", "link", "7", "1"],                 # no such incident
    ["log", "incident", "open", "--title", ""],            # empty title
    ["log", "incident", "open", "--title", "x", "--start", "昨天"],
    ["log", "visit", "1", "--result", "maybe"],
    ["log", "add", "--customer", "a", "--summary", "b", "--incident", "9"],
])
def test_bad_incident_input_exits_2_with_one_line_and_writes_nothing(tmp_path, db_path, args):
    with DutyLog.open(db_path) as log:
        log.add(customer="a", summary="b")
    out = cli(db_path, *args, cwd=tmp_path)
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    with DutyLog.open(db_path) as log:
        assert log.count() == 1 and incidents.listing(log) == []
