"""Checking what the agent typed, before anything is written; each error names its field."""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone

from agentdesk.data_i18n import data_choices
from agentdesk.desk.model import STATUSES, TITLES
from agentdesk.desk.phones import normalise_phone
from agentdesk.errors import UserError
from agentdesk.i18n import field_label, tr
from agentdesk.vocabulary import Vocabulary, default_vocabulary

_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S",
            "%Y/%m/%d %H:%M", "%Y-%m-%d")


def parse_time(value: datetime | str | None, field: str) -> datetime | None:
    """A local wall-clock time ("2026-11-24 15:30") or an aware datetime, as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.astimezone()
        return moment.astimezone(timezone.utc).replace(microsecond=0)
    text = str(value).strip()
    try:
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is None:
            moment = moment.astimezone()
        return moment.astimezone(timezone.utc).replace(microsecond=0)
    except ValueError:
        pass
    except (OverflowError, OSError):   # year 1 or 9999 shifted across a time zone
        raise _out_of_range(field, text) from None
    for fmt in _FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d":
            moment = datetime.combine(moment.date(), time())
        try:
            return moment.astimezone().astimezone(timezone.utc)
        except (OverflowError, OSError, ValueError):  # ValueError: "year 10000 is out of range"
            raise _out_of_range(field, text) from None
    raise UserError(tr(
            '{field}：无法识别的时间“{text}”，请写成 YYYY-MM-DD HH:MM',
            field=field_label(field), text=text))


# A promised call-back is for this shift or the coming weeks: up to five years ahead leaves
# room for a warranty or contract follow-up and still refuses a typo such as 9999 or 2062.
# Entries copied in from an older log keep their past call-backs: the past reaches ten years.
CALLBACK_AHEAD = timedelta(days=1827)
CALLBACK_BEHIND = timedelta(days=3653)


def _out_of_range(field: str, text: str) -> UserError:
    return UserError(tr(
            '{field}：时间“{text}”超出范围，请写成 YYYY-MM-DD HH:MM',
            field=field_label(field), text=text))


def callback_time(value: datetime | str | None, now: datetime | None = None,
                  field: str = "callback（回电时间）") -> datetime | None:
    """A call-back within two years of now (a promise to the customer, not an archive date)."""
    moment = parse_time(value, field)
    if moment is None:
        return None
    now = now or datetime.now(timezone.utc)
    if moment - now > CALLBACK_AHEAD:
        raise UserError(tr(
                '{field}：{moment:%Y-%m-%d} 在五年之后，回电承诺不会这么远；请检查年份',
                field=field_label(field), moment=moment))
    if now - moment > CALLBACK_BEHIND:
        raise UserError(tr(
                '{field}：{moment:%Y-%m-%d} 是十年以前，不像回电时间；请检查年份',
                field=field_label(field), moment=moment))
    return moment


def in_past(moment: datetime | None, now: datetime | None = None) -> bool:
    return moment is not None and moment < (now or datetime.now(timezone.utc))


NAME_LIMIT = 64
SQLITE_MAX_INT = 2**63 - 1


def name(value: str | None, field: str, *, required: bool = False) -> str | None:
    """A person's name (agent, by, to): trimmed, at most 64 characters, no control characters."""
    from agentdesk.desk.display import has_controls

    value = text(value, field, required=required, limit=NAME_LIMIT)
    if value is not None and has_controls(value):
        raise UserError(tr('{field}：名字里不能有控制字符（换行、制表符、ESC 等）',
                field=field_label(field)))
    return value


def entry_id(value, field: str = "id") -> int:
    """A row id as SQLite can hold it: a positive 64-bit integer."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise UserError(tr('{field}：编号必须是数字：{value}',
                field=field_label(field), value=value)) from None
    if not 1 <= n <= SQLITE_MAX_INT:
        raise UserError(tr(
                '{field}：没有编号为 {value} 的记录（编号应在 1 到 {SQLITE_MAX_INT} 之间）',
                field=field_label(field), value=value, SQLITE_MAX_INT=SQLITE_MAX_INT))
    return n


def count(value, field: str, *, limit: int) -> int:
    """A positive count such as --limit or --days, named in the message when it is not."""
    try:
        n = int(value)
    except (TypeError, ValueError):
        raise UserError(tr('{field} 必须是数字：{value}',
                field=field_label(field), value=value)) from None
    if not 1 <= n <= limit:
        raise UserError(tr('{field} 必须在 1 到 {limit} 之间',
                field=field_label(field), limit=limit))
    return n


def choice(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value not in allowed:
        raise UserError(tr(
                '{field}：“{value}”不在可选值中（{join}）',
                field=field_label(field), value=value, join=data_choices(allowed)))
    return value


def text(value: str | None, field: str, *, required: bool = False, limit: int = 4000) -> str | None:
    if value is None or not str(value).strip():
        if required:
            raise UserError(tr('{field} 不能为空', field=field_label(field)))
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise UserError(tr('{field} 太长（最多 {limit} 个字）',
                field=field_label(field), limit=limit))
    if "\x00" in value:
        raise UserError(tr('{field} 含有无效字符', field=field_label(field)))
    return value


def contact(value: str | None) -> str | None:
    value = text(value, "contact（联系方式）", limit=64)
    if value is None:
        return None
    digits = normalise_phone(value) or ""
    if not 5 <= len(digits) <= 15:
        raise UserError(tr('contact（联系方式）：“{value}”不像电话号码', value=value))
    return value


def fields(changes: dict, vocabulary: Vocabulary | None = None) -> dict:
    """Validate any subset of entry fields; returns the cleaned values (words made canonical)."""
    clean: dict = {}
    vocab = vocabulary or default_vocabulary()
    checks = {
        "customer": lambda v: text(v, "customer（客户姓名）", required=True, limit=100),
        "summary": lambda v: text(v, "summary（问题内容）", required=True),
        "resolution": lambda v: text(v, "resolution（处理情况）"),
        "agent": lambda v: name(v, "agent（坐席）"),
        "transferred_to": lambda v: name(v, "to（转交对象）"),
        "title": lambda v: choice(v, TITLES, "title（称呼）"),
        "channel": lambda v: vocab.require("channels", v, "channel（渠道）"),
        "category": lambda v: vocab.require("categories", v, "category（类别）"),
        "priority": lambda v: vocab.require("priorities", v, "priority（优先级）"),
        "status": lambda v: choice(v, STATUSES, "status（状态）"),
        "contact": contact,
        "callback_at": callback_time,
    }
    for key, value in changes.items():
        if key not in checks:
            raise UserError(tr('未知字段：{key}', key=key))
        clean[key] = checks[key](value)
    return clean
