"""Rounds as calendar events and open follow-ups as to-dos (iCalendar, RFC 5545).

Written with the ``icalendar`` library so Google Calendar, Outlook, Apple Calendar and
Thunderbird can import it: VERSION 2.0, a PRODID, a DTSTAMP on every item, times in UTC,
and UIDs that stay the same from one export to the next, so importing a newer export
updates the entries instead of doubling them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event, Todo

from followup_desktop import __version__
from followup_desktop.store import models as m
from followup_desktop.store.exchange.files import write_private

PRODID = f"-//Follow-Up//Follow-Up {__version__}//EN"
UID_DOMAIN = "followup-desktop.local"
OPEN_STATES = ("pending", "snoozed")


def _round_label(kind: str) -> str:
    return kind.replace("_", " ").capitalize()


def _people(ids: list[int], names: dict[int, tuple[str, str, str]]) -> list[str]:
    lines = []
    for cid in ids:
        name, title, email = names.get(cid, ("", "", ""))
        detail = ", ".join(x for x in (title, email) if x)
        lines.append(f"{name} ({detail})" if detail else name)
    return lines


def build_calendar(now: datetime) -> Calendar:
    """Every round (past ones too: a record of the search) and every open follow-up.

    Times are written in UTC; calendar apps show them in the user's own zone.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Follow-Up: interviews and follow-ups")
    stamp = now.astimezone(UTC)
    orgs = {i: n for i, n in m.Organization.select(m.Organization.id, m.Organization.name).tuples()}
    cards: dict[int, Any] = {
        row.id: row
        for row in m.Interview.select(
            m.Interview.id, m.Interview.uuid, m.Interview.role, m.Interview.employer
        )
    }
    C = m.Contact
    contacts = {
        i: (name, title, email)
        for i, name, title, email in C.select(C.id, C.name, C.job_title, C.email).tuples()
    }
    interviewers: dict[int, list[int]] = {}
    for rid, cid in (
        m.RoundInterviewer.select(m.RoundInterviewer.round, m.RoundInterviewer.contact)
        .order_by(m.RoundInterviewer.id)
        .tuples()
    ):
        interviewers.setdefault(rid, []).append(cid)
    for rnd in m.Round.select().order_by(m.Round.starts_at, m.Round.id):
        card = cards[rnd.interview_id]
        company = orgs.get(card.employer_id, "")
        event = Event()
        event.add("uid", f"round-{rnd.id}-{card.uuid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("summary", f"{_round_label(rnd.kind)}: {company} — {card.role}")
        event.add("dtstart", rnd.starts_at.astimezone(UTC))
        end = rnd.ends_at if rnd.ends_at > rnd.starts_at else rnd.starts_at + timedelta(hours=1)
        event.add("dtend", end.astimezone(UTC))
        if rnd.place:
            if rnd.place.startswith(("http://", "https://")):
                event.add("url", rnd.place)
            event.add("location", rnd.place)
        lines = [f"{company} — {card.role}"]
        people = _people(interviewers.get(rnd.id, []), contacts)
        if people:
            lines.append("Interviewers: " + "; ".join(people))
        if rnd.notes:
            lines += ["", rnd.notes]
        event.add("description", "\n".join(lines))
        event.add("categories", ["Job interview"])
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    F = m.FollowUp
    query = (
        F.select()
        .join(m.Interview)
        .where(F.state.in_(OPEN_STATES) & (m.Interview.archived == False))
        .order_by(F.due_at, F.id)
    )
    for f in query:
        card = cards[f.interview_id]
        company = orgs.get(card.employer_id, "")
        todo = Todo()
        todo.add("uid", f"followup-{card.uuid}-{f.rule_key}@{UID_DOMAIN}")
        todo.add("dtstamp", stamp)
        todo.add("summary", f.title)
        start = f.snoozed_until if f.state == "snoozed" and f.snoozed_until else f.due_at
        todo.add("dtstart", start.astimezone(UTC))
        due = f.deadline_at if f.deadline_at > start else start + timedelta(hours=1)
        todo.add("due", due.astimezone(UTC))
        lines = [f"{company} — {card.role}"]
        recipients = f.recipients if isinstance(f.recipients, dict) else {}
        for key, label in (("to", "To"), ("cc", "Copy")):
            names = [
                f"{r.get('name', '')} <{r.get('email', '')}>" if r.get("email") else r.get("name")
                for r in recipients.get(key, [])
                if isinstance(r, dict)
            ]
            if names:
                lines.append(f"{label}: " + "; ".join(str(n) for n in names))
        if f.note:
            lines += ["", f.note]
        for item in f.checklist or []:
            lines.append(f"☐ {item}")
        todo.add("description", "\n".join(lines))
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", ["Follow-up"])
        cal.add_component(todo)
    return cal


def write_ics(path: Path, now: datetime) -> Path:
    """Write the calendar file (CRLF lines folded at 75 octets, as RFC 5545 asks)."""
    return write_private(path, build_calendar(now).to_ical())
