"""Labelled clauses for training the tone layer: the project's corpus (TSV: label, desk,
text), a supervisor's verdicts as CSV (text and label columns) or JSON lines ("text",
"label"). Bad data is refused with one line naming the file and line.
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

from agentdesk.i18n import tr
from agentdesk.lint.tone_families import LABELS

CORPUS_FILE = Path("models") / "tone_clauses.tsv"
MAX_DATA_BYTES = 64 * 1024 * 1024


class TrainingDataError(ValueError):
    """Labelled data that cannot be trained on; the message names the file and line."""


def read_rows(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(text, label) pairs from a .tsv corpus (label, desk, text), a .csv with text and
    label columns, or JSON lines with "text" and "label" keys."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_DATA_BYTES:
            raise TrainingDataError(tr('{p}：超过 {value} MiB', p=p, value=MAX_DATA_BYTES // 2**20))
        raw = p.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise TrainingDataError(tr('找不到文件：{p}', p=p)) from None
    except IsADirectoryError:
        raise TrainingDataError(tr('{p} 是目录，请给出文件', p=p)) from None
    except UnicodeDecodeError:
        raise TrainingDataError(tr('{p} 不是 UTF-8 文本', p=p)) from None
    except OSError as exc:
        raise TrainingDataError(tr(
                '无法读取 {p}：{value}',
                p=p, value=exc.strerror or exc)) from None
    if "\x00" in raw:
        raise TrainingDataError(tr('{p} 是二进制文件，不是标注数据', p=p))
    suffix = p.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        rows = _json_lines(raw, p)
    else:
        rows = _delimited(raw, p, "\t" if suffix == ".tsv" else ",")
    if not rows:
        raise TrainingDataError(tr('{p}：没有标注数据', p=p))
    return rows


def _checked(text: object, label: object, where: str) -> tuple[str, str]:
    if not isinstance(text, str) or not text.strip():
        raise TrainingDataError(tr('{where}：text 为空', where=where))
    if not isinstance(label, str) or label.strip() not in LABELS:
        raise TrainingDataError(tr("{where}：标签 {label} 不是 {labels} 之一", where=where,
                                   label=repr(label), labels=" | ".join(LABELS)))
    return text.strip(), label.strip()


def _delimited(raw: str, p: Path, delimiter: str) -> list[tuple[str, str]]:
    reader = csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return []
    except csv.Error as exc:
        raise TrainingDataError(tr('{p}:1：无法解析：{exc}', p=p, exc=exc)) from None
    if "text" not in header or "label" not in header:
        found = "、".join(header) or "无"
        raise TrainingDataError(tr(
                '{p}:1：表头需要 text 和 label 两列（现有：{found}）',
                p=p, found=found, value=', '.join(header) or 'none'))
    ti, li = header.index("text"), header.index("label")
    rows = []
    try:
        for line_no, rec in enumerate(reader, start=2):
            if not any(c.strip() for c in rec):
                continue
            if len(rec) <= max(ti, li):
                raise TrainingDataError(tr(
                        '{p}:{line_no}：只有 {n_rec} 列，应为 {n_header} 列',
                        p=p, line_no=line_no, n_rec=len(rec), n_header=len(header)))
            rows.append(_checked(rec[ti], rec[li], f"{p}:{line_no}"))
    except csv.Error as exc:
        raise TrainingDataError(tr(
                '{p}:{line_num}：无法解析：{exc}',
                p=p, line_num=reader.line_num, exc=exc)) from None
    return rows


def _json_lines(raw: str, p: Path) -> list[tuple[str, str]]:
    rows = []
    for line_no, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            raise TrainingDataError(tr(
                    '{p}:{line_no}：不是 JSON 对象',
                    p=p, line_no=line_no)) from None
        if not isinstance(obj, dict):
            raise TrainingDataError(tr('{p}:{line_no}：不是 JSON 对象', p=p, line_no=line_no))
        rows.append(_checked(obj.get("text"), obj.get("label"), f"{p}:{line_no}"))
    return rows


def corpus_path(phrasebook_dir: Path | None = None) -> Path:
    """The project's labelled clauses (shipped beside the model they train)."""
    if phrasebook_dir is None:
        from agentdesk.paths import shipped_phrasebook

        phrasebook_dir = shipped_phrasebook()
    return phrasebook_dir / CORPUS_FILE


def corpus_guard(path: str | os.PathLike[str]) -> list[str]:
    """The approved templates' clauses kept in the corpus (desk "template"): the threshold
    stays above every one of them. (The linter may not import the phrasebook package; the
    CLI, which may, guards with the templates of every configured layer instead.)"""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [r["text"] for r in csv.DictReader(fh, delimiter="\t")
                if r.get("desk") == "template" and r.get("text")]
