"""Search over templates: keyword (substring and jieba words), pinyin, initials, traditional
characters, and one missing, extra, wrong or swapped character.

Per keystroke the work is a handful of C-level substring scans over precomputed strings, so
10,000 templates stay within a few milliseconds; nothing here segments every template.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from agentdesk.phrasebook.model import Template
from agentdesk.phrasebook.usage import UsageStore

_ASCII_QUERY = re.compile(r"^[a-z' ]+$")
_PINYIN: dict[str, str] = {}


def _char_pinyin(ch: str) -> str:
    """Pinyin of one character, memoised: pypinyin's phrase machinery is far too slow for 10k."""
    value = _PINYIN.get(ch)
    if value is None:
        if "\u4e00" <= ch <= "\u9fff":
            from pypinyin import Style, pinyin

            value = pinyin(ch, style=Style.NORMAL, heteronym=False, errors="ignore")[0][0] \
                if ch else ""
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


def normalise_query(text: str) -> str:
    from agentdesk.chinese import to_simplified

    text = unicodedata.normalize("NFKC", text).strip().lower()
    return to_simplified(text) if text else text


def _typo_pattern(q: str) -> re.Pattern[str] | None:
    """One regex for every one-edit variant of q (missing, extra, wrong or swapped char)."""
    if len(q) < 2 or len(q) > 12:
        return None
    esc = [re.escape(c) for c in q]
    variants = set()
    for i in range(1, len(q)):
        variants.add("".join(esc[:i]) + "." + "".join(esc[i:]))          # a character missing
    for i in range(len(q)):
        variants.add("".join(esc[:i]) + "." + "".join(esc[i + 1:]))      # a wrong character
        if len(q) >= 3:
            variants.add("".join(esc[:i] + esc[i + 1:]))                 # an extra character
    for i in range(len(q) - 1):
        swapped = [*esc[:i], esc[i + 1], esc[i], *esc[i + 2:]]
        variants.add("".join(swapped))
    return re.compile("|".join(sorted(variants, key=len, reverse=True)))


class SearchIndex:
    """Precomputed, lower-cased simplified strings per field, and pinyin of the short fields."""

    def __init__(self, templates: list[Template]) -> None:
        from agentdesk.chinese import to_simplified

        self.templates = templates
        self.ids = [tpl.id for tpl in templates]
        self.titles = [to_simplified(t.title).lower() for t in templates]
        self.labels = [to_simplified(" ".join((*t.aliases, *t.tags))).lower() for t in templates]
        self.categories = [t.category.lower() for t in templates]
        self.texts = [to_simplified(t.text).lower() for t in templates]
        shorts = [f"{a} {b} {c}"
                  for a, b, c in zip(self.titles, self.labels, self.categories, strict=True)]
        forms = [pinyin_forms(s) for s in shorts]
        self.full_pinyin = [f for f, _ in forms]
        self.initials = [i for _, i in forms]
        self.position = {tid: i for i, tid in enumerate(self.ids)}
        self.haystacks = [f"{a} {b} {c}"
                          for a, b, c in zip(self.titles, self.labels, self.texts, strict=True)]
        # Titles, aliases and tags in one string: a typo regex scans it once, in C.
        self.starts: list[int] = []
        parts, pos = [], 0
        for a, b in zip(self.titles, self.labels, strict=True):
            self.starts.append(pos)
            part = f"{a} {b}\n"
            parts.append(part)
            pos += len(part)
        self.short_blob = "".join(parts)

    def _groups(self, q: str) -> list[list[int]]:
        """Hits by field, most telling field first; a template appears once, in its best group."""
        if _ASCII_QUERY.match(q):
            q = q.replace("'", "").replace(" ", "")
            fields: Iterable[list[str]] = (self.titles, self.labels, self.initials,
                                           self.full_pinyin, self.categories, self.texts)
        else:
            fields = (self.titles, self.labels, self.categories, self.texts)
        seen: set[int] = set()
        groups = []
        for field in fields:
            hits = [i for i, s in enumerate(field) if q in s and i not in seen]
            seen.update(hits)
            groups.append(hits)
        return groups

    def _words(self, q: str) -> list[int]:
        """Templates containing every word of q (jieba words for a Chinese query)."""
        terms = q.split()
        if len(terms) == 1 and len(q) >= 3 and not _ASCII_QUERY.match(q):
            from agentdesk.chinese import segmenter

            terms = [w for w in segmenter().lcut(q) if w.strip()]
        if len(terms) < 2:
            return []
        first, rest = terms[0], terms[1:]
        return [i for i, s in enumerate(self.haystacks)
                if first in s and all(term in s for term in rest)]

    def _typos(self, q: str) -> list[int]:
        rx = _typo_pattern(q)
        if rx is None:
            return []
        return [i for i, s in enumerate(zip(self.titles, self.labels, strict=False))
                if rx.search(s[0]) or rx.search(s[1])]

    def search(self, query: str, limit: int = 10, *, usage: UsageStore | None = None,
               category: str | None = None) -> list[Template]:
        q = normalise_query(query)
        boosted = usage.ranking() if usage else {}
        if not q:
            order = sorted(range(len(self.ids)),
                           key=lambda i: -boosted.get(self.ids[i], 0)) if boosted else \
                list(range(len(self.ids)))
            return self._take([order], limit, {}, category)
        groups = [g for g in self._groups(q) if g]
        if not groups:
            words = self._words(q)
            # a typo scan is the slowest step: only when whole words did not fill the list
            groups = [g for g in (words, self._typos(q) if len(words) < limit else []) if g]
        return self._take(groups, limit, boosted, category)

    def _take(self, groups: list[list[int]], limit: int, boosted: dict[str, float],
              category: str | None) -> list[Template]:
        out: list[Template] = []
        taken: set[int] = set()
        prefix = category.rstrip("/") + "/" if category else None
        for group in groups:
            if boosted:
                group = sorted(group, key=lambda i: -boosted.get(self.ids[i], 0))
            for i in group:
                if i in taken:
                    continue
                taken.add(i)
                tpl = self.templates[i]
                if prefix and not (tpl.category == category or tpl.category.startswith(prefix)):
                    continue
                out.append(tpl)
                if len(out) >= limit:
                    return out
        return out
