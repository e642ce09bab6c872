"""The command line, run as a user runs it: ``python -m followup_desktop ...`` in a subprocess.

Errors go to stderr with exit code 2 and never a traceback; refused files stay untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup_desktop import APP_NAME, __version__
from followup_desktop.paths import ENV_DATA_DIR
from followup_desktop.store.db import DB_FILENAME
from followup_desktop.store.migrations import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def run(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def assert_clean_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("followup-desktop: error: ") or result.stderr.startswith(
        "usage:"
    ), result.stderr
    return result.stderr


def interviews_in(folder: Path) -> int:
    conn = sqlite3.connect(f"{(folder / DB_FILENAME).as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM interview").fetchone()[0])
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``followup-desktop --data-dir D demo --size 30``, once for the module."""
    folder = tmp_path_factory.mktemp("cli") / "D"
    result = run("--data-dir", str(folder), "demo", "--size", "30")
    assert result.returncode == 0, result.stderr
    assert "30 interviews" in result.stdout
    return folder


def test_version():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"{APP_NAME} {__version__}"


def test_demo_then_due_json_lists_thank_yous_and_chases(demo_dir: Path):
    result = run("--data-dir", str(demo_dir), "due", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    kinds = {item["kind"] for item in items}
    assert {"thank_you", "chase"} <= kinds, kinds
    for item in items:
        assert item["interview"] and " — " in item["interview"]
        assert item["state"] in ("due", "overdue")
        assert item["due_at"] and item["deadline_at"]
        assert isinstance(item["to"], list)
    thank_you = next(i for i in items if i["kind"] == "thank_you")
    assert thank_you["to"] and thank_you["to"][0]["name"]


def test_the_demo_file_is_private_and_in_wal_mode(demo_dir: Path):
    path = demo_dir / DB_FILENAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(demo_dir.stat().st_mode) == 0o700
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_due_as_text(demo_dir: Path):
    result = run("--data-dir", str(demo_dir), "due")
    assert result.returncode == 0, result.stderr
    assert "Thank " in result.stdout
    assert "thank_you" in result.stdout and "chase" in result.stdout


def test_demo_refuses_a_folder_that_holds_interviews(demo_dir: Path):
    before = (demo_dir / DB_FILENAME).read_bytes()
    message = assert_clean_error(run("--data-dir", str(demo_dir), "demo", "--size", "5"))
    assert "already holds interviews" in message
    assert interviews_in(demo_dir) == 30
    assert (demo_dir / DB_FILENAME).read_bytes() == before


@pytest.mark.parametrize("size", ["0", "-3", "200001"])
def test_demo_refuses_a_silly_size(tmp_path: Path, size: str):
    message = assert_clean_error(run("--data-dir", str(tmp_path / "D"), "demo", "--size", size))
    assert "--size" in message


def test_due_on_a_missing_data_dir_says_so_and_creates_nothing(tmp_path: Path):
    missing = tmp_path / "nothing-here"
    message = assert_clean_error(run("--data-dir", str(missing), "due"))
    assert "No Follow-Up data" in message
    assert str(missing) in message
    assert not missing.exists()


def test_due_refuses_a_file_from_a_newer_version_and_leaves_it_alone(tmp_path: Path):
    folder = tmp_path / "D"
    assert run("--data-dir", str(folder), "demo", "--size", "3").returncode == 0
    path = folder / DB_FILENAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(folder)))

    message = assert_clean_error(run("--data-dir", str(folder), "due"))

    assert "newer version" in message
    assert (path.read_bytes(), path.stat().st_mtime_ns, sorted(os.listdir(folder))) == before


def test_due_refuses_a_file_that_is_not_ours(tmp_path: Path):
    folder = tmp_path / "D"
    folder.mkdir()
    (folder / DB_FILENAME).write_text("my shopping list\n", encoding="utf-8")
    message = assert_clean_error(run("--data-dir", str(folder), "due"))
    assert "not a Follow-Up database" in message
    assert (folder / DB_FILENAME).read_text(encoding="utf-8") == "my shopping list\n"


def test_an_unknown_option_is_a_usage_error_without_traceback():
    assert_clean_error(run("due", "--colour"))


def test_the_environment_variable_picks_the_data_dir(tmp_path: Path):
    from_env = tmp_path / "from-env"
    env = {ENV_DATA_DIR: str(from_env)}
    assert run("demo", "--size", "4", env=env).returncode == 0
    assert interviews_in(from_env) == 4
    result = run("due", "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert isinstance(json.loads(result.stdout), list)


def test_the_flag_beats_the_environment_variable(tmp_path: Path):
    from_env, from_flag = tmp_path / "from-env", tmp_path / "from-flag"
    env = {ENV_DATA_DIR: str(from_env)}
    assert run("--data-dir", str(from_flag), "demo", "--size", "4", env=env).returncode == 0
    assert interviews_in(from_flag) == 4
    assert not from_env.exists()


@pytest.mark.slow
def test_demo_with_ten_thousand_interviews_completes(tmp_path: Path):
    folder = tmp_path / "big"
    started = time.monotonic()
    result = run("--data-dir", str(folder), "demo", "--size", "10000", timeout=300)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "10000 interviews" in result.stdout
    assert interviews_in(folder) == 10_000
    # No timing assert (machines differ); the number is printed for whoever looks.
    print(f"\n`demo --size 10000` took {took:.1f} s")
    due = run("--data-dir", str(folder), "due", "--json", timeout=300)
    assert due.returncode == 0, due.stderr
    assert len(json.loads(due.stdout)) > 100


def test_the_commands_never_load_qt(demo_dir: Path, tmp_path: Path):
    """Quick, and usable over SSH or from cron where no Qt libraries may be installed."""
    code = (
        "import sys\n"
        "from followup_desktop.app import main\n"
        f"assert main(['--data-dir', {str(demo_dir)!r}, 'due', '--json']) == 0\n"
        f"assert main(['--data-dir', {str(tmp_path / 'E')!r}, 'demo', '--size', '3']) == 0\n"
        "loaded = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
