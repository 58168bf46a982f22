"""The duty log's vocabularies as data: channels, categories (aliases, SLA), priorities, statuses.

Each phrasebook layer may hold a `vocabulary.toml`; layers apply in order over the shipped one
(which always applies first). A later layer extends a table entry by entry (an entry with the
same canonical name replaces the earlier one in place), or with `replace = true` replaces every
table it names. A file that cannot be read is reported and skipped; so is a bad entry in it.
The first entry of a table is its default. Plain Python: the CLI, the window, the handover and
the exports all read the same `Vocabulary`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from agentdesk.data_i18n import data_choices, data_source
from agentdesk.errors import UserError
from agentdesk.i18n import field_label, tr

FILE_NAME = "vocabulary.toml"
TABLES = ("channels", "categories", "priorities")
# Shifts start at these local hours ("next_shift" call-backs); the desk has no shift table yet.
SHIFT_STARTS = (8, 20)
_OFFSET = re.compile(r"^\+\s*(\d{1,4})\s*([mhd])$")
_NEXT = re.compile(r"^next\s+(\d{1,2}):(\d{2})$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def _fold(text: str) -> str:
    """How typed words are compared: full-width folded, case and spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@dataclass(frozen=True)
class Term:
    """One canonical word and what else agents call it."""

    name: str
    aliases: tuple[str, ...] = ()
    sla_hours: float | None = None  # categories only: open longer than this breaches the SLA
    # categories only: counted as a complaint (the handover's open complaints, their SLA).
    # None while parsing means "not said": an override of the same name keeps the earlier one
    complaint: bool | None = False


@dataclass(frozen=True)
class Vocabulary:
    channels: tuple[Term, ...] = ()
    categories: tuple[Term, ...] = ()
    priorities: tuple[Term, ...] = ()
    statuses: dict[str, str] = field(default_factory=dict)
    callback_presets: tuple[tuple[str, str], ...] = ()  # (label, offset), in file order

    def names(self, table: str) -> tuple[str, ...]:
        return tuple(term.name for term in getattr(self, table))

    @property
    def channel_names(self) -> tuple[str, ...]:
        return self.names("channels")

    @property
    def category_names(self) -> tuple[str, ...]:
        return self.names("categories")

    @property
    def priority_names(self) -> tuple[str, ...]:
        return self.names("priorities")

    def default(self, table: str) -> str | None:
        terms = getattr(self, table)
        return terms[0].name if terms else None

    def canonical(self, table: str, value: str) -> str | None:
        """The canonical name for a name or alias (any case, width or script), else None."""
        lookup = _lookup(self, table)
        key = _fold(value)
        if key in lookup:
            return lookup[key]
        if any(ch >= "\u3400" for ch in key):  # 報修 -> 报修: OpenCC only when it can matter
            from agentdesk.chinese import to_simplified

            return lookup.get(to_simplified(key))
        source = data_source(value, _fold)      # "repair / after-sales", as English shows it
        return lookup.get(_fold(source)) if source else None

    def require(self, table: str, value: str | None, field_name: str) -> str | None:
        """canonical(), or the user's one-line error listing what is accepted."""
        if value is None:
            return None
        found = self.canonical(table, str(value))
        if found is None:
            allowed = self.names(table)
            raise UserError(tr(
                    '{field_name}：“{str}”不在可选值中（{join}）',
                    field_name=field_label(field_name), str=str(value).strip(),
                    join=data_choices(allowed)))
        return found

    def sla_hours(self, category: str) -> float | None:
        return next((term.sla_hours for term in self.categories if term.name == category), None)

    @property
    def complaint_categories(self) -> tuple[str, ...]:
        """The categories marked `complaint = true`, whatever a desk calls them."""
        return tuple(term.name for term in self.categories if term.complaint)

    @property
    def complaint_sla_hours(self) -> float | None:
        return next((term.sla_hours for term in self.categories if term.complaint), None)

    @property
    def sla(self) -> dict[str, float]:
        """Every category that has an SLA, with its hours."""
        return {term.name: term.sla_hours for term in self.categories
                if term.sla_hours is not None}

    def status_label(self, status: str) -> str:
        return self.statuses.get(status, status)

    def callback_time(self, value: str, now: datetime | None = None) -> datetime | None:
        """A preset label ("30 分钟") or offset ("+2h", "next 09:00", "next_shift") as a UTC
        time after now; None when value is neither (e.g. a plain date)."""
        key = _fold(value)
        offset = next((o for label, o in self.callback_presets if _fold(label) == key), value)
        return offset_time(offset, now)


