"""What a template is: the approved reply, its placeholders, and where it was loaded from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.errors import UserError
from agentdesk.i18n import tr
from agentdesk.phrasebook.placeholders import Placeholder, substitute

__all__ = ["LoadProblem", "MissingPlaceholders", "Placeholder", "Template"]


@dataclass(frozen=True)
class LoadProblem:
    """One thing wrong in a phrasebook file; the file is named, and the line or template id."""

    file: Path
    message: str
    line: int | None = None
    template_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        if self.template_id:
            where += f" [{self.template_id}]"
        return f"{where}: {self.message}"


class MissingPlaceholders(UserError):
    """Filling left placeholders without a value; `missing` names them."""

    def __init__(self, template_id: str, missing: list[str]) -> None:
        names = "、".join(missing)
        super().__init__(
            tr(
                    '话术 {template_id} 缺少占位符的值：{names}（用 --set 名称=值 填写）',
                    template_id=template_id, names=names),
            exit_code=2,
        )
        self.missing = missing


@dataclass(frozen=True)
class Template:
    """An approved reply (话术). `layer` says which phrasebook directory it came from."""

    id: str
    category: str
    title: str
    text: str
    placeholders: tuple[Placeholder, ...] = ()
    stage: str = ""
    channel: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: Path = field(default=Path(), compare=False)
    layer: str = "shipped"

    def placeholder(self, name: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.name == name), None)

    def fill(self, values: Mapping[str, str] | None = None) -> str:
        """The text with every placeholder replaced; defaults apply; raises MissingPlaceholders."""
        values = dict(values or {})
        known = {p.name: p for p in self.placeholders}
        resolved: dict[str, str] = {}
        missing: list[str] = []
        for name, ph in known.items():
            value = values.get(name)
            if value is None or not str(value).strip():
                value = ph.default
            if value is None or not str(value).strip():
                missing.append(name)
            else:
                resolved[name] = str(value)
        if missing:
            raise MissingPlaceholders(self.id, missing)
        return substitute(self.text, resolved)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "category": self.category, "title": self.title, "text": self.text,
            "stage": self.stage, "channel": list(self.channel), "tags": list(self.tags),
            "aliases": list(self.aliases), "layer": self.layer, "source": str(self.source),
            "placeholders": [
                {"name": p.name, "default": p.default, "choices": list(p.choices)}
                for p in self.placeholders
            ],
        }
