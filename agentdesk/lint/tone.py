"""The learned tone layer: a clause classifier read from plain JSON, scored in pure Python.

The model (phrasebook/models/tone.json, written by agentdesk.lint.train) is a linear
one-vs-rest model over character 1–3-grams of a normalised clause, with sublinear tf-idf
and L2 normalisation, exactly as scikit-learn's TfidfVectorizer computes them. The "ok"
classifier decides whether a clause is flagged (its negated margin against the recorded
threshold); the family classifiers then name the family. Only the stdlib is used here, and
the file is data: never pickle, every field is checked before it is trusted.
"""

from __future__ import annotations

import json
import math
import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import repeat
from operator import mul
from pathlib import Path

from agentdesk.i18n import pick, tr
from agentdesk.lint.clauses import furthest_end_by_start
from agentdesk.lint.model import Finding, Severity
from agentdesk.lint.normalize import normalise
from agentdesk.lint.silent_clauses import says_nothing
from agentdesk.lint.tone_context import absorbed, clause_spans, with_context
from agentdesk.lint.tone_file import (  # noqa: F401 - FORMAT, VERSION… are the model's API
    FORMAT,
    MAX_WEIGHT,
    NGRAM_MAX,
    VERSION,
    VERSIONS,
    _check,
    _no_constant,
    pack_vocabulary,
    vocabulary_grams,
)

MODEL_FILE = Path("models") / "tone.json"
# A shipped model is well under 3 MB; anything far larger is not a model of ours, and
# reading it would stall the window's start-up.
MAX_BYTES = 16 * 1024 * 1024
# The reply a clause belongs to, for the words that excuse a family: this many characters
# either side (a draft is one reply; a file of many replies is not one).
REPLY_REACH = 200
# A clause this short is a form of address or an interjection (美女, 这位买家, 老铁): a family's
# short_suggestions, if it has them, replace it
VOCATIVE = 4
# Quoted text: what the customer said, repeated by the agent. Straight quotes pair up too.
_QUOTE_MARKS = re.compile("[“「『\"]")
_QUOTED = re.compile('“[^”]*”|「[^」]*」|『[^』]*』|"[^"\n]*"')
# Start and end marks: "不知道" opening a clause reads differently from one inside it.
_BEGIN, _END = "\x02", "\x03"


def char_ngrams(clause: str) -> list[str]:
    """The features of a normalised clause: its characters, and its 2- and 3-grams with
    edge marks.

    Training hands this very function to scikit-learn as the analyzer, so the features the
    model was fitted on and the ones scored here are one definition. (Built with map over
    shifted copies: a C-level loop, several times faster than slicing per position.)"""
    padded = _BEGIN + clause + _END
    bigrams = list(map(str.__add__, padded, padded[1:]))
    return [*clause, *bigrams, *map(str.__add__, bigrams, padded[2:])]


# A clause's features: its grams when each occurs once (the usual case, tf = 1 for all),
# else each distinct gram with its sublinear tf, 1 + ln(count), as scikit-learn computes it.
_Features = tuple[list[str], dict[str, float] | None]


def _features(clause: str) -> _Features:
    grams = char_ngrams(clause)
    once = dict.fromkeys(grams)
    if len(once) == len(grams):
        return grams, None
    counts = Counter(grams)
    return list(counts), {g: 1.0 + math.log(c) for g, c in counts.items()}


def _weighted_sums(row_of, feats: _Features, width: int) -> list[float]:
    """Column sums of the rows (row_of(gram), or None) of the clause's grams, each row scaled
    by its tf."""
    grams, tfs = feats
    if tfs is None:
        rows = [r for r in map(row_of, grams) if r is not None]
    else:
        rows = [[tf * w for w in r] for g, tf in tfs.items()
                if (r := row_of(g)) is not None]
    return list(map(sum, zip(*rows, strict=True))) if rows else [0.0] * width


def normalised_clause(clause: str) -> str:
    """A clause as the model sees it (the linter's normalisation)."""
    return normalise(clause)[0]


@dataclass(frozen=True)
class Family:
    message: str
    message_en: str
    suggestions: tuple[str, ...]
    # words that, anywhere in the reply, excuse a clause of this family (a refusal followed
    # by "不过可以为您…" offers an alternative after all)
    excused_by: tuple[str, ...] = ()
    # what replaces a clause of at most VOCATIVE characters, when the family words it
    # otherwise: 美女 and 这位买家 are a form of address (您好), 你耳朵是不是不好使啊 is not
    short_suggestions: tuple[str, ...] = ()


