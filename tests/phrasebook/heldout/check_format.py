"""Validate the held-out search queries (queries.jsonl) against the shipped templates."""

import json
import sys
from collections import Counter
from pathlib import Path

try:
    import tomllib
except ImportError:  # Python 3.10: the project depends on tomli there
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE.parents[2] / "phrasebook" / "templates"
KINDS = ("sentence", "keyword", "pinyin", "traditional")
KEYS = {"id", "kind", "query", "accept"}


def template_ids(folder: Path) -> set[str]:
    """Every template id in the shipped phrasebook."""
    ids = set()
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ids.update(t["id"] for t in data.get("templates", []))
    return ids


def check(path: Path, known: set[str]) -> list[str]:
    """Return one line per problem found in the file (empty when it is well-formed)."""
    problems, seen_ids, seen_queries = [], set(), set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not JSON ({exc})")
            continue
        if set(row) != KEYS:
            problems.append(f"line {n}: keys {sorted(row)} != {sorted(KEYS)}")
            continue
        if row["id"] in seen_ids:
            problems.append(f"line {n}: duplicate id {row['id']}")
        seen_ids.add(row["id"])
        if row["query"] in seen_queries:
            problems.append(f"{row['id']}: duplicate query")
        seen_queries.add(row["query"])
        if row["kind"] not in KINDS:
            problems.append(f"{row['id']}: unknown kind {row['kind']!r}")
        if not row["accept"]:
            problems.append(f"{row['id']}: no accepted template")
        unknown = [t for t in row["accept"] if t not in known]
        problems += [f"{row['id']}: unknown template {t!r}" for t in unknown]
    return problems


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else HERE / "queries.jsonl"
    problems = check(path, template_ids(TEMPLATES))
    for p in problems:
        print(p)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    kinds = Counter(r["kind"] for r in rows)
    print(f"queries: {len(rows)}  " + "  ".join(f"{k}: {kinds[k]}" for k in KINDS))
    mean = sum(len(r["accept"]) for r in rows) / len(rows)
    print(f"accepted ids per query: {mean:.1f} on average")
    if problems:
        print(f"FAILED: {len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
