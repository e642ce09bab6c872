"""The machine a run happened on, and the environment every measured process gets.

Every child process gets the same surroundings, so the app and its baseline are compared
fairly: ``QT_QPA_PLATFORM=offscreen`` (unless told otherwise), private XDG folders (no real
settings are read or written, no single-instance lock is shared), and bytecode caching on
in a private ``PYTHONPYCACHEPREFIX``: a user's installation has compiled ``.pyc`` files, so a
start-up figure that recompiled every module (``PYTHONDONTWRITEBYTECODE=1`` in the shell)
would measure the compiler, not the app. The warm-up runs fill that cache.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PROBES = Path(__file__).resolve().parent / "probes"
#: The app prints "first-paint <time.monotonic()>" on stderr once its first frame is painted.
PAINT_ENV = "FOLLOWUP_REPORT_FIRST_PAINT"
PAINT_PREFIX = "first-paint "


@dataclass(frozen=True)
class Workspace:
    """Where one run keeps its data sets, caches and private home folders."""

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    def home(self, name: str = "home") -> Path:
        home = self.root / name
        for sub in ("config", "data", "cache", "state", "runtime"):
            (home / sub).mkdir(parents=True, exist_ok=True)
        (home / "runtime").chmod(0o700)
        return home

    def env(self, *, platform_name: str = "offscreen", home: str = "home") -> dict[str, str]:
        """The environment of a measured child process."""
        env = dict(os.environ)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env.pop("PYTHONPROFILEIMPORTTIME", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.root / "pycache")
        env["QT_QPA_PLATFORM"] = platform_name
        base = self.home(home)
        env["XDG_CONFIG_HOME"] = str(base / "config")
        env["XDG_DATA_HOME"] = str(base / "data")
        env["XDG_CACHE_HOME"] = str(base / "cache")
        env["XDG_STATE_HOME"] = str(base / "state")
        env["XDG_RUNTIME_DIR"] = str(base / "runtime")
        env[PAINT_ENV] = "1"
        return env


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def machine() -> dict[str, Any]:
    """nproc, CPU model, RAM, load, OS, Python, Qt and PySide versions."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in _read("/proc/cpuinfo").splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    mem_kb = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal:")
        ),
        0,
    )
    versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import PySide6, PySide6.QtCore as c, peewee; "
            "print(PySide6.__version__, c.qVersion(), peewee.__version__)",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    pyside, qt, peewee = [*versions, "?", "?", "?"][:3]
    os_name = next(
        (
            line.split("=", 1)[1].strip('"')
            for line in _read("/etc/os-release").splitlines()
            if line.startswith("PRETTY_NAME=")
        ),
        platform.platform(),
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else (0.0, 0.0, 0.0)
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "os": os_name,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "pyside6": pyside,
        "qt": qt,
        "peewee": peewee,
        "load average at start (1, 5, 15 min)": " ".join(f"{x:.2f}" for x in load),
    }


def load_now() -> str:
    if not hasattr(os, "getloadavg"):
        return "?"
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
