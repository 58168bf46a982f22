"""What the linter reports: a Finding with Python offsets into the text the agent typed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


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

    def apply(self, text: str, suggestion: str | None = None) -> str:
        """text with this finding replaced by a suggestion (the first one by default)."""
        if suggestion is None:
            suggestion = self.suggestions[0] if self.suggestions else ""
        return text[: self.start] + suggestion + text[self.end:]

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "rule": self.rule,
                "severity": self.severity.value, "category": self.category,
                "message": self.message, "suggestions": list(self.suggestions),
                "matched": self.matched}
