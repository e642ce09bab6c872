"""The app never touches the network: a whole GUI session opens only local (AF_UNIX) sockets.

Three independent witnesses watch a real session (``--demo --quit-after``, offscreen):

- inside the process, a ``sitecustomize`` module wraps Python's ``socket`` functions and
  records every socket, connection and name lookup made from Python;
- from outside, the test reads ``/proc/<pid>/fd`` many times a second and looks each socket
  up in ``/proc/<pid>/net/*`` (that sees Qt's own C++ sockets too);
- when ``strace`` is installed, a second session runs under it, which sees every
  ``socket()`` call however short-lived (skipped where strace is missing).

AF_UNIX sockets are allowed: the single-instance socket, D-Bus, the C library's nscd.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

SITECUSTOMIZE = textwrap.dedent(
    """
    import os, socket

    _log = open(os.environ["FOLLOWUP_SOCKET_LOG"], "a", buffering=1)
    _socket_init = socket.socket.__init__

    def _init(self, family=-1, type=-1, proto=-1, fileno=None):
        _socket_init(self, family, type, proto, fileno)
        _log.write(f"socket {self.family.name}\\n")

    socket.socket.__init__ = _init
    for _name in ("getaddrinfo", "gethostbyname", "create_connection"):
        _real = getattr(socket, _name)

        def _wrapped(*args, _real=_real, _name=_name, **kwargs):
            _log.write(f"{_name} {args[:1]!r}\\n")
            return _real(*args, **kwargs)

        setattr(socket, _name, _wrapped)
    """
)
INET_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6")


def inet_inodes(pid: int) -> set[str]:
    found: set[str] = set()
    for table in INET_TABLES:
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            if len(parts) > 9:
                found.add(parts[9])
    return found


def unix_inodes(pid: int) -> set[str]:
    """Inodes of the AF_UNIX sockets the process can see (local by definition)."""
    try:
        lines = Path(f"/proc/{pid}/net/unix").read_text().splitlines()[1:]
    except OSError:
        return set()
    return {parts[6] for parts in (line.split() for line in lines) if len(parts) > 6}


def non_local(pid: int) -> set[str]:
    """The process's sockets that are not AF_UNIX (an internet socket, even unconnected)."""
    mine = socket_inodes(pid)
    if not mine:
        return set()
    return (mine - unix_inodes(pid)) | (mine & inet_inodes(pid))


def socket_inodes(pid: int) -> set[str]:
    found: set[str] = set()
    try:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            match = re.fullmatch(r"socket:\[(\d+)\]", target)
            if match:
                found.add(match.group(1))
    except OSError:
        pass
    return found


def session(tmp_path: Path, prefix: list[str] | None = None) -> tuple[list[str], set[str], int]:
    """Run a GUI session; returns (python-level log, inet sockets seen from outside, exit code)."""
    hook = tmp_path / "hook"
    hook.mkdir(exist_ok=True)
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "sockets.log"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]),
        "FOLLOWUP_SOCKET_LOG": str(log),
    }
    command = [sys.executable, "-m", "followup_desktop", "--demo", "--quit-after", "2500"]
    proc = subprocess.Popen(
        [*(prefix or []), *command],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seen_inet: set[str] = set()
    sockets_seen = 0
    while proc.poll() is None:
        pids = [proc.pid]
        try:
            children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
            pids += [int(c) for c in children]
        except OSError:
            pass
        for pid in pids:
            sockets_seen += len(socket_inodes(pid))
            seen_inet |= non_local(pid)
        time.sleep(0.02)
    lines = log.read_text().splitlines() if log.exists() else []
    assert sockets_seen or lines, "the watchers saw nothing at all: they would not see a leak"
    return lines, seen_inet, proc.returncode


def test_a_whole_gui_session_opens_no_network_socket(tmp_path: Path) -> None:
    lines, inet, code = session(tmp_path)
    assert code == 0
    assert inet == set(), "a socket other than AF_UNIX was open during the session"
    families = {line.split()[1] for line in lines if line.startswith("socket ")}
    assert families <= {"AF_UNIX"}, lines
    lookups = [line for line in lines if not line.startswith("socket ")]
    assert lookups == [], f"name lookups or connections from Python: {lookups}"


def test_the_python_witness_would_see_a_leak(tmp_path: Path) -> None:
    """The sitecustomize hook really records sockets made from Python (it can fail)."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(SITECUSTOMIZE)
    log = tmp_path / "sockets.log"
    subprocess.run(
        [sys.executable, "-c", "import socket; socket.socket(socket.AF_INET).close()"],
        env={**os.environ, "PYTHONPATH": str(hook), "FOLLOWUP_SOCKET_LOG": str(log)},
        check=True,
    )
    assert "socket AF_INET" in log.read_text()


@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_every_socket_call_is_local_under_strace(tmp_path: Path) -> None:
    trace = tmp_path / "strace.log"
    _, _, code = session(tmp_path, ["strace", "-f", "-qq", "-e", "trace=socket", "-o", str(trace)])
    assert code == 0
    calls = re.findall(r"socket\((AF_[A-Z0-9]+|\d+)", trace.read_text())
    assert calls, "strace saw no socket at all (the single-instance socket is one)"
    assert set(calls) <= {"AF_UNIX"}, sorted(set(calls))


def test_the_proc_witness_would_see_a_leak() -> None:
    """Reading /proc finds an internet socket, even one that is only bound (it can fail)."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import socket, sys, time\n"
            "s = socket.socket(socket.AF_INET)\n"
            "s.bind(('127.0.0.1', 0))\n"
            "print('ready', flush=True)\n"
            "time.sleep(30)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        assert non_local(proc.pid)
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
