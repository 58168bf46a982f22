"""The linter on drafts nobody tuned on (tests/lint/heldout/, written from the manuals alone by
someone who never saw the rules): span precision and recall must not fall below the figures
quoted in the README. Never tune rules or the tone model on this set; see its README."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

HELDOUT = Path(__file__).with_name("heldout") / "drafts.jsonl"
# The floors are the figures measured at the end of a session's work (README, "Reply
# linter"; 0.945 / 0.908 / 1 of 126 at midday on 2026-12-03, with one finding per stretch, and
# 0.942 / 0.911 / 1 at its end), rounded down: a regression guard, not a target to tune towards.
MIN_PRECISION = 0.94
MIN_RECALL = 0.90
MAX_CLEAN_FLAGGED = 0.03
COUNTED = ("error", "warning")  # info findings (vague promises) are advice, not violations


def score(linter, rows) -> dict:
    """Span scores: a quote is found when an error/warning finding overlaps it; a finding that
    overlaps no quote is a false alarm; a compliant draft with any finding is flagged."""
    found = quotes = stray = findings = clean = clean_flagged = 0
    for row in rows:
        text = row["text"]
        spans = [(f.start, f.end) for f in linter.lint(text) if f.severity.value in COUNTED]
        findings += len(spans)
        marked = []
        for v in row["violations"]:
            s = text.find(v["quote"])
            marked.append((s, s + len(v["quote"])))
        quotes += len(marked)
        found += sum(1 for s, e in marked if any(a < e and b > s for a, b in spans))
        stray += sum(1 for a, b in spans if not any(a < e and b > s for s, e in marked))
        if not row["violations"]:
            clean += 1
            clean_flagged += bool(spans)
    return {"precision": (findings - stray) / findings if findings else 1.0,
            "recall": found / quotes if quotes else 1.0,
            "clean_flagged": clean_flagged, "clean": clean, "found": found, "quotes": quotes,
            "findings": findings, "stray": stray}


@pytest.fixture(scope="module")
def heldout_rows():
    return [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines() if line.strip()]


def test_heldout_span_precision_and_recall_hold(linter, heldout_rows):
    s = score(linter, heldout_rows)
    print(f"held-out: {len(heldout_rows)} drafts, precision {s['precision']:.3f}, recall "
          f"{s['recall']:.3f} ({s['found']}/{s['quotes']}), compliant flagged "
          f"{s['clean_flagged']}/{s['clean']}")
    assert len(heldout_rows) >= 300
    assert s["precision"] >= MIN_PRECISION
    assert s["recall"] >= MIN_RECALL
    assert s["clean_flagged"] <= MAX_CLEAN_FLAGGED * s["clean"]


SECOND_READER = HELDOUT.with_name("second_reader.jsonl")
# A second, independent reading of the same drafts (2026-12-02, evening): a QA-supervisor helper
# who read the manuals and only the drafts' texts (not the writer's labels, not the rules) marked
# every violating clause. A finding is right when either reader marked it; recall is measured
# against the second reader's own marks. Measured 0.949 / 0.904 / 1 of 126 then, 0.973 / 0.904
# with one finding per stretch (2026-12-03); floors rounded down.
MIN_PRECISION_EITHER_READER = 0.97
MIN_RECALL_SECOND_READER = 0.90


def test_heldout_holds_against_a_second_independent_reading(linter, heldout_rows):
    second = {row["id"]: row["violations"] for row in
              (json.loads(line) for line in SECOND_READER.read_text("utf-8").splitlines()
               if line.strip())}
    assert set(second) == {row["id"] for row in heldout_rows}
    either = [{**row, "violations": row["violations"] + second[row["id"]]} for row in heldout_rows]
    theirs = [{**row, "violations": second[row["id"]]} for row in heldout_rows]
    s_either, s_second = score(linter, either), score(linter, theirs)
    print(f"held-out, either reader: precision {s_either['precision']:.3f}; second reader: "
          f"recall {s_second['recall']:.3f} ({s_second['found']}/{s_second['quotes']})")
    assert s_either["precision"] >= MIN_PRECISION_EITHER_READER
    assert s_second["recall"] >= MIN_RECALL_SECOND_READER
