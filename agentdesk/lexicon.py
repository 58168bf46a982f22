"""jieba's prefix dictionary as a file AgentDesk builds once and reads in milliseconds.

jieba 0.42 keeps its dictionary as one dict of ~500,000 words and prefixes, loaded from a
marshal cache in about 1.5 s that holds the GIL (a worker thread loading it freezes the
window). Segmenting a text only ever looks up substrings of that text, so every key jieba
asks for starts with one of the text's characters. The lexicon file therefore stores jieba's
own `gen_pfdict` result grouped by first character, and `Lexicon.ensure(text)` merges the
groups of the text's characters into a plain dict before jieba runs: jieba then reads an
ordinary dict (its own speed) that holds every key it can ask for, and its answers are the
stock tokenizer's. Opening the file is one read and a SHA-256 check (~20 ms, the hash runs
without the GIL); a damaged, truncated or foreign file is refused and rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path

MAGIC = b"agentdesk-lexicon 1\n"
FILE_NAME = "jieba-lexicon.bin"
# A lexicon of jieba's dictionary is ~7 MB; far larger is not ours and is not read.
MAX_BYTES = 64 * 1024 * 1024


class LexiconError(ValueError):
    """A lexicon file that cannot be used (the reason is for a log line; it is rebuilt)."""


class Lexicon:
    """The prefix dictionary of one jieba dictionary, merged into `freq` by first character."""

    def __init__(self, body: bytes, chars: str, offsets: list[int], total: int,
                 source: dict) -> None:
        self.total = total
        self.source = source
        self.freq: dict[str, int] = {}      # jieba's FREQ: only the groups merged so far
        self._body = body
        self._offsets = offsets
        self._where = {c: i for i, c in enumerate(chars)}
        # Characters whose group is in `freq` (or that start no word). Read without the lock:
        # a character is added only after its group is merged, so one seen here is complete.
        self._loaded: set[str] = set()
        self._lock = threading.Lock()

    def ensure(self, text: str) -> None:
        """Merge the groups of text's characters into `freq` (thread-safe, idempotent)."""
        missing = set(text) - self._loaded
        if not missing:
            return
        with self._lock:
            for ch in missing - self._loaded:
                i = self._where.get(ch)
                if i is not None:
                    self.freq.update(self._group(i))
                self._loaded.add(ch)

    def _group(self, i: int) -> Iterable[tuple[str, int]]:
        raw = self._body[self._offsets[i]:self._offsets[i + 1]]
        try:
            parts = raw.decode("utf-8").split(" ")
            return dict(zip(parts[0::2], map(int, parts[1::2]), strict=True)).items()
        except ValueError:
            # Checked by hash at open, so only a forged file gets here: no words, no crash.
            return ()

    # -- the file ---------------------------------------------------------------------------
    @classmethod
    def from_frequencies(cls, freq: dict[str, int], total: int, source: dict) -> Lexicon:
        body, chars, offsets = _encode(freq)
        return cls(body, chars, offsets, total, source)

    def to_bytes(self) -> bytes:
        chars = "".join(sorted(self._where, key=self._where.__getitem__))
        meta = {"total": self.total, "source": self.source, "chars": chars,
                "offsets": self._offsets, "sha256": hashlib.sha256(self._body).hexdigest()}
        return MAGIC + json.dumps(meta, ensure_ascii=False, separators=(",", ":")).encode(
            "utf-8") + b"\n" + self._body

    @classmethod
    def read(cls, path: Path, source: dict) -> Lexicon:
        """The lexicon in path, checked whole; LexiconError if it is not one we wrote for this
        dictionary (another jieba, damaged, truncated, not ours)."""
        try:
            if path.stat().st_size > MAX_BYTES:
                raise LexiconError(f"{path}: too large for a lexicon")
            data = path.read_bytes()
        except OSError as exc:
            raise LexiconError(f"{path}: {exc.strerror or exc}") from None
        if not data.startswith(MAGIC):
            raise LexiconError(f"{path}: not an AgentDesk lexicon")
        end = data.find(b"\n", len(MAGIC))
        if end < 0:
            raise LexiconError(f"{path}: truncated")
        try:
            meta = json.loads(data[len(MAGIC):end].decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise LexiconError(f"{path}: damaged header") from None
        body = data[end + 1:]
        if not isinstance(meta, dict) or meta.get("source") != source:
            raise LexiconError(f"{path}: built from another dictionary")
        chars, offsets, total = meta.get("chars"), meta.get("offsets"), meta.get("total")
        if not (isinstance(chars, str) and isinstance(offsets, list)
                and len(offsets) == len(chars) + 1 and len(set(chars)) == len(chars)
                and all(type(o) is int for o in offsets) and offsets[0] == 0
                and offsets[-1] == len(body)
                and all(a <= b for a, b in pairwise(offsets))
                and type(total) is int and total > 0):
            raise LexiconError(f"{path}: damaged index")
        if hashlib.sha256(body).hexdigest() != meta.get("sha256"):
            raise LexiconError(f"{path}: damaged or truncated (checksum)")
        return cls(body, chars, offsets, total, source)

    def write(self, path: Path) -> None:
        """Atomically, private (0600) from the first byte; OSError if it cannot."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.to_bytes())
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def _encode(freq: dict[str, int]) -> tuple[bytes, str, list[int]]:
    """Groups by first character: b"word freq word freq …", their characters, byte offsets.
    jieba's dictionary words never hold a space (gen_pfdict splits each line on one)."""
    groups: dict[str, list[str]] = {}
    for word, f in freq.items():
        if word:
            groups.setdefault(word[0], []).extend((word, str(f)))
    chars = "".join(groups)
    parts, offsets, at = [], [0], 0
    for ch in chars:
        blob = " ".join(groups[ch]).encode("utf-8")
        parts.append(blob)
        at += len(blob)
        offsets.append(at)
    return b"".join(parts), chars, offsets


def open_or_build(cache_dir: Path | None, source: dict, build) -> tuple[Lexicon, str | None]:
    """The lexicon in cache_dir if it is good, else built (build() -> (freq, total)) and
    written there. Returns (lexicon, why it was rebuilt or None). A cache dir that cannot be
    written only costs the next start the build again."""
    path = cache_dir / FILE_NAME if cache_dir is not None else None
    reason = "no cache directory"
    if path is not None:
        try:
            return Lexicon.read(path, source), None
        except LexiconError as exc:
            reason = str(exc)
    freq, total = build()
    lexicon = Lexicon.from_frequencies(freq, total, source)
    if path is not None:
        with contextlib.suppress(OSError):
            lexicon.write(path)
    return lexicon, reason
