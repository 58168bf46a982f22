"""Rules as data: phrasebook/rules/*.toml, validated, phrases normalised like the drafts are.

    [[rules]]
    id = "negative.dont_know"
    category = "消极否定"
    severity = "error"                    # error | warning | info
    message = "“不知道”显得冷漠、不专业……"
    suggestions = ["我帮您查询后回复您"]
    phrases = ["不知道", "不晓得"]
    patterns = []                          # regular expressions over the normalised text
    exceptions = ["不知道您是否"]          # context in which a hit is fine
    boundary = true                        # short phrases: must stand as a word (jieba)
    examples = { bad = ["这个我不知道"], good = ["不知道您是否方便"] }

A file may also hold `allow = ["保证金", "喂养"]`: phrases that are never flagged by any rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.errors import UserError
from agentdesk.i18n import t
from agentdesk.lint.model import Severity
from agentdesk.lint.normalize import normalise

_KEYS = {"id", "category", "severity", "message", "suggestions", "phrases", "patterns",
         "exceptions", "boundary", "examples", "detector"}
DETECTORS = ("personal_data", "placeholders", "vague_promises")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...]
    phrases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    exceptions: tuple[str, ...]
    boundary: bool | None
    detector: str | None = None
    bad_examples: tuple[str, ...] = ()
    good_examples: tuple[str, ...] = ()
    source: Path = field(default=Path(), compare=False)


@dataclass
class Rulebook:
    rules: list[Rule]
    allow: list[str]


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise UserError(t(f"{where} 应为文本列表", f"{where} must be a list of strings"))
    return tuple(v for v in value if v.strip())


def _rule(item: dict, path: Path) -> Rule:
    rid = item.get("id")
    where = f"{path.name} [{rid or '?'}]"
    if not isinstance(rid, str) or not rid:
        raise UserError(t(f"{path}: 规则缺少 id", f"{path}: a rule has no id"))
    unknown = set(item) - _KEYS
    if unknown:
        raise UserError(t(f"{where}: 未知字段 {', '.join(sorted(unknown))}",
                          f"{where}: unknown keys {', '.join(sorted(unknown))}"))
    try:
        severity = Severity(item.get("severity", "warning"))
    except ValueError:
        raise UserError(t(f"{where}: severity 只能是 error、warning 或 info",
                          f"{where}: severity must be error, warning or info")) from None
    for key in ("category", "message"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise UserError(t(f"{where}: 缺少 {key}", f"{where}: missing {key}"))
    phrases = tuple(normalise(p)[0] for p in _strings(item.get("phrases"), f"{where} phrases"))
    try:
        patterns = tuple(re.compile(p) for p in _strings(item.get("patterns"), where))
    except re.error as exc:
        raise UserError(t(f"{where}: 正则表达式错误：{exc}", f"{where}: bad pattern: {exc}"))\
            from None
    detector = item.get("detector")
    if detector is not None and detector not in DETECTORS:
        raise UserError(t(f"{where}: 未知的 detector {detector}（可用：{', '.join(DETECTORS)}）",
                          f"{where}: unknown detector {detector}"))
    if not phrases and not patterns and not detector:
        raise UserError(t(f"{where}: 需要 phrases 或 patterns", f"{where}: needs phrases or "
                          "patterns"))
    examples = item.get("examples") or {}
    boundary = item.get("boundary")
    return Rule(
        id=rid, category=item["category"], severity=severity, message=item["message"].strip(),
        suggestions=_strings(item.get("suggestions"), f"{where} suggestions"),
        phrases=tuple(p for p in phrases if p), patterns=patterns,
        exceptions=tuple(normalise(e)[0] for e in _strings(item.get("exceptions"), where)),
        boundary=boundary if isinstance(boundary, bool) else None, detector=detector,
        bad_examples=_strings(examples.get("bad"), f"{where} examples.bad"),
        good_examples=_strings(examples.get("good"), f"{where} examples.good"),
        source=path,
    )


def rule_files(directory: Path) -> list[Path]:
    base = directory / "rules" if (directory / "rules").is_dir() else directory
    return sorted(p for p in base.glob("*.toml") if p.is_file()) if base.is_dir() else []


def load_rulebook(directories: list[Path]) -> Rulebook:
    """Rules from each directory's rules/ folder; a later layer's rule replaces the same id."""
    import rtoml

    rules: dict[str, Rule] = {}
    allow: list[str] = []
    for directory in directories:
        for path in rule_files(Path(directory)):
            try:
                data = rtoml.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise UserError(t(f"规则文件 {path} 无法读取：{exc}",
                                  f"rule file {path} cannot be read: {exc}")) from None
            allow += [normalise(a)[0] for a in _strings(data.get("allow"), f"{path.name} allow")]
            for item in data.get("rules", []):
                rule = _rule(item, path)
                rules[rule.id] = rule
    return Rulebook(list(rules.values()), allow)
