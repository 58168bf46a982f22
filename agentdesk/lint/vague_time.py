"""Vague promises of time (尽快, 稍后, 过段时间) in a clause that names no time: advice
(info level), not a violation.
"""

from __future__ import annotations

import re
from bisect import bisect_right

VAGUE = re.compile(r"尽快|稍后|过段时间|过一段时间")
TIME_WORDS = re.compile(
    r"\d+\s*(?:分钟|小时|天|个?工作日|点|号|日|月)|[一二三四五六七八九十两半]+\s*(?:分钟|个?小时|天|"
    r"个?工作日)|今天|今日|明天|后天|下班前|本周|周[一二三四五六日]|\d{1,2}[:：]\d{2}")
_CLAUSE_END = re.compile("[。！？!?\n，,；;]")


def vague_promises(text: str) -> list[tuple[int, int, str]]:
    if "尽" not in text and "稍" not in text and "段时间" not in text:
        return []
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]  # once: bisect per hit, not scans
    found = []
    timed: dict[int, bool] = {}  # per clause: a clause of a thousand 稍后 is searched once
    for m in VAGUE.finditer(text):
        i = bisect_right(ends, m.start() - 1)
        if i not in timed:
            left = ends[i - 1] + 1 if i else 0
            right = ends[i] if i < len(ends) else len(text)
            timed[i] = TIME_WORDS.search(text, left, right) is not None
        if not timed[i]:
            found.append((m.start(), m.end(), "promise.vague_time"))
    return found
