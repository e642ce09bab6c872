"""The benchmarks' hook: with FOLLOWUP_REPORT_FIRST_PAINT the app says when its first frame was
painted (tests/bench measures start-up with it); without it, it says nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _start(data_dir: Path, report: bool) -> tuple[float, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("FOLLOWUP_REPORT_FIRST_PAINT", None)
    if report:
        env["FOLLOWUP_REPORT_FIRST_PAINT"] = "1"
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_desktop",
            "--data-dir",
            str(data_dir),
            "--quit-after",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return started, done.stderr


@pytest.mark.slow
def test_the_first_paint_is_reported_on_request_only(data_dir: Path) -> None:
    started, stderr = _start(data_dir, report=True)
    lines = [line for line in stderr.splitlines() if line.startswith("first-paint ")]
    assert len(lines) == 1, stderr
    painted = float(lines[0].split()[1])
    assert started < painted < time.monotonic()
    _, quiet = _start(data_dir, report=False)
    assert "first-paint" not in quiet
