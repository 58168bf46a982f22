"""Training the tone layer: labelled clauses → scikit-learn → phrasebook/models/tone.json.

scikit-learn is imported here and nowhere else (the optional `train` extra); the model it
fits is written out as plain JSON that agentdesk.lint.tone scores without it. The features
are tone.char_ngrams itself, so training and inference cannot drift apart.

    python -m agentdesk.lint.train [DATA ...] [--output PATH]

retrains the shipped model from the project's corpus (phrasebook/models/tone_clauses.tsv).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from agentdesk.i18n import tr
from agentdesk.lint import tone
from agentdesk.lint.labelled_rows import (
    TrainingDataError,
    corpus_guard,
    corpus_path,
    read_rows,
)
from agentdesk.lint.tone_families import EXCUSED_BY, FAMILIES, SHORT_SUGGESTIONS

# The brief asks for 0.97 on flagged clauses; the validation part holds a few hundred
# violations, so aim a little higher to keep 0.97 with its sampling noise.
TARGET_PRECISION = 0.98
# The validation split is the corpus's own wording, so the cut it picks flags too much of
# another writer's compliant text. The floor and the context cut are chosen by leaving one
# writer out (each writer's clauses dropped from the corpus, the model retrained, that writer's
# drafts scored with the rules). 2026-12-01, 19,152 clauses, eleven writers (1,344 compliant
# drafts), span P / R / compliant drafts flagged:
#   floor 0.9 alone 0.883 / 0.877 / 13;  0.9 + context 0.8 0.876 / 0.895 / 13;
#   0.95 + 0.8 0.877 / 0.891 / 9;  1.0 + 0.8 0.878 / 0.884 / 7;  1.05 + 0.8 0.881 / 0.877 / 5.
# A clause beside a flagged one in the same sentence is flagged from 0.8: recall +0.018 for no
# compliant draft more. The floor stays 0.9 (chosen the same way on six writers and 12,706
# clauses: 0.8 flagged 3.9 % of their compliant drafts, 0.9 2.7 %); a higher one trades
# recall for fewer compliant drafts flagged, and the tone layer alone then misses
# tests/lint/tone's paraphrases.
MIN_THRESHOLD = 0.9
# The cut for a clause next to a flagged clause or a rule's finding, in the same sentence
# (tone.ToneModel._with_context); never above the threshold.
CONTEXT_THRESHOLD = 0.8
# Regularisation of the linear model; chosen once on the project's corpus (a larger C fits
# the corpus phrases more tightly and generalised worse to paraphrases on validation).
C = 1.0



@dataclass
class TrainResult:
    model: dict
    metrics: dict
    vectorizer: object = field(repr=False, default=None)
    classifier: object = field(repr=False, default=None)


# -- training -------------------------------------------------------------------------------
def is_validation(text: str) -> bool:
    """The fixed 20% held aside to choose the threshold: by a hash of the normalised text,
    so a clause and its traditional-character twin always fall on the same side."""
    digest = hashlib.sha256(tone.normalised_clause(text).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 5 == 0


def data_hash(rows: Iterable[tuple[str, str]]) -> str:
    h = hashlib.sha256()
    for text, label in rows:
        h.update(f"{label}\t{text}\n".encode())
    return h.hexdigest()


def fitted_clauses(fit_texts: Iterable[str]) -> set[str]:
    """The normalised clauses of fit_texts (the rulebook's good examples): always fitted."""
    return {tone.normalised_clause(text[a:b]) for text in fit_texts
            for a, b in tone.clause_spans(text)}


def examples_hash(rows: Iterable[tuple[str, str]], fit_texts: Iterable[str]) -> str:
    """What the good examples change in the split: the corpus clauses the validation part
    would hold aside that they pull into fitting. A rule's new good example can change it,
    and then the model must be retrained; comparing this needs no scikit-learn."""
    fitted = fitted_clauses(fit_texts)
    moved = sorted({t for text, _ in rows for t in (tone.normalised_clause(text),)
                    if t in fitted and is_validation(text)})
    return hashlib.sha256("\n".join(moved).encode("utf-8")).hexdigest()


def sklearn_available() -> bool:
    """Is scikit-learn installed? (Without importing it: that alone takes seconds.)"""
    from importlib.util import find_spec

    try:
        return find_spec("sklearn") is not None
    except (ImportError, ValueError):
        return False


def require_sklearn():
    if not sklearn_available():
        raise ImportError(tr("训练需要 scikit-learn：pip install 'agentdesk[train]'"))
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC
    except ImportError:
        raise ImportError(tr("训练需要 scikit-learn：pip install 'agentdesk[train]'")) \
            from None
    return TfidfVectorizer, LinearSVC


def train(rows: Sequence[tuple[str, str]], *, target_precision: float = TARGET_PRECISION,
          guard_texts: Iterable[str] = (), families: dict | None = None,
          min_threshold: float = MIN_THRESHOLD,
          context_threshold: float = CONTEXT_THRESHOLD,
          fit_texts: Iterable[str] = ()) -> TrainResult:
    """Fit on the training part of rows, choose the threshold on the validation part for
    precision, then raise it above every clause of guard_texts (the approved templates).
    A row that is a clause of fit_texts (the rulebook's compliant examples, which the linter
    promises never to flag) is always fitted, never held aside for validation."""
    TfidfVectorizer, LinearSVC = require_sklearn()
    families = FAMILIES if families is None else families
    fit_texts = list(fit_texts)
    fitted = fitted_clauses(fit_texts)
    norm = [(t, label, t not in fitted and is_validation(text))
            for text, label in rows for t in (tone.normalised_clause(text),)]
    fit = [(t, lab) for t, lab, val in norm if not val and t]
    val = [(t, lab) for t, lab, v in norm if v and t]
    labels = {lab for _, lab in fit}
    if "ok" not in labels or len(labels) < 2:
        raise TrainingDataError(tr('训练数据需要标为 ok 的句子和至少一种禁语类别的句子'))
    # A gram must occur in 3 clauses of a large corpus (2 of a mid-sized one, 4 of a very large
    # one): the rarer ones are mostly one writer's words, and cost load time (12,700 clauses:
    # 16,000 features, not 27,000; 33,000 clauses at 3 made a 3.1 MB file, past the load-time
    # cap, and at 4 scored a writer left out the same; unseen drafts scored the same each time)
    min_df = 4 if len(fit) >= 30000 else 3 if len(fit) >= 5000 else 2 if len(fit) >= 500 else 1
    vectorizer = TfidfVectorizer(analyzer=tone.char_ngrams, sublinear_tf=True,
                                 min_df=min_df, lowercase=False)
    x = vectorizer.fit_transform([t for t, _ in fit])
    # random_state: the solver shuffles; a fixed seed makes a retrain reproduce the file.
    clf = LinearSVC(C=C, class_weight="balanced", max_iter=20000, random_state=0)
    clf.fit(x, [lab for _, lab in fit])
    model = _export(vectorizer, clf, families)
    model["training"] = {"sha256": data_hash(rows), "clauses": len(rows),
                         "fitted_on": len(fit), "validation": len(val),
                         "target_precision": target_precision,
                         "examples_sha256": examples_hash(rows, fit_texts)}
    scorer = tone.ToneModel(dict(model, threshold=0.0))
    scored = [(scorer.violation_score(t), lab) for t, lab in val]
    threshold = max(choose_threshold(scored, target_precision), min_threshold)
    guard = [score for text in guard_texts for score in scorer.clause_scores(text)]
    if guard and max(guard) >= threshold:
        threshold = max(guard) + 1e-3
    model["threshold"] = round(threshold, 6)
    model["context_threshold"] = round(min(threshold, context_threshold), 6)
    final = tone.ToneModel(model)
    metrics = evaluate(final, val)
    model["training"]["validation_metrics"] = metrics
    return TrainResult(model, metrics, vectorizer, clf)


def choose_threshold(scored: Sequence[tuple[float, str]], target: float) -> float:
    """The lowest cut whose flagged clauses (score above it) reach the target precision
    while flagging the most violations; above everything when no cut does."""
    ordered = sorted(scored, key=lambda p: -p[0])
    if not ordered:
        return 0.0
    best_tp, best_cut = 0, ordered[0][0]
    tp = fp = 0
    for i, (score, label) in enumerate(ordered):
        tp += label != "ok"
        fp += label == "ok"
        nxt = ordered[i + 1][0] if i + 1 < len(ordered) else None
        if nxt is not None and nxt == score:
            continue  # a cut can only fall between different scores
        if tp / (tp + fp) >= target and tp > best_tp:
            best_tp = tp
            best_cut = (score + nxt) / 2 if nxt is not None else score - 1e-3
    return best_cut


def evaluate(model: tone.ToneModel, rows: Sequence[tuple[str, str]]) -> dict:
    """Clause-level precision/recall, overall (any family) and per family (right family)."""
    flagged_ok = flagged_bad = total_bad = 0
    per: dict[str, dict[str, int]] = {f: {"tp": 0, "fp": 0, "n": 0} for f in model.classes
                                      if f != "ok"}
    for text, label in rows:
        got = model.classify(text)
        if label != "ok":
            total_bad += 1
            per.setdefault(label, {"tp": 0, "fp": 0, "n": 0})["n"] += 1
        if got is None:
            continue
        if label == "ok":
            flagged_ok += 1
        else:
            flagged_bad += 1
        if got == label:
            per[got]["tp"] += 1
        else:
            per.setdefault(got, {"tp": 0, "fp": 0, "n": 0})["fp"] += 1

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 1.0

    return {
        "precision": ratio(flagged_bad, flagged_bad + flagged_ok),
        "recall": ratio(flagged_bad, total_bad),
        "clauses": len(rows), "violations": total_bad, "false_alarms": flagged_ok,
        "families": {f: {"precision": ratio(c["tp"], c["tp"] + c["fp"]),
                         "recall": ratio(c["tp"], c["n"]), "clauses": c["n"]}
                     for f, c in per.items()},
    }


def _sig(x: float) -> float:
    return float(f"{x:.6g}")


def _export(vectorizer, clf, families: dict) -> dict:
    classes = [str(c) for c in clf.classes_]
    coef = clf.coef_.toarray() if hasattr(clf.coef_, "toarray") else clf.coef_
    intercepts = [float(b) for b in clf.intercept_]
    if len(classes) == 2:
        # scikit-learn keeps one hyperplane for two classes (positive: classes[1]).
        coef = [-coef[0], coef[0]]
        intercepts = [-intercepts[0], intercepts[0]]
    idf = vectorizer.idf_
    vocabulary = tone.pack_vocabulary(
        (gram, [_sig(idf[j]), *(_sig(row[j]) for row in coef)])
        for gram, j in sorted(vectorizer.vocabulary_.items(), key=lambda kv: kv[1]))
    fams = {}
    for name in classes:
        if name == "ok":
            continue
        zh, en, sugg = families.get(name, (f"语气不当（{name}）", f"tone: {name}", ()))
        fams[name] = {"message": zh, "message_en": en, "suggestions": list(sugg),
                      "excused_by": list(EXCUSED_BY.get(name, ()))}
        if name in SHORT_SUGGESTIONS:
            fams[name]["short_suggestions"] = list(SHORT_SUGGESTIONS[name])
    return {"format": tone.FORMAT, "version": tone.VERSION,
            "features": "char 1-3-grams of the normalised clause with edge marks; "
                        "sublinear tf-idf, l2; linear one-vs-rest (LinearSVC)",
            "classes": classes, "intercepts": [_sig(b) for b in intercepts],
            "threshold": 0.0, "families": fams, "vocabulary": vocabulary}


def example_texts(phrasebook_dirs) -> list[str]:
    """The good examples of every rule in these phrasebook layers: compliant replies the
    rulebook's own tests say nothing flags (agentdesk.lint is the linter's package, so the
    trainer may read its rulebook)."""
    from agentdesk.lint.rulebook import load_rulebook

    book = load_rulebook([Path(d) for d in phrasebook_dirs])
    return [text for rule in book.rules for text in rule.good_examples]


def shipped_inputs() -> dict:
    """What retraining the shipped model takes besides its rows: the corpus's templates as
    guards, the shipped rulebook's good examples always fitted."""
    from agentdesk.paths import shipped_phrasebook

    return {"guard_texts": corpus_guard(corpus_path()),
            "fit_texts": example_texts([shipped_phrasebook()])}


def save_model(model: dict, path: str | os.PathLike[str]) -> Path:
    """Write the model atomically (a half-written file would be refused by the linter)."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tone-", suffix=".json", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(model, fh, ensure_ascii=False, separators=(",", ":"))
            fh.write("\n")
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def format_metrics(metrics: dict, threshold: float) -> str:
    lines = [f"validation: {metrics['clauses']} clauses, {metrics['violations']} violations; "
             f"threshold {threshold:.3f}; precision {metrics['precision']:.3f}, "
             f"recall {metrics['recall']:.3f}, false alarms {metrics['false_alarms']}"]
    for fam, m in metrics["families"].items():
        lines.append(f"  {fam}: P {m['precision']:.3f} R {m['recall']:.3f} "
                     f"({m['clauses']} clauses)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Retrain the shipped model (or one from the given data) and print the validation."""
    import argparse

    from agentdesk.paths import shipped_phrasebook

    parser = argparse.ArgumentParser(prog="python -m agentdesk.lint.train",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="*", help="labelled clauses (.tsv, .csv, .jsonl); "
                        "default: the shipped corpus")
    parser.add_argument("--output", default=str(shipped_phrasebook() / tone.MODEL_FILE))
    args = parser.parse_args(argv)
    try:
        rows = [r for d in (args.data or [corpus_path()]) for r in read_rows(d)]
        result = train(rows, **shipped_inputs())
    except (TrainingDataError, ImportError) as exc:
        sys.stderr.write(f"train: {exc}\n")
        return 2
    out = save_model(result.model, args.output)
    sys.stdout.write(format_metrics(result.metrics, result.model["threshold"]) + "\n")
    sys.stdout.write(f"{out}: {out.stat().st_size / 1e6:.2f} MB, "
                     f"{len(tone.vocabulary_grams(result.model))} features\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
