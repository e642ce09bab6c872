"""Build Follow-Up's installable bundle: one command.

    .venv/bin/python packaging/build.py            dist/FollowUp/ and, on Linux,
                                                   dist/FollowUp-<version>-linux-<arch>.tar.gz
    .venv/bin/python packaging/build.py --deb      also dist/followup-desktop_<version>_<arch>.deb
    .venv/bin/python packaging/build.py --baseline the size baseline only: dist/Hello/

Options: ``--dist DIR`` (default ``dist``), ``--work DIR`` (PyInstaller's work folder, default
``build/pyinstaller``), ``--no-archive`` (the bundle only), ``--clean`` (empty PyInstaller's
cache first). PyInstaller comes with the test extras: ``bash scripts/bootstrap.sh test``.
Windows and macOS build the same way (FollowUp.exe with its icon and version resource;
FollowUp.app) but that is untested here: see docs/packaging.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LINUX = HERE / "linux"
APP_NAME = "FollowUp"
DESKTOP_ID = "followup-desktop"
METAINFO = "io.github.followup.FollowUp.metainfo.xml"


def version() -> str:
    """``followup_desktop.__version__``, read without importing the app."""
    namespace: dict[str, object] = {}
    source = (ROOT / "followup_desktop" / "__init__.py").read_text(encoding="utf-8")
    for line in source.splitlines():
        if line.startswith("__version__"):
            exec(line, namespace)  # one literal assignment
    return str(namespace["__version__"])


def tree_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links count as nothing, as on disk)."""
    return sum(
        entry.stat().st_size
        for entry in path.rglob("*")
        if entry.is_file() and not entry.is_symlink()
    )


def run_pyinstaller(spec: Path, dist: Path, work: Path, *, clean: bool = False) -> None:
    """Build ``spec`` into ``dist`` with PyInstaller from this Python."""
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    subprocess.run([*command, str(spec)], check=True, cwd=ROOT)


