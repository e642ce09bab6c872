"""The calendar export: what calendar apps require, and UIDs that stay put."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from followup_desktop.services import Services
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.store import models as m


def parse(path: Path) -> Calendar:
    raw = path.read_bytes()
    # RFC 5545: CRLF line ends, lines folded at 75 octets.
    assert raw.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    assert b"\n" not in raw.replace(b"\r\n", b"")
    return Calendar.from_ical(raw)


def test_rounds_are_events_and_open_follow_ups_are_todos(tmp_path: Path, full: Services) -> None:
    (path,) = ExchangeService.of(full).export(tmp_path / "jobs.ics", "ics")
    cal = parse(path)
    assert cal["VERSION"] == "2.0"
    assert str(cal["PRODID"]).startswith("-//Follow-Up//")
    events = cal.walk("VEVENT")
    todos = cal.walk("VTODO")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "First interview: Acme Ltd — Product Designer 🎨"
    assert event.decoded("DTSTART") == datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 3, 11, 10, 0, tzinfo=UTC)
    assert str(event["URL"]) == "https://meet.example/abc"
    assert "James O'Brien (Head of Design)" in str(event["DESCRIPTION"])
    open_count = (
        m.FollowUp.select()
        .join(m.Interview)
        .where(m.FollowUp.state.in_(["pending", "snoozed"]) & (m.Interview.archived == False))
        .count()
    )
    assert len(todos) == open_count >= 2
    for item in [*events, *todos]:
        assert item["UID"]
        assert item.decoded("DTSTAMP").tzinfo is not None
        assert item.decoded("DTSTART").utcoffset() == timedelta(0)
    for todo in todos:
        assert todo.decoded("DUE") > todo.decoded("DTSTART")
        assert str(todo["STATUS"]) == "NEEDS-ACTION"
    snoozed = m.FollowUp.get(m.FollowUp.state == "snoozed")
    (as_todo,) = [t for t in todos if str(t["SUMMARY"]) == snoozed.title]
    assert as_todo.decoded("DTSTART") == snoozed.snoozed_until


def test_uids_are_the_same_in_the_next_export(tmp_path: Path, full: Services, clock) -> None:
    exchange = ExchangeService.of(full)
    (first,) = exchange.export(tmp_path / "a.ics", "ics")
    clock.now += timedelta(hours=3)
    full.board.add_note(m.Interview.get().id, "something changed")
    (second,) = exchange.export(tmp_path / "b.ics", "ics")
    uids = [{str(c["UID"]) for c in parse(p).walk() if "UID" in c} for p in (first, second)]
    assert uids[0] == uids[1]
    assert len(uids[0]) == len(parse(first).walk("VEVENT")) + len(parse(first).walk("VTODO"))
    stamps = {c.decoded("DTSTAMP") for c in parse(second).walk("VTODO")}
    assert stamps == {clock.now}


def test_an_empty_calendar_is_still_valid(tmp_path: Path, open_folder) -> None:
    exchange = ExchangeService.of(open_folder(tmp_path / "new"))
    (path,) = exchange.export(tmp_path / "empty.ics", "ics")
    cal = parse(path)
    assert cal.walk("VEVENT") == [] and cal.walk("VTODO") == []
    assert str(cal["PRODID"])
