"""The placeholder syntax inside a template's text: `{name}` and `{name|default|choice…}`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from agentdesk.i18n import tr


@dataclass(frozen=True)
class Placeholder:
    """A `{name}` or `{name|default|other choice}` slot in a template's text."""

    name: str
    default: str | None = None
    choices: tuple[str, ...] = ()


# A name is anything but braces, bars and line breaks; the alternatives after `|` are the
# choices and the first of them is the default.
PLACEHOLDER_RE = re.compile(r"\{([^{}|\n]+)((?:\|[^{}|\n]*)*)\}")


def _parse(match: re.Match[str]) -> Placeholder:
    name = match.group(1).strip()
    options = [o.strip() for o in match.group(2).split("|")[1:]] if match.group(2) else []
    options = [o for o in options if o]
    return Placeholder(name=name, default=options[0] if options else None,
                       choices=tuple(options))


def find_placeholders(text: str) -> list[tuple[int, int, Placeholder]]:
    """Every `{…}` slot in text with its Python offsets, in order."""
    return [(m.start(), m.end(), _parse(m)) for m in PLACEHOLDER_RE.finditer(text)]


def infer_placeholders(text: str) -> list[Placeholder]:
    """One Placeholder per distinct name; the first occurrence that gives choices wins."""
    seen: dict[str, Placeholder] = {}
    for _, _, ph in find_placeholders(text):
        if ph.name not in seen or (not seen[ph.name].choices and ph.choices):
            seen[ph.name] = ph
    return list(seen.values())


def malformed(text: str) -> str | None:
    """Why the braces in text do not form placeholders, or None when they do."""
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
            if depth > 1:
                return tr('占位符不能嵌套')
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return tr('多余的 }}')
    if depth:
        return tr('缺少 }}')
    for m in re.finditer(r"\{([^{}]*)\}", text):
        if not PLACEHOLDER_RE.fullmatch(m.group(0)) or not m.group(1).split("|")[0].strip():
            return tr('占位符 {placeholder} 没有名称', placeholder=m.group(0))
    return None


def substitute(text: str, values: Mapping[str, str]) -> str:
    """Replace every slot whose name has a value; slots without one stay as they are."""
    def repl(m: re.Match[str]) -> str:
        return values.get(m.group(1).strip(), m.group(0))

    return PLACEHOLDER_RE.sub(repl, text)
