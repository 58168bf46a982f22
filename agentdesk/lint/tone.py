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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from agentdesk.i18n import t
from agentdesk.lint.model import Finding, Severity
from agentdesk.lint.normalize import normalise

FORMAT = "agentdesk-tone"
VERSION = 1
MODEL_FILE = Path("models") / "tone.json"
# A shipped model is well under 3 MB; anything far larger is not a model of ours, and
# reading it would stall the window's start-up.
MAX_BYTES = 16 * 1024 * 1024
NGRAM_MAX = 3
# Clause marks: sentence ends, commas (full- and half-width), semicolons and line breaks.
_CLAUSE_SEP = re.compile(r"[。！？；，!?;,\n\r]+")
_EDGE_SPACE = " \t\u3000\u200b\ufeff"
# Start and end marks: "不知道" opening a clause reads differently from one inside it.
_BEGIN, _END = "\x02", "\x03"


def char_ngrams(clause: str) -> list[str]:
    """The features of a normalised clause: its character 1–3-grams, with edge marks.

    Training hands this very function to scikit-learn as the analyzer, so the features the
    model was fitted on and the ones scored here are one definition."""
    padded = _BEGIN + clause + _END
    n = len(padded)
    grams = [padded[i:i + 1] for i in range(1, n - 1)]
    grams += [padded[i:i + 2] for i in range(n - 1)]
    grams += [padded[i:i + 3] for i in range(n - 2)]
    return grams


