"""Text analysis for search: query normalisation, jieba words of a template, pinyin forms.

Analysing a template (jieba, pypinyin) is the slow part; `Analysis` is plain data so the
index can keep it in a JSON cache and a fresh process loads neither library for wording it
has seen before.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from agentdesk.phrasebook.placeholders import PLACEHOLDER_RE

ASCII_QUERY = re.compile(r"^[a-z' ]+$")
_PINYIN: dict[str, str] = {}
# Runs of letters/digits/CJK; everything else (punctuation, emoji, spaces) separates clauses.
_CLAUSE_SPLIT = re.compile(r"[^\w]+")


class Analysis(NamedTuple):
    """What search needs of one template, computed once (and cached as JSON)."""

    title: list[str]           # jieba words (search mode) per field
    labels: list[str]          # aliases and tags
    category: list[str]
    text: list[str]
    pinyin: list[str]          # [title full, title initials, labels full, labels initials,
                               #  category full, category initials]


MAX_QUERY = 1000    # a pasted message longer than this is read from its start
_INVISIBLE = re.compile("[\u200b-\u200f\u2060\ufeff\u00ad]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def normalise_query(text: str) -> str:
    """NFKC (full-width -> half-width), no zero-width characters, lower case, traditional ->
    simplified; at most MAX_QUERY characters."""
    from agentdesk.chinese import to_simplified

    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text[:4 * MAX_QUERY]))
    text = _CONTROL.sub(" ", text)
    text = text.strip().lower()[:MAX_QUERY]
    return to_simplified(text) if text else text


def _char_pinyin(ch: str) -> str:
    """Pinyin of one character, memoised: pypinyin's phrase machinery is far too slow for 10k."""
    value = _PINYIN.get(ch)
    if value is None:
        if "\u4e00" <= ch <= "\u9fff":
            from pypinyin import Style, pinyin

            value = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="ignore")[0][0]
        else:
            value = ch if ch.isalnum() else ""
        _PINYIN[ch] = value
    return value


def pinyin_forms(text: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of text: 退款 -> ('tuikuan', 'tk')."""
    full, initials = [], []
    for ch in text:
        py = _char_pinyin(ch)
        if py:
            full.append(py)
            initials.append(py[0])
        elif initials and initials[-1] != " ":
            # punctuation and spaces split words, so initials never run across two fields
            full.append(" ")
            initials.append(" ")
    return "".join(full), "".join(initials)


def words(text: str) -> list[str]:
    """jieba's search-mode words of already normalised text, without punctuation."""
    out: list[str] = []
    for clause in _CLAUSE_SPLIT.split(text):
        if clause:
            out += _clause_words(clause)
    return out


@lru_cache(maxsize=65536)
def _clause_words(clause: str) -> list[str]:
    # Without HMM: jieba's guessing of unknown words is most of its time, and an unknown
    # run still matches character by character. Phrasebooks repeat clauses (您好, 请您稍等),
    # so each distinct clause is segmented once.
    from agentdesk.chinese import segmenter

    return [w for w in segmenter().tokenizer().lcut_for_search(clause, HMM=False) if w.strip()]


def plain_text(text: str) -> str:
    """A template's text with each `{名称|默认|…}` slot reduced to its name and choices."""
    def repl(m: re.Match[str]) -> str:
        return " " + m.group(1) + " " + " ".join(m.group(2).split("|")) + " "

    return PLACEHOLDER_RE.sub(repl, text)


def analyse(title: str, labels: str, category: str, text: str) -> Analysis:
    """Words and pinyin of a template's normalised fields (loads jieba and pypinyin)."""
    py = [*pinyin_forms(title), *pinyin_forms(labels), *pinyin_forms(category.replace("/", " "))]
    label_words = words(labels)
    # an alias is the customer's own phrase: it also counts whole, not only as jieba's
    # pieces (坏了 would otherwise be just 坏 and 了)
    label_words += [a for a in labels.split() if len(a) > 1 and a not in label_words]
    return Analysis(words(title), label_words, words(category.replace("/", " ")),
                    words(plain_text(text)), py)


def clauses(query: str) -> list[str]:
    """The query cut at punctuation and spaces: 你好，电水壶坏了 -> ['你好', '电水壶坏了']."""
    return [c for c in _CLAUSE_SPLIT.split(query) if c]
