"""What the agent uses: copies, favourites, recent, and remembered placeholder values.

Kept in its own small SQLite file (<data dir>/usage.db) so a supervisor can see which
approved replies are used, and so ranking can favour the agent's own habits.
"""

from __future__ import annotations

import contextlib
import math
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS usage (
    id INTEGER PRIMARY KEY, template_id TEXT NOT NULL, used_at TEXT NOT NULL,
    layer TEXT, source TEXT, version TEXT, action TEXT NOT NULL DEFAULT 'copy');
CREATE INDEX IF NOT EXISTS usage_template ON usage(template_id);
CREATE TABLE IF NOT EXISTS favourites (template_id TEXT PRIMARY KEY, added_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS remembered (name TEXT PRIMARY KEY, value TEXT NOT NULL,
                                       updated_at TEXT NOT NULL);
"""


def template_version(template) -> str:
    """A short fingerprint of the approved wording, so usage can be tied to the text used."""
    import hashlib

    return hashlib.sha256(template.text.encode("utf-8")).hexdigest()[:12]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class UsageStore:
    """Usage records in SQLite; cheap enough to consult on every keystroke (ranking is cached)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._ranking: dict[str, float] | None = None

    @classmethod
    def open(cls, path: Path | str) -> UsageStore:
        """Open (creating it 0600 in a 0700 folder) the store: remembered values are private."""
        path = Path(path)
        if str(path) != ":memory:":
            from agentdesk.paths import PRIVATE_FILE_MODE, make_private_dir

            make_private_dir(path.parent)
            # created with the right mode before SQLite opens it: no moment of 0644
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
            with contextlib.suppress(OSError):  # someone else's file: SQLite says what matters
                os.chmod(path, PRIVATE_FILE_MODE)
        conn = sqlite3.connect(str(path), timeout=5, check_same_thread=False)
        # a read (not a write, which would sync the disk) when the file is already ours
        have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"usage", "favourites", "remembered"} <= have:
            conn.executescript(_SCHEMA)
        return cls(conn)

    def close(self) -> None:
        self.conn.close()

    def _write(self, sql: str, params: tuple) -> None:
        with self.conn:
            self.conn.execute(sql, params)
        self._ranking = None

    def record(self, template, action: str = "copy") -> None:
        self._write("INSERT INTO usage(template_id, used_at, layer, source, version, action) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (template.id, _now(), getattr(template, "layer", None),
                     str(getattr(template, "source", "")), template_version(template), action))

    def set_favourite(self, template_id: str, on: bool = True) -> None:
        if on:
            self._write("INSERT OR IGNORE INTO favourites VALUES (?, ?)", (template_id, _now()))
        else:
            self._write("DELETE FROM favourites WHERE template_id = ?", (template_id,))

    def is_favourite(self, template_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM favourites WHERE template_id = ?",
                                 (template_id,)).fetchone() is not None

    def favourites(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT template_id FROM favourites ORDER BY added_at, template_id")]

    def recent(self, limit: int = 10) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "SELECT template_id FROM usage GROUP BY template_id ORDER BY MAX(id) DESC LIMIT ?",
            (limit,))]

    def count(self, template_id: str) -> int:
        return self.conn.execute("SELECT COUNT(*) FROM usage WHERE template_id = ?",
                                 (template_id,)).fetchone()[0]

    def counts(self) -> dict[str, int]:
        return dict(self.conn.execute(
            "SELECT template_id, COUNT(*) FROM usage GROUP BY template_id"))

    def remember(self, name: str, value: str) -> None:
        self._write("INSERT INTO remembered VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE "
                    "SET value = excluded.value, updated_at = excluded.updated_at",
                    (name, value, _now()))

    def remembered(self, name: str) -> str | None:
        row = self.conn.execute("SELECT value FROM remembered WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def ranking(self) -> dict[str, float]:
        """A bonus per template id: favourites first, then recent use, then how often."""
        if self._ranking is None:
            bonus: dict[str, float] = {}
            for tid, n in self.counts().items():
                bonus[tid] = math.log1p(n)
            for rank, tid in enumerate(self.recent(20)):
                bonus[tid] = bonus.get(tid, 0) + 10 + (20 - rank) / 20
            for tid in self.favourites():
                bonus[tid] = bonus.get(tid, 0) + 100
            self._ranking = bonus
        return self._ranking
