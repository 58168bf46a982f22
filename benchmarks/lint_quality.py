"""Span precision and recall of the reply linter on labelled drafts (JSON lines).

    python benchmarks/lint_quality.py tests/lint/dev            # a directory of *.jsonl, or files
    python benchmarks/lint_quality.py PATH --misses              # list what was missed / false
    python benchmarks/lint_quality.py PATH --no-tone             # rules only (ablation)
    python benchmarks/lint_quality.py PATH --tone-only           # the tone layer alone
    python benchmarks/lint_quality.py PATH --json                # figures as JSON

Each line: {"id", "desk", "text", "violations": [{"quote", "family"}]}; quote is the shortest
exact substring of text that carries the violation. Only error and warning findings count:
a quote is found when such a finding overlaps it; a finding that overlaps no quote is a false
positive. Info-level notes (你 for 您, 尽快 without a time) never count either way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path


def read_drafts(paths: list[Path]) -> list[dict]:
    drafts = []
    for path in paths:
        files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
        for file in files:
            for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                if line.strip():
                    item = json.loads(line)
                    item.setdefault("id", f"{file.name}:{n}")
                    drafts.append(item)
    return drafts


def _quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    spans, at = [], text.find(quote)
    while at >= 0:
        spans.append((at, at + len(quote)))
        at = text.find(quote, at + 1)
    return spans


def score(linter, drafts: list[dict]) -> dict:
    quotes = found = findings = false = 0
    flagged_clean = clean = 0
    by_family: Counter[str] = Counter()
    found_family: Counter[str] = Counter()
    misses, false_alarms = [], []
    for d in drafts:
        text = d["text"]
        counted = [f for f in linter.lint(text) if f.severity.value in ("error", "warning")]
        spans = [(v, _quote_spans(text, v["quote"])) for v in d.get("violations", [])]
        for v, where in spans:
            quotes += 1
            by_family[v.get("family", "?")] += 1
            if any(f.start < e and s < f.end for f in counted for s, e in where):
                found += 1
                found_family[v.get("family", "?")] += 1
            else:
                misses.append((d["id"], v["quote"], v.get("family"), text))
        for f in counted:
            findings += 1
            if not any(f.start < e and s < f.end for _, where in spans for s, e in where):
                false += 1
                false_alarms.append((d["id"], f.rule, f.matched, text))
        if not spans:
            clean += 1
            flagged_clean += bool(counted)
    return {
        "drafts": len(drafts), "quotes": quotes, "findings": findings,
        "precision": (findings - false) / findings if findings else 1.0,
        "recall": found / quotes if quotes else 1.0,
        "compliant_drafts": clean, "compliant_flagged": flagged_clean,
        "recall_by_family": {fam: f"{found_family[fam]}/{n}" for fam, n in
                             sorted(by_family.items())},
        "misses": misses, "false_alarms": false_alarms,
    }


class _ToneOnly:
    """The tone layer's findings with no rule and no detector beside them."""

    def __init__(self, linter) -> None:
        self.tone, self.problems = linter.tone, linter.problems

    def lint(self, text: str):
        from agentdesk.lint.clauses import one_per_stretch

        findings = self.tone.findings(text) if self.tone is not None and text else []
        return one_per_stretch(text, findings, lambda f: False) if len(findings) > 1 \
            else findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--phrasebook", type=Path, action="append",
                        help="phrasebook directories (default: the shipped one)")
    parser.add_argument("--no-tone", action="store_true", help="rules only")
    parser.add_argument("--tone-only", action="store_true",
                        help="the tone layer alone, stretches grouped as the linter groups them")
    parser.add_argument("--misses", action="store_true", help="print misses and false alarms")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    from agentdesk.chinese import segmenter
    from agentdesk.lint import Linter
    from agentdesk.paths import shipped_phrasebook

    segmenter().tokenizer()  # as the CLI and the window have it: exact word boundaries
    linter = Linter.from_phrasebook(args.phrasebook or shipped_phrasebook())
    if args.no_tone:
        linter.tone = None
    if args.tone_only:
        linter = _ToneOnly(linter)
    for problem in linter.problems:
        print(f"rule problem: {problem}", file=sys.stderr)
    result = score(linter, read_drafts(args.paths))
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k not in ("misses", "false_alarms")},
                         ensure_ascii=False, indent=2))
    else:
        print(f"{result['drafts']} drafts, {result['quotes']} violations, "
              f"{result['findings']} error/warning findings")
        print(f"span precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
              f"compliant drafts flagged {result['compliant_flagged']}/"
              f"{result['compliant_drafts']}")
        print("recall by family: " + ", ".join(f"{k} {v}" for k, v in
                                               result["recall_by_family"].items()))
    if args.misses:
        for rid, quote, family, text in result["misses"]:
            print(f"MISS {rid} [{family}] “{quote}”  {text}")
        for rid, rule, matched, text in result["false_alarms"]:
            print(f"FALSE {rid} {rule} “{matched}”  {text}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
