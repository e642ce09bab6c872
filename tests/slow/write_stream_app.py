"""The real Follow-Up app, with a stream of writes once its window is up (for the crash test).

Run as ``python write_stream_app.py RUN SEED --data-dir DIR``: it starts the app exactly as
``followup-desktop --data-dir DIR`` does (``app.main``: single instance, store, services,
main window, every feature), and as soon as the main window exists it performs writes
through the window's own services, one event-loop turn each, as a user would: new
interviews, edits, moves between and within columns, new rounds. Before each write it prints
``do N KIND ID VALUE``, and after the service call returned (the transaction is committed)
``ack N``. The test kills the process at a random moment and checks that every acknowledged
write is in the file.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication


def main() -> int:
    run, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    app = QApplication([sys.argv[0]])
    state = {"n": 0}

    def window():  # the app's MainWindow, found without importing it before the app
        for widget in QApplication.topLevelWidgets():
            if type(widget).__name__ == "MainWindow":
                return widget
        return None

    def write() -> None:
        win = window()
        if win is None:
            QTimer.singleShot(5, write)
            return
        from followup_desktop.store import models as m

        services = win.services
        n = state["n"] = state["n"] + 1
        stages = [s.key for s in services.board.stages()]
        ids = [
            i
            for (i,) in m.Interview.select(m.Interview.id)
            .where(m.Interview.archived == False)
            .tuples()
        ]
        kind = "new" if len(ids) < 3 else rng.choice(["new", "edit", "move", "move", "round"])
        tag = f"{run}.{n}"
        if kind == "new":
            stage = rng.choice(stages)
            print(f"do {n} new 0 {stage} {tag}", flush=True)
            new_id = services.board.create_interview(f"Company {tag}", f"Role {tag}", stage)
            print(f"ack {n} {new_id}", flush=True)
        elif kind == "edit":
            target = rng.choice(ids)
            print(f"do {n} edit {target} note-{tag}", flush=True)
            services.board.update_interview(target, notes=f"note-{tag}")
            print(f"ack {n}", flush=True)
        elif kind == "move":
            target = rng.choice(ids)
            stage = rng.choice(stages)
            position = rng.randint(0, 5)
            print(f"do {n} move {target} {stage} {position}", flush=True)
            services.board.move([target], stage, position)
            print(f"ack {n}", flush=True)
        else:
            target = rng.choice(ids)
            start = datetime(2026, 3, 10, 9, tzinfo=UTC) + timedelta(hours=n)
            print(f"do {n} round {target} round-{tag}", flush=True)
            services.rounds.add_round(
                target, start, start + timedelta(hours=1), place=f"round-{tag}"
            )
            print(f"ack {n}", flush=True)
        QTimer.singleShot(0, write)

    QTimer.singleShot(0, write)
    from followup_desktop.app import main as app_main

    # run_gui finds ``app`` with QApplication.instance() and runs its event loop.
    code = app_main(sys.argv[3:])
    del app
    return code


if __name__ == "__main__":
    sys.exit(main())
