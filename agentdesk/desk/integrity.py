"""Keeping the record safe: quick_check, and dated backups that count only once checked.

A backup is written by `VACUUM INTO` under a temporary 0600 name in <db dir>/backups/, opened
read-only and quick_check'ed, then renamed to agentdesk-YYYYmmdd-HHMMSS.db. Only renamed files
count among the ones kept, and old ones are removed only after a new one has passed, so a full
disk or a killed backup never costs the last good copy. The seal lives in seal.py.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from agentdesk.desk import files
from agentdesk.errors import UserError
from agentdesk.i18n import tr

_STALE_PART_SECONDS = 3600  # a temporary older than this belongs to a backup that died


def quick_check(conn: sqlite3.Connection) -> None:
    result = conn.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise UserError(tr('数据库自检失败（{result}）：请联系主管，先不要继续写入', result=result),
                        exit_code=1)


@dataclass(frozen=True)
class BackupResult:
    path: Path | None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.path is not None


def backup_folder(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _check_copy(path: Path) -> None:
    copy = sqlite3.connect(files.read_only_uri(path), uri=True)
    try:
        result = copy.execute("PRAGMA quick_check").fetchone()[0]
        copy.execute("SELECT COUNT(*) FROM entries").fetchone()
    finally:
        copy.close()
    if result != "ok":
        raise sqlite3.DatabaseError(result)


def _drop_stale_parts(folder: Path, stem: str) -> None:
    now = time.time()
    for part in folder.glob(f".{stem}-*.part"):
        with contextlib.suppress(OSError):
            if now - part.stat().st_mtime > _STALE_PART_SECONDS:
                part.unlink()


def good_backups(db_path: Path) -> list[Path]:
    """The finished backups, oldest first (temporaries start with a dot and never match)."""
    stem = Path(db_path).stem
    return sorted(backup_folder(db_path).glob(f"{stem}-*.db"))


def backup(conn: sqlite3.Connection, db_path: Path, *, keep: int = 7,
           now: datetime | None = None) -> BackupResult:
    """Write, check and rename a dated backup, then keep the newest `keep` good ones."""
    folder = backup_folder(db_path)
    stem = Path(db_path).stem
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
        _drop_stale_parts(folder, stem)
        stamp = (now or datetime.now()).astimezone().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{stem}-{stamp}.db"
        n = 1
        while target.exists():
            target = folder / f"{stem}-{stamp}-{n}.db"
            n += 1
        with files.private_temp(target) as tmp:
            conn.execute("VACUUM INTO ?", (str(tmp),))
            _check_copy(tmp)
            files.install(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        return BackupResult(None, reason)
    backups = good_backups(db_path)
    for old in backups[:-max(keep, 1)]:   # the one just checked is always kept
        with contextlib.suppress(OSError):
            old.unlink()
    return BackupResult(target)
