"""Score `agentdesk lint` on the held-out drafts (recall per family, false alarms); run by hand."""

import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from check_format import FAMILIES, _to_simplified, is_disguised

HERE = Path(__file__).resolve().parent


def lint_lines(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """Run the CLI once over all drafts (one per line); (start, end, category) per draft."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "drafts.txt"
        path.write_text("\n".join(texts) + "\n", encoding="utf-8")
        # Run from the temp dir, as a user would, so nothing depends on the checkout's cwd.
        out = subprocess.run(
            [sys.executable, "-m", "agentdesk", "lint", "--format", "json", str(path)],
            cwd=tmp,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
    if out.returncode not in (0, 1):
        sys.exit(f"agentdesk lint failed ({out.returncode}): {out.stderr.strip()}")
    found: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    for f in json.loads(out.stdout or "[]"):
        start = f["column"] - 1  # offsets within the line; the file offsets count earlier lines
        found[f["line"] - 1].append((start, start + f["end"] - f["start"], f.get("category", "")))
    return found


def main() -> int:
    rows = [json.loads(line) for line in (HERE / "drafts.jsonl").read_text("utf-8").splitlines()]
    found = lint_lines([r["text"] for r in rows])
    t2s = _to_simplified()
    hit, fam_hit, total = Counter(), Counter(), Counter()
    subset_hit, subset_total = Counter(), Counter()
    clean_flagged = stray = findings = 0
    for row, spans in zip(rows, found, strict=True):
        findings += len(spans)
        if not row["violations"]:
            clean_flagged += bool(spans)
            continue
        quotes = []
        trad = t2s is not None and t2s(row["text"]) != row["text"]
        for v in row["violations"]:
            s = row["text"].find(v["quote"])
            e = s + len(v["quote"])
            quotes.append((s, e))
            over = [c for a, b, c in spans if a < e and b > s]
            total[v["family"]] += 1
            hit[v["family"]] += bool(over)
            fam_hit[v["family"]] += v["family"] in over
            for name, member in (("traditional", trad), ("disguised", is_disguised(v["quote"]))):
                if member:
                    subset_total[name] += 1
                    subset_hit[name] += bool(over)
        stray += sum(1 for a, b, _ in spans if not any(a < e and b > s for s, e in quotes))
    n_clean = sum(1 for r in rows if not r["violations"])
    print("family: found / total (same family)")
    for f in FAMILIES:
        print(f"  {f}: {hit[f]}/{total[f]} ({fam_hit[f]})")
    all_hit, all_total = sum(hit.values()), sum(total.values())
    print(f"recall: {all_hit}/{all_total} = {all_hit / all_total:.1%}")
    for name in ("traditional", "disguised"):
        print(f"  {name}: {subset_hit[name]}/{subset_total[name]}")
    print(f"compliant drafts flagged: {clean_flagged}/{n_clean} = {clean_flagged / n_clean:.1%}")
    print(f"findings outside every quote on bad drafts: {stray} (of {findings} findings)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
