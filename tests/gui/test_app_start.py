"""The real app, started as a user starts it (offscreen): ``--demo`` and ``--quit-after``.

``--demo`` alone runs on a throwaway copy of sample data in a temporary folder that is gone
after exit; with ``--data-dir D`` it seeds D only when D has no database yet.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup_desktop.paths import ENV_DATA_DIR
from followup_desktop.store.db import DB_FILENAME

ROOT = Path(__file__).resolve().parents[2]


def environment(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != ENV_DATA_DIR}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["TMPDIR"] = str(tmp)  # where --demo makes (and must remove) its folder
    # Not the user's data: if the app wrongly fell back to it, this is where it would go.
    env["XDG_DATA_HOME"] = str(tmp / "xdg-data")
    return env


def start(tmp: Path, *args: str) -> subprocess.Popen[str]:
    tmp.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "followup_desktop", *args],
        env=environment(tmp),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str], timeout: float = 90) -> str:
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"the app did not quit by itself:\n{err}")
    assert "Traceback" not in err, err
    assert process.returncode == 0, err
    return err


def interviews_in(folder: Path) -> int:
    conn = sqlite3.connect(f"{(folder / DB_FILENAME).as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM interview").fetchone()[0])
    finally:
        conn.close()


def demo_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("followup-demo-*"))


def test_demo_starts_quits_by_itself_and_removes_its_folder(tmp_path: Path):
    tmp = tmp_path / "tmp"
    process = start(tmp, "--demo", "--quit-after", "200")
    seen: set[Path] = set()
    while process.poll() is None:  # watch the throwaway folder come and go
        for folder in demo_folders(tmp):
            if (folder / DB_FILENAME).exists():
                seen.add(folder)
        time.sleep(0.01)
    finish(process)

    assert len(seen) == 1, "the demo ran on a database in its own temporary folder"
    assert demo_folders(tmp) == []
    assert not (tmp / "xdg-data").exists()


def test_demo_with_a_data_dir_seeds_it_when_it_has_no_database(tmp_path: Path):
    folder = tmp_path / "D"
    finish(start(tmp_path / "tmp", "--data-dir", str(folder), "--demo", "--quit-after", "200"))
    assert interviews_in(folder) == 30  # seeded, and kept after exit
    assert demo_folders(tmp_path / "tmp") == []


def test_demo_with_a_data_dir_that_has_a_database_leaves_its_data_alone(tmp_path: Path):
    folder = tmp_path / "D"
    seeded = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_desktop",
            "--data-dir",
            str(folder),
            "demo",
            "--size",
            "2",
        ],
        env=environment(tmp_path / "tmp"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stderr
    finish(start(tmp_path / "tmp", "--data-dir", str(folder), "--demo", "--quit-after", "200"))
    assert interviews_in(folder) == 2


def test_demo_with_a_data_dir_holding_an_empty_database_does_not_seed_it(tmp_path: Path):
    folder = tmp_path / "D"
    finish(start(tmp_path / "tmp", "--data-dir", str(folder), "--quit-after", "200"))
    assert interviews_in(folder) == 0  # the first start made an (empty) database
    finish(start(tmp_path / "tmp", "--data-dir", str(folder), "--demo", "--quit-after", "200"))
    assert interviews_in(folder) == 0
