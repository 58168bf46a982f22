"""The duty log at 1,000,000 entries: add, queries, handover create/ack, verify and export.

Run:
  python benchmarks/desk_scale.py --build big.db --entries 1000000   # once: a few minutes
  python benchmarks/desk_scale.py --db big.db                       # the timings
  python benchmarks/desk_scale.py [N]                               # both, in a temporary dir

The fast path (--build) inserts rows and events exactly as DutyLog.add and close_entry write
them (same columns, same event payloads, so `log verify --full` passes on the result), in one
transaction per 50,000 entries; only the per-row Python validation is skipped.
Targets: add ≤ 10 ms, each query ≤ 50 ms, handover create ≤ 0.3 s, verify after a seal ≤ 2 s,
CSV export ≥ 100,000 rows/s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agentdesk.desk import DutyLog, EntryFilter
from agentdesk.desk.phones import normalise_phone
from agentdesk.desk.reports import export

SUMMARIES = ["游戏充值没到账", "宽带断网三天，要求上门维修", "咨询套餐资费", "快递一直显示运输中",
             "投诉客服态度不好", "发票抬头开错了", "申请退货退款", "物业费缴费查询", "装修噪音扰民",
             "电视信号不稳定", "账号被盗，要求冻结", "建议增加夜间客服"]
CATEGORIES = ["咨询", "查询", "投诉", "建议", "报修/售后", "退换货", "充值", "其他"]


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)   # as DutyLog._event writes


def generate(log: DutyLog, n: int, end: datetime | None = None) -> None:
    """n entries over the three years before `end`; about 2 % still open."""
    rng = random.Random(1)
    end = end or datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=13)
    start = end - timedelta(days=1065)
    step = (end - start) / n
    conn = log.conn
    batch = 50_000
    first = (conn.execute("SELECT COALESCE(MAX(id), 0) FROM entries").fetchone()[0]) + 1
    for lo in range(0, n, batch):
        entries, events = [], []
        for i in range(lo, min(lo + batch, n)):
            eid = first + i
            moment = start + step * i
            at = moment.isoformat(timespec="seconds")
            closed = rng.random() < 0.98          # about 20,000 still open
            callback = (moment + timedelta(hours=rng.choice([1, 24, 48]))).isoformat(
                timespec="seconds") if rng.random() < 0.3 else None
            record = {"agent": "坐席", "customer": f"客户{i}", "title": "先生",
                      "contact": f"13{rng.randrange(10**9):09d}", "channel": "电话",
                      "category": rng.choice(CATEGORIES), "priority": "普通",
                      "summary": f"{rng.choice(SUMMARIES)}，单号{rng.randrange(10**8)}",
                      "callback_at": callback, "status": "open"}
            events.append((eid, at, "坐席", "created", _dumps({"fields": record})))
            updated = at
            if closed:
                updated = (moment + timedelta(minutes=30)).isoformat(timespec="seconds")
                events.append((eid, updated, "坐席", "updated", _dumps(
                    {"changes": {"resolution": [None, "已处理"], "status": ["open", "closed"]}})))
            entries.append((eid, at, updated, record["agent"], record["customer"],
                            record["title"], record["contact"],
                            normalise_phone(record["contact"]), record["channel"],
                            record["category"], record["priority"], record["summary"],
                            "closed" if closed else "open", callback,
                            "已处理" if closed else None))
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO entries(id, created_at, updated_at, agent, customer, title, "
                         "contact, contact_norm, channel, category, priority, summary, status, "
                         "callback_at, resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", entries)
        conn.executemany("INSERT INTO events(entry_id, at, by, kind, data) VALUES (?,?,?,?,?)",
                         events)
        conn.commit()
        print(f"  generated {min(lo + batch, n):,}", file=sys.stderr, flush=True)
    log.catch_up()
    conn.execute("ANALYZE")


def timed(fn, repeat: int = 20) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def once(fn) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn()
    return (time.perf_counter() - t0) * 1000, result


def bench(path: Path) -> None:
    log = DutyLog.open(path, agent="bench")
    print(f"entries: {log.count():,}")
    adds = timed(lambda: log.add(customer="新客户", contact="13812345678",
                                 summary="充值没到账，请尽快处理", category="充值"))
    open_page = timed(lambda: log.query(EntryFilter(open_only=True), limit=100))
    search = timed(lambda: log.query(EntryFilter(search="断网三天"), limit=100))
    overdue = timed(lambda: log.overdue(limit=100))
    repeat = timed(lambda: log.by_contact("13812345678"))
    print(f"add one entry (committed, synchronous=FULL): {adds:.2f} ms   (target ≤ 10)")
    print(f"list open items, first page of 100:          {open_page:.2f} ms   (target ≤ 50)")
    print(f"full-text search '断网三天', first 100:      {search:.2f} ms   (target ≤ 50)")
    print(f"overdue call-backs, first 100:               {overdue:.2f} ms   (target ≤ 50)")
    print(f"repeat contacts of one number:               {repeat:.2f} ms")

    draft = timed(lambda: log.draft_handover("小王"), repeat=3)
    print(f"handover draft (every open item + counts):   {draft:.0f} ms")
    # the first seal of a bulk-built log hashes every event once; a real log is sealed each
    # shift, so the steady state is the second handover below
    create, hid = once(lambda: log.create_handover(by="小王", to="小李"))
    first, h = once(lambda: log.acknowledge(hid, by="小李"))
    print(f"first seal of the bulk log (all events):     {first:.0f} ms (once)")
    for _ in range(200):
        log.add(customer="夜班客户", contact="13900001111", summary="夜里来电，明早回电")
    create, hid = once(lambda: log.create_handover(by="小李", to="小赵"))
    print(f"handover create:                             {create:.0f} ms   (target ≤ 300)")
    ack, h = once(lambda: log.acknowledge(hid, by="小赵"))
    backup_mb = Path(h.backup).stat().st_size / 2**20 if h.backup else 0
    print(f"handover ack incl. checked backup ({backup_mb:.0f} MiB): {ack:.0f} ms"
          f"   (backup error: {h.backup_error})")
    from agentdesk.desk import integrity

    copy, _ = once(lambda: integrity.backup(log.conn, log.path, keep=2))
    print(f"  of which the VACUUM INTO + quick_check copy: {copy:.0f} ms")
    sealed, report = once(lambda: log.verify())
    print(f"log verify right after a seal:               {sealed:.0f} ms   ok={report.ok}"
          "   (target ≤ 2000)")
    for _ in range(200):
        log.add(customer="夜班客户", contact="13900001111", summary="夜里来电，明早回电")
    later, report = once(lambda: log.verify())
    print(f"log verify, 200 entries after the seal:      {later:.0f} ms   ok={report.ok}")
    full, report = once(lambda: log.verify(full=True))
    print(f"log verify --full:                           {full:.0f} ms   ok={report.ok}")
    bare, n = once(lambda: sum(1 for _ in log.conn.execute("SELECT * FROM entries")))
    print(f"bare SELECT * of {n:,} rows (the floor):    {bare:.0f} ms = "
          f"{n / bare * 1000:,.0f} rows/s")
    with tempfile.TemporaryDirectory() as out:
        ms, rows = once(lambda: export(log, Path(out) / "all.csv", "csv"))
        print(f"export CSV (masked), {rows:,} rows:         {ms:.0f} ms = "
              f"{rows / ms * 1000:,.0f} rows/s   (target ≥ 100,000)")
        since = EntryFilter(since=datetime.now(timezone.utc) - timedelta(days=107))
        ms, rows = once(lambda: export(log, Path(out) / "part.xlsx", "xlsx", f=since))
        print(f"export XLSX, {rows:,} rows:                 {ms:.0f} ms = "
              f"{rows / ms * 1000:,.0f} rows/s")
    log.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", nargs="?", type=int, help="entries for a throw-away log (both steps)")
    p.add_argument("--build", metavar="PATH", help="build a large log at PATH (fast path)")
    p.add_argument("--entries", type=int, default=1_000_000)
    p.add_argument("--db", metavar="PATH", help="time an existing large log")
    args = p.parse_args()
    if args.build:
        log = DutyLog.open(args.build, agent="bench")
        t0 = time.perf_counter()
        generate(log, args.entries)
        print(f"built {log.count():,} entries in {time.perf_counter() - t0:.0f} s")
        log.close()
    if args.db:
        bench(Path(args.db))
    if not args.build and not args.db:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "big.db"
            log = DutyLog.open(path, agent="bench")
            generate(log, args.n or 1_000_000)
            log.close()
            bench(path)


if __name__ == "__main__":
    main()
