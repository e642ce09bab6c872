"""Start at login: an XDG autostart entry (Linux), a Run-key value (Windows), a LaunchAgent
(macOS). No Qt here, so every writer is unit-tested on any system.

Each writer has the same three calls: :meth:`~Autostart.is_enabled`, :meth:`~Autostart.enable`
(with or without ``--minimized``) and :meth:`~Autostart.disable`. The entry itself is the
truth: nothing else remembers whether "Start at login" is on.
"""

from __future__ import annotations

import importlib
import os
import plistlib
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from followup_desktop import APP_NAME

#: the desktop file / icon name the packaged app installs
DESKTOP_ID = "followup-desktop"
MINIMIZED = "--minimized"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = APP_NAME
LAUNCH_AGENT_LABEL = "org.followup.desktop"


def launch_command() -> list[str]:
    """How to start this installation of the app again (without arguments).

    A frozen bundle is its own executable; an installed package has the
    ``followup-desktop`` script beside its Python; otherwise ``python -m followup_desktop``.
    """
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script_dir = Path(sys.executable).parent
    for name in (DESKTOP_ID, f"{DESKTOP_ID}.exe"):
        candidate = script_dir / name
        if candidate.is_file():
            return [str(candidate)]
    found = shutil.which(DESKTOP_ID)
    if found:
        return [found]
    return [sys.executable, "-m", "followup_desktop"]


def _with_flag(command: Sequence[str], minimized: bool) -> list[str]:
    return [*command, MINIMIZED] if minimized else list(command)


class Autostart(Protocol):
    """A platform's "start at login" entry."""

    def is_enabled(self) -> bool: ...

    def enable(self, command: Sequence[str], *, minimized: bool = True) -> None: ...

    def disable(self) -> None: ...


# -- Linux and other XDG desktops ----------------------------------------------------------
def desktop_exec_quote(arg: str) -> str:
    """Quote one argument for a desktop entry's ``Exec`` key (Desktop Entry spec 1.5).

    Arguments with reserved characters go in double quotes with ``"`` ``\\`` `` ` `` ``$``
    escaped; ``%`` is doubled everywhere (field codes); then, because ``Exec`` is itself a
    string value, every backslash is escaped once more.
    """
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    arg = arg.replace("%", "%%")
    if arg and not reserved.intersection(arg):
        quoted = arg
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        quoted = f'"{escaped}"'
    return quoted.replace("\\", "\\\\")


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/followup-desktop.desktop`` (default ``~/.config``)."""

    def __init__(self, config_home: Path | None = None) -> None:
        if config_home is None:
            env = os.environ.get("XDG_CONFIG_HOME", "")
            # The spec says to ignore a relative path.
            config_home = Path(env) if os.path.isabs(env) else Path.home() / ".config"
        self.path = config_home / "autostart" / f"{DESKTOP_ID}.desktop"

    def is_enabled(self) -> bool:
        if not self.path.is_file():
            return False
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return False
        lines = {line.strip().replace(" ", "") for line in text.splitlines()}
        return "Hidden=true" not in lines and "X-GNOME-Autostart-enabled=false" not in lines

    def enable(self, command: Sequence[str], *, minimized: bool = True) -> None:
        exec_line = " ".join(desktop_exec_quote(a) for a in _with_flag(command, minimized))
        text = (
            "[Desktop Entry]\n"
            "Type=Application\n"
            f"Name={APP_NAME}\n"
            "Comment=Reminds you to follow up after job interviews\n"
            f"Exec={exec_line}\n"
            f"Icon={DESKTOP_ID}\n"
            "Terminal=false\n"
            "Categories=Office;\n"
            "X-GNOME-Autostart-enabled=true\n"
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".desktop.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(self.path)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


# -- Windows -------------------------------------------------------------------------------
class RunKey(Protocol):
    """The few registry calls the Run-key writer needs (HKCU\\...\\Run), faked in tests."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


class WinRegRunKey:
    """The real ``HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run``."""

    @staticmethod
    def _winreg() -> Any:
        # Imported by name: the module exists on Windows only (and mypy on Linux knows it).
        return importlib.import_module("winreg")

    def get(self, name: str) -> str | None:  # pragma: no cover - Windows only
        winreg = self._winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _kind = winreg.QueryValueEx(key, name)
        except OSError:
            return None
        return str(value)

    def set(self, name: str, value: str) -> None:  # pragma: no cover - Windows only
        winreg = self._winreg()
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def delete(self, name: str) -> None:  # pragma: no cover - Windows only
        winreg = self._winreg()
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


class WindowsAutostart:
    """A ``Follow-Up`` value under the current user's Run key."""

    def __init__(self, registry: RunKey | None = None) -> None:
        self.registry: RunKey = registry if registry is not None else WinRegRunKey()

    def is_enabled(self) -> bool:
        return bool(self.registry.get(RUN_VALUE))

    def enable(self, command: Sequence[str], *, minimized: bool = True) -> None:
        # list2cmdline quotes the way the Windows C runtime parses a command line.
        self.registry.set(RUN_VALUE, subprocess.list2cmdline(_with_flag(command, minimized)))

    def disable(self) -> None:
        if self.registry.get(RUN_VALUE) is not None:
            self.registry.delete(RUN_VALUE)


# -- macOS ---------------------------------------------------------------------------------
class MacLaunchAgent:
    """``~/Library/LaunchAgents/org.followup.desktop.plist`` with ``RunAtLoad``."""

    def __init__(self, home: Path | None = None) -> None:
        home = home if home is not None else Path.home()
        self.path = home / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"

    def is_enabled(self) -> bool:
        try:
            with self.path.open("rb") as f:
                data = plistlib.load(f)
        except (OSError, plistlib.InvalidFileException, ValueError):
            return False
        return bool(data.get("RunAtLoad")) and not data.get("Disabled", False)

    def enable(self, command: Sequence[str], *, minimized: bool = True) -> None:
        data = {
            "Label": LAUNCH_AGENT_LABEL,
            "ProgramArguments": _with_flag(command, minimized),
            "RunAtLoad": True,
            "ProcessType": "Interactive",
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".plist.tmp")
        with tmp.open("wb") as f:
            plistlib.dump(data, f)
        tmp.replace(self.path)

    def disable(self) -> None:
        self.path.unlink(missing_ok=True)


def for_this_system(platform: str | None = None) -> Autostart:
    """The writer for the running system (``platform`` overrides ``sys.platform``)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return WindowsAutostart()
    if platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()
