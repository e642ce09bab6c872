"""The due-follow-ups query over 100,000 follow-ups, against the same query as raw SQL.

Run by the suite as its own process (``python -m tests.bench.due_query DATA_DIR``, JSON on
stdout). ``FollowUpService.due(now)`` returns every open follow-up due at ``now`` as
``FollowUpView`` objects, most urgent first; the baseline runs the same SELECT, written by
hand (the columns a view is made of, the same joins, conditions and order), through the
standard library's ``sqlite3`` on its own connection and fetches every row as tuples. Both
read the same file with a warm page cache (one unmeasured run of each first), alternating.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from followup_desktop.services import Services
from followup_desktop.services.due_list import DueList
from followup_desktop.store.db import close_store, open_store
from tests.bench.figures import Figure, Target

#: The columns a FollowUpView is built from (what ``FollowUpService._query()`` selects).
COLUMNS = (
    'f."id", f."interview_id", f."kind", f."title", f."due_at", f."deadline_at", '
    'f."state", f."recipients", f."note", f."checklist", f."snoozed_until", '
    'f."notified_at", f."round_id", f."user_edited", o."name" AS "company", i."role" AS "role"'
)
FROM = (
    'FROM "follow_up" AS f JOIN "interview" AS i ON f."interview_id" = i."id" '
    'JOIN "organization" AS o ON i."employer_id" = o."id" '
    'WHERE i."archived" = 0 AND ((f."state" = \'pending\' AND f."due_at" <= :now) '
    'OR (f."state" = \'snoozed\' AND f."snoozed_until" <= :now))'
)
ORDER = (
    'ORDER BY f."deadline_at", CASE f."state" WHEN \'snoozed\' THEN f."snoozed_until" '
    'ELSE f."due_at" END, f."id"'
)
DUE_SQL = f"SELECT {COLUMNS} {FROM} {ORDER}"
COUNTS_SQL = f'SELECT COUNT(*), COALESCE(SUM(f."deadline_at" < :now), 0) {FROM}'
URGENT_SQL = f"SELECT {COLUMNS} {FROM} {ORDER} LIMIT 100"


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def measure(data_dir: Path, repeats: int) -> list[Figure]:
    db_path = open_store(data_dir)
    services = Services.create(db_path=db_path)
    raw = sqlite3.connect(db_path)
    now = datetime.now(UTC).replace(microsecond=0)
    text_now = {"now": now.strftime("%Y-%m-%d %H:%M:%S")}
    due_list = DueList(services.followups)
    total = raw.execute('SELECT COUNT(*) FROM "follow_up"').fetchone()[0]

    ours, theirs, ours_list, theirs_list = [], [], [], []
    found = services.followups.due(now)  # warm-up, and the two must agree
    rows = raw.execute(DUE_SQL, text_now).fetchall()
    if [v.id for v in found] != [r[0] for r in rows]:
        raise RuntimeError("due() and the raw SQL disagree: the baseline is not the same query")
    for _ in range(repeats):
        started = time.perf_counter()
        services.followups.due(now)
        ours.append(_ms(started))
        started = time.perf_counter()
        raw.execute(DUE_SQL, text_now).fetchall()
        theirs.append(_ms(started))
        started = time.perf_counter()
        if due_list.counts(now)[0]:
            due_list.most_urgent(now, 100)
        ours_list.append(_ms(started))
        started = time.perf_counter()
        if raw.execute(COUNTS_SQL, text_now).fetchone()[0]:
            raw.execute(URGENT_SQL, text_now).fetchall()
        theirs_list.append(_ms(started))
    raw.close()
    close_store()
    return [
        Figure(
            key="due_query",
            title=f"due follow-ups query, {total:,} follow-ups ({len(rows):,} due)",
            unit="ms",
            samples=ours,
            baseline=theirs,
            baseline_title="the same SELECT through sqlite3, rows as tuples",
            target=Target("ratio", 2),
            note="FollowUpService.due(now): every due follow-up as a FollowUpView, sorted",
        ),
        Figure(
            key="due_counts",
            title=f"due counts + 100 most urgent (tray, due panel), {total:,} follow-ups",
            unit="ms",
            samples=ours_list,
            baseline=theirs_list,
            baseline_title="the same COUNT and LIMIT 100 SELECT through sqlite3",
            note="DueList.counts + most_urgent(100): what each reminder check reads",
        ),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args(argv)
    print(json.dumps([asdict(f) for f in measure(args.data_dir, args.repeats)]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
