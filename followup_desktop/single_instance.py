"""One running Follow-Up per user and data folder: a second launch brings the first forward.

The first process takes a lock file and listens on a local socket (a Unix socket in the
user's private runtime folder, or a named pipe on Windows), both named after the user and a
hash of the data folder. A second launch finds the lock taken, connects, sends ``show`` (or
``ping`` when started minimized, e.g. at login) and exits with code 0; the first one emits
:attr:`SingleInstance.sig_show_requested` and its window comes to the front.

A crash leaves the lock file and the socket behind. Neither stops the next start: a lock
whose process is gone is taken over (QLockFile checks the process id), and the socket of a
dead process is removed before listening again.
"""

from __future__ import annotations

import getpass
import hashlib
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, QStandardPaths, QThread, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

SHOW = b"show"
PING = b"ping"
#: How long a second launch keeps trying while the first one is still starting up.
CONNECT_ATTEMPTS = 20
CONNECT_TIMEOUT_MS = 250


def _user() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no user name in the environment nor the password database
        name = ""
    uid = str(os.getuid()) if hasattr(os, "getuid") else ""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", f"{name}{uid}") or "user"


def instance_name(data_dir: Path) -> str:
    """The lock and socket name: per user, per data folder."""
    digest = hashlib.sha256(str(Path(data_dir).absolute()).encode("utf-8")).hexdigest()[:16]
    return f"followup-desktop-{_user()}-{digest}"


def _private_folder() -> str:
    """Where the lock and the socket live: the user's runtime folder when there is one."""
    if os.name == "posix" and sys.platform != "darwin":
        # Asking Qt would print a warning when XDG_RUNTIME_DIR is unset (cron, su, tests).
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    else:
        runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    if runtime and os.path.isdir(runtime) and os.access(runtime, os.W_OK):
        return runtime
    return QDir.tempPath()


def bring_dialog_forward() -> None:
    """Before the main window exists (e.g. the data-file question is open), raise that."""
    from PySide6.QtWidgets import QApplication

    widget = QApplication.activeModalWidget()
    if widget is not None:
        widget.raise_()
        widget.activateWindow()


class SingleInstance(QObject):
    """The guard. Call :meth:`start` once, before the window (and the database) opens."""

    #: a later launch asked this one to show its window
    sig_show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        name = instance_name(data_dir)
        folder = _private_folder()
        self.lock_path = os.path.join(folder, f"{name}.lock")
        # A Unix socket is a file: keep it in the private folder. A Windows pipe is a name.
        self.server_name = name if os.name == "nt" else os.path.join(folder, f"{name}.socket")
        self._lock = QLockFile(self.lock_path)
        # Only a lock whose process is gone is stale, however old it is.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def start(self) -> bool:
        """Become the running instance; False when another one already is.

        A stale lock or socket left by a crash is cleared on the way.
        """
        if not self._lock.tryLock(100):
            if self._lock.error() != QLockFile.LockError.LockFailedError:
                # No permission / unknown: better two windows than none.
                return self._listen()
            return False
        return self._listen()

    def _listen(self) -> bool:
        # We hold the lock, so a socket already there was left by a process that died.
        QLocalServer.removeServer(self.server_name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_connection)
        if not server.listen(self.server_name):
            # Still start: a second launch then opens a second window rather than nothing.
            return True
        self._server = server
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            self._clients.append(socket)
            socket.readyRead.connect(self._read_clients)
            socket.disconnected.connect(self._forget_closed)
        self._read_clients()

    def _read_clients(self) -> None:
        for socket in list(self._clients):
            if not socket.canReadLine():
                continue
            message = bytes(socket.readLine().data()).strip()
            socket.write(b"ok\n")
            socket.flush()
            if message == SHOW:
                self.sig_show_requested.emit()

    def _forget_closed(self) -> None:
        for socket in list(self._clients):
            if socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
                self._clients.remove(socket)
                socket.deleteLater()

    def notify_running(self, *, show: bool = True) -> bool:
        """Tell the running instance we were launched; True when it answered.

        Retries for a few seconds: the first instance may still be starting up.
        """
        for _ in range(CONNECT_ATTEMPTS):
            socket = QLocalSocket()
            socket.connectToServer(self.server_name)
            if socket.waitForConnected(CONNECT_TIMEOUT_MS):
                socket.write((SHOW if show else PING) + b"\n")
                socket.flush()
                socket.waitForBytesWritten(1000)
                answered = (
                    socket.waitForReadyRead(2000) and bytes(socket.readLine().data()) == b"ok\n"
                )
                socket.disconnectFromServer()
                return bool(answered)
            # Not listening (yet): wait a little, as the connect timeout does not when refused.
            QThread.msleep(CONNECT_TIMEOUT_MS)
        return False

    def stop(self) -> None:
        """Stop listening and let the lock go (also done at exit)."""
        for socket in self._clients:
            socket.readyRead.disconnect(self._read_clients)
            socket.disconnected.disconnect(self._forget_closed)
            socket.abort()
            socket.deleteLater()
        self._clients.clear()
        if self._server is not None:
            self._server.newConnection.disconnect(self._on_connection)
            self._server.close()
            self._server.deleteLater()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()
