"""The tone model's file format: its version, the checks every field passes before it is
trusted, and the packed vocabulary (version 3: grams joined, weights as base64 float32).

agentdesk.lint.tone reads models through these; agentdesk.lint.train writes them.
"""

from __future__ import annotations

import base64
import binascii
import math
import sys
from array import array
from collections.abc import Iterable, Sequence

from agentdesk.i18n import pick, tr

FORMAT = "agentdesk-tone"
# Version 2 keeps the vocabulary as {"grams": "g1\ng2…", "weights": base64 of little-endian
# float64 rows [idf, weight per class]}: it loads in milliseconds, where version 1's
# {gram: [idf, w…]} (121,000 numbers to parse as text) took 0.3 s. Version 3 packs the same
# rows as float32: half the bytes (a 19,000-clause model was 2.95 MB as float64), and a score
# moves by ~1e-7, far below any threshold's resolution. Versions 1 and 2 still load.
VERSION = 3
VERSIONS = (1, 2, 3)
# bytes and array typecode of one packed number, by version
_PACKED = {2: (8, "d"), 3: (4, "f")}
NGRAM_MAX = 3
# Trained weights and idfs are small; a huge one (or inf) is a damaged or forged file.
MAX_WEIGHT = 1e6


def _no_constant(name: str) -> None:
    raise ValueError(tr('{name} 不是模型可用的数值', name=name))


def _finite(x: object) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _check(data: object, source: str) -> None:
    def bad(zh: str, en: str) -> ValueError:
        return ValueError(tr(
                '{source} 不是有效的语气模型：{detail}',
                source=source, detail=pick(zh, en)))

    if not isinstance(data, dict):
        raise bad("顶层不是对象", "the top level is not an object")
    if data.get("format") != FORMAT:
        raise bad(f"format 为 {data.get('format')!r}，应为 {FORMAT!r}",
                  f"format is {data.get('format')!r}, expected {FORMAT!r}")
    if data.get("version") not in VERSIONS:
        raise bad(f"版本 {data.get('version')!r} 不是 {VERSION}（请用 `agentdesk lint train` "
                  "重新训练）", f"version {data.get('version')!r} is not {VERSION} (retrain "
                  "it with `agentdesk lint train`)")
    classes = data.get("classes")
    if (not isinstance(classes, list) or not all(isinstance(c, str) and c for c in classes)
            or len(set(classes)) != len(classes) or "ok" not in classes or len(classes) < 2):
        raise bad("classes 应为互不相同的名称，含 ok 和至少一个类别",
                  "classes must be distinct names including 'ok' and a family")
    k = len(classes)
    intercepts = data.get("intercepts")
    if not isinstance(intercepts, list) or len(intercepts) != k \
            or not all(_finite(b) for b in intercepts):
        raise bad(f"intercepts 应为 {k} 个有限数值", f"intercepts must be {k} finite numbers")
    if not _finite(data.get("threshold")):
        raise bad("threshold 应为有限数值", "threshold must be a finite number")
    if "context_threshold" in data and not _finite(data["context_threshold"]):
        raise bad("context_threshold 应为有限数值", "context_threshold must be a finite number")
    grams, weights = _vocabulary(data, k, bad)
    families = data.get("families")
    if not isinstance(families, dict):
        raise bad("families 应为对象", "families must be an object")
    for name in classes:
        if name == "ok":
            continue
        fam = families.get(name)
        if not isinstance(fam, dict) or not isinstance(fam.get("message"), str) \
                or not fam["message"].strip():
            raise bad(f"类别 {name!r} 缺少 message", f"family {name!r} has no message")
        if not isinstance(fam.get("message_en", ""), str):
            raise bad(f"类别 {name!r} 的 message_en 应为文本",
                      f"family {name!r}: message_en must be text")
        for key in ("suggestions", "excused_by", "short_suggestions"):
            words = fam.get(key, [])
            if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                raise bad(f"类别 {name!r} 的 {key} 应为文本列表",
                          f"family {name!r}: {key} must be a list of text")
        if "suggestions" not in fam:
            raise bad(f"类别 {name!r} 缺少 suggestions", f"family {name!r} has no suggestions")
    if not isinstance(data.get("training", {}), dict):
        raise bad("training 应为对象", "training must be an object")
    return grams, weights