def offset_time(offset: str, now: datetime | None = None) -> datetime | None:
    """'+30m' / '+2h' / '+1d', 'next HH:MM' (local), 'next_shift'; None if not an offset."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    text = " ".join(unicodedata.normalize("NFKC", str(offset)).strip().lower().split())
    m = _OFFSET.match(text)
    if m:
        return now + timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
    local = now.astimezone()
    m = _NEXT.match(text)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        at = local.replace(hour=int(m.group(1)), minute=int(m.group(2)), second=0)
        return (at if at > local else at + timedelta(days=1)).astimezone(timezone.utc)
    if text in ("next_shift", "next shift"):
        starts = [local.replace(hour=h, minute=0, second=0) + timedelta(days=d)
                  for d in (0, 1) for h in SHIFT_STARTS]
        return min(s for s in starts if s > local).astimezone(timezone.utc)
    return None


@lru_cache(maxsize=64)
def _lookup_of(terms: tuple[Term, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for term in terms:  # aliases first, so a canonical name always wins over another's alias
        for alias in term.aliases:
            found[_fold(alias)] = term.name
    for term in terms:
        found[_fold(term.name)] = term.name
    return found


def _lookup(vocab: Vocabulary, table: str) -> dict[str, str]:
    return _lookup_of(getattr(vocab, table))


# -- loading ------------------------------------------------------------------------------
def _strings(value, where: str, problems: list[str]) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return tuple(v.strip() for v in value)
    problems.append(tr('{where}：别名应是字符串列表', where=where))
    return None


def _term(table: str, name: str, value, where: str, problems: list[str]) -> Term | None:
    if not name.strip():
        problems.append(tr('{where}：名称不能为空', where=where))
        return None
    sla, complaint = None, (None if table == "categories" else False)
    if table == "categories" and isinstance(value, dict):
        extra = set(value) - {"aliases", "sla_hours", "complaint"}
        if extra:
            problems.append(tr(
                    '{where}：未知的键 {join}',
                    where=where, join=', '.join(sorted(extra))))
        sla = value.get("sla_hours")
        if sla is not None and (isinstance(sla, bool) or not isinstance(sla, (int, float))
                                or not 0 < sla <= 24 * 365):
            problems.append(tr('{where}：sla_hours 应是正数（小时）', where=where))
            return None
        complaint = value.get("complaint")
        if complaint is not None and not isinstance(complaint, bool):
            problems.append(tr('{where}：complaint 应是 true 或 false', where=where))
            return None
        value = value.get("aliases", [])
    aliases = _strings(value, where, problems)
    return None if aliases is None else Term(name.strip(), aliases, sla, complaint)


def _parse_layer(path: Path, problems: list[str]) -> dict | None:
    """One file's tables ({table: {name: Term}}, statuses, presets), or None if unreadable."""
    try:
        import rtoml

        data = rtoml.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # rtoml's error is a ValueError
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        problems.append(tr('{path}：无法读取词表，已跳过（{reason}）', path=path, reason=reason))
        return None
    layer: dict = {"replace": False}
    for key, value in data.items():
        where = f"{path} [{key}]"
        if key == "replace":
            if not isinstance(value, bool):
                problems.append(tr('{path}：replace 应是 true 或 false', path=path))
            layer["replace"] = value is True
        elif not isinstance(value, dict):
            problems.append(tr('{where}：应是一个表', where=where))
        elif key in TABLES:
            terms = {}
            for name, entry in value.items():
                term = _term(key, name, entry, f"{path} [{key}] {name}", problems)
                if term is not None:
                    terms[term.name] = term
            layer[key] = terms
        elif key == "statuses":
            layer[key] = {}
            for status, label in value.items():
                if isinstance(label, str) and label.strip():
                    layer[key][status] = label.strip()
                else:
                    problems.append(tr(
                            '{where} {status}：标签应是文字',
                            where=where, status=status))
        elif key == "callback_presets":
            layer[key] = {}
            for label, offset in value.items():
                if isinstance(offset, str) and offset_time(offset) is not None:
                    layer[key][label] = offset
                else:
                    problems.append(tr(
                            '{where} {label}：无法识别的回电时间“{offset}”（例如 +30m、+2h、next 0'
                            '9:00、next_shift）',
                            where=where, label=label, offset=offset))
        else:
            problems.append(tr('{path}：未知的表 [{key}]，已忽略', path=path, key=key))
    return layer


