"""Interviews (with their stage history) and contacts as CSV files for a spreadsheet.

People hand such a list to a benefits office as proof of their job search, so it opens
cleanly in Excel, LibreOffice and Numbers: UTF-8 with a byte-order mark (Excel needs it to
read accents), a header row, one row per interview or person, ISO dates (2026-03-10) in the
user's time zone, CRLF line ends. A cell that a spreadsheet would run as a formula (it
starts with = + - @ or a tab) is written with a leading apostrophe, which spreadsheets
treat as "this is text".
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from followup_desktop.store import models as m
from followup_desktop.store.exchange.files import write_private

INTERVIEW_COLUMNS = (
    "Company",
    "Role",
    "Agency",
    "Stage",
    "Applied on",
    "Stage history",
    "Rounds",
    "Reply expected by",
    "Last activity",
    "People",
    "Location",
    "Job posting",
    "Archived",
    "Notes",
    "ID",
)
CONTACT_COLUMNS = (
    "Name",
    "Job title",
    "Organization",
    "Kind",
    "Email",
    "Phone",
    "Last contacted",
    "Interviews",
    "Notes",
    "ID",
)
KIND_LABELS = {
    "interviewer": "Interviewer",
    "hr": "HR",
    "agency_recruiter": "Agency recruiter",
    "other": "Other",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _day(moment: datetime | None, tz: tzinfo) -> str:
    return "" if moment is None else moment.astimezone(tz).date().isoformat()


def _round_label(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def _names(model: type[m.BaseModel], column: str) -> dict[int, str]:
    return {i: n for i, n in model.select(model.id, getattr(model, column)).tuples()}


def interview_rows(tz: tzinfo) -> list[list[str]]:
    """One row per interview (archived ones too), oldest application first."""
    orgs = _names(m.Organization, "name")
    stages = {s.id: s for s in m.Stage.select()}
    labels = {s.key: s.label for s in stages.values()}
    history: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    last_activity: dict[int, datetime] = {}
    A = m.Activity
    for iid, kind, at, data in (
        A.select(A.interview, A.kind, A.at, A.data)
        .where(A.interview.is_null(False))
        .order_by(A.at, A.id)
        .tuples()
    ):
        last_activity[iid] = at
        if kind == "stage_changed" and isinstance(data, dict):
            history[iid].append((at, str(data.get("from", "")), str(data.get("to", ""))))
    people = _names(m.Contact, "name")
    interviewers: dict[int, list[str]] = defaultdict(list)
    for rid, cid in (
        m.RoundInterviewer.select(m.RoundInterviewer.round, m.RoundInterviewer.contact)
        .order_by(m.RoundInterviewer.id)
        .tuples()
    ):
        interviewers[rid].append(people.get(cid, ""))
    rounds: dict[int, list[str]] = defaultdict(list)
    R = m.Round
    for rid, iid, kind, starts in (
        R.select(R.id, R.interview, R.kind, R.starts_at).order_by(R.starts_at, R.id).tuples()
    ):
        local = starts.astimezone(tz).strftime("%Y-%m-%d %H:%M")
        who = ", ".join(n for n in interviewers[rid] if n)
        rounds[iid].append(f"{local} {_round_label(kind)}" + (f" ({who})" if who else ""))
    linked: dict[int, list[str]] = defaultdict(list)
    IC = m.InterviewContact
    for iid, cid, role in IC.select(IC.interview, IC.contact, IC.role).order_by(IC.id).tuples():
        linked[iid].append(f"{people.get(cid, '')} ({KIND_LABELS.get(role, role)})")
    out: list[list[str]] = []
    for row in m.Interview.select().order_by(m.Interview.created_at, m.Interview.id):
        stage = stages[row.stage_id]
        changes = history[row.id]
        first = changes[0][1] if changes else stage.key
        steps = [f"{_day(row.created_at, tz)} {labels.get(first, first)}"]
        steps += [f"{_day(at, tz)} {labels.get(to, to)}" for at, _, to in changes]
        out.append(
            [
                orgs.get(row.employer_id, ""),
                row.role,
                orgs.get(row.agency_id, "") if row.agency_id else "",
                stage.label,
                _day(row.created_at, tz),
                "; ".join(steps),
                "; ".join(rounds[row.id]),
                row.reply_expected_by.isoformat() if row.reply_expected_by else "",
                _day(last_activity.get(row.id, row.updated_at), tz),
                "; ".join(linked[row.id]),
                row.location,
                row.posting_url,
                "yes" if row.archived else "no",
                row.notes,
                row.uuid,
            ]
        )
    return out


def contact_rows(tz: tzinfo) -> list[list[str]]:
    """One row per person, by name."""
    orgs = _names(m.Organization, "name")
    cards: dict[int, str] = {
        i: f"{orgs.get(e, '')} — {r}"
        for i, e, r in m.Interview.select(
            m.Interview.id, m.Interview.employer, m.Interview.role
        ).tuples()
    }
    where: dict[int, list[str]] = defaultdict(list)
    IC = m.InterviewContact
    for iid, cid in IC.select(IC.interview, IC.contact).order_by(IC.id).tuples():
        if cards.get(iid) and cards[iid] not in where[cid]:
            where[cid].append(cards[iid])
    out: list[list[str]] = []
    for c in m.Contact.select().order_by(m.Contact.name.collate("NOCASE"), m.Contact.id):
        out.append(
            [
                c.name,
                c.job_title,
                orgs.get(c.organization_id, "") if c.organization_id else "",
                KIND_LABELS.get(c.kind, c.kind),
                c.email,
                c.phone,
                _day(c.last_contacted_at, tz),
                "; ".join(where[c.id]),
                c.notes,
                c.uuid,
            ]
        )
    return out


def contacts_path(path: Path) -> Path:
    """Where the contacts go beside the interviews file: ``jobs.csv`` → ``jobs-contacts.csv``."""
    return path.with_name(f"{path.stem}-contacts{path.suffix or '.csv'}")


def write_csv(path: Path, tz: tzinfo) -> list[Path]:
    """Write the interviews to ``path`` and the contacts beside it; return both paths."""
    first = write_private(path, _csv_bytes(INTERVIEW_COLUMNS, interview_rows(tz)))
    second = write_private(contacts_path(first), _csv_bytes(CONTACT_COLUMNS, contact_rows(tz)))
    return [first, second]
