"""Duty-log word search at 1,000,000 entries: first page of each kind of query, and paging.

Run: python benchmarks/desk_search.py --db /tmp/big.db [--entries 1000000]
The log is built once at --db (kept for the next run) through the documented fast path: rows
go straight into `entries` inside one `DutyLog.write()` per batch; the triggers queue them for
the word index, and `DutyLog.catch_up()` indexes the queue (as a write does for its own rows).
Target: each first page ≤ 50 ms (issue 14).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agentdesk.desk import DutyLog, EntryFilter

SUMMARIES = ["游戏充值没到账", "宽带断网三天，要求上门维修", "咨询套餐资费", "快递一直显示运输中",
             "投诉客服态度不好", "发票抬头开错了", "申请退货退款", "物业费缴费查询", "装修噪音扰民",
             "电视信号不稳定", "账号被盗，要求冻结", "建议增加夜间客服", "楼上漏水到我家天花板",
             "机顶盒无法开机", "停车位被占用", "光猫红灯闪烁", "节目单与实际播放不符"]
RARE = ["火锅店", "鹦鹉", "太阳能热水器", "轮椅通道"]  # one entry in ~10,000 mentions one
CATEGORIES = ["咨询", "查询", "投诉", "建议", "报修/售后", "退换货", "充值", "缴费", "其他"]
QUERIES = [("common word 断网", "断网"), ("rare word 鹦鹉", "鹦鹉"), ("1 character 漏", "漏"),
           ("2 characters 退款", "退款"), ("multi-word 宽带 断网", "宽带 断网"),
           ("no match 火星", "火星"), ("traditional 寬帶斷網", "寬帶斷網"),
           ("long phrase 宽带断网三天", "宽带断网三天"), ("order number prefix 4242", "4242")]


def build(path: Path, n: int) -> None:
    rng = random.Random(1)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    step = (datetime(2026, 11, 1, tzinfo=timezone.utc) - start) / n
    batch = 50_000
    with DutyLog.open(path, agent="bench") as log:
        for lo in range(0, n, batch):
            rows, events = [], []
            for i in range(lo, min(lo + batch, n)):
                at = (start + step * i).isoformat(timespec="seconds")
                closed = rng.random() < 0.98
                summary = f"{rng.choice(SUMMARIES)}，单号{rng.randrange(10**8)}"
                if rng.random() < 0.0001:
                    summary += "，提到" + rng.choice(RARE)
                phone = f"13{rng.randrange(10**9):09d}"
                rows.append((i + 1, at, at, "坐席", f"客户{i}", "先生", phone, phone, "电话",
                             rng.choice(CATEGORIES), "普通", summary,
                             "closed" if closed else "open", "已处理" if closed else None))
                events.append((i + 1, at, "坐席", "created", json.dumps({"fields": {}})))
            with log.write() as conn:  # indexes the batch before committing it
                conn.executemany(
                    "INSERT INTO entries(id, created_at, updated_at, agent, customer, title, "
                    "contact, contact_norm, channel, category, priority, summary, status, "
                    "resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
                conn.executemany("INSERT INTO events(entry_id, at, by, kind, data) "
                                 "VALUES (?,?,?,?,?)", events)
            print(f"  built {min(lo + batch, n):,}", file=sys.stderr, flush=True)
        log.catch_up()  # bulk writes beyond 5,000 rows leave the rest queued for this
        log.conn.execute("INSERT INTO entries_words(entries_words) VALUES ('optimize')")
        log.conn.execute("ANALYZE")


def timed(fn, repeat: int = 15) -> float:
    fn()  # warm the page cache: the figure is a running desk's, not a cold disk's
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--entries", type=int, default=1_000_000)
    args = ap.parse_args()
    if not args.db.exists():
        t0 = time.perf_counter()
        build(args.db, args.entries)
        print(f"built {args.entries:,} entries in {time.perf_counter() - t0:.0f} s; "
              f"file {args.db.stat().st_size / 2**20:.0f} MiB")
    with DutyLog.open(args.db) as log:
        print(f"entries: {log.count():,}")
        for label, q in QUERIES:
            ms = timed(lambda q=q: log.query(EntryFilter(search=q), limit=100))
            hits = len(log.query(EntryFilter(search=q), limit=100))
            print(f"search {label:<28} first 100: {ms:7.2f} ms  ({hits} rows)")
        ms = timed(lambda: log.search("宽带 鹦鹉", limit=50))
        print(f"ranked search 宽带 鹦鹉 (all, then some) 50: {ms:7.2f} ms")
        ms = timed(lambda: log.query(EntryFilter(search="断网", open_only=True), limit=100))
        print(f"search 断网 among open entries, first 100: {ms:7.2f} ms")
        ms = timed(lambda: log.count(EntryFilter(search="鹦鹉")))
        print(f"count rare word:                        {ms:7.2f} ms")
        ms = timed(lambda: log.count(EntryFilter(search="断网")), repeat=5)
        print(f"count common word 断网 (uncapped):      {ms:7.2f} ms")
        ms = timed(lambda: log.count(EntryFilter(search="断网"), cap=1000))
        print(f"count common word, capped at 1000:      {ms:7.2f} ms")
        ms = timed(lambda: log.count(EntryFilter(open_only=True)))
        print(f"count open entries:                     {ms:7.2f} ms")
        ms = timed(lambda: log.query(limit=100, before_id=1_000))
        print(f"page of 100 by key near the oldest:     {ms:7.2f} ms")
        ms = timed(lambda: log.query(limit=100, offset=args.entries - 1_000))
        print(f"page of 100 by OFFSET near the oldest:  {ms:7.2f} ms")
        ms = timed(lambda: log.query(EntryFilter(search="断网"), limit=100, before_id=5_000))
        print(f"search 断网, page by key near the oldest: {ms:7.2f} ms")
        reindex(log)


def reindex(log: DutyLog, n: int = 50_000) -> None:
    """How fast the index is (re)built, e.g. by the migration from trigrams; rolled back."""
    from agentdesk.desk import search

    conn = log.conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute("INSERT OR IGNORE INTO entries_words_pending(id) SELECT id FROM entries "
                     "ORDER BY id LIMIT ?", (n,))
        t0, c0 = time.perf_counter(), time.process_time()
        done = search.sync(conn)
        elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        conn.rollback()
    print(f"re-index {done:,} entries: {elapsed:.1f} s wall, {cpu:.1f} s CPU "
          f"({done / cpu:,.0f} entries per CPU second)")


if __name__ == "__main__":
    main()