def _merge(tables: dict, layer: dict) -> None:
    for key in (*TABLES, "statuses", "callback_presets"):
        if key not in layer:
            continue
        if layer["replace"]:
            tables[key] = dict(layer[key])
        else:
            if key == "categories":   # an override that does not say keeps the complaint mark
                for name, term in layer[key].items():
                    old = tables[key].get(name)
                    if term.complaint is None and old is not None:
                        layer[key][name] = replace(term, complaint=old.complaint)
            tables[key].update(layer[key])  # same name: replaced in place, new names appended


def shipped_file() -> Path:
    from agentdesk.paths import shipped_phrasebook

    return shipped_phrasebook() / FILE_NAME


def load_vocabulary(dirs: Iterable[Path] = ()) -> tuple[Vocabulary, list[str]]:
    """The shipped vocabulary, then each layer directory's vocabulary.toml in order."""
    shipped = shipped_file()
    files = [shipped]
    for d in dirs:
        candidate = Path(d) / FILE_NAME
        if candidate.is_file() and candidate.resolve() != shipped.resolve():
            files.append(candidate)
    stamps = []
    for path in files:
        try:
            stamps.append((path, path.stat().st_mtime_ns))
        except OSError:
            stamps.append((path, None))  # reported by _parse_layer
    vocab, problems = _load(tuple(stamps))
    return vocab, list(problems)


@lru_cache(maxsize=8)
def _load(files: tuple[tuple[Path, int | None], ...]) -> tuple[Vocabulary, tuple[str, ...]]:
    """Parsed once per set of files and their modification times (the CLI asks twice)."""
    problems: list[str] = []
    tables: dict = {key: {} for key in (*TABLES, "statuses", "callback_presets")}
    for path, _ in files:
        layer = _parse_layer(path, problems)
        if layer is not None:
            _merge(tables, layer)
    vocab = Vocabulary(
        channels=tuple(tables["channels"].values()),
        categories=tuple(replace(t, complaint=bool(t.complaint))
                         for t in tables["categories"].values()),
        priorities=tuple(tables["priorities"].values()),
        statuses=dict(tables["statuses"]),
        callback_presets=tuple(tables["callback_presets"].items()))
    return vocab, tuple(problems)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary alone (what applies when no layer is handed in). Read once: it
    is part of the installed program, and Entry.breaches_sla asks for it per entry."""
    return load_vocabulary(())[0]


def check(paths: Sequence[Path]) -> list[str]:
    """Problems in these vocabulary files, each read on its own (for a publishing check)."""
    problems: list[str] = []
    for path in paths:
        _parse_layer(Path(path), problems)
    return problems
