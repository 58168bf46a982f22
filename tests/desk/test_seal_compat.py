"""A log sealed before the entry's fields came from one definition still verifies, byte for byte.

The log is built through the public API with fixed times, so its chain head is a constant:
the value below was printed by the code of main before agentdesk.desk.fields existed. Any
change to what an entry's events record (their keys, their JSON) changes the head.
"""

from __future__ import annotations

from datetime import datetime, timezone

from agentdesk.desk import DutyLog

# printed by main at 40893a6 (before desk/fields.py) for the log that build() writes
HEAD_BEFORE_FIELDS = "03ce242c68b090274a43298246aa1174e37f65c682cd86edcfc7a33e888ab819"
T0 = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)


def build(db_path, monkeypatch) -> tuple[DutyLog, str]:
    from datetime import timedelta

    from agentdesk.desk import handover

    def at(minutes: int) -> datetime:
        return T0 + timedelta(minutes=minutes)

    log = DutyLog.open(db_path, agent="小王")
    a = log.add(customer="张三", title="先生", contact="138 1234 5678", channel="电话",
                category="投诉", priority="高", summary="宽带断网三天", now=at(0),
                callback_at=at(90))
    b = log.add(customer="李四", summary="发票开错", now=at(5))
    log.update(a, by="小王", now=at(10), status="transferred", transferred_to="装维班")
    log.close_entry(b, "已重开发票", by="小王", now=at(15))
    h1 = log.create_handover(by="小王", to="小李", notes="张三今晚回电", now=at(20))
    monkeypatch.setattr(handover, "utc_now", lambda: at(25))
    first = log.acknowledge(h1, by="小李")
    c = log.add(customer="王五", summary="充值没到账", category="充值", agent="小李", now=at(30))
    log.update(c, by="小李", now=at(35), summary="充值 100 元没到账", priority="紧急")
    h2 = log.create_handover(by="小李", notes="王五的充值", now=at(40))
    monkeypatch.setattr(handover, "utc_now", lambda: at(45))
    second = log.acknowledge(h2, by="小赵")
    assert first.seal and second.seal
    return log, second.seal


def test_a_log_sealed_before_the_field_table_has_the_same_head_and_verifies(db_path,
                                                                              monkeypatch):
    log, head = build(db_path, monkeypatch)
    try:
        assert head == HEAD_BEFORE_FIELDS
        assert log.verify().ok and log.verify(full=True).ok
        assert log.verify(expect=HEAD_BEFORE_FIELDS).ok
    finally:
        log.close()
