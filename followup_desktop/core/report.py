"""The job-search report: proof of activity for a period, from the activity log.

Pure: rows and HTML from :class:`~.history.InterviewHistory` values; the CSV is written with
Python's :mod:`csv` (UTF-8 with a byte-order mark, so spreadsheets read accents right). The PDF
is drawn from :func:`report_html` by ``ui/report_pdf.py`` (Qt stays out of ``core/``).

An application is in the report when something happened to it within the period: it was
added, moved, interviewed for (a round that ended), written to, or answered.
"""

from __future__ import annotations

import csv
import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.history import InterviewHistory, Period, stage_visits
from followup_desktop.core.insights_text import KIND_NAMES, day_text, period_text, plural
from followup_desktop.core.stages import StageMeaning

APPLIED = "Applied"
ADDED = "Added to the board"
MOVED = "Stage changed"
INTERVIEW = "Interview"
MESSAGE = "Message sent"
REPLY = "Reply received"

CSV_HEADER = (
    "Date",
    "Time",
    "Company",
    "Role",
    "Agency",
    "Activity",
    "Details",
    "People",
    "Applied on",
    "Current stage",
    "Job posting",
)

#: A spreadsheet runs a cell starting with one of these as a formula; such cells get a "'".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class ReportEvent:
    """One thing done for an application."""

    at: datetime
    what: str
    details: str
    people: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ApplicationRecord:
    """One application: its dates, stage history, people contacted and events in the period."""

    interview_id: int
    company: str
    role: str
    agency: str
    location: str
    posting_url: str
    applied_at: datetime
    current_stage: str
    #: every stage it was in, with when it got there (the whole history, not only the period)
    stage_history: tuple[tuple[datetime, str], ...]
    #: everyone written to or met within the period
    people_contacted: tuple[str, ...]
    #: what happened within the period, oldest first
    events: tuple[ReportEvent, ...]


@dataclass(frozen=True, slots=True)
class JobSearchReport:
    period: Period
    generated_at: datetime
    applications: tuple[ApplicationRecord, ...]

    def count(self, what: str) -> int:
        """How many events of one kind (``MESSAGE``, ``INTERVIEW``...) the period holds."""
        return sum(1 for a in self.applications for e in a.events if e.what == what)

    @property
    def new_applications(self) -> int:
        return sum(1 for a in self.applications if self.period.contains(a.applied_at))


def round_name(kind: str) -> str:
    """``"first_interview"`` → ``"First interview"``."""
    text = kind.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else "Interview"


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _events(h: InterviewHistory, now: datetime) -> list[ReportEvent]:
    """Every event of the whole history (the period is applied by the caller)."""
    via = f" via {h.agency}" if h.agency else ""
    if h.first_stage.meaning is StageMeaning.APPLIED:
        first = ReportEvent(h.created_at, APPLIED, f"Applied for {h.role} at {h.company}{via}")
    else:
        first = ReportEvent(
            h.created_at, ADDED, f"{h.role} at {h.company}{via}, in {h.first_stage.label}"
        )
    events = [first]
    for c in h.stage_changes:
        events.append(ReportEvent(c.at, MOVED, f"From {c.from_stage.label} to {c.to_stage.label}"))
    for held in h.rounds:
        if held.ends_at <= now:
            events.append(
                ReportEvent(held.starts_at, INTERVIEW, round_name(held.kind), held.interviewers)
            )
    for m in h.messages:
        try:
            kind = KIND_NAMES[FollowUpKind(m.kind)]
        except ValueError:
            kind = "Message"
        details = f"{kind}: {m.subject}" if m.subject else (m.summary or kind)
        people = (*m.to, *(f"{p} (copy)" for p in m.cc))
        events.append(ReportEvent(m.at, MESSAGE, details, people))
    for r in h.replies:
        events.append(ReportEvent(r.at, REPLY, r.summary or f"{h.company} replied"))
    return sorted(events, key=lambda e: e.at)


def application_record(
    h: InterviewHistory, period: Period, now: datetime
) -> ApplicationRecord | None:
    """The report's entry for one interview, or None when nothing happened in the period."""
    events = [e for e in _events(h, now) if period.contains(e.at)]
    if not events:
        return None
    people = _unique(p.removesuffix(" (copy)") for e in events for p in e.people)
    return ApplicationRecord(
        interview_id=h.id,
        company=h.company,
        role=h.role,
        agency=h.agency,
        location=h.location,
        posting_url=h.posting_url,
        applied_at=h.created_at,
        current_stage=h.current_stage.label,
        stage_history=tuple((at, s.label) for at, s in stage_visits(h)),
        people_contacted=people,
        events=tuple(events),
    )


def build_report(
    histories: Iterable[InterviewHistory], period: Period, now: datetime
) -> JobSearchReport:
    """Every application with activity in ``period``, oldest application first."""
    records = [r for h in histories if (r := application_record(h, period, now)) is not None]
    records.sort(key=lambda r: (r.applied_at, r.company.casefold(), r.interview_id))
    return JobSearchReport(period, now, tuple(records))


