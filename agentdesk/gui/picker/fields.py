"""A template laid out for inline filling: its text with values in place, and where each field is.

Positions are Qt's (UTF-16 code units) because the editor reports its edits in them; the
fields move and grow with every edit (`shift`), so Tab finds them after the agent typed.
Plain Python: tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass


def units(text: str) -> int:
    """Length in UTF-16 code units (an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Field:
    name: str
    start: int
    end: int
    choices: tuple[str, ...] = ()


def prefill(template, remembered) -> dict[str, str]:
    """Each placeholder's starting value: what the agent last typed for that name, else the
    template's default; a placeholder with neither is left out (it stays a `{slot}`)."""
    values = {}
    for ph in template.placeholders:
        value = remembered(ph.name) or ph.default
        if value and value.strip():
            values[ph.name] = value
    return values


def lay_out(template, values: dict[str, str]) -> tuple[str, list[Field]]:
    """The text with values substituted and the field of every placeholder occurrence;
    a placeholder without a value is shown as `{name}` (the linter flags it as unfilled)."""
    from agentdesk.phrasebook import find_placeholders

    text, fields, done, pos = [], [], 0, 0
    source = template.text
    for start, end, ph in find_placeholders(source):
        before = source[done:start]
        text.append(before)
        pos += units(before)
        known = template.placeholder(ph.name)
        shown = values.get(ph.name) or "{" + ph.name + "}"
        choices = (known.choices if known else ()) or ph.choices
        fields.append(Field(ph.name, pos, pos + units(shown), tuple(choices)))
        text.append(shown)
        pos += units(shown)
        done = end
    text.append(source[done:])
    return "".join(text), fields


def shift(fields: list[Field], position: int, removed: int, added: int) -> None:
    """Follow one edit (Qt's contentsChange): fields after it move, a field it touches grows
    or shrinks; typing over a selected field keeps the field around what was typed."""
    delta = added - removed
    for f in fields:
        if position > f.end:
            continue                                   # after the field
        touches_start_only = removed == 0 and position == f.start and f.start < f.end
        if position + removed <= f.start and (position < f.start or touches_start_only):
            f.start += delta                           # before it (or typed just ahead of it)
            f.end += delta
            continue
        f.start = min(f.start, position)               # overlaps, inside, or at its end
        f.end = max(f.start, f.end + delta, position + added) if position + removed <= f.end \
            else max(f.start, position + added)


def edit_between(old: str, new: str) -> tuple[int, int, int]:
    """(position, removed, added) in UTF-16 units turning old into new. Qt's own contentsChange
    is no help here: an input-method commit reports the whole paragraph as replaced."""
    a = memoryview(old.encode("utf-16-le")).cast("H")
    b = memoryview(new.encode("utf-16-le")).cast("H")
    limit = min(len(a), len(b))
    head = 0
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    return head, len(a) - head - tail, len(b) - head - tail


def values_of(text_units: str, fields: list[Field]) -> dict[str, str]:
    """What each field holds now (for remembering), skipping fields still showing `{name}`."""
    raw = text_units.encode("utf-16-le")
    out: dict[str, str] = {}
    for f in fields:
        value = raw[2 * f.start: 2 * f.end].decode("utf-16-le", "replace").strip()
        if value and not (value.startswith("{") and value.endswith("}")):
            out.setdefault(f.name, value)
    return out