def clause_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each clause of text, edge spaces trimmed, empty clauses dropped."""
    spans = []
    start = 0
    for m in _CLAUSE_SEP.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s] in _EDGE_SPACE:
            s += 1
        while e > s and text[e - 1] in _EDGE_SPACE:
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def normalised_clause(clause: str) -> str:
    """A clause as the model sees it (the linter's normalisation)."""
    return normalise(clause)[0]


@dataclass(frozen=True)
class Family:
    message: str
    message_en: str
    suggestions: tuple[str, ...]


class ToneModel:
    """A loaded tone model: `findings(text, skip)` flags clauses the rules did not cover."""

    def __init__(self, data: dict, source: str = "<dict>") -> None:
        _check(data, source)
        self.source = source
        self.classes: tuple[str, ...] = tuple(data["classes"])
        self.threshold: float = float(data["threshold"])
        self.intercepts: tuple[float, ...] = tuple(float(b) for b in data["intercepts"])
        self.families = {
            name: Family(str(f["message"]), str(f.get("message_en") or f["message"]),
                         tuple(f["suggestions"]))
            for name, f in data["families"].items()}
        self.training = data.get("training", {})
        ok = self.classes.index("ok")
        self._ok = ok
        self._family_idx = [i for i, c in enumerate(self.classes) if c != "ok"]
        # Hot path: per gram (idf, idf × weight of "ok"); the family weights are only read
        # for a clause that is flagged.
        self._hot: dict[str, tuple[float, float]] = {}
        self._all: dict[str, tuple[float, ...]] = {}
        for gram, row in data["vocabulary"].items():
            idf = float(row[0])
            weights = tuple(idf * float(w) for w in row[1:])
            self._hot[gram] = (idf, weights[ok])
            self._all[gram] = weights

    # -- loading --------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> ToneModel:
        """Read and check a model file; a bad or hostile one raises ValueError (one line)."""
        p = Path(path)
        try:
            size = p.stat().st_size
            if size > MAX_BYTES:
                raise ValueError(f"{p}: {size} bytes, larger than a tone model can be "
                                 f"({MAX_BYTES} bytes)")
            raw = p.read_bytes()
        except OSError as exc:
            raise ValueError(f"{p}: cannot read: {exc.strerror or exc}") from None
        try:
            data = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError:
            raise ValueError(f"{p}: not UTF-8 text") from None
        except json.JSONDecodeError as exc:
            raise ValueError(f"{p}: not JSON (line {exc.lineno}: {exc.msg})") from None
        except RecursionError:
            raise ValueError(f"{p}: JSON nested too deeply") from None
        except ValueError as exc:
            raise ValueError(f"{p}: {exc}") from None
        return cls(data, str(p))

    # -- scoring --------------------------------------------------------------------------
    def violation_score(self, clause: str) -> float:
        """The negated margin of the "ok" classifier for a normalised clause (higher: worse)."""
        return -self._ok_margin(clause)[0]

    def _ok_margin(self, clause: str) -> tuple[float, dict[str, float], float]:
        counts: dict[str, int] = {}
        for g in char_ngrams(clause):
            counts[g] = counts.get(g, 0) + 1
        hot = self._hot
        tfs: dict[str, float] = {}
        acc = 0.0
        sq = 0.0
        for g, c in counts.items():
            v = hot.get(g)
            if v is None:
                continue
            tf = 1.0 + math.log(c) if c > 1 else 1.0
            x = tf * v[0]
            sq += x * x
            acc += tf * v[1]
            tfs[g] = tf
        norm = math.sqrt(sq) if sq > 0 else 1.0
        return self.intercepts[self._ok] + acc / norm, tfs, norm

    def decision(self, clause: str) -> dict[str, float]:
        """Every class's margin for a normalised clause (what scikit-learn's
        decision_function gives); used by tests and the trainer's report."""
        _, tfs, norm = self._ok_margin(clause)
        scores = list(self.intercepts)
        for g, tf in tfs.items():
            for i, w in enumerate(self._all[g]):
                scores[i] += tf * w / norm
        return dict(zip(self.classes, scores, strict=True))

    def classify(self, clause: str) -> str | None:
        """The family of a normalised clause above threshold, or None."""
        margin, tfs, norm = self._ok_margin(clause)
        if -margin <= self.threshold:
            return None
        best, best_score = None, -math.inf
        for i in self._family_idx:
            s = self.intercepts[i] + sum(tf * self._all[g][i] for g, tf in tfs.items()) / norm
            if s > best_score:
                best, best_score = self.classes[i], s
        return best

    def findings(self, text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Finding]:
        """Warnings for clauses of text the model flags; clauses overlapping `skip` (spans
        the rules already reported) are left alone. Offsets index text as typed."""
        if not text:
            return []
        skip = sorted(skip)
        skip_starts = [s for s, _ in skip]
        out = []
        for s, e in clause_spans(text):
            if skip and _overlaps(skip, skip_starts, s, e):
                continue
            clause = normalised_clause(text[s:e])
            if len(clause) < 2:
                continue
            family = self.classify(clause)
            if family is None:
                continue
            fam = self.families[family]
            out.append(Finding(s, e, f"tone.{family}", Severity.WARNING, family,
                               t(fam.message, fam.message_en), fam.suggestions, text[s:e]))
        return out


def _overlaps(skip: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    # skip is sorted by start; only spans starting before e can overlap [s, e).
    hi = bisect_left(starts, e)
    return any(ks < e and s < ke for ks, ke in skip[:hi])


def load_from_layers(dirs: Iterable[str | os.PathLike[str]]
                     ) -> tuple[ToneModel | None, list[str]]:
    """The tone model of the last phrasebook layer that has a good models/tone.json, and
    one line per layer whose file was refused (that layer is then skipped, not fatal)."""
    model: ToneModel | None = None
    problems: list[str] = []
    for d in dirs:
        path = Path(d) / MODEL_FILE
        if not path.is_file():
            continue
        try:
            model = ToneModel.load(path)
        except ValueError as exc:
            problems.append(str(exc))
    return model, problems


# -- validation of an untrusted file ----------------------------------------------------------
def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a model can hold")


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _check(data: object, source: str) -> None:
    def bad(reason: str) -> ValueError:
        return ValueError(f"{source}: not a tone model: {reason}")

    if not isinstance(data, dict):
        raise bad("the top level is not an object")
    if data.get("format") != FORMAT:
        raise bad(f"format is {data.get('format')!r}, expected {FORMAT!r}")
    if data.get("version") != VERSION:
        raise bad(f"version {data.get('version')!r} is not {VERSION} (retrain it with "
                  "`agentdesk lint train`)")
    classes = data.get("classes")
    if (not isinstance(classes, list) or not all(isinstance(c, str) and c for c in classes)
            or len(set(classes)) != len(classes) or "ok" not in classes or len(classes) < 2):
        raise bad("classes must be distinct names including 'ok' and a family")
    k = len(classes)
    intercepts = data.get("intercepts")
    if not isinstance(intercepts, list) or len(intercepts) != k \
            or not all(_finite(b) for b in intercepts):
        raise bad(f"intercepts must be {k} finite numbers")
    if not _finite(data.get("threshold")):
        raise bad("threshold must be a finite number")
    vocab = data.get("vocabulary")
    if not isinstance(vocab, dict) or not vocab:
        raise bad("vocabulary must be a non-empty object")
    for gram, row in vocab.items():
        if not 1 <= len(gram) <= NGRAM_MAX:
            raise bad(f"feature {gram[:10]!r} is not a 1–{NGRAM_MAX} character n-gram")
        if not isinstance(row, list) or len(row) != k + 1 or not all(_finite(x) for x in row):
            raise bad(f"feature {gram!r} must map to {k + 1} finite numbers (idf, weights)")
        if row[0] <= 0:
            raise bad(f"feature {gram!r} has a non-positive idf")
    families = data.get("families")
    if not isinstance(families, dict):
        raise bad("families must be an object")
    for name in classes:
        if name == "ok":
            continue
        fam = families.get(name)
        if not isinstance(fam, dict) or not isinstance(fam.get("message"), str) \
                or not fam["message"].strip():
            raise bad(f"family {name!r} has no message")
        if not isinstance(fam.get("message_en", ""), str):
            raise bad(f"family {name!r}: message_en must be text")
        sugg = fam.get("suggestions")
        if not isinstance(sugg, list) or not all(isinstance(s, str) for s in sugg):
            raise bad(f"family {name!r}: suggestions must be a list of text")
    if not isinstance(data.get("training", {}), dict):
        raise bad("training must be an object")
