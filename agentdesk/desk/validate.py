"""Checking what the agent typed, before anything is written; each error names its field."""

from __future__ import annotations

from datetime import datetime, time, timezone

from agentdesk.desk.model import STATUSES, TITLES
from agentdesk.desk.phones import normalise_phone
from agentdesk.errors import UserError
from agentdesk.i18n import t
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
    for fmt in _FORMATS:
        try:
            moment = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if fmt == "%Y-%m-%d":
            moment = datetime.combine(moment.date(), time())
        return moment.astimezone().astimezone(timezone.utc)
    raise UserError(t(f"{field}：无法识别的时间“{text}”，请写成 YYYY-MM-DD HH:MM",
                      f"{field}: cannot read the time '{text}'; use YYYY-MM-DD HH:MM"))


def choice(value: str | None, allowed: tuple[str, ...], field: str) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value not in allowed:
        raise UserError(t(f"{field}：“{value}”不在可选值中（{'、'.join(allowed)}）",
                          f"{field}: '{value}' is not one of {', '.join(allowed)}"))
    return value


def text(value: str | None, field: str, *, required: bool = False, limit: int = 4000) -> str | None:
    if value is None or not str(value).strip():
        if required:
            raise UserError(t(f"{field} 不能为空", f"{field} must not be empty"))
        return None
    value = str(value).strip()
    if len(value) > limit:
        raise UserError(t(f"{field} 太长（最多 {limit} 个字）",
                          f"{field} is too long (max {limit})"))
    if "\x00" in value:
        raise UserError(t(f"{field} 含有无效字符", f"{field} contains a NUL character"))
    return value


def contact(value: str | None) -> str | None:
    value = text(value, "contact（联系方式）", limit=64)
    if value is None:
        return None
    digits = normalise_phone(value) or ""
    if not 5 <= len(digits) <= 15:
        raise UserError(t(f"contact（联系方式）：“{value}”不像电话号码",
                          f"contact: '{value}' does not look like a phone number"))
    return value


def fields(changes: dict, vocabulary: Vocabulary | None = None) -> dict:
    """Validate any subset of entry fields; returns the cleaned values (words made canonical)."""
    clean: dict = {}
    vocab = vocabulary or default_vocabulary()
    checks = {
        "customer": lambda v: text(v, "customer（客户姓名）", required=True, limit=100),
        "summary": lambda v: text(v, "summary（问题内容）", required=True),
        "resolution": lambda v: text(v, "resolution（处理情况）"),
        "agent": lambda v: text(v, "agent（坐席）", limit=100),
        "transferred_to": lambda v: text(v, "to（转交对象）", limit=100),
        "title": lambda v: choice(v, TITLES, "title（称呼）"),
        "channel": lambda v: vocab.require("channels", v, "channel（渠道）"),
        "category": lambda v: vocab.require("categories", v, "category（类别）"),
        "priority": lambda v: vocab.require("priorities", v, "priority（优先级）"),
        "status": lambda v: choice(v, STATUSES, "status（状态）"),
        "contact": contact,
        "callback_at": lambda v: parse_time(v, "callback（回电时间）"),
    }
    for key, value in changes.items():
        if key not in checks:
            raise UserError(t(f"未知字段：{key}", f"unknown field: {key}"))
        clean[key] = checks[key](value)
    return clean
