"""Exports a supervisor opens in Excel (CSV with BOM, or XLSX) and daily/category statistics."""

from __future__ import annotations

import csv
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from agentdesk.desk.model import STATUS_LABELS, EntryFilter, local_text
from agentdesk.errors import UserError
from agentdesk.i18n import t

if TYPE_CHECKING:
    from agentdesk.desk.dutylog import DutyLog

HEADERS = ("编号", "时间", "坐席", "客户姓名", "称呼", "联系方式", "渠道", "类别", "优先级",
           "问题内容", "状态", "转交对象", "回电时间", "处理情况")
_BATCH = 5000


def rows(log: DutyLog, f: EntryFilter | None = None, *, masked: bool = True):
    """Export rows oldest first, fetched in batches (a million entries never sit in memory)."""
    total = log.count(f)
    for offset in range(max(total - _BATCH, 0), -_BATCH, -_BATCH):
        batch = log.query(f, offset=max(offset, 0), limit=_BATCH if offset >= 0 else
                          _BATCH + offset)
        for e in reversed(batch):
            yield (e.id, local_text(e.created_at), e.agent, e.customer, e.title or "",
                   e.masked_contact if masked else (e.contact or ""), e.channel, e.category,
                   e.priority, e.summary, STATUS_LABELS.get(e.status, e.status),
                   e.transferred_to or "", local_text(e.callback_at), e.resolution or "")


def _safe_cell(value):
    # a summary starting with = + - @ must not run as a formula when Excel opens the file
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export(log: DutyLog, output: Path, fmt: str, *, f: EntryFilter | None = None,
           masked: bool = True) -> int:
    """Write the file next to its final name, then move it into place; returns the row count."""
    output = Path(output)
    if output.is_dir():
        raise UserError(t(f"--output：{output} 是目录，请给出文件名",
                          f"--output: {output} is a directory"))
    tmp = output.with_name(output.name + ".part")
    n = 0
    try:
        if fmt == "csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(HEADERS)
                for row in rows(log, f, masked=masked):
                    writer.writerow([_safe_cell(v) for v in row])
                    n += 1
        elif fmt == "xlsx":
            from openpyxl import Workbook

            wb = Workbook(write_only=True)
            ws = wb.create_sheet("值班记录")
            ws.append(HEADERS)
            for row in rows(log, f, masked=masked):
                ws.append([_safe_cell(v) for v in row])
                n += 1
            wb.save(tmp)
        else:
            raise UserError(t(f"--format：不支持 {fmt}（csv 或 xlsx）", f"--format: {fmt}?"))
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UserError(t(f"--output：无法写入 {output}：{exc.strerror}",
                          f"--output: cannot write {output}: {exc.strerror}")) from None
    return n


def stats(log: DutyLog, days: int = 14) -> dict:
    """Contacts per local day and category for the last `days`, plus what is open now."""
    from datetime import timedelta

    from agentdesk.desk.model import to_iso, utc_now

    now = utc_now()
    since = to_iso(now - timedelta(days=days))
    per_day: dict[str, Counter] = defaultdict(Counter)
    for created, category in log.conn.execute(
            "SELECT created_at, category FROM entries WHERE created_at >= ?", (since,)):
        from agentdesk.desk.model import from_iso

        per_day[from_iso(created).astimezone().strftime("%Y-%m-%d")][category] += 1
    by_category = Counter()
    for counter in per_day.values():
        by_category.update(counter)
    q = log.conn.execute
    return {
        "days": days,
        "per_day": {d: dict(c) for d, c in sorted(per_day.items())},
        "by_category": dict(by_category.most_common()),
        "total": sum(by_category.values()),
        "open": q("SELECT COUNT(*) FROM entries WHERE status != 'closed'").fetchone()[0],
        "overdue": q("SELECT COUNT(*) FROM entries WHERE status != 'closed' AND callback_at "
                     "IS NOT NULL AND callback_at <= ?", (to_iso(now),)).fetchone()[0],
        "sla_breaches": len(log.sla_breaches(now)),
    }
