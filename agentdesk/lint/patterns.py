"""The rule pattern language: RE2 over the normalised draft, plus word classes, fillers and gaps.

    <name>   any word of the class `name` (phrasebook/rules/classes.toml; longest first)
    _        up to three fillers or address words (了 啊 吧 呢 嘛 的 都 也 就 …, 你 您 你们)
    ~        a short gap: up to six characters within the same clause
Everything else is RE2 syntax. RE2 matches in linear time (no backreferences, no lookaround), so
a team's pattern such as (a+)+$ cannot hang a keystroke; what RE2 cannot compile is rejected at
load. `_` and `~` never occur in a normalised draft (normalisation drops them), so they are free.
"""

from __future__ import annotations

import re

import re2

from agentdesk.i18n import tr

# Clause marks as normalisation leaves them (full-width Chinese ones stay, ASCII ones folded).
CLAUSE_MARKS = "，。！？；,.!?;\n"
GAP = "[^" + CLAUSE_MARKS.replace("\n", "\\n") + "]{0,6}"
_CLASS_REF = re.compile(r"<([A-Za-z0-9_.\-\u4e00-\u9fff]+)>")
_META = set("\\()[]{}|?*+.^$<>~_")


class PatternError(ValueError):
    """A pattern that cannot be used; the message says why (for a RuleProblem)."""


def options() -> re2.Options:
    opts = re2.Options()
    opts.log_errors = False       # re2 would print every rejected pattern on stderr
    opts.max_mem = 32 << 20       # a generous DFA budget for class alternations
    return opts


def is_literal(source: str) -> bool:
    """A pattern with no syntax at all is a phrase: the Aho-Corasick pass takes it."""
    return not any(c in _META for c in source)


def class_regex(words: list[str]) -> str:
    """(?:w1|w2|…) longest first, so a longer word wins where both start."""
    ordered = sorted({w for w in words if w}, key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re2.escape(w) for w in ordered) + ")"


def expand(source: str, classes: dict[str, str]) -> str:
    """RE2 text of a rule pattern: class references, `_` and `~` replaced (not inside […])."""
    filler = "(?:" + classes.get("filler", "(?:了)") + "|" + classes.get("you", "(?:你|您)") \
        + "){0,3}"
    out: list[str] = []
    i, n, in_set = 0, len(source), False
    while i < n:
        c = source[i]
        if c == "\\" and i + 1 < n:
            out.append(source[i:i + 2])
            i += 2
            continue
        if in_set:
            in_set = c != "]"
            out.append(c)
        elif c == "[":
            in_set = True
            out.append(c)
            if source.startswith("]", i + 1) or source.startswith("^]", i + 1):
                # a ] right after [ or [^ is a literal member
                step = 2 if source[i + 1] == "]" else 3
                out.append(source[i + 1:i + step])
                i += step
                continue
        elif c == "<" and source.endswith(("(?", "(?P"), 0, i):
            out.append(c)  # (?P<name>…) groups, and lookbehind, which RE2 itself refuses
        elif c == "<":
            m = _CLASS_REF.match(source, i)
            if m is None:
                raise PatternError(tr('“<” 后应是词类名和“>”：{source}', source=source))
            name = m.group(1)
            if name not in classes:
                raise PatternError(tr('未定义的词类 <{name}>', name=name))
            out.append(classes[name])
            i = m.end()
            continue
        elif c == "(" and not source.startswith("?", i + 1):
            # only the span of a match is used: capturing groups would make RE2 run its slower
            # submatch engine on every hit
            out.append("(?:")
        elif c == "_":
            out.append(filler)
        elif c == "~":
            out.append(GAP)
        else:
            out.append(c)
        i += 1
    return "".join(out)