def check_bundle(bundle: Path, expected_version: str) -> None:
    """The bundle starts and says its version (not on Windows: a GUI .exe has no stdout)."""
    if sys.platform == "win32":
        return
    result = subprocess.run(
        [str(bundle / APP_NAME), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    said = result.stdout.strip()
    if result.returncode != 0 or not said.endswith(expected_version):
        raise SystemExit(f"build.py: the bundle does not start: {said!r} {result.stderr!r}")


def icon_renders(work: Path) -> Path:
    """The icon renders the spec made (``<work>/followup/icons``), made now if missing."""
    icons = work / "followup" / "icons"
    if not (icons / "hicolor").is_dir():
        subprocess.run([sys.executable, str(HERE / "render_icons.py"), str(icons)], check=True)
    return icons


def stage_linux_share(share: Path, icons: Path, exec_line: str | None = None) -> None:
    """The menu entry, hicolor icons and AppStream file under ``share`` (a ``usr/share``)."""
    (share / "applications").mkdir(parents=True, exist_ok=True)
    desktop = (LINUX / f"{DESKTOP_ID}.desktop").read_text(encoding="utf-8")
    if exec_line is not None:
        desktop = (
            "\n".join(
                exec_line if line.startswith("Exec=") else line
                for line in desktop.splitlines()
                if not line.startswith("# install.sh")
            )
            + "\n"
        )
    (share / "applications" / f"{DESKTOP_ID}.desktop").write_text(desktop, encoding="utf-8")
    shutil.copytree(icons / "hicolor", share / "icons" / "hicolor", dirs_exist_ok=True)
    (share / "metainfo").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(LINUX / METAINFO, share / "metainfo" / METAINFO)


def _owned_by_root(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.uid = info.gid = 0
    info.uname = info.gname = "root"
    return info


def linux_archive(bundle: Path, dist: Path, work: Path, app_version: str) -> Path:
    """``FollowUp-<version>-linux-<arch>.tar.gz``: the bundle, install.sh, uninstall.sh, the
    desktop files; unpacks into one folder ``FollowUp-<version>/``."""
    top = f"{APP_NAME}-{app_version}"
    stage = work / "archive" / top
    shutil.rmtree(stage.parent, ignore_errors=True)
    stage.mkdir(parents=True)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copyfile(LINUX / script, stage / script)
        (stage / script).chmod(0o755)
    readme = (LINUX / "README.txt").read_text(encoding="utf-8")
    (stage / "README.txt").write_text(readme.replace("@GLIBC@", minimum_glibc(bundle)))
    (stage / "VERSION").write_text(app_version + "\n", encoding="utf-8")
    stage_linux_share(stage / "share", icon_renders(work))
    target = dist / f"{top}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as archive:
        archive.add(stage, arcname=top, filter=_owned_by_root)
        archive.add(bundle, arcname=f"{top}/{APP_NAME}", filter=_owned_by_root)
    return target


def minimum_glibc(bundle: Path) -> str:
    """The newest GNU C library version any binary in ``bundle`` asks for (the build machine's
    glibc sets it: build on an older distribution to reach older systems)."""
    newest = (2, 17)
    for path in bundle.rglob("*"):
        if (
            path.is_file()
            and not path.is_symlink()
            and (".so" in path.name or path.name == APP_NAME)
        ):
            for major, minor in re.findall(rb"GLIBC_(\d+)\.(\d+)", path.read_bytes()):
                newest = max(newest, (int(major), int(minor)))
    return f"{newest[0]}.{newest[1]}"


def debian_package(bundle: Path, dist: Path, work: Path, app_version: str) -> Path:
    """``followup-desktop_<version>_<arch>.deb``: /opt/FollowUp, /usr/bin/followup-desktop,
    the menu entry, icons and AppStream file under /usr/share."""
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    ).stdout.strip()
    root = work / "deb" / "root"
    shutil.rmtree(root.parent, ignore_errors=True)
    shutil.copytree(bundle, root / "opt" / APP_NAME, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / DESKTOP_ID).symlink_to(f"/opt/{APP_NAME}/{APP_NAME}")
    stage_linux_share(
        root / "usr" / "share", icon_renders(work), exec_line=f"Exec=/opt/{APP_NAME}/{APP_NAME}"
    )
    (root / "DEBIAN").mkdir()
    installed_kib = (tree_size(root) + 1023) // 1024
    (root / "DEBIAN" / "control").write_text(
        f"Package: {DESKTOP_ID}\n"
        f"Version: {app_version}\n"
        f"Architecture: {arch}\n"
        "Maintainer: The Follow-Up developers <followup@users.noreply.github.com>\n"
        f"Installed-Size: {installed_kib}\n"
        # The bundle brings Qt and Python; OpenGL/EGL and the C library come from the system.
        f"Depends: libc6 (>= {minimum_glibc(bundle)}), libgl1, libegl1\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: job interviews on a board, and reminders to follow up\n"
        " Follow-Up keeps every job interview on a Kanban board, keeps the people met\n"
        " along the way in a contacts list, and reminds you from the system tray when a\n"
        " thank-you note, a promised document or a polite chase is due.\n",
        encoding="utf-8",
    )
    target = dist / f"{DESKTOP_ID}_{app_version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(root), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build Follow-Up's installable bundle.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--no-archive", action="store_true", help="the bundle only")
    parser.add_argument("--deb", action="store_true", help="also a Debian package (dpkg-deb)")
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="build the hello-world size baseline (dist/Hello) instead",
    )
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    dist, work = args.dist.resolve(), args.work.resolve()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the icon renders need no screen
    started = time.monotonic()
    if args.baseline:
        run_pyinstaller(HERE / "baseline" / "hello.spec", dist, work, clean=args.clean)
        size = tree_size(dist / "Hello")
        print(
            f"build.py: {dist / 'Hello'}: {size / 1e6:.1f} MB in {time.monotonic() - started:.0f} s"
        )
        return 0

    app_version = version()
    run_pyinstaller(HERE / "followup.spec", dist, work, clean=args.clean)
    bundle = dist / APP_NAME
    check_bundle(bundle, app_version)
    print(
        f"build.py: {bundle}: {tree_size(bundle) / 1e6:.1f} MB "
        f"in {time.monotonic() - started:.0f} s"
    )
    if sys.platform.startswith("linux") and not args.no_archive:
        step = time.monotonic()
        archive = linux_archive(bundle, dist, work, app_version)
        print(
            f"build.py: {archive}: {archive.stat().st_size / 1e6:.1f} MB "
            f"in {time.monotonic() - step:.0f} s"
        )
        if args.deb:
            step = time.monotonic()
            deb = debian_package(bundle, dist, work, app_version)
            print(
                f"build.py: {deb}: {deb.stat().st_size / 1e6:.1f} MB "
                f"in {time.monotonic() - step:.0f} s"
            )
    print(f"build.py: done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