def _vocabulary(data: dict, k: int, bad) -> tuple[list[str], Sequence[float]]:
    """The grams and the flat rows [idf, k weights] of either version, every number checked
    (in C-level passes: a model has over a hundred thousand of them)."""
    vocab = data.get("vocabulary")
    if data.get("version") == 1:
        if not isinstance(vocab, dict) or not vocab:
            raise bad("vocabulary 应为非空对象", "vocabulary must be a non-empty object")
        for gram, row in vocab.items():
            if type(row) is not list or len(row) != k + 1:
                raise bad(f"特征 {gram!r} 应对应 {k + 1} 个数值（idf 和权重）",
                          f"feature {gram!r} must map to {k + 1} numbers (idf, weights)")
        grams = list(vocab)
        weights: Sequence[float] = [x for row in vocab.values() for x in row]
        if not set(map(type, weights)) <= {int, float}:
            raise bad("vocabulary 中有非数值",
                      "the vocabulary holds something that is not a number")
    else:
        if not isinstance(vocab, dict) or not isinstance(vocab.get("grams"), str) \
                or not isinstance(vocab.get("weights"), str) or not vocab["grams"]:
            raise bad("vocabulary 应为 {grams, weights} 两段文本",
                      "vocabulary must be {grams, weights}, both text")
        grams = vocab["grams"].split("\n")
        try:
            raw = base64.b64decode(vocab["weights"], validate=True)
        except (binascii.Error, ValueError):
            raise bad("weights 不是 base64", "weights is not base64") from None
        size, code = _PACKED[data["version"]]
        if len(raw) != len(grams) * (k + 1) * size:
            raise bad(f"weights 应为 {len(grams)} × {k + 1} 个数值",
                      f"weights must hold {len(grams)} × {k + 1} numbers")
        flat = array(code)
        flat.frombytes(raw)
        if sys.byteorder == "big":
            flat.byteswap()
        weights = flat.tolist()  # floats made once, in C; slicing a list is C-level too
        if len(set(grams)) != len(grams):
            raise bad("特征重复", "a feature occurs twice")
    for gram in grams:
        if not 1 <= len(gram) <= NGRAM_MAX:
            raise bad(f"特征 {gram[:10]!r} 不是 1–{NGRAM_MAX} 字的 n 元组",
                      f"feature {gram[:10]!r} is not a 1–{NGRAM_MAX} character n-gram")
    # sum() is finite only when every number is (an inf or NaN anywhere carries through), and
    # then max/min bound them: three C-level passes, no call per number.
    try:
        out_of_range = not math.isfinite(sum(weights)) or max(weights) > MAX_WEIGHT \
            or min(weights) < -MAX_WEIGHT
    except OverflowError:           # an integer beyond any float, in a version 1 file
        out_of_range = True
    if out_of_range:
        raise bad(f"权重或 idf 超出 ±{MAX_WEIGHT:g}",
                  f"a weight or idf is beyond ±{MAX_WEIGHT:g} (not a trained model)")
    if min(weights[0::k + 1]) <= 0:
        raise bad("idf 不是正数", "an idf is not positive")
    return grams, weights


def pack_vocabulary(rows: Iterable[tuple[str, Sequence[float]]]) -> dict:
    """The current version's vocabulary of (gram, [idf, weight per class]) rows (for the
    trainer)."""
    grams, flat = [], array(_PACKED[VERSION][1])
    for gram, row in rows:
        if "\n" in gram:
            raise ValueError(f"feature {gram!r} holds a line break")
        grams.append(gram)
        flat.extend(row)
    if sys.byteorder == "big":
        flat.byteswap()
    return {"grams": "\n".join(grams), "weights": base64.b64encode(flat.tobytes()).decode()}


def vocabulary_grams(data: dict) -> list[str]:
    """The features of a model file's data, either version."""
    vocab = data["vocabulary"]
    return list(vocab) if data.get("version") == 1 else vocab["grams"].split("\n")
