"""The data sets the benchmarks run on, built fresh in every run.

Sample data comes from the app's own ``demo`` command (the same believable interviews,
rounds, histories and rule-derived follow-ups a user exploring the app sees); the shaped
sets below are copies of it changed with plain SQL on the file, so the app itself reads
them exactly as it would read a user's database.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from followup_desktop.store.places import GAP
from tests.bench.environment import PYTHON, ROOT, Workspace

DB = "followup.sqlite3"
FORMAT = "%Y-%m-%d %H:%M:%S"


def stored(moment: datetime) -> str:
    """A moment as the store keeps it (UTC text, sorts as text)."""
    return moment.astimezone(UTC).strftime(FORMAT)


def demo(ws: Workspace, name: str, size: int) -> Path:
    """``followup-desktop --data-dir D demo --size N``: the app's own sample data."""
    directory = ws.data / name
    if directory.exists():
        shutil.rmtree(directory)
    subprocess.run(
        [
            PYTHON,
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
        cwd=ROOT,
        env=ws.env(),
    )
    return directory


def copy(ws: Workspace, source: Path, name: str) -> Path:
    target = ws.data / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return target


def _connect(directory: Path) -> sqlite3.Connection:
    return sqlite3.connect(directory / DB, isolation_level=None)


def one_column(ws: Workspace, board: Path, stage_key: str = "applied") -> Path:
    """Every live interview in one column (in their board order), for the scroll figure."""
    directory = copy(ws, board, "one-column")
    with _connect(directory) as db:
        db.execute("BEGIN")
        stage_id = db.execute("SELECT id FROM stage WHERE key = ?", (stage_key,)).fetchone()[0]
        ids = [
            row[0]
            for row in db.execute(
                "SELECT i.id FROM interview i JOIN stage s ON s.id = i.stage_id "
                "WHERE i.archived = 0 ORDER BY s.position, i.position, i.id"
            )
        ]
        db.executemany(
            "UPDATE interview SET stage_id = ?, position = ? WHERE id = ?",
            # Sort keys spaced as the app spaces them (followup_desktop/store/places.py).
            [(stage_id, pos * GAP, iid) for pos, iid in enumerate(ids)],
        )
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return directory


def many_followups(ws: Workspace, board: Path, total: int = 100_000) -> Path:
    """The board plus a long history of done and dismissed follow-ups, ``total`` in all.

    What is due stays what the sample data made due; the extra rows are what a long job
    search leaves behind, which the due query has to step over.
    """
    directory = copy(ws, board, f"followups-{total}")
    now = datetime.now(UTC)
    with _connect(directory) as db:
        db.execute("BEGIN")
        have = db.execute("SELECT COUNT(*) FROM follow_up").fetchone()[0]
        interviews = [r[0] for r in db.execute("SELECT id FROM interview ORDER BY id")]
        rows = []
        for n in range(total - have):
            iid = interviews[n % len(interviews)]
            due = now - timedelta(days=30 + n % 300, hours=n % 24)
            state = "dismissed" if n % 7 == 0 else "done"
            rows.append(
                (
                    iid,
                    "custom",
                    f"bench:history:{n}",
                    f"Old follow-up {n}",
                    '{"cc": [], "to": []}',
                    "",
                    "[]",
                    stored(due),
                    stored(due + timedelta(days=2)),
                    state,
                    stored(due + timedelta(days=1)),
                    0,
                    stored(due),
                    stored(due - timedelta(days=1)),
                )
            )
        db.executemany(
            "INSERT INTO follow_up (interview_id, kind, rule_key, title, recipients, note, "
            "checklist, due_at, deadline_at, state, done_at, user_edited, notified_at, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return directory


def pending_in_future(ws: Workspace, board: Path, pending: int = 1000) -> Path:
    """Exactly ``pending`` open follow-ups, none due yet (due between 2 h and 30 days ahead).

    For the idle figure: the app sits in the tray waiting for the next one, with nothing
    to announce in the measured minute.
    """
    directory = copy(ws, board, f"pending-{pending}")
    now = datetime.now(UTC)
    soon = stored(now + timedelta(hours=2))
    with _connect(directory) as db:
        db.execute("BEGIN")
        # What is due (or soon due) now was dealt with; snoozes end later.
        db.execute(
            "UPDATE follow_up SET state = 'done', done_at = ? "
            "WHERE state IN ('pending', 'snoozed') AND (due_at < ? OR deadline_at < ? "
            "OR snoozed_until < ?)",
            (stored(now), soon, soon, soon),
        )
        open_now = db.execute(
            "SELECT id FROM follow_up WHERE state IN ('pending', 'snoozed') ORDER BY due_at, id"
        ).fetchall()
        if len(open_now) > pending:
            db.executemany(
                "UPDATE follow_up SET state = 'done', done_at = ? WHERE id = ?",
                [(stored(now), fid) for (fid,) in open_now[pending:]],
            )
        interviews = [
            r[0] for r in db.execute("SELECT id FROM interview WHERE archived = 0 ORDER BY id")
        ]
        rows = []
        for n in range(max(0, pending - len(open_now))):
            due = now + timedelta(hours=3 + (n * 7) % (29 * 24))
            rows.append(
                (
                    interviews[n % len(interviews)],
                    "custom",
                    f"bench:pending:{n}",
                    f"Check in {n}",
                    '{"cc": [], "to": []}',
                    "",
                    "[]",
                    stored(due),
                    stored(due + timedelta(days=2)),
                    "pending",
                    0,
                    stored(now),
                )
            )
        db.executemany(
            "INSERT INTO follow_up (interview_id, kind, rule_key, title, recipients, note, "
            "checklist, due_at, deadline_at, state, user_edited, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # Rounds starting or ending in the measured minute would wake the rules: move them.
        db.execute(
            "UPDATE round SET starts_at = ?, ends_at = ? WHERE starts_at BETWEEN ? AND ? "
            "OR ends_at BETWEEN ? AND ?",
            (
                stored(now + timedelta(days=3)),
                stored(now + timedelta(days=3, hours=1)),
                stored(now),
                soon,
                stored(now),
                soon,
            ),
        )
        db.execute("COMMIT")
        count = db.execute(
            "SELECT COUNT(*) FROM follow_up WHERE state IN ('pending', 'snoozed')"
        ).fetchone()[0]
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if count != pending:
        raise RuntimeError(f"pending data set has {count} open follow-ups, wanted {pending}")
    return directory


def counts(directory: Path) -> dict[str, int]:
    """How many interviews and follow-ups a data set holds (for the report)."""
    with _connect(directory) as db:
        return {
            "interviews": db.execute(
                "SELECT COUNT(*) FROM interview WHERE archived = 0"
            ).fetchone()[0],
            "followups": db.execute("SELECT COUNT(*) FROM follow_up").fetchone()[0],
            "due": db.execute(
                "SELECT COUNT(*) FROM follow_up WHERE (state = 'pending' AND due_at <= ?) "
                "OR (state = 'snoozed' AND snoozed_until <= ?)",
                (stored(datetime.now(UTC)),) * 2,
            ).fetchone()[0],
        }
