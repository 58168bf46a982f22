"""Score `agentdesk phrases search` on the held-out queries (top-1/3/5 per kind); run by hand."""

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = ("sentence", "keyword", "pinyin", "traditional")
DEPTHS = (1, 3, 5)
CLI = (sys.executable, "-m", "agentdesk", "phrases", "search", "--format", "json")


def search(query: str, cwd: str) -> list[str]:
    """Template ids the CLI returns for one query, best first."""
    out = subprocess.run(
        [*CLI, "--limit", str(max(DEPTHS)), "--", query],
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if out.returncode != 0:
        sys.exit(f"agentdesk phrases search {query!r} failed: {out.stderr.strip()}")
    return [r["id"] for r in json.loads(out.stdout or "[]")]


def main() -> int:
    rows = [json.loads(line) for line in (HERE / "queries.jsonl").read_text("utf-8").splitlines()]
    hits = {d: Counter() for d in DEPTHS}
    kinds, empty, misses = Counter(), Counter(), []
    with tempfile.TemporaryDirectory() as tmp:  # run from elsewhere, as a user would
        for row in rows:
            got = search(row["query"], tmp)
            kinds[row["kind"]] += 1
            empty[row["kind"]] += not got
            for d in DEPTHS:
                hits[d][row["kind"]] += bool(set(got[:d]) & set(row["accept"]))
            if not set(got[: max(DEPTHS)]) & set(row["accept"]):
                misses.append(f"  {row['id']} {row['query']} -> {got[:3]}")
    print("kind: top1 / top3 / top5 of n (no result at all)")
    for k in KINDS:
        cells = " / ".join(str(hits[d][k]) for d in DEPTHS)
        print(f"  {k}: {cells} of {kinds[k]} ({empty[k]})")
    n = len(rows)
    print("all: " + " / ".join(f"{sum(hits[d].values()) / n:.0%}" for d in DEPTHS) + f" of {n}")
    print("missed in the top 5:")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
