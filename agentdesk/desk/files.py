"""Files the duty log reads and writes: the database path, exports and backups, kept private.

Nothing here trusts a path: a FIFO or a directory is refused before anything opens it, an
export never lands on the database, its journal or a backup, and every file we write starts
as a 0600 temporary beside its final name and is renamed into place only when complete.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from agentdesk.errors import UserError
from agentdesk.i18n import tr

EXIT_FOREIGN, EXIT_BUSY, EXIT_UNWRITABLE = 3, 4, 5
# "AgDk": written into the database header so a file is known as ours before we write to it
APPLICATION_ID = 0x4167446B
SIDE_FILES = ("-wal", "-shm", "-journal")


def refuse_non_regular(path: Path, field: str = "--db") -> None:
    """A FIFO would block the first read, a device would be written through: never open them."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UserError(tr(
                '{field}：无法访问 {path}：{strerror}',
                field=field, path=path, strerror=exc.strerror),
                        exit_code=EXIT_FOREIGN) from None
    if not stat.S_ISREG(st.st_mode):
        kind = tr('目录') if stat.S_ISDIR(st.st_mode) else tr('特殊文件')
        raise UserError(tr(
                '{field}：{path} 是{kind}，不是数据库文件；AgentDesk 不会打开它',
                field=field, path=path, kind=kind),
                        exit_code=EXIT_FOREIGN)


def create_private(path: Path) -> None:
    """A new, empty file readable by its owner only, before SQLite (umask 022) makes one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError as exc:
        raise UserError(tr(
                '无法在 {parent} 创建数据库：{strerror}（目录只读或磁盘已满？）',
                parent=path.parent, strerror=exc.strerror), exit_code=EXIT_UNWRITABLE) \
            from None


def read_only_uri(path: Path) -> str:
    return f"file:{quote(str(Path(path).resolve()))}?mode=ro"


def is_ours(path: Path) -> tuple[bool, list[str]]:
    """Look without writing: our application id, or our migration history, or an empty file."""
    if Path(path).stat().st_size == 0:
        return True, []
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = sorted(r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"))
        if app_id:
            return app_id == APPLICATION_ID, tables
        if not tables:
            return True, tables
        if "_sqlite_migrations" in tables:
            mine = conn.execute("SELECT COUNT(*) FROM _sqlite_migrations "
                                "WHERE migration_set = 'agentdesk'").fetchone()[0]
            return bool(mine), tables
        return False, tables
    finally:
        conn.close()


def sqlite_error(exc: sqlite3.Error, path: Path | str) -> UserError:
    """SQLite's error as one line for the user, with the documented exit code."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return UserError(tr(
                '数据库正忙（另一个程序长时间占用写锁），请稍候重试'), exit_code=EXIT_BUSY)
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return UserError(tr(
                '{path} 已损坏或不是数据库（{exc}）；文件未被改动，请从 backups/ 中的备份恢复',
                path=path, exc=exc),
                         exit_code=EXIT_FOREIGN)
    if "readonly" in text or "read-only" in text:
        return UserError(tr('{path} 是只读的（文件或所在目录不可写），无法写入', path=path),
                         exit_code=EXIT_UNWRITABLE)
    if "full" in text:
        return UserError(tr(
                '磁盘已满，{path} 未写入；已有记录未受影响',
                path=path), exit_code=EXIT_UNWRITABLE)
    if "unable to open" in text or "disk i/o" in text:
        return UserError(tr(
                '无法打开或写入 {path}（{exc}）：请检查文件和所在目录的权限',
                path=path, exc=exc), exit_code=EXIT_UNWRITABLE)
    return UserError(tr('数据库错误：{exc}', exc=exc), exit_code=EXIT_BUSY)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def protected(db_path: Path) -> list[Path]:
    """The files an export must never replace: the database, its journals and its backups."""
    db_path = Path(db_path)
    return [db_path, *(db_path.with_name(db_path.name + s) for s in SIDE_FILES)]


def check_output(output: Path, db_path: Path, *, force: bool = False) -> Path:
    """Refuse targets that would destroy data; returns the path to write."""
    output = Path(output)
    names = protected(db_path)
    backups = Path(db_path).parent / "backups"
    real = Path(os.path.realpath(output))
    if any(_same(output, p) or real == Path(os.path.realpath(p)) for p in names) or (
            backups.exists() and _same(real.parent, backups)):
        raise UserError(tr(
                '--output：{output} 是值班记录数据库（或其日志、备份），不能用导出覆盖它',
                output=output))
    try:
        st = os.lstat(output)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise UserError(tr(
                '--output：无法访问 {output}：{strerror}',
                output=output, strerror=exc.strerror)) from None
    if st is not None:
        if stat.S_ISDIR(os.stat(output).st_mode if stat.S_ISLNK(st.st_mode) else st.st_mode):
            raise UserError(tr('--output：{output} 是目录，请给出文件名', output=output))
        if not stat.S_ISREG(st.st_mode):
            raise UserError(tr(
                    '--output：{output} 不是普通文件（设备、管道或链接），不会写入',
                    output=output))
        if not force:
            raise UserError(tr('--output：{output} 已存在；要覆盖请加 --force', output=output))
    if not output.parent.is_dir():
        raise UserError(tr('--output：目录 {parent} 不存在', parent=output.parent))
    return output


@contextlib.contextmanager
def private_temp(target: Path, suffix: str = ".part") -> Iterator[Path]:
    """A 0600 temporary file beside `target`; removed unless the caller renamed it."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)  # mkstemp creates it 0600 whatever the umask
    tmp = Path(name)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def install(tmp: Path, target: Path) -> None:
    """Flush the finished temporary to disk and rename it over `target` in one step."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, target)


def tighten(db_path: Path) -> None:
    """Our database and its journals 0600, also when an older version made them 0644."""
    for p in protected(db_path):
        with contextlib.suppress(OSError):
            if os.stat(p).st_mode & 0o077:
                os.chmod(p, 0o600)
