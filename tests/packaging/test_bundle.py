"""The installable bundle, built for real with PyInstaller once per test session.

Builds dist/FollowUp (and the Linux tarball) with the one build command, packaging/build.py,
and the hello-world size baseline the same way; then runs the frozen app offscreen against a
demo data folder, checks its size against the baseline, its window class under Xvfb, and
installs, starts and uninstalls it from the tarball. ~40 s of building on 2 cores.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging_helpers import ROOT, extract_tarball, load_packaging_module

from followup_desktop import APP_ID, __version__

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="builds the Linux bundle"),
    # The first test to ask for a bundle also waits for its build.
    pytest.mark.timeout(600),
]

build = load_packaging_module("build.py")

#: Follow-Up's bundle may be at most this much bigger than an empty PySide6 window's.
SIZE_FACTOR = 1.15


@dataclass(frozen=True)
class Built:
    path: Path
    seconds: float


def _build(out: Path, *extra: str) -> float:
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=540,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, f"build.py {' '.join(extra)} failed:\n{done.stdout}\n{done.stderr}"
    return time.monotonic() - started


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bundle-build")


@pytest.fixture(scope="session")
def app_bundle(build_dir: Path) -> Built:
    seconds = _build(build_dir)
    return Built(build_dir / "dist" / "FollowUp", seconds)


@pytest.fixture(scope="session")
def baseline_bundle(build_dir: Path) -> Built:
    seconds = _build(build_dir, "--baseline")
    return Built(build_dir / "dist" / "Hello", seconds)


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "FOLLOWUP_DATA_DIR"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _run(
    program: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(program), *args],
        capture_output=True,
        text=True,
        env=env or _env(),
        timeout=timeout,
        check=False,
    )


def _assert_clean_exit(done: subprocess.CompletedProcess[str]) -> None:
    assert done.returncode == 0, done.stderr
    # Python errors, and Qt failing to load a plugin or library the bundle left out.
    for problem in ("Traceback", "Could not", "Cannot load", "failed to load"):
        assert problem not in done.stderr, done.stderr


def test_bundle_says_its_version(app_bundle: Built):
    done = _run(app_bundle.path / "FollowUp", "--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"Follow-Up {__version__}"


def test_bundle_starts_shows_its_window_and_exits_cleanly(app_bundle: Built, tmp_path: Path):
    data = tmp_path / "data"
    seeded = _run(app_bundle.path / "FollowUp", "--data-dir", str(data), "demo", "--size", "30")
    assert seeded.returncode == 0, seeded.stderr
    assert "30 interviews" in seeded.stdout
    started = time.monotonic()
    # --quit-after counts from the window's first paint: exit code 0 within the time limit
    # means the window was shown and painted.
    done = _run(app_bundle.path / "FollowUp", "--data-dir", str(data), "--quit-after", "500")
    _assert_clean_exit(done)
    print(f"\nfrozen app: start, paint, 500 ms wait, quit: {time.monotonic() - started:.2f} s")


def test_frozen_app_keeps_data_where_the_source_app_does(
    app_bundle: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from followup_desktop import paths

    xdg = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    monkeypatch.delenv("FOLLOWUP_DATA_DIR", raising=False)
    done = _run(
        app_bundle.path / "FollowUp", "demo", "--size", "3", env=_env(XDG_DATA_HOME=str(xdg))
    )
    assert done.returncode == 0, done.stderr
    assert (paths.default_data_dir() / "followup.sqlite3").is_file()
    assert paths.default_data_dir() == xdg / APP_ID


def test_bundle_carries_the_resources_where_resources_py_looks(
    app_bundle: Built, monkeypatch: pytest.MonkeyPatch
):
    from followup_desktop import resources

    internal = app_bundle.path / "_internal"
    shipped = internal / "followup_desktop" / "_resources"
    source = ROOT / "resources"
    listed = {str(p.relative_to(source)) for p in source.rglob("*") if p.is_file()}
    assert {str(p.relative_to(shipped)) for p in shipped.rglob("*") if p.is_file()} == listed
    # The frozen branch of resources_dir(), pointed at this bundle as PyInstaller would.
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    resources.resources_dir.cache_clear()
    try:
        assert resources.resources_dir() == shipped
        assert resources.resource_path("icons", "followup-tray.svg").is_file()
    finally:
        monkeypatch.undo()
        resources.resources_dir.cache_clear()


def test_bundle_size_stays_near_an_empty_pyside6_window(app_bundle: Built, baseline_bundle: Built):
    app_size = build.tree_size(app_bundle.path)
    hello_size = build.tree_size(baseline_bundle.path)
    print(
        f"\nbundle sizes: Follow-Up {app_size / 1e6:.1f} MB (built in {app_bundle.seconds:.0f} s"
        f" with its tarball), hello-world PySide6 {hello_size / 1e6:.1f} MB (built in "
        f"{baseline_bundle.seconds:.0f} s); ratio {app_size / hello_size:.3f}, "
        f"limit {SIZE_FACTOR}"
    )
    assert app_size <= SIZE_FACTOR * hello_size
    assert _run(baseline_bundle.path / "Hello", "--quit").returncode == 0


def test_bundle_leaves_out_what_the_app_never_uses(app_bundle: Built):
    bundle_options = load_packaging_module("bundle_options.py")
    internal = app_bundle.path / "_internal"
    names = [str(path.relative_to(internal)) for path in internal.rglob("*")]
    assert [name for name in names if bundle_options.is_dropped(name)] == []
    unwanted = (
        "libQt6Qml",
        "libQt6Quick",
        "libQt6WebEngine",
        "libQt6Multimedia",
        "libgtk",
        "libcairo",
        "libpango",
    )
    assert [name for name in names if Path(name).name.startswith(unwanted)] == []
    libpython = next(internal.glob("libpython3*.so*"))
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(libpython)], capture_output=True, text=True, check=True
    ).stdout
    assert ".symtab" not in sections, "the bundle's binaries should be stripped"


@pytest.fixture
def xvfb_display() -> Iterator[str]:
    """A private Xvfb display (the e2e run has one; this run is offscreen)."""
    if not (shutil.which("Xvfb") and shutil.which("xdotool")):
        pytest.skip("needs Xvfb and xdotool (scripts/bootstrap.sh installs them)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_window_class_matches_the_desktop_entry(
    app_bundle: Built, xvfb_display: str, tmp_path: Path
):
    desktop = (ROOT / "packaging" / "linux" / "followup-desktop.desktop").read_text()
    wm_class = next(
        line.split("=", 1)[1] for line in desktop.splitlines() if line.startswith("StartupWMClass=")
    )
    env = _env(QT_QPA_PLATFORM="xcb", DISPLAY=xvfb_display)
    app = subprocess.Popen(
        [
            str(app_bundle.path / "FollowUp"),
            "--data-dir",
            str(tmp_path / "d"),
            "--quit-after",
            "2500",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        found = {}
        for option in ("--class", "--classname"):  # WM_CLASS's class and instance parts
            search = subprocess.run(
                ["xdotool", "search", "--sync", "--onlyvisible", option, f"^{wm_class}$"],
                capture_output=True,
                text=True,
                env=env,
                timeout=30,
                check=False,
            )
            found[option] = search.stdout.split()
        assert found["--class"], "no window whose WM_CLASS class is " + wm_class
        assert found["--classname"], "no window whose WM_CLASS instance is " + wm_class
    finally:
        _out, err = app.communicate(timeout=30)
    assert app.returncode == 0, err


def test_tarball_installs_starts_remembers_data_and_uninstalls(app_bundle: Built, tmp_path: Path):
    archives = list(app_bundle.path.parent.glob(f"FollowUp-{__version__}-linux-*.tar.gz"))
    assert len(archives) == 1
    extract_tarball(archives[0], tmp_path / "download")
    unpacked = tmp_path / "download" / f"FollowUp-{__version__}"
    prefix = tmp_path / "home" / ".local"
    env = _env(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(prefix / "share"))

    def sh(script: Path) -> None:
        done = subprocess.run(
            ["sh", str(script), "--prefix", str(prefix)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    sh(unpacked / "install.sh")
    command = prefix / "bin" / "followup-desktop"
    data = prefix / "share" / APP_ID / "followup.sqlite3"
    assert _run(command, "demo", "--size", "5", env=env).returncode == 0
    _assert_clean_exit(_run(command, "--quit-after", "300", env=env))
    before = _run(command, "due", "--json", env=env).stdout

    sh(prefix / "opt" / "FollowUp" / "uninstall.sh")
    assert not command.exists() and not (prefix / "opt").exists()
    assert not (prefix / "share" / "applications" / "followup-desktop.desktop").exists()
    assert data.is_file(), "uninstall.sh must keep the data"

    sh(unpacked / "install.sh")  # installed again, it finds the same interviews
    assert _run(command, "due", "--json", env=env).stdout == before
