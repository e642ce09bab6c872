"""`followup-desktop report` as a user runs it: a real process, real files, exit codes."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from followup_desktop.core.report import CSV_HEADER


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "followup_desktop", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("report-data")
    done = run("--data-dir", str(folder), "demo", "--size", "25")
    assert done.returncode == 0, done.stderr
    return folder


def test_csv_for_a_period(demo_dir, tmp_path):
    target = tmp_path / "out.csv"
    done = run(
        "--data-dir", str(demo_dir), "report", "--from", "2000-01-01", "--to", "2100-12-31",
        "--format", "csv", str(target),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Wrote {target}: ") and "applications" in done.stdout
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) > 25


def test_csv_never_loads_qt(demo_dir, tmp_path):
    target = tmp_path / "out.csv"
    code = (
        "import sys; from followup_desktop.app import main; "
        f"rc = main(['--data-dir', {str(demo_dir)!r}, 'report', {str(target)!r}]); "
        "assert rc == 0, rc; "
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert target.exists()


def test_pdf_without_a_display(demo_dir, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)  # the command picks the offscreen platform itself
    target = tmp_path / "out.pdf"
    done = run("--data-dir", str(demo_dir), "report", "--from", "2000-01-01", str(target), env=env)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1024


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-02-30", "x.csv"], "not a date (YYYY-MM-DD): '2026-02-30'"),
        (["--from", "2026-03-02", "--to", "2026-03-01", "x.csv"], "is before --from"),
        (["x.txt"], "does not end in .pdf or .csv"),
        (["--format", "doc", "x.csv"], "invalid choice: 'doc'"),
        (["{missing}/x.pdf"], "No such file or directory"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(demo_dir, tmp_path, args, message):
    args = [a.replace("{missing}", str(tmp_path / "missing")) for a in args]
    if args[-1].startswith("x."):
        args[-1] = str(tmp_path / args[-1])
    done = run("--data-dir", str(demo_dir), "report", *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_no_data_yet(tmp_path):
    done = run("--data-dir", str(tmp_path / "empty"), "report", str(tmp_path / "x.csv"))
    assert done.returncode == 2
    assert "No Follow-Up data in" in done.stderr and "Traceback" not in done.stderr
