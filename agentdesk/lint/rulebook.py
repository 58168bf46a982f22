"""Rules as data: phrasebook/rules/*.toml, each file loaded or reported on its own.

    [classes]                              # word classes shared by every rule of every layer
    others = ["快递", "厂家", "物业", …]

    [[rules]]
    id = "negative.dont_know"
    category = "消极否定"
    severity = "error"                     # error | warning | info
    message = "“不知道”显得冷漠……"
    suggestions = ["我帮您查询后回复您"]   # whole clauses: a fix replaces the clause
    fix = "clause"                         # or "span": a suggestion replaces just the words
    phrases = ["不知道", "不晓得"]         # literal words (one Aho-Corasick pass)
    patterns = ["<i>_(哪|怎么)知道"]       # the pattern language of agentdesk.lint.patterns
    exceptions = ["不知道~是否"]           # patterns too: a hit inside a match is fine
    boundary = true                        # short phrases: must stand as a word (jieba)
    excused_after = ["alternative"]        # classes whose words later in the reply excuse a hit
    examples = { bad = ["这个我不知道"], good = ["不知道您这两天是否方便"] }

A file may also hold `allow = ["保证金", "喂养"]`: words no rule flags. A broken file, a broken
rule or an unreadable directory becomes a RuleProblem naming it; everything else still loads, so
one bad team file never switches the shipped checks off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.i18n import tr
from agentdesk.lint.model import RuleProblem, Severity
from agentdesk.lint.normalize import normalise
from agentdesk.lint.patterns import (
    Pattern,
    PatternError,
    class_regex,
    compile_pattern,
    expand,
    is_literal,
)

_KEYS = {"id", "category", "severity", "message", "suggestions", "phrases", "patterns",
         "exceptions", "boundary", "examples", "detector", "fix", "excused_after"}
DETECTORS = ("personal_data", "placeholders", "vague_promises")
FIXES = ("clause", "span")


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    severity: Severity
    message: str
    suggestions: tuple[str, ...]
    phrases: tuple[str, ...]
    patterns: tuple = ()                   # compiled RE2 patterns (their .pattern is RE2 text)
    exceptions: tuple[str, ...] = ()       # literal exceptions (normalised)
    boundary: bool | None = None
    detector: str | None = None
    bad_examples: tuple[str, ...] = ()
    good_examples: tuple[str, ...] = ()
    source: Path = field(default=Path(), compare=False)
    exception_patterns: tuple = ()
    fix: str = "span"
    # word classes of the rulebook whose words in the reply after a hit excuse it (a refusal,
    # then 我可以帮您… in the next sentence, where no exception of one sentence reaches)
    excused_after: tuple[str, ...] = ()


@dataclass
class Rulebook:
    rules: list[Rule]
    allow: list[str]
    problems: list[RuleProblem] = field(default_factory=list)
    # the word classes, normalised: the tone layer takes its excuses from them too
    words: dict[str, list[str]] = field(default_factory=dict)


class _Bad(ValueError):
    """A rule or value that is skipped; the message is the user's."""


