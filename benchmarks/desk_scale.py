"""The duty log at 1,000,000 entries: add one, list open items, full-text search, overdue.

Run: python benchmarks/desk_scale.py [N]   (generation takes a few minutes on two cores)
Targets: add ≤ 10 ms, each query ≤ 50 ms.
"""

from __future__ import annotations

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

SUMMARIES = ["游戏充值没到账", "宽带断网三天，要求上门维修", "咨询套餐资费", "快递一直显示运输中",
             "投诉客服态度不好", "发票抬头开错了", "申请退货退款", "物业费缴费查询", "装修噪音扰民",
             "电视信号不稳定", "账号被盗，要求冻结", "建议增加夜间客服"]
CATEGORIES = ["咨询", "查询", "投诉", "建议", "报修/售后", "退换货", "充值", "其他"]


def generate(log: DutyLog, n: int) -> None:
    rng = random.Random(1)
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    step = (datetime(2026, 11, 1, tzinfo=timezone.utc) - start) / n
    conn = log.conn
    batch = 50_000
    for lo in range(0, n, batch):
        entries, events = [], []
        for i in range(lo, min(lo + batch, n)):
            at = (start + step * i).isoformat(timespec="seconds")
            closed = rng.random() < 0.98          # about 20,000 still open
            callback = (start + step * i + timedelta(hours=rng.choice([1, 24, 48]))).isoformat(
                timespec="seconds") if rng.random() < 0.3 else None
            summary = f"{rng.choice(SUMMARIES)}，单号{rng.randrange(10**8)}"
            phone = f"13{rng.randrange(10**9):09d}"
            entries.append((i + 1, at, at, "坐席", f"客户{i}", "先生", phone, phone, "电话",
                            rng.choice(CATEGORIES), "普通", summary,
                            "closed" if closed else "open", callback,
                            "已处理" if closed else None))
            events.append((i + 1, at, "坐席", "created", json.dumps({"fields": {}})))
        with log.write():  # the documented fast path; catch_up() below indexes the rows
            conn.executemany("INSERT INTO entries(id, created_at, updated_at, agent, customer, "
                             "title, contact, contact_norm, channel, category, priority, summary, "
                             "status, "
                             "callback_at, resolution) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                             entries)
            conn.executemany("INSERT INTO events(entry_id, at, by, kind, data) "
                             "VALUES (?,?,?,?,?)", events)
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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.db"
        log = DutyLog.open(path, agent="bench")
        t0 = time.perf_counter()
        generate(log, n)
        print(f"entries: {log.count():,} (generated in {time.perf_counter() - t0:.0f} s)")
        adds = timed(lambda: log.add(customer="新客户", contact="13812345678",
                                     summary="充值没到账，请尽快处理", category="充值"))
        open_page = timed(lambda: log.query(EntryFilter(open_only=True), limit=100))
        open_count = timed(lambda: log.count(EntryFilter(open_only=True)))
        search = timed(lambda: log.query(EntryFilter(search="断网三天"), limit=100))
        short = timed(lambda: log.query(EntryFilter(search="断网"), limit=100))
        overdue = timed(lambda: log.overdue(limit=100))
        repeat = timed(lambda: log.by_contact("13812345678"))
        print(f"add one entry (committed, synchronous=FULL): {adds:.2f} ms   (target ≤ 10)")
        print(f"list open items, first page of 100:          {open_page:.2f} ms   (target ≤ 50)")
        print(f"count open items:                            {open_count:.2f} ms")
        print(f"full-text search '断网三天', first 100:      {search:.2f} ms   (target ≤ 50)")
        print(f"two-character search '断网', first 100:      {short:.2f} ms")
        print(f"overdue call-backs, first 100:               {overdue:.2f} ms   (target ≤ 50)")
        print(f"repeat contacts of one number:               {repeat:.2f} ms")
        log.close()


if __name__ == "__main__":
    main()