# -- CSV ----------------------------------------------------------------------------------
def _cell(value: str) -> str:
    # A name such as "=HYPERLINK(...)" must stay text when the file is opened in a spreadsheet.
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_rows(report: JobSearchReport, tz: tzinfo) -> list[list[str]]:
    """The header and one row per event, in local time, oldest first within each application."""
    rows = [list(CSV_HEADER)]
    for a in report.applications:
        applied = a.applied_at.astimezone(tz).date().isoformat()
        for e in a.events:
            local = e.at.astimezone(tz)
            cells = [
                local.date().isoformat(),
                local.strftime("%H:%M"),
                a.company,
                a.role,
                a.agency,
                e.what,
                e.details,
                "; ".join(e.people),
                applied,
                a.current_stage,
                a.posting_url,
            ]
            rows.append([_cell(c) for c in cells])
    return rows


def write_csv(report: JobSearchReport, path: Path, tz: tzinfo) -> None:
    """Write the report as CSV: UTF-8 with BOM, comma-separated, one row per event.

    Raises:
        OSError: if the file cannot be written.
    """
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(csv_rows(report, tz))


# -- HTML (for the PDF) -------------------------------------------------------------------
def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _time(at: datetime, tz: tzinfo) -> str:
    return f"{day_text(at, tz)}, {at.astimezone(tz).strftime('%H:%M')}"


def _overview(report: JobSearchReport, tz: tzinfo) -> list[str]:
    out = [
        '<table width="100%" cellspacing="0" cellpadding="4" border="1" '
        'style="border-collapse: collapse; border-color: #c8ccd2">',
        '<tr style="background-color: #eef1f5"><th align="left">Applied on</th>'
        '<th align="left">Company</th><th align="left">Role</th>'
        '<th align="left">Stage now</th><th align="right">Actions in period</th></tr>',
    ]
    for a in report.applications:
        out.append(
            f"<tr><td>{_e(day_text(a.applied_at, tz))}</td><td>{_e(a.company)}</td>"
            f"<td>{_e(a.role)}</td><td>{_e(a.current_stage)}</td>"
            f'<td align="right">{len(a.events)}</td></tr>'
        )
    out.append("</table>")
    return out


def _application(a: ApplicationRecord, tz: tzinfo) -> list[str]:
    facts = [f"Applied on {day_text(a.applied_at, tz)}", f"now: {a.current_stage}"]
    if a.agency:
        facts.append(f"via {a.agency}")
    if a.location:
        facts.append(a.location)
    out = [f"<h2>{_e(a.company)} — {_e(a.role)}</h2>", f"<p>{_e(' · '.join(facts))}"]
    if a.posting_url:
        out.append(f"<br/>Job posting: {_e(a.posting_url)}")
    out.append("</p>")
    history = " → ".join(f"{day_text(at, tz)}: {label}" for at, label in a.stage_history)
    out.append(f"<p><b>Stage history:</b> {_e(history)}</p>")
    people = ", ".join(a.people_contacted) if a.people_contacted else "nobody in this period"
    out.append(f"<p><b>People contacted:</b> {_e(people)}</p>")
    out.append(
        '<table width="100%" cellspacing="0" cellpadding="3" border="1" '
        'style="border-collapse: collapse; border-color: #c8ccd2">'
        '<tr style="background-color: #eef1f5"><th align="left" width="22%">When</th>'
        '<th align="left" width="16%">What</th><th align="left">Details</th>'
        '<th align="left" width="26%">People</th></tr>'
    )
    for e in a.events:
        out.append(
            f"<tr><td>{_e(_time(e.at, tz))}</td><td>{_e(e.what)}</td>"
            f"<td>{_e(e.details)}</td><td>{_e(', '.join(e.people))}</td></tr>"
        )
    out.append("</table>")
    return out


def report_html(report: JobSearchReport, tz: tzinfo, candidate: str = "") -> str:
    """The report as simple HTML (what ``QTextDocument`` renders), every value escaped."""
    period = period_text(report.period, tz)
    out = [
        "<html><head><meta charset='utf-8'/><title>Job-search report</title></head>",
        '<body style="font-family: sans-serif; font-size: 10pt">',
        "<h1>Job-search report</h1>",
    ]
    if candidate:
        out.append(f"<p><b>{_e(candidate)}</b></p>")
    out.append(
        f"<p>Period: {_e(period)}<br/>Made with Follow-Up on {_e(_time(report.generated_at, tz))}"
        "</p>"
    )
    apps = report.applications
    summary = (
        f"{plural(len(apps), 'application')} with activity, of which "
        f"{report.new_applications} new; {plural(report.count(MESSAGE), 'message')} sent, "
        f"{plural(report.count(INTERVIEW), 'interview')} attended, "
        f"{plural(report.count(REPLY), 'reply', 'replies')} received."
    )
    out.append(f"<p>{_e(summary)}</p>")
    if not apps:
        out.append("<p>No job-search activity was recorded in this period.</p>")
    else:
        out.extend(_overview(report, tz))
        for a in apps:
            out.extend(_application(a, tz))
    out.append("</body></html>")
    return "\n".join(out)
