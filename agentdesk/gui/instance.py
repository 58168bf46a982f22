"""One running desk per data directory: a second start hands its request to the first one.

The first `agentdesk` listens on a QLocalServer (a Unix socket in the temp directory, a named
pipe on Windows) named after the user and the data directory; `agentdesk` and
`agentdesk pick` try it first and, when someone answers, send one line ("show",
"pick <window id>", "compact") and exit 0. On Unix the asking side is a plain socket: a start
with no desk running pays no Qt import for the question.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

COMMANDS = ("show", "pick", "compact")


def server_name(data_dir: Path) -> str:
    """Stable per user and data directory; on Unix the socket's full path (short enough)."""
    # zlib's two checksums, not hashlib: a start asks this before its window shows, and
    # hashlib (OpenSSL), tempfile and socket cost it ~17 ms; a name, not a secret
    import zlib

    key = f"{getpass.getuser()}\0{Path(data_dir).resolve()}".encode()
    name = f"agentdesk-{zlib.crc32(key):08x}{zlib.adler32(key):08x}"
    return name if os.name == "nt" else os.path.join(_temp_dir(), name)


def _temp_dir() -> str:
    """tempfile.gettempdir()'s choice without importing tempfile: TMPDIR, TEMP, TMP, /tmp."""
    for var in ("TMPDIR", "TEMP", "TMP"):
        if os.environ.get(var):
            return os.environ[var]
    return "/tmp"


def hand_over(data_dir: Path, command: str, arg: str = "", timeout_s: float = 1.0) -> bool:
    """Send command to the running desk; True when it acknowledged (then this process exits)."""
    line = f"{command} {arg}".strip().encode() + b"\n"
    name = server_name(data_dir)
    if os.name == "nt":
        return _hand_over_qt(name, line, int(timeout_s * 1000))
    if not os.path.exists(name):
        return False              # no desk has listened here: nothing to import or ask
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(timeout_s)
        try:
            conn.connect(name)
            conn.sendall(line)
            answer = conn.recv(16)
        except OSError:          # a socket left by a desk that crashed: nobody is there
            return False
    return answer.startswith(b"ok")


def _hand_over_qt(name: str, line: bytes, timeout_ms: int) -> bool:
    from PySide6.QtNetwork import QLocalSocket

    conn = QLocalSocket()
    conn.connectToServer(name)
    if not conn.waitForConnected(timeout_ms):
        return False
    conn.write(line)
    conn.waitForBytesWritten(timeout_ms)
    answered = conn.waitForReadyRead(timeout_ms) and bytes(conn.readAll()).startswith(b"ok")
    conn.disconnectFromServer()
    return answered


class InstanceServer:
    """Listens for later starts; calls handler(command, arg) on the GUI thread."""

    def __init__(self, data_dir: Path, handler: Callable[[str, str], None], parent=None) -> None:
        from PySide6.QtNetwork import QLocalServer

        self.handler = handler
        self.name = server_name(data_dir)
        self.server = QLocalServer(parent)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)   # only this user
        self.server.newConnection.connect(self._accept)
        self._connections: set = set()   # open sockets, let go of before the server closes

    def listen(self) -> bool:
        from PySide6.QtNetwork import QLocalServer

        if self.server.listen(self.name):
            return True
        # a socket file left by a desk that crashed: nobody answered hand_over, so take it over
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        """Stop listening and let go of every open connection first: a socket destroyed with
        the server while its Python slots are still connected can be signalled mid-teardown
        (a segfault seen in the tests once in six runs, the server unparented there)."""
        for conn in list(self._connections):
            self._drop(conn)
            conn.abort()
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            self._connections.add(conn)
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(lambda c=conn: self._forget(c))

    def _forget(self, conn) -> None:
        self._drop(conn)
        conn.deleteLater()

    def _drop(self, conn) -> None:
        self._connections.discard(conn)
        for signal in (conn.readyRead, conn.disconnected):
            with suppress(RuntimeError, TypeError):   # nothing connected any more
                signal.disconnect()

    def _read(self, conn) -> None:
        if not conn.canReadLine():
            return
        line = bytes(conn.readLine()).decode("utf-8", "replace").strip()
        command, _, arg = line.partition(" ")
        if command not in COMMANDS:
            conn.write(b"unknown\n")
            conn.flush()
            return
        conn.write(b"ok\n")
        conn.flush()
        self.handler(command, arg.strip())