class Pattern:
    """A compiled rule pattern matched on UTF-8 bytes.

    google-re2's Python wrapper re-encodes the text and converts offsets in Python on every
    call (~40 µs per match); the linter encodes the draft once and asks the RE2 object itself,
    which costs about a microsecond. Offsets come back in bytes (see Utf8Offsets)."""

    __slots__ = ("_match", "_regexp", "pattern", "source")

    def __init__(self, source: str, expanded: str, compiled=None) -> None:
        self.source = source
        self.pattern = expanded
        if compiled is None:
            # Already known to compile (agentdesk.lint.rulebook's check cache): RE2 builds it
            # on the first match, so loading the rulebook compiles only what a draft needs.
            self._regexp = None
            self._match = self._compile_then_match
        else:
            self._regexp = compiled._regexp  # the RE2 object under the wrapper
            self._match = self._regexp.Match

    def _compile_then_match(self, anchor, data: bytes, pos: int, end: int):
        try:
            self._regexp = re2.compile(self.pattern, options())._regexp
        except re2.error:       # only a forged check cache gets here: the pattern finds nothing
            self._match = _no_match
        else:
            self._match = self._regexp.Match
        return self._match(anchor, data, pos, end)

    def byte_spans(self, data: bytes) -> list[tuple[int, int]]:
        """Non-overlapping leftmost matches, as (start, end) byte offsets."""
        spans, pos, end = [], 0, len(data)
        while pos <= end:
            start, stop = self._match(_UNANCHORED, data, pos, end)[0]
            if start < 0:
                break
            spans.append((start, stop))
            pos = stop if stop > pos else pos + 1
        return spans


_UNANCHORED = re2._re2.RE2.Anchor.UNANCHORED


def _no_match(anchor, data: bytes, pos: int, end: int):
    return ((-1, -1),)


def compile_pattern(source: str, classes: dict[str, str]) -> Pattern:
    """A compiled RE2 pattern, or PatternError (bad syntax, unknown class, matches nothing)."""
    text = expand(source, classes)
    try:
        compiled = re2.compile(text, options())
    except re2.error as exc:
        raise PatternError(tr('RE2 无法编译：{reason}', reason=_reason(exc))) from None
    if compiled.fullmatch("") is not None:
        raise PatternError(tr('模式可以匹配空文本'))
    return Pattern(source, text, compiled)


class Utf8Offsets:
    """Character offsets of byte offsets into one UTF-8 text, in one pass over the offsets."""

    def __init__(self, data: bytes, ascii_only: bool) -> None:
        self._data = data
        self._ascii = ascii_only

    def chars(self, offsets: set[int]) -> dict[int, int]:
        if self._ascii:
            return {o: o for o in offsets}
        out, last, count = {}, 0, 0
        for o in sorted(offsets):
            count += re2._re2.BytesToCharLen(self._data, last, o)
            out[o] = count
            last = o
        return out


def encode(text: str) -> bytes:
    """UTF-8 of a normalised draft; lone surrogates (one character each) become U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text).encode("utf-8")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _reason(exc: Exception) -> str:
    msg = exc.args[0] if exc.args else exc
    return msg.decode("utf-8", "replace") if isinstance(msg, bytes) else str(msg)


_SET_SIZE = 48


class PatternSet:
    """All rule patterns in RE2 sets: one linear pass each says which patterns can match.

    In sets of _SET_SIZE: RE2 compiles a set in C++ holding the GIL (about 50 ms for 400
    patterns, twice that on a loaded machine), and the window's GUI thread cannot run a line of
    Python meanwhile; a set of 48 holds it for a few ms. Matching costs one pass per set."""

    def __init__(self, expanded: list[str]) -> None:
        self._sets: list[tuple[int, object]] | None = []
        for first in range(0, len(expanded), _SET_SIZE):
            candidate = re2.Set.SearchSet(options())
            try:
                for text in expanded[first:first + _SET_SIZE]:
                    candidate.Add(text)
                candidate.Compile()
            except (re2.error, ValueError, TypeError):
                self._sets = None
                return  # run every pattern instead: slower, never wrong
            self._sets.append((first, candidate))

    def matching(self, data: bytes, count: int) -> list[int]:
        """Indexes of the patterns that match somewhere in data (UTF-8 bytes), the last first.

        The order is the linter's tie-break (two rules hitting the very same span: the one met
        first wins), so it is fixed here rather than left to RE2's internal order: the rule
        written later in the rulebook, usually the narrower one, wins."""
        if self._sets is None:
            return list(range(count - 1, -1, -1))
        found: list[int] = []
        for first, one in reversed(self._sets):
            hits = one.Match(data)
            if hits:
                found.extend(sorted((first + i for i in hits), reverse=True))
        return found
