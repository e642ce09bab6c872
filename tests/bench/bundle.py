"""The installable bundle's size and start-up against a hello-world PySide6 onedir bundle.

Both are built by the one build command, ``packaging/build.py`` (the hello world with
``--baseline``: packaging/baseline/hello.spec with Follow-Up's own bundle options), into
this run's workspace. Start-up is whole-process wall time, start to exit: Follow-Up with
``--quit-after 0`` on 1,000 interviews (it quits once its first frame is painted), the hello
world with ``--quit`` (it quits from the event loop's first turn, so the ratio slightly
flatters the baseline).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

from tests.bench.environment import PYTHON, ROOT, Workspace
from tests.bench.figures import Figure, Target
from tests.bench.processes import run


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "followup_bench_build", ROOT / "packaging" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _build(ws: Workspace, *extra: str) -> float:
    out = ws.root / "bundle"
    started = time.monotonic()
    subprocess.run(
        [
            PYTHON,
            str(ROOT / "packaging" / "build.py"),
            "--dist",
            str(out / "dist"),
            "--work",
            str(out / "work"),
            "--no-archive",
            *extra,
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=ws.env(),
    )
    return time.monotonic() - started


def measure(ws: Workspace, board: Path, repeats: int) -> list[Figure]:
    build = _build_module()
    app_seconds = _build(ws)
    hello_seconds = _build(ws, "--baseline")
    dist = ws.root / "bundle" / "dist"
    app_dir, hello_dir = dist / build.APP_NAME, dist / "Hello"
    app_size = build.tree_size(app_dir) / 1e6
    hello_size = build.tree_size(hello_dir) / 1e6
    env = ws.env()
    app = [str(app_dir / build.APP_NAME), "--data-dir", str(board), "--quit-after", "0"]
    hello = [str(hello_dir / "Hello"), "--quit"]
    run(app, env)
    run(hello, env)
    ours: list[float] = []
    theirs: list[float] = []
    paints: list[float] = []
    for _ in range(repeats):
        theirs.append(run(hello, env).wall * 1000)
        result = run(app, env)
        ours.append(result.wall * 1000)
        if result.paint is not None:
            paints.append(result.paint * 1000)
    paint_note = (
        f"; its first frame was painted after {sorted(paints)[len(paints) // 2]:.0f} ms (median)"
        if paints
        else ""
    )
    return [
        Figure(
            key="bundle_size",
            title="bundle size (dist/FollowUp, onedir)",
            unit="MB",
            samples=[app_size],
            baseline=[hello_size],
            baseline_title="hello-world PySide6 onedir bundle, built the same way",
            target=Target("ratio", 1.15, "tests/packaging/test_bundle.py"),
            note=(
                f"built in {app_seconds:.0f} s (hello world {hello_seconds:.0f} s) by "
                "packaging/build.py --no-archive; MB = 10^6 bytes of files"
            ),
        ),
        Figure(
            key="bundle_start",
            title="bundle start → exit, 1,000 interviews (--quit-after 0)",
            unit="ms",
            samples=ours,
            baseline=theirs,
            baseline_title="hello-world bundle, start → exit (--quit)",
            note=f"whole-process wall time{paint_note}",
        ),
    ]
