"""What the linter reports: a Finding with Python offsets into the text the agent typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

_MARKS = frozenset("，。！？；,.!?;")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self._value_]  # _value_, not .value: Enum's property costs ~1 µs a call


_RANK = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    """One problem: text[start:end] == matched, in the original (not normalised) text."""

    start: int
    end: int
    rule: str
    severity: Severity
    category: str
    message: str
    suggestions: tuple[str, ...] = field(default=())
    matched: str = ""
    # What a suggestion replaces: the clause around the phrase when the rule's suggestions are
    # whole clauses ("这个我不知道" → "我帮您查询后回复您", not "这个我我帮您…"). -1: the span.
    fix_start: int = -1
    fix_end: int = -1

    @classmethod
    def _fast(cls, start, end, rule, severity, category, message, suggestions, matched,
              fix_start, fix_end) -> Finding:
        """The linter's constructor: a frozen dataclass's __init__ sets each field through
        object.__setattr__ (~7 µs); a megabyte has a hundred thousand findings."""
        f = object.__new__(cls)
        f.__dict__.update(start=start, end=end, rule=rule, severity=severity, category=category,
                          message=message, suggestions=suggestions, matched=matched,
                          fix_start=fix_start, fix_end=fix_end)
        return f

    @property
    def fix_span(self) -> tuple[int, int]:
        """[start, end) of the original text that applying a suggestion replaces."""
        if self.fix_start < 0:
            return self.start, self.end
        return self.fix_start, self.fix_end

    def apply(self, text: str, suggestion: str | None = None) -> str:
        """text with this finding's fix span replaced by a suggestion (the first by default).

        With no suggestion (unfilled placeholders) the text is returned unchanged: deleting a
        placeholder would leave a sentence with a hole in it."""
        if suggestion is None:
            if not self.suggestions:
                return text
            suggestion = self.suggestions[0]
        start, end = self.fix_span
        return text[:start] + fitted(suggestion, text, end) + text[end:]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "rule": self.rule,
                "severity": self.severity._value_, "category": self.category,
                "message": self.message, "suggestions": list(self.suggestions),
                "matched": self.matched, "fix": list(self.fix_span)}


def fitted(suggestion: str, text: str, end: int) -> str:
    """suggestion as it goes in before text[end:]: "请问您找哪一位？" before the draft's own "？"
    loses its mark."""
    if suggestion and suggestion[-1] in _MARKS and text[end:end + 1] in _MARKS:
        return suggestion[:-1]
    return suggestion


@dataclass(frozen=True)
class RuleProblem:
    """One thing wrong in a rule file, which was skipped (the file, or just that rule)."""

    file: Path
    message: str
    line: int | None = None
    rule_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        if self.rule_id:
            where += f" [{self.rule_id}]"
        return f"{where}: {self.message}"