# Word classes of the rulebook that excuse a family wherever the reply holds one of their words:
# a refusal that offers an <alternative> or a <follow_up>, a referral the agent takes on
# (<handoff>, <offer>).
# The rules and the tone layer so read one list (phrasebook/rules/05_classes.toml).
EXCUSING_CLASSES: dict[str, tuple[str, ...]] = {
    "拒绝无替代": ("alternative", "follow_up"),
    "消极否定": ("alternative", "follow_up"),
    "推诿": ("handoff", "offer"),
}


class ToneModel:
    """A loaded tone model: `findings(text, skip)` flags clauses the rules did not cover."""

    def __init__(self, data: dict, source: str = "<dict>") -> None:
        grams, weights = _check(data, source)
        self.source = source
        self.classes: tuple[str, ...] = tuple(data["classes"])
        self.threshold: float = float(data["threshold"])
        # the cut for a clause beside a flagged one in the same sentence (with_context);
        # a model without one flags every clause on its own evidence
        self.context_threshold: float = float(data.get("context_threshold", self.threshold))
        self.intercepts: tuple[float, ...] = tuple(float(b) for b in data["intercepts"])
        self.families = {
            name: Family(str(f["message"]), str(f.get("message_en") or f["message"]),
                         tuple(f["suggestions"]),
                         tuple(normalised_clause(w) for w in f.get("excused_by", ())),
                         tuple(f.get("short_suggestions", ())))
            for name, f in data["families"].items()}
        self._file_families = dict(self.families)   # excuse_with starts from these
        self._cues: dict[str, re.Pattern[str] | None] = {}   # _excused's, made on first use
        self.training = data.get("training", {})
        ok = self.classes.index("ok")
        self._ok = ok
        self._family_names = [c for c in self.classes if c != "ok"]
        self._family_bias = [b for c, b in zip(self.classes, self.intercepts, strict=True)
                             if c != "ok"]
        # Per gram: idf² (for the norm) and idf × weight of "ok" (for the flag), and the
        # families' idf × weights for naming the family of a flagged clause. Scoring is then
        # sum(map(dict.get, grams)) and a transposed sum (zip(*rows)): C-level loops, and so
        # is building them from the columns of the flat weights.
        width = len(self.classes) + 1
        idf = weights[0::width]
        self._idf2: dict[str, float] = dict(zip(grams, map(mul, idf, idf), strict=True))
        self._ok_w: dict[str, float] = dict(zip(grams, map(mul, idf, weights[1 + ok::width]),
                                                strict=True))
        # The families' rows are needed only for clauses that are flagged: each is made on
        # first use from the flat weights (as idf × weight, the same products as before).
        self._weights = weights
        self._row_at = dict(zip(grams, range(0, len(weights), width), strict=True))
        self._family_cols = [1 + i for i, c in enumerate(self.classes) if c != "ok"]
        self._family_rows: dict[str, tuple[float, ...] | None] = {}
        # A draft is linted on every keystroke and all but one of its clauses are unchanged:
        # the verdict per normalised clause is remembered (bounded; lru_cache is thread-safe).
        self._verdict = lru_cache(maxsize=4096)(self._verdict_uncached)

    def excuse_with(self, words: dict[str, Sequence[str]]) -> None:
        """Add the rulebook's excusing classes (EXCUSING_CLASSES) to the model file's own cues;
        called again with another rulebook, it starts from the file's cues."""
        self.families = {
            name: replace(fam, excused_by=tuple(dict.fromkeys(
                fam.excused_by + tuple(w for c in EXCUSING_CLASSES.get(name, ())
                                       for w in words.get(c, ()) if w))))
            for name, fam in self._file_families.items()}
        self._cues = {}

    @property
    def n_features(self) -> int:
        return len(self._idf2)

    def _family_row(self, gram: str) -> tuple[float, ...] | None:
        row = self._family_rows.get(gram)
        if row is None:
            at = self._row_at.get(gram)
            if at is None:
                return None
            w = self._weights
            idf = w[at]
            row = self._family_rows[gram] = tuple(idf * w[at + c] for c in self._family_cols)
        return row

    # -- loading --------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ToneModel:
        """Read and check a model file; a bad or hostile one raises ValueError (one line)."""
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > MAX_BYTES:
                raise ValueError(tr(
                        '{p}：{size} 字节，超过语气模型的上限（{MAX_BYTES} 字节）',
                        p=p, size=size, MAX_BYTES=MAX_BYTES))
            raw = p.read_bytes()
        except OSError as exc:
            raise ValueError(tr('无法读取 {p}：{value}', p=p, value=exc.strerror or exc)) from None
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError:
            raise ValueError(tr('{p} 不是 UTF-8 文本', p=p)) from None
        except json.JSONDecodeError as exc:
            raise ValueError(tr(
                    '{p} 不是 JSON（第 {lineno} 行：{msg}）',
                    p=p, lineno=exc.lineno, msg=exc.msg)) from None
        except RecursionError:
            raise ValueError(tr('{p}：JSON 嵌套过深', p=p)) from None
        except ValueError as exc:
            raise ValueError(f"{p}: {exc}") from None
        return cls(data, str(p))

    # -- scoring --------------------------------------------------------------------------
    def violation_score(self, clause: str) -> float:
        """The negated margin of the "ok" classifier for a normalised clause (higher: worse)."""
        return -self._ok_margin(_features(clause))[0]

    def _ok_margin(self, feats: _Features) -> tuple[float, float]:
        """(margin of "ok", L2 norm of the clause's tf-idf vector)."""
        grams, tfs = feats
        if tfs is None:
            sq = sum(map(self._idf2.get, grams, repeat(0.0)))
            acc = sum(map(self._ok_w.get, grams, repeat(0.0)))
        else:
            sq = sum(tf * tf * self._idf2.get(g, 0.0) for g, tf in tfs.items())
            acc = sum(tf * self._ok_w.get(g, 0.0) for g, tf in tfs.items())
        norm = math.sqrt(sq) if sq > 0 else 1.0
        return self.intercepts[self._ok] + acc / norm, norm

    def _family_margins(self, feats: _Features, norm: float) -> list[float]:
        sums = _weighted_sums(self._family_row, feats, len(self._family_names))
        return [b + s / norm for b, s in zip(self._family_bias, sums, strict=True)]

    def decision(self, clause: str) -> dict[str, float]:
        """Every class's margin for a normalised clause (what scikit-learn's
        decision_function gives); for tests and the trainer's report."""
        feats = _features(clause)
        margin, norm = self._ok_margin(feats)
        scores = dict(zip(self._family_names, self._family_margins(feats, norm), strict=True))
        return {c: margin if c == "ok" else scores[c] for c in self.classes}

    def classify(self, clause: str) -> str | None:
        """The family of a normalised clause above threshold, or None."""
        feats = _features(clause)
        margin, norm = self._ok_margin(feats)
        if -margin <= self.threshold:
            return None
        margins = self._family_margins(feats, norm)
        return self._family_names[margins.index(max(margins))]

    def findings(self, text: str, skip: Sequence[tuple[int, int]] = (),
                 beside: Sequence[tuple[int, int, str]] = ()) -> list[Finding]:
        """Warnings for clauses of text the model flags; clauses overlapping `skip` (spans
        the rules already reported) are left alone. Offsets index text as typed.
        beside: the rules' findings as (start, end, category), for tone_context.absorbed."""
        out = []
        flagged = self._flagged(text, skip)
        if flagged:
            flagged = absorbed(text, flagged, beside)
        for s, e, family in flagged:
            fam = self.families[family]
            suggestions = fam.short_suggestions if fam.short_suggestions and \
                e - s <= VOCATIVE else fam.suggestions
            # the finding is its clause, and a suggestion replaces the clause
            out.append(Finding(s, e, f"tone.{family}", Severity.WARNING, family,
                               pick(fam.message, fam.message_en), suggestions, text[s:e],
                               fix_start=s, fix_end=e))
        return out

    def clause_scores(self, text: str) -> list[float]:
        """The violation score of each clause findings() would judge (whatever the
        threshold): the trainer keeps the threshold above those of the approved templates."""
        norm, clauses, clause_at = self._clauses(text, ())
        scores = []
        for clause, s, _ in clauses:
            if len(clause) < 2 or says_nothing(clause):
                continue
            feats = _features(clause)
            margin, length = self._ok_margin(feats)
            if not self._excused(self._family(feats, length), norm, clause_at[s]):
                scores.append(-margin)
        return scores

    def _clauses(self, text: str, skip: Sequence[tuple[int, int]]
                 ) -> tuple[str, list[tuple[str, int, int]], dict[int, tuple[int, int]]]:
        """(the normalised draft, [(normalised clause, start, end)] for clauses not in skip,
        {start: the clause's [start, end) in the normalised draft}).

        One normalisation of the whole draft (a C-level pass) rather than one per clause;
        the offset map tells which normalised characters came from each clause."""
        if not text:
            return "", [], {}
        # the rules' spans, walked beside the clauses (both in order): of the spans starting
        # before a clause ends, the one reaching furthest says whether one overlaps it
        starts, furthest = furthest_end_by_start(skip) if skip else ((), ())
        j, n_skip = 0, len(starts)
        norm, index = normalise(text)
        # Nothing dropped: the map is range(len(text)), where bisect is the identity (and,
        # through the sequence protocol, ~3 µs a clause on a megabyte's 50,000 clauses).
        find = (lambda x: x) if isinstance(index, range) else \
            (lambda x: bisect_left(index, x))
        quoted = [m.span() for m in _QUOTED.finditer(text)] if _QUOTE_MARKS.search(text) \
            else []
        out = []
        where: dict[int, tuple[int, int]] = {}
        for s, e in clause_spans(text):
            if n_skip:
                while j < n_skip and starts[j] < e:
                    j += 1
                if j and furthest[j - 1] > s:
                    continue
            a, b = find(s), find(e)
            where[s] = (a, b)
            if quoted:
                # The customer's own words, quoted back ("您说“不知道”"), are not the agent's.
                kept, at = [], a
                for qs, qe in quoted:
                    qa, qb = max(a, find(qs)), min(b, find(qe))
                    if qa < qb:
                        kept.append(norm[at:qa])
                        at = qb
                kept.append(norm[at:b])
                out.append(("".join(kept), s, e))
            else:
                out.append((norm[a:b], s, e))
        return norm, out, where

    def _flagged(self, text: str, skip: Sequence[tuple[int, int]]
                 ) -> list[tuple[int, int, str]]:
        norm, clauses, clause_at = self._clauses(text, skip)
        judged = []     # (start, end, score, family) of the clauses above the lower cut
        for clause, s, e in clauses:
            if len(clause) < 2:
                continue
            score, family = self._verdict(clause)
            # (a hesitation is asked about only once the model has something to say)
            if family is not None and not says_nothing(clause) and \
                    not self._excused(family, norm, clause_at[s]):
                judged.append((s, e, score, family))
        flagged = [(s, e, f) for s, e, score, f in judged if score > self.threshold]
        if self.context_threshold < self.threshold and (flagged or skip) and \
                len(flagged) < len(judged):
            flagged = with_context(text, skip, judged, flagged,
                                   self.context_threshold, self.threshold)
        return flagged

    def _verdict_uncached(self, clause: str) -> tuple[float, str | None]:
        """(the clause's violation score, its family when the score passes the lower of the
        two cuts, else None)."""
        feats = _features(clause)
        margin, length = self._ok_margin(feats)
        if -margin <= min(self.threshold, self.context_threshold):
            return -margin, None
        return -margin, self._family(feats, length)

    def _family(self, feats: _Features, length: float) -> str:
        margins = self._family_margins(feats, length)
        return self._family_names[margins.index(max(margins))]

    def _excused(self, family: str, norm: str, at: tuple[int, int]) -> bool:
        """Does the reply around the clause at `at` hold a word that excuses its family? One
        search of one alternation (longest words first), not a scan per word: a megabyte's
        26,000 judged clauses took 1.2 s with `any(cue in reply …)` over ~60 words each."""
        if family not in self._cues:
            words = sorted(set(self.families[family].excused_by), key=len, reverse=True)
            self._cues[family] = re.compile("|".join(map(re.escape, words))) if words else None
        cues = self._cues[family]
        return cues is not None and \
            cues.search(norm, max(0, at[0] - REPLY_REACH), at[1] + REPLY_REACH) is not None


def load_from_layers(dirs: Iterable[str | os.PathLike[str] | object]
                     ) -> tuple[ToneModel | None, list[str]]:
    """The tone model of the last phrasebook layer that has a good models/tone.json, and
    one line per layer whose file was refused (that layer is then skipped, not fatal)."""
    model: ToneModel | None = None
    problems: list[str] = []
    for d in dirs:
        # a phrasebook directory, or a layer object that carries one (main's paths.Layer)
        path = Path(getattr(d, "path", d)) / MODEL_FILE
        try:
            if not path.is_file():
                continue
        except OSError:     # an unreadable layer: the rulebook names it; no model from it
            continue
        try:
            model = ToneModel.load(path)
        except ValueError as exc:
            problems.append(str(exc))
    return model, problems