def _strings(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Bad(tr('{where} 应为文本列表', where=where))
    return tuple(v for v in value if v.strip())


class PatternChecks:
    """Patterns RE2 has already accepted, remembered in the cache folder.

    Compiling ~400 patterns took most of the rulebook's load (0.1–0.25 s of every
    `agentdesk lint`). A pattern whose expanded RE2 text passed the checks before (it compiles,
    it cannot match empty text) is loaded uncompiled, and RE2 builds it on its first match.
    The file only lists digests: a planted entry can at worst make a broken pattern find
    nothing, never run anything."""

    FILE = "rule-patterns.json"
    # the options of agentdesk.lint.patterns.options(): a new budget is a new set of checks
    SALT = "re2 max_mem=32M v1\n"
    MAX_KEYS = 50_000

    def __init__(self, cache_dir: Path | None) -> None:
        self._path = cache_dir / self.FILE if cache_dir is not None else None
        self._known: set[str] = set()
        self._new: set[str] = set()
        if self._path is not None:
            self._known = self._read(self._path)

    @staticmethod
    def _read(path: Path) -> set[str]:
        import json

        try:
            if path.stat().st_size > 4 * 1024 * 1024:
                return set()
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return set()
        if not isinstance(data, dict) or data.get("format") != "agentdesk-pattern-checks" \
                or not isinstance(data.get("keys"), list):
            return set()
        keys = data["keys"]
        return {k for k in keys if isinstance(k, str)}

    def key(self, expanded: str) -> str:
        import hashlib

        return hashlib.sha256((self.SALT + expanded).encode("utf-8", "surrogatepass")
                              ).hexdigest()[:32]

    def known(self, expanded: str) -> bool:
        return self._path is not None and self.key(expanded) in self._known

    def passed(self, expanded: str) -> None:
        if self._path is not None:
            self._new.add(self.key(expanded))

    def save(self) -> None:
        """Add the newly checked patterns to the file (atomic, 0600); quietly skipped when
        the cache folder cannot be written: the next load only compiles them again."""
        if self._path is None or self._new <= self._known:
            return
        import contextlib
        import json
        import os
        import tempfile

        keys = sorted(self._known | self._new)[-self.MAX_KEYS:]
        with contextlib.suppress(OSError):
            self._path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{self.FILE}.", dir=self._path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"format": "agentdesk-pattern-checks", "keys": keys}, fh)
                os.replace(tmp, self._path)
            except OSError:
                os.unlink(tmp)
                raise


def _compile_all(sources: tuple[str, ...], classes: dict[str, str], what: str,
                 checks: PatternChecks):
    literals, compiled = [], []
    for source in sources:
        if is_literal(source):
            literals.append(normalise(source)[0])
            continue
        try:
            expanded = expand(source, classes)
            if checks.known(expanded):
                compiled.append(Pattern(source, expanded))
                continue
            compiled.append(compile_pattern(source, classes))
            checks.passed(expanded)
        except PatternError as exc:
            raise _Bad(tr(
                    '{what}的正则表达式“{source}”无效：{exc}',
                    what=what, source=source, exc=exc)) from None
    return tuple(p for p in literals if p), tuple(compiled)


def _rule(item, path: Path, classes: dict[str, str], checks: PatternChecks) -> Rule:
    if not isinstance(item, dict):
        raise _Bad(tr('[[rules]] 的每一项应是表'))
    rid = item.get("id")
    if not isinstance(rid, str) or not rid.strip():
        raise _Bad(tr('规则缺少 id'))
    unknown = set(item) - _KEYS
    if unknown:
        raise _Bad(tr('未知字段 {join}', join=', '.join(sorted(unknown))))
    try:
        severity = Severity(item.get("severity", "warning"))
    except (ValueError, TypeError):
        raise _Bad(tr('severity 只能是 error、warning 或 info')) from None
    for key in ("category", "message"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            raise _Bad(tr('缺少 {key}', key=key))
    phrases = tuple(p for p in (normalise(p)[0] for p in _strings(item.get("phrases"), "phrases"))
                    if p)
    more, patterns = _compile_all(_strings(item.get("patterns"), "patterns"), classes, "patterns",
                                  checks)
    exc_literals, exc_patterns = _compile_all(_strings(item.get("exceptions"), "exceptions"),
                                              classes, "exceptions", checks)
    detector = item.get("detector")
    if detector is not None and detector not in DETECTORS:
        raise _Bad(tr(
                '未知的 detector {detector}（可用：{join}）',
                detector=detector, join=', '.join(DETECTORS)))
    phrases += more
    if not phrases and not patterns and not detector:
        raise _Bad(tr('需要 phrases 或 patterns'))
    examples = item.get("examples") or {}
    if not isinstance(examples, dict):
        raise _Bad(tr('examples 应为表 {{ bad = [...], good = [...] }}'))
    suggestions = _strings(item.get("suggestions"), "suggestions")
    fix = item.get("fix", "clause" if suggestions and not detector else "span")
    if fix not in FIXES:
        raise _Bad(tr('fix 只能是 clause 或 span'))
    boundary = item.get("boundary")
    excused_after = _strings(item.get("excused_after"), "excused_after")
    unknown = [c for c in excused_after if c not in classes]
    if unknown:
        raise _Bad(tr('excused_after 中有未知的词类 {join}', join=', '.join(unknown)))
    return Rule(
        id=rid, category=item["category"], severity=severity, message=item["message"].strip(),
        suggestions=suggestions, phrases=phrases, patterns=patterns, exceptions=exc_literals,
        boundary=boundary if isinstance(boundary, bool) else None, detector=detector,
        bad_examples=_strings(examples.get("bad"), "examples.bad"),
        good_examples=_strings(examples.get("good"), "examples.good"),
        source=path, exception_patterns=exc_patterns, fix=fix, excused_after=excused_after,
    )


def rule_files(directory: Path) -> list[Path]:
    """The rule files of a phrasebook directory (its rules/ folder, or itself). May raise
    OSError for a directory that cannot be read."""
    base = directory / "rules" if (directory / "rules").is_dir() else directory
    return sorted(p for p in base.glob("*.toml") if p.is_file()) if base.is_dir() else []


def _line_of(raw: str, needle: str) -> int | None:
    at = raw.find(needle)
    return raw.count("\n", 0, at) + 1 if at >= 0 else None


def _read(path: Path, problems: list[RuleProblem]) -> tuple[str, dict] | None:
    import rtoml

    try:
        raw = path.read_text(encoding="utf-8-sig")
        data = rtoml.loads(raw)
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(RuleProblem(path, tr(
                '无法读取：{value}',
                value=getattr(exc, 'strerror', None) or exc)))
        return None
    except ValueError as exc:  # rtoml.TomlParsingError; its text names the line
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        problems.append(RuleProblem(path, tr('TOML 格式错误：{first}', first=first)))
        return None
    return raw, data


def load_rulebook(directories: list[Path], cache_dir: Path | None = None) -> Rulebook:
    """Rules from each directory's rules/ folder; a later layer's rule replaces the same id and a
    later layer's class of the same name replaces the earlier one. Never raises for content:
    what cannot be used is in `problems`. With a cache_dir, patterns checked on an earlier
    load are compiled on first use (PatternChecks)."""
    checks = PatternChecks(cache_dir)
    problems: list[RuleProblem] = []
    files: list[tuple[Path, str, dict]] = []
    for directory in directories:
        try:
            paths = rule_files(Path(directory))
        except OSError as exc:
            problems.append(RuleProblem(Path(directory), tr(
                    '规则目录无法读取：{value}',
                    value=exc.strerror or exc)))
            continue
        for path in paths:
            read = _read(path, problems)
            if read is not None:
                files.append((path, *read))
    words: dict[str, list[str]] = {}
    for path, _, data in files:
        table = data.get("classes", {})
        if not isinstance(table, dict):
            problems.append(RuleProblem(path, tr('classes 应为表')))
            continue
        for name, value in table.items():
            try:
                words[name] = [normalise(w)[0] for w in _strings(value, f"classes.{name}")]
            except _Bad as exc:
                problems.append(RuleProblem(path, str(exc)))
    classes = {name: class_regex(ws) for name, ws in words.items() if ws}
    rules: dict[str, Rule] = {}
    allow: list[str] = []
    for path, raw, data in files:
        try:
            allow += [normalise(a)[0] for a in _strings(data.get("allow"), "allow")]
        except _Bad as exc:
            problems.append(RuleProblem(path, str(exc), _line_of(raw, "allow")))
        items = data.get("rules", [])
        if not isinstance(items, list):
            problems.append(RuleProblem(path, tr('rules 应为 [[rules]] 表的数组'),
                                        _line_of(raw, "rules")))
            continue
        for item in items:
            rid = item.get("id") if isinstance(item, dict) else None
            rid = rid if isinstance(rid, str) else None
            try:
                rule = _rule(item, path, classes, checks)
            except _Bad as exc:
                line = _line_of(raw, f'"{rid}"') if rid else None
                problems.append(RuleProblem(path, str(exc), line, rid))
                continue
            rules[rule.id] = rule
    checks.save()
    return Rulebook(list(rules.values()), allow, problems, words)
