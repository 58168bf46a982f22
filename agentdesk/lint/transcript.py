"""QA over exported chat logs: which rules each agent broke, for the supervisors' audit.

Reads CSV (UTF-8, with or without BOM) or JSON lines. Column names are matched loosely:
message/text/content/内容/消息, agent/坐席/客服/工号, role/sender/speaker/角色/发送方, time/时间.
Rows whose role says customer (客户, 用户, customer, user, visitor) are skipped.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path

from agentdesk.errors import UserError
from agentdesk.i18n import tr

_MESSAGE = ("message", "text", "content", "内容", "消息", "消息内容")
_AGENT = ("agent", "agent_name", "坐席", "客服", "工号", "客服名称")
_ROLE = ("role", "sender", "speaker", "from", "角色", "发送方", "发送者")
_TIME = ("time", "timestamp", "时间", "发送时间")
_CUSTOMER_ROLES = {"客户", "用户", "访客", "customer", "user", "visitor", "client"}


def _pick(row: dict, names: tuple[str, ...]) -> str | None:
    lowered = {str(k).strip().lower(): v for k, v in row.items() if k is not None}
    for name in names:
        if name in lowered and lowered[name] is not None:
            return str(lowered[name])
    return None


def read_messages(path: Path) -> list[dict]:
    """Agent messages as dicts with agent, time, text, line."""
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(tr('找不到文件：{path}', path=path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(tr(
                '无法读取 {path}（需要 UTF-8 编码的 CSV 或 JSON lines）：{exc}',
                path=path, exc=exc))\
            from None
    rows: list[tuple[int, dict]] = []
    stripped = raw.lstrip()
    if stripped.startswith("{"):
        for n, line in enumerate(raw.splitlines(), 1):
            if line.strip():
                try:
                    item = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise UserError(tr(
                            '{path}:{n}: 不是有效的 JSON：{msg}',
                            path=path, n=n, msg=exc.msg)) from None
                if isinstance(item, dict):
                    rows.append((n, item))
    else:
        reader = csv.DictReader(raw.splitlines())
        rows = [(n, row) for n, row in enumerate(reader, 2)]
    messages = []
    for n, row in rows:
        text = _pick(row, _MESSAGE)
        if text is None:
            raise UserError(tr(
                    '{path}:{n}: 没有消息内容列（message/text/content/内容）',
                    path=path, n=n))
        role = (_pick(row, _ROLE) or "").strip().lower()
        if role in _CUSTOMER_ROLES:
            continue
        messages.append({"agent": _pick(row, _AGENT) or tr('（未注明）'),
                         "time": _pick(row, _TIME) or "", "text": text, "line": n})
    return messages


def audit(linter, messages: list[dict]) -> dict:
    """Counts per rule and per agent, and every flagged message."""
    per_rule: Counter[str] = Counter()
    per_agent: dict[str, Counter[str]] = defaultdict(Counter)
    sent: Counter[str] = Counter()
    flagged = []
    for msg in messages:
        sent[msg["agent"]] += 1
        # counted per rule: each rule's own findings, not the stretches the editor shows
        findings = linter.lint(msg["text"], grouped=False)
        for f in findings:
            per_rule[f.rule] += 1
            per_agent[msg["agent"]][f.rule] += 1
        if findings:
            flagged.append({**msg, "findings": [f.to_dict() for f in findings]})
    return {
        "messages": len(messages),
        "flagged_messages": len(flagged),
        "per_rule": dict(per_rule.most_common()),
        "per_agent": {a: {"messages": sent[a], "findings": sum(c.values()),
                          "rules": dict(c.most_common())} for a, c in sorted(per_agent.items())},
        "flagged": flagged,
    }
