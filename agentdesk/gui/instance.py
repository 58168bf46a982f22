"""One running desk per data directory: a second start hands its request to the first one.

The first `agentdesk` listens on a QLocalServer named after the user and the data directory;
`agentdesk` and `agentdesk pick` try that socket first and, when someone answers, send one
line ("show", "pick <window id>", "compact") and exit 0.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket

COMMANDS = ("show", "pick", "compact")


def server_name(data_dir: Path) -> str:
    """Stable per user and data directory, short enough for a Unix socket path."""
    key = f"{getpass.getuser()}\0{Path(data_dir).resolve()}".encode()
    return "agentdesk-" + hashlib.sha256(key).hexdigest()[:16]


def hand_over(data_dir: Path, command: str, arg: str = "", timeout_ms: int = 1000) -> bool:
    """Send command to the running desk; True when it acknowledged it (then this process exits)."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(f"{command} {arg}".strip().encode() + b"\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    answered = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll()).startswith(b"ok")
    socket.disconnectFromServer()
    return answered


class InstanceServer(QObject):
    """Listens for later starts; calls handler(command, arg) on the GUI thread."""

    def __init__(self, data_dir: Path, handler: Callable[[str, str], None], parent=None) -> None:
        super().__init__(parent)
        self.handler = handler
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.UserAccessOption)   # only this user
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        # a socket file left by a desk that crashed: nobody answered hand_over, so take it over
        QLocalServer.removeServer(self.name)
        return self.server.listen(self.name)

    def close(self) -> None:
        self.server.close()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)

    def _read(self, conn: QLocalSocket) -> None:
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
