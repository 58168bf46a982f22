"""Ranked search over templates: BM25 over jieba words of title, aliases/tags, category and
text (fields weighted), expanded with the phrasebook's synonym lists; plus the whole query
as a phrase, full pinyin and initials, and one missing, extra, wrong or swapped character.

Every match adds to a score, so a sentence whose words only partly match still returns the
best templates; the agent's favourites and recent use only break near-ties. Query words are
found by looking up the query's substrings in the index's own vocabulary, so a keystroke
needs no jieba dictionary: a fresh `agentdesk phrases search` starts at once.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right
from collections import defaultdict
from pathlib import Path

from agentdesk.phrasebook.index_cache import analyses
from agentdesk.phrasebook.model import Template
from agentdesk.phrasebook.synonyms import Synonyms
from agentdesk.phrasebook.text import ASCII_QUERY, clauses, normalise_query
from agentdesk.phrasebook.usage import UsageStore

# BM25F: a word in the title says more than the same word in the body.
FIELD_WEIGHTS = (3.0, 2.0, 1.5, 1.0)          # title, aliases/tags, category, text
K1, B = 1.2, 0.75
SYNONYM_WEIGHT = 0.8                           # a customer word standing for a template word
SINGLE_CHAR_WEIGHT = 0.4                       # a lone character is weak evidence
PHRASE_BONUS = (4.0, 3.0, 2.0, 1.5)            # the whole query inside a field, by field
TYPO_BONUS = 3.0
TIE_BREAK = 0.03                               # usage moves a template at most 3% of the top
MAX_TERM = 8                                   # longest query substring looked up
COMMON = 0.5                                   # words in more than half the templates: skip
_STOP_CHARS = set("的了吗呢吧啊呀么我你您他她它们是在有和与就都也很还又把被这那个一要能会想请好")


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


class _Blob:
    """One field of every template joined into one string: a phrase is found in C, once."""

    def __init__(self, values: list[str]) -> None:
        self.starts: list[int] = []
        parts, pos = [], 0
        for v in values:
            self.starts.append(pos)
            parts.append(v + "\n")
            pos += len(v) + 1
        self.text = "".join(parts)

    def hits(self, rx: re.Pattern[str]) -> list[int]:
        """Templates whose value matches rx; after a hit the scan jumps to the next one."""
        found: list[int] = []
        text, starts, search = self.text, self.starts, rx.search
        end, pos = len(starts), 0
        while (m := search(text, pos)) is not None:
            doc = bisect_right(starts, m.start()) - 1
            found.append(doc)
            if doc + 1 >= end:
                break
            pos = starts[doc + 1]
        return found


class SearchIndex:
    """Postings of weighted words, pinyin strings and phrase blobs for a list of templates."""

    def __init__(self, templates: list[Template], synonyms: Synonyms | None = None, *,
                 cache_dir: Path | None = None) -> None:
        self.templates = templates
        self.synonyms = synonyms or Synonyms()
        self.ids = [tpl.id for tpl in templates]
        raw = [[t.title for t in templates], [" ".join((*t.aliases, *t.tags)) for t in templates],
               [t.category for t in templates], [t.text for t in templates]]
        fields, found = analyses(raw, cache_dir)
        self.postings = self._postings(found)
        self.blobs = [_Blob(values) for values in fields]
        # pinyin of title, labels and category, each as (full, initials)
        self.pinyin = [(_Blob([a.pinyin[2 * k] for a in found]),
                        _Blob([a.pinyin[2 * k + 1] for a in found])) for k in range(3)]
        self.shorts = [f"{a} {b}" for a, b in zip(fields[0], fields[1], strict=True)]
        self.short_blob = _Blob(self.shorts)

    def _postings(self, found) -> dict[str, list[tuple[int, float]]]:
        """term -> [(template, BM25F weight)]; idf once per term, the rest in comprehensions
        (10,000 templates make about half a million postings)."""
        n = len(found)
        raw: dict[str, list[tuple[int, float]]] = {}
        norms: list[float] = []
        for doc, a in enumerate(found):
            tf: dict[str, float] = {}
            get = tf.get
            length = 0.0
            for weight, words in zip(FIELD_WEIGHTS, (a.title, a.labels, a.category, a.text),
                                     strict=True):
                for w in words:
                    tf[w] = get(w, 0.0) + weight
                length += weight * len(words)
            norms.append(length)
            for w, f in tf.items():
                plist = raw.get(w)
                if plist is None:
                    raw[w] = [(doc, f)]
                else:
                    plist.append((doc, f))
        avg = (sum(norms) / n) if n and sum(norms) else 1.0
        norms = [K1 * (1 - B + B * length / avg) for length in norms]
        postings: dict[str, list[tuple[int, float]]] = {}
        k1 = K1 + 1
        for w, plist in raw.items():
            idf = math.log(1 + (n - len(plist) + 0.5) / (len(plist) + 0.5))
            postings[w] = [(d, idf * f * k1 / (f + norms[d])) for d, f in plist]
        return postings

    # -- query side ---------------------------------------------------------------------
    def terms(self, q: str) -> dict[str, float]:
        """Index words in the query (every substring the index knows, synonyms expanded),
        each with the weight it counts for."""
        out: dict[str, float] = {}
        ignore = self.synonyms.ignore
        ignored: list[str] = []   # they count after all when the query has nothing else

        def add(term: str, weight: float) -> None:
            if term in self.postings and out.get(term, 0) < weight:
                out[term] = weight

        def add_phrase(phrase: str, weight: float) -> None:
            """A synonym's words as the index has them (不满意 is indexed as 满意)."""
            if phrase in self.postings:
                add(phrase, weight)
                return
            for i in range(len(phrase)):
                for size in range(min(MAX_TERM, len(phrase) - i), 1, -1):
                    if phrase[i:i + size] in self.postings:
                        add(phrase[i:i + size], weight)

        for clause in clauses(q):
            n = len(clause)
            covered = [False] * n
            if ASCII_QUERY.match(clause):     # a latin word inside a Chinese query: "bug"
                add(clause, 1.0)
                continue
            for i in range(n):
                for size in range(min(MAX_TERM, n - i), 0, -1):
                    piece = clause[i:i + size]
                    hit = piece in ignore
                    if hit:
                        ignored.append(piece)
                    elif size > 1 and piece in self.postings:
                        add(piece, 1.0)
                        hit = True
                    for other in () if piece in ignore else self.synonyms.expansions(piece):
                        add_phrase(other, SYNONYM_WEIGHT)
                        hit = True
                    if hit:
                        for k in range(i, i + size):
                            covered[k] = True
            for i, ch in enumerate(clause):
                # a lone Chinese character is weak evidence; a lone digit or letter is none
                if not covered[i] and ch not in _STOP_CHARS and "\u4e00" <= ch <= "\u9fff":
                    add(ch, SINGLE_CHAR_WEIGHT)
        if not out:
            for piece in ignored:
                add(piece, 1.0)
        return out

    def _score_words(self, q: str, scores: dict[int, float]) -> None:
        terms = self.terms(q)
        n = len(self.templates) or 1
        common = [t for t in terms if len(self.postings[t]) > COMMON * n]
        if len(common) < len(terms):    # very common words only count when nothing else does
            for t in common:
                del terms[t]
        for term, weight in terms.items():
            for doc, w in self.postings[term]:
                scores[doc] += weight * w

    def _score_phrase(self, q: str, scores: dict[int, float]) -> bool:
        """The whole query inside a field; True when it is in some title or alias."""
        if len(q) < 2 or len(q) > 30:
            return False
        rx = re.compile(re.escape(q))
        in_short = False
        for k, (blob, bonus) in enumerate(zip(self.blobs, PHRASE_BONUS, strict=True)):
            if k == 3 and len(q) < 3:
                break      # two characters in a body say little; their words already count
            for doc in blob.hits(rx):
                scores[doc] += bonus
                in_short = in_short or k < 2
        return in_short

    def _score_pinyin(self, q: str, scores: dict[int, float]) -> None:
        q = q.replace("'", "").replace(" ", "")
        if len(q) < 2:
            return          # one letter is every second template: wait for the next key
        rx = re.compile(re.escape(q))
        for (full, initials), weight in zip(self.pinyin, FIELD_WEIGHTS, strict=False):
            for doc in {*full.hits(rx), *initials.hits(rx)}:
                scores[doc] += weight

    def _score_typos(self, q: str, scores: dict[int, float]) -> None:
        """One edit away from a title or alias. A regex of ~30 alternatives is slow to scan
        10,000 titles with, so when the query's words found candidates only they are tried."""
        rx = _typo_pattern(q)
        if rx is None:
            return
        if not scores:
            for doc in self.short_blob.hits(rx):
                scores[doc] += TYPO_BONUS
            return
        search, shorts = rx.search, self.shorts
        for doc in [d for d in scores if search(shorts[d])]:
            scores[doc] += TYPO_BONUS

    def scores(self, query: str) -> dict[int, float]:
        """Relevance of every template that matches the query at all."""
        q = normalise_query(query)
        scores: dict[int, float] = defaultdict(float)
        if not q:
            return scores
        if ASCII_QUERY.match(q):
            self._score_pinyin(q, scores)
            for word in q.split():
                for doc, w in self.postings.get(word, ()):
                    scores[doc] += w
            self._score_phrase(q, scores)
            return scores
        self._score_words(q, scores)
        # a typo, only when the query is not literally there, and for two characters only
        # when one of them is known (火星 must not find every title with 火 in it)
        if not self._score_phrase(q, scores) and len(q) <= 8 and (scores or len(q) > 2):
            self._score_typos(q, scores)
        return scores

    def search(self, query: str, limit: int = 10, *, usage: UsageStore | None = None,
               category: str | None = None) -> list[Template]:
        boosted = usage.ranking() if usage else {}
        prefix = category.rstrip("/") + "/" if category else None

        def wanted(doc: int) -> bool:
            cat = self.templates[doc].category
            return not prefix or cat == category or cat.startswith(prefix)

        if not normalise_query(query):
            order = sorted(range(len(self.ids)), key=lambda i: -boosted.get(self.ids[i], 0))
            return [self.templates[i] for i in order if wanted(i)][:limit]
        scores = self.scores(query)
        if prefix:
            scores = {doc: s for doc, s in scores.items() if wanted(doc)}
        if not scores:
            return []
        if boosted:
            top = max(scores.values())
            most = max(boosted.values())
            for doc in scores:
                scores[doc] += TIE_BREAK * top * boosted.get(self.ids[doc], 0) / most
        best = heapq.nlargest(limit, scores.items(), key=lambda kv: (kv[1], -kv[0]))
        return [self.templates[doc] for doc, _ in best]
