"""install.sh / uninstall.sh from the Linux tarball, on a stand-in program (fast; the real
bundle goes through the same steps in test_bundle.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging_helpers import extract_tarball, load_packaging_module

build = load_packaging_module("build.py")
render_icons = load_packaging_module("render_icons.py")

VERSION = "9.8.7"


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tarball build.py makes around a stand-in bundle, unpacked."""
    work = tmp_path_factory.mktemp("archive-work")
    bundle = work / "FollowUp"
    (bundle / "_internal").mkdir(parents=True)
    program = bundle / "FollowUp"
    program.write_text(f'#!/bin/sh\necho "Follow-Up {VERSION} $*"\n')
    program.chmod(0o755)
    (bundle / "_internal" / "libsomething.so").write_bytes(b"\0" * 10)
    (bundle / "_internal" / "link.so").symlink_to("libsomething.so")
    archive = build.linux_archive(bundle, work, work / "build", VERSION)
    assert archive.name == f"FollowUp-{VERSION}-linux-{os.uname().machine}.tar.gz"
    out = tmp_path_factory.mktemp("unpacked")
    extract_tarball(archive, out)
    return out / f"FollowUp-{VERSION}"


def run(script: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {"PATH": os.environ["PATH"], "HOME": env.pop("HOME", "/nonexistent"), **env}
    return subprocess.run(
        ["sh", str(script), *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


def tree(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*")}


def test_tarball_holds_the_program_scripts_and_desktop_files(unpacked: Path):
    assert (unpacked / "FollowUp" / "FollowUp").stat().st_mode & 0o111
    assert (unpacked / "FollowUp" / "_internal" / "link.so").is_symlink()
    for script in ("install.sh", "uninstall.sh"):
        assert (unpacked / script).stat().st_mode & 0o111
    assert (unpacked / "VERSION").read_text().strip() == VERSION
    readme = (unpacked / "README.txt").read_text()
    assert "./install.sh" in readme and "@GLIBC@" not in readme
    assert (unpacked / "share/applications/followup-desktop.desktop").is_file()
    assert (unpacked / "share/icons/hicolor/48x48/apps/followup-desktop.png").is_file()
    assert (unpacked / "share/metainfo/io.github.followup.FollowUp.metainfo.xml").is_file()


def test_install_then_uninstall_keeps_the_data(unpacked: Path, tmp_path: Path):
    prefix = tmp_path / "prefix"
    data = prefix / "share" / "FollowUp"  # where the app keeps data with this prefix as ~/.local
    data.mkdir(parents=True)
    (data / "followup.sqlite3").write_text("my interviews")

    done = run(unpacked / "install.sh", "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    app = prefix / "opt" / "FollowUp"
    assert f"Follow-Up {VERSION} is installed in {app}" in done.stdout

    desktop = prefix / "share/applications/followup-desktop.desktop"
    text = desktop.read_text()
    assert f'Exec="{app}/FollowUp"\n' in text and f"TryExec={app}/FollowUp\n" in text
    assert "StartupWMClass=FollowUp\n" in text
    if shutil.which("desktop-file-validate"):
        checked = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False
        )
        assert checked.returncode == 0, checked.stdout
    for size in render_icons.PNG_SIZES:
        assert (prefix / f"share/icons/hicolor/{size}x{size}/apps/followup-desktop.png").is_file()
    assert (prefix / "share/icons/hicolor/scalable/apps/followup-desktop.svg").is_file()
    assert (prefix / "share/metainfo/io.github.followup.FollowUp.metainfo.xml").is_file()
    command = prefix / "bin" / "followup-desktop"
    assert command.is_symlink() and command.resolve() == (app / "FollowUp").resolve()
    said = subprocess.run([str(command), "--version"], capture_output=True, text=True, check=True)
    assert said.stdout.startswith(f"Follow-Up {VERSION}")
    assert (app / "_internal" / "link.so").is_symlink()
    assert (app / "uninstall.sh").is_file()

    gone = run(app / "uninstall.sh")
    assert gone.returncode == 0, gone.stderr
    assert "data" in gone.stdout and "was kept" in gone.stdout
    # Only the data is left: no program, no menu entry, no icons, no empty folders.
    assert tree(prefix) == {"share", "share/FollowUp", "share/FollowUp/followup.sqlite3", "bin"}
    assert (data / "followup.sqlite3").read_text() == "my interviews"


def test_installing_again_replaces_the_program(unpacked: Path, tmp_path: Path):
    prefix = tmp_path / "prefix"
    option = f"--prefix={prefix}"
    assert run(unpacked / "install.sh", option).returncode == 0
    stale = prefix / "opt" / "FollowUp" / "_internal" / "from-the-old-version.so"
    stale.write_bytes(b"old")
    again = run(unpacked / "install.sh", option)
    assert again.returncode == 0, again.stderr
    assert "Replacing" in again.stdout
    assert not stale.exists()
    assert (prefix / "share/applications/followup-desktop.desktop").is_file()


def test_prefix_can_come_from_the_environment(unpacked: Path, tmp_path: Path):
    prefix = tmp_path / "from-env"
    assert run(unpacked / "install.sh", PREFIX=str(prefix)).returncode == 0
    assert (prefix / "opt/FollowUp/FollowUp").is_file()
    assert run(unpacked / "uninstall.sh", PREFIX=str(prefix)).returncode == 0
    assert not (prefix / "opt").exists()


def test_install_refuses_a_folder_that_is_not_follow_up(unpacked: Path, tmp_path: Path):
    prefix = tmp_path / "prefix"
    foreign = prefix / "opt" / "FollowUp"
    foreign.mkdir(parents=True)
    (foreign / "precious.txt").write_text("not ours")
    done = run(unpacked / "install.sh", "--prefix", str(prefix))
    assert done.returncode != 0
    assert "is not a Follow-Up installation" in done.stderr
    assert (foreign / "precious.txt").read_text() == "not ours"


def test_install_refuses_a_path_a_menu_entry_cannot_hold(unpacked: Path, tmp_path: Path):
    done = run(unpacked / "install.sh", "--prefix", str(tmp_path / 'say "hi"'))
    assert done.returncode != 0 and "cannot hold" in done.stderr
    assert not (tmp_path / 'say "hi"').exists()


def test_uninstall_removes_only_follow_up_files_even_from_a_damaged_list(
    unpacked: Path, tmp_path: Path
):
    prefix = tmp_path / "prefix"
    assert run(unpacked / "install.sh", "--prefix", str(prefix)).returncode == 0
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    manifest = prefix / "opt" / "FollowUp" / "install-manifest.txt"
    with manifest.open("a") as listed:
        listed.write(f"{precious}\n{tmp_path}\n")
    gone = run(prefix / "opt" / "FollowUp" / "uninstall.sh")
    assert gone.returncode == 0, gone.stderr
    assert precious.read_text() == "keep me"
    assert f"Skipping {precious}" in gone.stdout


def test_uninstall_says_when_nothing_is_installed(unpacked: Path, tmp_path: Path):
    done = run(unpacked / "uninstall.sh", "--prefix", str(tmp_path / "empty"))
    assert done.returncode != 0
    assert "is not installed" in done.stderr
