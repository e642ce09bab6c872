"""Idle cost: CPU time the app uses sitting in the tray, against a bare window sitting idle.

The suite runs this module inside ``xvfb-run ... dbus-run-session`` (see :func:`command`):
it starts the fake ``org.kde.StatusNotifierWatcher`` and notification server from
``tests/e2e/fake_dbus_services.py`` so the tray really exists, then ``copies`` app processes
at once (each on its own copy of the data folder, started ``--minimized``: into the tray,
no window) and as many bare PySide6 windows. Once their start-up CPU has settled it reads
``utime + stime`` of each process from ``/proc/<pid>/stat`` at the start and end of the
measured interval. Without Xvfb it falls back to offscreen (no tray: the window is shown).
JSON on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from tests.bench.environment import PROBES, PYTHON, ROOT, Workspace
from tests.bench.figures import Figure, Target
from tests.bench.processes import TICKS_PER_SECOND, cpu_ticks

FAKES = ROOT / "tests" / "e2e" / "fake_dbus_services.py"
XVFB = ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "dbus-run-session", "--"]


def command(ws_root: Path, data_dir: Path, seconds: float, copies: int) -> tuple[list[str], str]:
    """The command the suite runs, and the platform it runs on ("xcb" or "offscreen")."""
    inner = [
        PYTHON,
        "-m",
        "tests.bench.idle",
        str(ws_root),
        str(data_dir),
        "--seconds",
        str(seconds),
        "--copies",
        str(copies),
    ]
    if shutil.which("xvfb-run") and shutil.which("dbus-run-session"):
        return [*XVFB, *inner, "--platform", "xcb"], "xcb"
    return [*inner, "--platform", "offscreen"], "offscreen"


def _start_fake(kind: str, record: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [PYTHON, str(FAKES), kind, "--record", str(record)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 15)
    line = process.stdout.readline().decode() if ready else ""
    if not line.startswith("READY"):
        process.kill()
        raise RuntimeError(f"fake {kind} did not start: {line!r}")
    return process


def _settle(
    pids: list[int], quiet_ticks: int = 1, window: float = 2.0, limit: float = 30.0
) -> float:
    """Wait until no process used more than ``quiet_ticks`` in ``window`` seconds."""
    started = time.monotonic()
    last = [cpu_ticks(p) for p in pids]
    while time.monotonic() - started < limit:
        time.sleep(window)
        now = [cpu_ticks(p) for p in pids]
        if all(b - a <= quiet_ticks for a, b in zip(last, now, strict=True)):
            break
        last = now
    return time.monotonic() - started


def measure(
    ws: Workspace, data_dir: Path, seconds: float, copies: int, platform_name: str
) -> list[Figure]:
    tray = platform_name == "xcb"
    fakes: list[subprocess.Popen[bytes]] = []
    processes: list[subprocess.Popen[bytes]] = []
    record = ws.root / "idle-watcher.jsonl"
    record.unlink(missing_ok=True)
    try:
        if tray:
            fakes.append(_start_fake("watcher", record))
            fakes.append(_start_fake("notifications", ws.root / "idle-notifications.jsonl"))
        apps, bares = [], []
        for n in range(copies):
            copy = ws.data / f"idle-{n}"
            if copy.exists():
                shutil.rmtree(copy)
            shutil.copytree(data_dir, copy)
            env = ws.env(platform_name=platform_name, home=f"idle-home-{n}")
            env.pop("FOLLOWUP_REPORT_FIRST_PAINT", None)
            app = subprocess.Popen(
                [PYTHON, "-m", "followup_desktop", "--data-dir", str(copy), "--minimized"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            bare = subprocess.Popen(
                [PYTHON, str(PROBES / "bare_window.py"), "--quit-after", "-1"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            processes += [app, bare]
            apps.append(app.pid)
            bares.append(bare.pid)
        settled = _settle(apps + bares)
        for p in processes:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args} exited early ({p.returncode})")
        before = {pid: cpu_ticks(pid) for pid in apps + bares}
        started = time.monotonic()
        time.sleep(seconds)
        after = {pid: cpu_ticks(pid) for pid in apps + bares}
        elapsed = time.monotonic() - started
    finally:
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in processes:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        for fake in fakes:
            if fake.stdin:
                fake.stdin.close()
            try:
                fake.wait(timeout=5)
            except subprocess.TimeoutExpired:
                fake.kill()

    def percent(pid: int) -> float:
        return (after[pid] - before[pid]) / TICKS_PER_SECOND / elapsed * 100

    registered = 0
    if record.exists():
        registered = sum(
            1 for line in record.read_text().splitlines() if "RegisterStatusNotifierItem" in line
        )
    where = (
        f"Xvfb + D-Bus session, fake StatusNotifierWatcher: {registered} of {copies} apps "
        "registered a tray icon and started hidden in the tray"
        if tray
        else "offscreen (no Xvfb here): no tray, the window stays shown"
    )
    return [
        Figure(
            key="idle_cpu",
            title=f"idle CPU over {elapsed:.0f} s in the tray, 1,000 pending follow-ups",
            unit="% of a core",
            samples=[percent(pid) for pid in apps],
            baseline=[percent(pid) for pid in bares],
            baseline_title="bare PySide6 QMainWindow, idle as long",
            target=Target("value", 0.5),
            note=(
                f"{copies} app processes measured side by side (one sample each), utime+stime "
                f"from /proc/<pid>/stat ({TICKS_PER_SECOND} ticks/s), after start-up settled "
                f"({settled:.0f} s); {where}"
            ),
        )
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("ws_root", type=Path)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--platform", default="xcb")
    args = parser.parse_args(argv)
    ws = Workspace(args.ws_root)
    os.environ.pop("FOLLOWUP_REPORT_FIRST_PAINT", None)
    figures = measure(ws, args.data_dir, args.seconds, args.copies, args.platform)
    print(json.dumps([asdict(f) for f in figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
