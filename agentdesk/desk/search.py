"""Duty-log word search: the text an entry is indexed under, and a query as an FTS5 expression.

Chinese has no spaces, so each run of Han characters is indexed as overlapping bigrams plus its
last character ("断网三天" -> 断网 网三 三天 天) in an ordinary unicode61 FTS5 column:
- a word of two or more characters is the phrase of its bigrams, i.e. an exact substring match
  at any length, and a word that never occurs costs one term lookup;
- a single character is a one-character prefix query, answered by the table's prefix index.
This needs neither jieba (a second of dictionary loading on every `log add`) nor a trigram
fallback that scans for 1-2 character words. Letters and digits stay whole words, matched by
prefix (an order number by its first digits). Both sides are folded to NFKC, lower case and
simplified Chinese (OpenCC), so a traditional query finds simplified entries and the reverse.

Changing what `index_text` produces needs a migration that rebuilds the index (see schema.py).
"""

from __future__ import annotations

import functools
import re
import sqlite3
import unicodedata

from agentdesk.desk import unreadable

# Han ideographs (URO, extension A, compatibility, extensions B+); kana and hangul count as
# letters and stay whole words like Latin.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUN = rf"([{_HAN}]+)|([^\W_{_HAN}]+)"
# a Han character followed by another: their bigram; the last of a run: itself; letters/digits
_TOKEN = rf"(?=([{_HAN}]{{2}}))[{_HAN}]|([{_HAN}])|([^\W_{_HAN}]+)"


@functools.cache
def _pattern(source: str) -> re.Pattern:
    """Compiled on first use: the Han ranges take re ~10 ms each to compile, which every CLI
    command paid at import (`log list` without a search needs neither pattern)."""
    return re.compile(source)


FIELDS = ("customer", "summary", "resolution")  # what a search looks in


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    if not text.isascii():  # only non-ASCII text can need OpenCC
        from agentdesk.chinese import to_simplified

        text = to_simplified(text)
    return text


def _runs(text: str):
    """(is_han, run) for each run of Han characters or of letters/digits, in order."""
    for m in _pattern(_RUN).finditer(_fold(text)):
        yield (True, m.group(1)) if m.group(1) else (False, m.group(2))


def _han_tokens(run: str) -> list[str]:
    return [run[i:i + 2] for i in range(len(run) - 1)] + [run[-1]]


def index_text(*fields: str | None) -> str:
    """The tokens an entry is found by, space separated (what the FTS column stores)."""
    # One fold (one OpenCC call) for all fields; a run never crosses the newline between them.
    # _TOKEN yields exactly the tokens of _runs/_han_tokens, one match each, at C speed (a
    # migration indexes a million entries with this).
    text = _fold("\n".join(f for f in fields if f))
    return " ".join(a or b or c for a, b, c in _pattern(_TOKEN).findall(text))


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _word_expression(runs: list[tuple[bool, str]]) -> str:
    """One query word as one FTS5 phrase: its runs' tokens in order, adjacent as in the text.

    A Han run that is followed by another run ends there in the text too, so it keeps its
    trailing character token; the word's last run may continue in the text: a Han run of two or
    more matches by its bigrams, anything shorter (one Han character, letters, digits) by prefix.
    """
    tokens: list[str] = []
    for i, (is_han, run) in enumerate(runs):
        last = i == len(runs) - 1
        if not is_han:
            tokens.append(run)
        elif not last:
            tokens += _han_tokens(run)
        else:
            tokens += [run[j:j + 2] for j in range(len(run) - 1)] or [run]
    prefix = not runs[-1][0] or len(runs[-1][1]) == 1
    return _quote(" ".join(tokens)) + ("*" if prefix else "")


def words(query: str) -> list[str]:
    """The query's words (split on spaces) that have something searchable in them."""
    return [w for w in query.split() if any(True for _ in _runs(w))]


def match_expression(query: str, *, any_word: bool = False) -> str | None:
    """The FTS5 MATCH text for every word (or, with any_word, at least one); None if empty."""
    parts = []
    for word in words(query):
        parts.append(_word_expression(list(_runs(word))))
    if not parts:
        return None
    return (" OR " if any_word else " AND ").join(parts)


def create_index(conn: sqlite3.Connection) -> None:
    """The word index, and triggers that queue every changed entry for `sync`.

    The triggers only record ids (plain SQL), so any program may still edit the file (no
    application function is needed to write an entry); the log catches up in `sync`. The index
    keeps its own copy of the tokens, so an update deletes the old row by rowid whatever
    index_text would say about the old text today. Existing entries are queued, not indexed
    here: a million of them take minutes, done newest first in batches by DutyLog.catch_up."""
    conn.execute("CREATE VIRTUAL TABLE entries_words USING fts5(words, prefix='1', "
                 "columnsize=0, tokenize='unicode61 remove_diacritics 0')")
    conn.execute("CREATE TABLE entries_words_pending (id INTEGER PRIMARY KEY)")
    queue = "INSERT OR IGNORE INTO entries_words_pending(id) VALUES"
    conn.execute(f"CREATE TRIGGER entries_words_ai AFTER INSERT ON entries BEGIN "
                 f"{queue} (new.id); END")
    conn.execute(f"CREATE TRIGGER entries_words_au AFTER UPDATE OF {', '.join(FIELDS)} "
                 f"ON entries BEGIN {queue} (old.id); {queue} (new.id); END")
    conn.execute(f"CREATE TRIGGER entries_words_ad AFTER DELETE ON entries BEGIN "
                 f"{queue} (old.id); END")
    conn.execute("INSERT INTO entries_words_pending(id) SELECT id FROM entries")


def pending(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM entries_words_pending LIMIT 1").fetchone() is not None


def sync(conn: sqlite3.Connection, max_rows: int | None = None, batch: int = 5_000) -> int:
    """Index queued entries, newest first, inside the caller's write transaction; at most
    max_rows of them (None: all). Returns how many were indexed."""
    done = 0
    while max_rows is None or done < max_rows:
        size = batch if max_rows is None else min(batch, max_rows - done)
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM entries_words_pending ORDER BY id DESC LIMIT ?", (size,))]
        if not ids:
            break
        hi, lo = ids[0], ids[-1]  # the batch is exactly the queued ids in [lo, hi]
        conn.execute("DELETE FROM entries_words WHERE rowid IN "
                     "(SELECT id FROM entries_words_pending WHERE id BETWEEN ? AND ?)", (lo, hi))
        rows = conn.execute(f"SELECT e.id, {', '.join('e.' + c for c in FIELDS)} FROM "
                            "entries_words_pending p JOIN entries e ON e.id = p.id "
                            "WHERE p.id BETWEEN ? AND ?", (lo, hi)).fetchall()
        # a BLOB or a number another program stored is indexed as text (or not at all)
        clean = unreadable.index_text
        conn.executemany("INSERT INTO entries_words(rowid, words) VALUES (?, ?)",
                         [(r[0], index_text(*map(clean, r[1:]))) for r in rows])
        conn.execute("DELETE FROM entries_words_pending WHERE id BETWEEN ? AND ?", (lo, hi))
        done += len(ids)
    return done
