"""Rough timings of the board (not a test): start to first paint, a move, a filter keystroke.

    .venv/bin/python scripts/measure_board.py            # prints a Markdown table
    .venv/bin/python scripts/measure_board.py --runs 9

Builds sample databases of 1,000 and 10,000 interviews in a temporary folder, then:
- start → first paint: ``python -m followup_desktop --data-dir D --quit-after 0``, wall time,
  against a bare PySide6 process that shows an empty QMainWindow and quits on its first paint;
- a move at 10,000: a drop handed to a column model → board service transaction committed →
  the columns refreshed from the change signal → both views repainted (``repaint()``, i.e.
  synchronously), median of many moves;
- a filter keystroke at 10,000 and a page of scrolling in the biggest column.
Runs offscreen. Numbers vary ±30 % on a busy machine: compare within one run.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 800)
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, app.quit)
        return False
f = F(); w.installEventFilter(f); w.show(); app.exec()
"""


def seed(directory: Path, size: int) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "followup_desktop",
            "--data-dir",
            str(directory),
            "demo",
            "--size",
            str(size),
        ],
        check=True,
        capture_output=True,
    )


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def start_times(dirs: dict[int, Path], runs: int) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    results: dict[str, list[float]] = {"bare": []}
    for size in dirs:
        results[str(size)] = []
    for _ in range(runs):  # interleaved, so machine noise hits all alike
        results["bare"].append(wall([sys.executable, "-c", BARE], env))
        for size, directory in dirs.items():
            results[str(size)].append(
                wall(
                    [
                        sys.executable,
                        "-m",
                        "followup_desktop",
                        "--data-dir",
                        str(directory),
                        "--quit-after",
                        "0",
                    ],
                    env,
                )
            )
    return {k: statistics.median(v) for k, v in results.items()}


def in_process(directory: Path, moves: int) -> dict[str, float]:
    from PySide6.QtCore import QModelIndex, QSettings, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from followup_desktop.services import Services
    from followup_desktop.store.db import open_store
    from followup_desktop.ui.board.board_widget import BoardWidget
    from followup_desktop.ui.bridge import ChangeBridge

    app = QApplication.instance() or QApplication([])
    services = Services.create(db_path=open_store(directory))
    settings = QSettings(str(directory / "measure.ini"), QSettings.Format.IniFormat)
    board = BoardWidget(services, ChangeBridge(services), QUndoStack(), settings)
    board.resize(1280, 760)
    board.show()
    app.processEvents()
    columns = board.columns
    a, b = columns["applied"], columns["awaiting_reply"]
    timings: list[float] = []
    cpu: list[float] = []
    for n in range(moves):
        source, target = (a, b) if n % 2 == 0 else (b, a)
        model = source.model
        data = model.mimeData([model.index(n % 7)])
        start, start_cpu = time.perf_counter(), time.process_time()
        target.model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
        source.view.viewport().repaint()
        target.view.viewport().repaint()
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        app.processEvents()
    filter_times: list[float] = []
    for text in ("a", "ac", "acm", "acme", "", "g", "gl", "glo", ""):
        start = time.perf_counter()
        board.set_filter(text)
        for column in columns.values():
            column.view.viewport().repaint()
        filter_times.append(time.perf_counter() - start)
    scroll_times: list[float] = []
    bar = a.view.verticalScrollBar()
    for _ in range(20):
        start = time.perf_counter()
        bar.setValue(bar.value() + bar.pageStep())
        a.view.viewport().repaint()
        scroll_times.append(time.perf_counter() - start)
    return {
        "move_median_ms": statistics.median(timings) * 1000,
        "move_p90_ms": sorted(timings)[int(len(timings) * 0.9)] * 1000,
        "move_cpu_median_ms": statistics.median(cpu) * 1000,
        "filter_median_ms": statistics.median(filter_times[1:]) * 1000,
        "filter_first_ms": filter_times[0] * 1000,
        "scroll_page_ms": statistics.median(scroll_times) * 1000,
        "rows_loaded": float(board.cache.loaded),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--moves", type=int, default=41)
    parser.add_argument(
        "--board-only",
        metavar="DIR",
        help="only the in-process timings, on a copy of this data folder",
    )
    args = parser.parse_args()
    if args.board_only:
        copy = Path(tempfile.mkdtemp(prefix="followup-measure-")) / "data"
        shutil.copytree(args.board_only, copy)
        try:
            for key, value in in_process(copy, args.moves).items():
                print(f"{key}: {value:.1f}")
        finally:
            shutil.rmtree(copy.parent, ignore_errors=True)
        return 0
    root = Path(tempfile.mkdtemp(prefix="followup-measure-"))
    try:
        dirs = {0: root / "0", 1000: root / "1k", 10000: root / "10k"}
        for size, directory in dirs.items():
            directory.mkdir()
            if size:
                seed(directory, size)
        starts = start_times(dirs, args.runs)
        board = in_process(dirs[10000], args.moves)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("| measure | median |\n|---|---|")
    print(f"| bare PySide6 QMainWindow, start → first paint | {starts['bare'] * 1000:.0f} ms |")
    for size in (0, 1000, 10000):
        ratio = starts[str(size)] / starts["bare"]
        print(
            f"| Follow-Up, {size:,} interviews, start → first paint | "
            f"{starts[str(size)] * 1000:.0f} ms ({ratio:.2f}× bare) |"
        )
    print(
        f"| move at 10,000 (drop → committed → repainted) | "
        f"{board['move_median_ms']:.1f} ms (p90 {board['move_p90_ms']:.1f} ms; "
        f"CPU {board['move_cpu_median_ms']:.1f} ms) |"
    )
    print(
        f"| filter keystroke at 10,000 (all columns repainted) | "
        f"{board['filter_median_ms']:.1f} ms (first, building the index: "
        f"{board['filter_first_ms']:.0f} ms) |"
    )
    print(f"| scroll one page of a 3,000-card column | {board['scroll_page_ms']:.1f} ms |")
    print(f"| card rows read from the database for all that | {board['rows_loaded']:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
