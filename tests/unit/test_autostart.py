"""Start at login: the XDG entry, the Windows Run-key value (with a fake registry) and the
macOS LaunchAgent, each written, read back and removed — all with --minimized."""

from __future__ import annotations

import plistlib
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop import autostart
from followup_desktop.autostart import (
    MacLaunchAgent,
    WindowsAutostart,
    XdgAutostart,
    desktop_exec_quote,
    for_this_system,
    launch_command,
)

COMMAND = ["/opt/Follow Up/followup-desktop"]


def desktop_entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


# -- Linux ---------------------------------------------------------------------------------
def test_xdg_entry_honours_xdg_config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    writer = XdgAutostart()
    assert writer.path == tmp_path / "cfg" / "autostart" / "followup-desktop.desktop"
    assert not writer.is_enabled()

    writer.enable(COMMAND)

    assert writer.is_enabled()
    entry = desktop_entry(writer.path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Follow-Up"
    assert entry["Exec"] == '"/opt/Follow Up/followup-desktop" --minimized'
    assert entry["Icon"] == "followup-desktop"
    writer.disable()
    assert not writer.path.exists() and not writer.is_enabled()
    writer.disable()  # twice is fine


def test_xdg_relative_config_home_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/cfg")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert XdgAutostart().path == tmp_path / ".config" / "autostart" / "followup-desktop.desktop"


def test_xdg_without_minimized(tmp_path):
    writer = XdgAutostart(tmp_path)
    writer.enable(["/usr/bin/followup-desktop"], minimized=False)
    assert desktop_entry(writer.path)["Exec"] == "/usr/bin/followup-desktop"


def test_xdg_entry_disabled_by_the_desktop_counts_as_off(tmp_path):
    writer = XdgAutostart(tmp_path)
    writer.enable(COMMAND)
    writer.path.write_text(writer.path.read_text() + "Hidden=true\n")
    assert not writer.is_enabled()


@pytest.mark.parametrize(
    ("arg", "quoted"),
    [
        ("/usr/bin/app", "/usr/bin/app"),
        ("/home/me/My Apps/app", '"/home/me/My Apps/app"'),
        ("100%", "100%%"),
        ('say "hi"', '"say \\\\"hi\\\\""'),
        ("$HOME", '"\\\\$HOME"'),
        ("C:\\x", '"C:\\\\\\\\x"'),
    ],
)
def test_desktop_exec_quoting(arg, quoted):
    assert desktop_exec_quote(arg) == quoted


def test_exec_line_splits_back_into_the_command(tmp_path):
    command = ["/home/me/My Apps/python", "-m", "followup_desktop"]
    writer = XdgAutostart(tmp_path)
    writer.enable(command)
    exec_value = desktop_entry(writer.path)["Exec"]
    # Undo the string-level escaping, then the shell-like quoting (no % or $ here).
    assert shlex.split(exec_value.replace("\\\\", "\\")) == [*command, "--minimized"]


# -- Windows -------------------------------------------------------------------------------
class FakeRunKey:
    def __init__(self) -> None:
        self.values: dict[str, str] = {"OtherApp": "C:\\Other\\other.exe"}

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def delete(self, name: str) -> None:
        del self.values[name]


def test_windows_run_key_value():
    registry = FakeRunKey()
    writer = WindowsAutostart(registry)
    assert not writer.is_enabled()

    writer.enable(["C:\\Program Files\\Follow-Up\\followup-desktop.exe"])

    assert writer.is_enabled()
    assert registry.values["Follow-Up"] == (
        '"C:\\Program Files\\Follow-Up\\followup-desktop.exe" --minimized'
    )
    writer.disable()
    assert registry.values == {"OtherApp": "C:\\Other\\other.exe"}  # others untouched
    writer.disable()


def test_windows_command_line_round_trips():
    registry = FakeRunKey()
    command = ["C:\\Users\\Zoë\\App Data\\python.exe", "-m", "followup_desktop"]
    WindowsAutostart(registry).enable(command, minimized=False)
    assert registry.values["Follow-Up"] == subprocess.list2cmdline(command)


# -- macOS ---------------------------------------------------------------------------------
def test_mac_launch_agent(tmp_path):
    writer = MacLaunchAgent(tmp_path)
    assert not writer.is_enabled()

    writer.enable(["/Applications/Follow-Up.app/Contents/MacOS/Follow-Up"])

    assert writer.path == tmp_path / "Library/LaunchAgents/org.followup.desktop.plist"
    data = plistlib.loads(writer.path.read_bytes())
    assert data == {
        "Label": "org.followup.desktop",
        "ProgramArguments": ["/Applications/Follow-Up.app/Contents/MacOS/Follow-Up", "--minimized"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    assert writer.is_enabled()
    writer.disable()
    assert not writer.is_enabled()


def test_mac_damaged_plist_counts_as_off(tmp_path):
    writer = MacLaunchAgent(tmp_path)
    writer.path.parent.mkdir(parents=True)
    writer.path.write_bytes(b"not a plist")
    assert not writer.is_enabled()


# -- choosing ------------------------------------------------------------------------------
def test_writer_per_system():
    assert isinstance(for_this_system("linux"), XdgAutostart)
    assert isinstance(for_this_system("win32"), WindowsAutostart)
    assert isinstance(for_this_system("darwin"), MacLaunchAgent)


def test_launch_command_of_this_installation(monkeypatch):
    command = launch_command()
    assert command[0].endswith("followup-desktop") or command[1:] == ["-m", "followup_desktop"]
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launch_command() == [sys.executable]


def test_launch_command_without_a_script(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    monkeypatch.setattr(autostart.shutil, "which", lambda name: None)
    assert launch_command() == [str(tmp_path / "python3"), "-m", "followup_desktop"]
