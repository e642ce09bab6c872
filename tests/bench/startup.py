"""Process start → first painted board, and peak memory, against a bare PySide6 window.

Each repeat starts every variant once, in turn (bare, the floor, 0, 1,000, 10,000
interviews), so machine noise hits them alike; one warm-up round first fills the bytecode
cache and the page cache and is not counted.

The floor (``probes/floor_board.py``) is a reference, not a target: no app code, just
PySide6 painting a board of the same 1,000 interviews read with ``sqlite3`` — the least a
Python + PySide6 process needs for a painted board, so the app's figure can be read
against both the bare window and what a board costs at all.
"""

from __future__ import annotations

from pathlib import Path

from tests.bench.environment import PROBES, PYTHON, Workspace
from tests.bench.figures import Figure, Target
from tests.bench.processes import Run, run

BARE = "bare PySide6 QMainWindow"
FLOOR_SIZE = 1000


def app_command(data_dir: Path, quit_after: int = 0) -> list[str]:
    return [
        PYTHON,
        "-m",
        "followup_desktop",
        "--data-dir",
        str(data_dir),
        "--quit-after",
        str(quit_after),
    ]


def bare_command(quit_after: int = 0) -> list[str]:
    return [PYTHON, str(PROBES / "bare_window.py"), "--quit-after", str(quit_after)]


def floor_command(data_dir: Path, quit_after: int = 0) -> list[str]:
    return [
        PYTHON,
        str(PROBES / "floor_board.py"),
        str(data_dir),
        "--quit-after",
        str(quit_after),
    ]


def _paint(result: Run) -> float:
    if result.paint is None:
        raise RuntimeError(f"no first-paint line in:\n{result.stderr[-2000:]}")
    return result.paint * 1000


def start_up(ws: Workspace, boards: dict[int, Path], repeats: int) -> list[Figure]:
    """First paint with each board size, and the bare window, ``repeats`` times each."""
    env = ws.env()
    variants: dict[str, list[str]] = {"bare": bare_command()}
    if FLOOR_SIZE in boards:
        variants["floor"] = floor_command(boards[FLOOR_SIZE])
    for size, directory in boards.items():
        variants[str(size)] = app_command(directory)
    for command in variants.values():  # warm-up
        run(command, env)
    paints: dict[str, list[float]] = {key: [] for key in variants}
    walls: dict[str, list[float]] = {key: [] for key in variants}
    for _ in range(repeats):
        for key, command in variants.items():
            result = run(command, env)
            paints[key].append(_paint(result))
            walls[key].append(result.wall * 1000)
    figures = []
    if "floor" in paints:
        figures.append(
            Figure(
                key=f"start_floor_{FLOOR_SIZE}",
                title=(
                    f"floor: a bare PySide6 board of {FLOOR_SIZE:,} interviews, no app code "
                    "(reference)"
                ),
                unit="ms",
                samples=paints["floor"],
                baseline=paints["bare"],
                baseline_title=BARE,
                note=(
                    "probes/floor_board.py: 8 QListView columns, cards painted by a "
                    "QStyledItemDelegate from a sqlite3 read, menu titles, status bar"
                ),
            )
        )
    for size in boards:
        key = str(size)
        figures.append(
            Figure(
                key=f"start_{size}",
                title=f"start → first painted board, {size:,} interviews",
                unit="ms",
                samples=paints[key],
                baseline=paints["bare"],
                baseline_title=BARE,
                target=Target("ratio", 1.5) if size == 1000 else None,
                note=(
                    f"whole process start to exit (--quit-after 0): median "
                    f"{sorted(walls[key])[len(walls[key]) // 2]:.0f} ms, bare "
                    f"{sorted(walls['bare'])[len(walls['bare']) // 2]:.0f} ms"
                ),
            )
        )
    return figures


def peak_memory(ws: Workspace, board: Path, size: int, repeats: int) -> Figure:
    """Peak RSS of the app with ``size`` interviews, left running 2 s after its first paint
    (the first reminder check, the due panel, deferred work all done), against the bare
    window left running as long."""
    env = ws.env()
    settle = 2000
    app, bare = app_command(board, settle), bare_command(settle)
    run(app, env)
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeats):
        theirs.append(run(bare, env).maxrss_kb * 1024 / 1e6)
        ours.append(run(app, env).maxrss_kb * 1024 / 1e6)
    return Figure(
        key=f"memory_{size}",
        title=f"peak memory (RSS), {size:,} interviews",
        unit="MB",
        samples=ours,
        baseline=theirs,
        baseline_title=BARE,
        target=Target("delta", 60),
        note="ru_maxrss of the process, which quits 2 s after its first paint",
    )
