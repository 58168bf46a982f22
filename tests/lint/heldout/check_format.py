"""Validate the held-out lint drafts (drafts.jsonl) and print their counts; run as a script."""

import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

FAMILIES = (
    "消极否定",
    "不耐烦",
    "命令指责",
    "不礼貌称呼",
    "推诿",
    "抱怨公司",
    "拒绝无替代",
    "激化矛盾",
    "过度承诺",
    "隐私",
    "占位符",
)
DESKS = ("telecom", "ecommerce", "game", "property", "tv")
KEYS = {"id", "desk", "text", "violations"}
DEFAULT_PATH = Path(__file__).with_name("drafts.jsonl")


def _to_simplified():
    """OpenCC's t2s converter if installed (it is a project dependency), else None."""
    try:
        import opencc
    except ImportError:
        return None
    return opencc.OpenCC("t2s").convert


def is_disguised(quote: str) -> bool:
    """A quote with spacing, zero-width characters, punctuation or emoji inside the phrase."""
    # Ordinary sentence punctuation inside a longer quote ("你问我，我问谁") is not a disguise.
    inner = quote[1:-1].translate({ord(c): None for c in "，。？！、,?!"})
    if not any(ch.isalnum() for ch in quote):  # "***" is a placeholder, not a disguised phrase
        return False
    return any(ch.isspace() or unicodedata.category(ch)[0] in "PSC" for ch in inner)


def check(path: Path) -> list[str]:
    """Return one line per problem found in the file (empty when it is well-formed)."""
    problems, seen_ids, seen_texts = [], set(), set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        if set(row) != KEYS:
            problems.append(f"line {n}: keys {sorted(row)} != {sorted(KEYS)}")
            continue
        rid, text = row["id"], row["text"]
        if rid in seen_ids:
            problems.append(f"line {n}: duplicate id {rid}")
        seen_ids.add(rid)
        if text in seen_texts:
            problems.append(f"line {n}: duplicate text")
        seen_texts.add(text)
        if row["desk"] not in DESKS:
            problems.append(f"{rid}: unknown desk {row['desk']!r}")
        if not text.strip():
            problems.append(f"{rid}: empty text")
        for v in row["violations"]:
            if v.get("family") not in FAMILIES:
                problems.append(f"{rid}: unknown family {v.get('family')!r}")
            if not v.get("quote") or v["quote"] not in text:
                problems.append(f"{rid}: quote {v.get('quote')!r} is not in the text")
    return problems


def counts(path: Path) -> str:
    """A small report: drafts per family, per desk, traditional and disguised."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    t2s = _to_simplified()
    fam, fam_desks, desk, desk_bad = Counter(), {}, Counter(), Counter()
    trad = trad_bad = disguised = 0
    for row in rows:
        desk[row["desk"]] += 1
        bad = bool(row["violations"])
        desk_bad[row["desk"]] += bad
        if t2s is not None and t2s(row["text"]) != row["text"]:
            trad += 1
            trad_bad += bad
        disguised += any(is_disguised(v["quote"]) for v in row["violations"])
        for v in row["violations"]:
            fam[v["family"]] += 1
            fam_desks.setdefault(v["family"], set()).add(row["desk"])
    with_v = sum(1 for r in rows if r["violations"])
    out = [
        f"drafts: {len(rows)}  with violations: {with_v}  compliant: {len(rows) - with_v}",
        f"violations: {sum(fam.values())}",
        "per family (violations, desks covered):",
    ]
    out += [f"  {f}: {fam[f]} ({len(fam_desks.get(f, ()))} desks)" for f in FAMILIES]
    out.append("per desk (drafts, of which with violations):")
    out += [f"  {d}: {desk[d]} ({desk_bad[d]})" for d in DESKS]
    if t2s is None:
        out.append("traditional: n/a (opencc not installed)")
    else:
        out.append(f"traditional: {trad} (with violations: {trad_bad})")
    out.append(f"disguised (space/zero-width/punctuation/emoji inside a quote): {disguised}")
    return "\n".join(out)


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_PATH
    problems = check(path)
    for p in problems:
        print(p)
    print(counts(path))
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
