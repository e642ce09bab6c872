"""Hostile input everywhere: every service and every importer, fed by hypothesis.

NUL and other control characters, right-to-left marks, emoji, lone surrogates, 1 MB strings,
values of the wrong type, dates from year 1 to 9999 (with and without a time zone), and
malformed files. The only outcomes allowed are success or the typed errors
(:class:`ValidationError`, including :class:`NotFoundError`, and :class:`StoreError`); after
every attempt the database passes ``PRAGMA integrity_check`` and ``foreign_key_check``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from peewee import fn

from followup_desktop.core.errors import StoreError, ValidationError
from followup_desktop.core.facts import FollowUpKind, Recipient
from followup_desktop.services import Services
from followup_desktop.services.attachments import attachment_service
from followup_desktop.services.compose import ComposeService
from followup_desktop.services.exchange import ExchangeService
from followup_desktop.services.interview_edits import (
    PromiseDraft,
    RoundDraft,
    apply_draft,
    snapshot,
)
from followup_desktop.services.stage_edits import StageEdit, apply_stage_edits
from followup_desktop.services.timeline import TimelineEntry, TimelineService
from followup_desktop.services.vcards import import_people, read_text
from followup_desktop.store import models as m
from followup_desktop.store.db import close_store, open_store
from followup_desktop.store.exchange import json_format

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
TYPED = (ValidationError, StoreError)

NASTY = [
    "",
    "   ",
    "\x00",
    "Acme\x00Ltd",
    "\x07bell",
    "\u202eevil right-to-left override",
    "\u200fשלום\u200f",
    "مرحبا",
    "🙂" * 300,
    "👩‍👩‍👧‍👦",
    "a\u0300\u0301\u0302",
    "\ufeffBOM",
    "\ud800",
    "lone \udfff surrogate",
    "line\nbreak",
    "\r\n",
    "\u2028",
    "=cmd|' /C calc'!A0",
    "{{ 7*7 }}{% for x in y %}",
    "Robert'); DROP TABLE interview;--",
    "%s%n%x",
    "<script>alert(1)</script>",
    "x" * 1_000_000,
    "é" * 201,
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os.system('id') }}",
    "{% raw %}",
    "Subject: x\n\n{{ interview.company }}",
]
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.text(st.characters(codec=None, categories=None), max_size=50),
)
wrong_type = st.sampled_from([None, 0, -1, 3.5, b"bytes", ["list"], {"a": 1}, True])
any_value = st.one_of(hostile_text, wrong_type)
json_value = any_value.filter(lambda v: not isinstance(v, bytes))
zones = st.sampled_from(
    [UTC, LONDON, ZoneInfo("Pacific/Kiritimati"), timezone(timedelta(hours=-12)), None]
)


@st.composite
def moments(draw: st.DrawFn) -> Any:
    """Datetimes from year 1 to 9999, aware or naive, and things that are not datetimes."""
    when = draw(
        st.one_of(
            st.sampled_from([datetime.min, datetime.max, datetime(1970, 1, 1), NOW]),
            st.datetimes(),
        )
    )
    zone = draw(zones)
    if zone is not None:
        try:
            when = when.replace(tzinfo=zone)
            when.astimezone(UTC)
        except (OverflowError, ValueError):
            when = when.replace(tzinfo=UTC)
    return draw(st.one_of(st.just(when), st.sampled_from([date(2026, 3, 1), "2026-03-10", None])))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, dict[str, Any]]]:
    """One database for the whole module, and its export taken before any hostile input."""
    folder = tmp_path_factory.mktemp("hostile") / "data"
    path = open_store(folder)
    svc = Services.create(clock=lambda: NOW, tz=LONDON, db_path=path)
    interview = svc.board.create_interview("Acme Ltd", "Designer", agency="Reed")
    person = svc.contacts.create_contact("Priya Patel", kind="hr", email="priya@acme.example")
    svc.contacts.link(interview, person, "hr")
    round_id = svc.rounds.add_round(interview, NOW, NOW + timedelta(hours=1))
    svc.rounds.add_promise(round_id, "portfolio", person)
    svc.board.add_note(interview, "first note")
    doc = json.loads(json_format.dumps(json_format.export_document(folder)))
    yield svc, doc
    close_store()


@pytest.fixture(scope="module")
def services(seeded: tuple[Services, dict[str, Any]]) -> Services:
    return seeded[0]


def intact() -> None:
    assert m.database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert m.database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    # Every card on the board has its own place in its column (sort keys, no ties).
    for stage in m.Stage.select():
        positions = [
            p
            for (p,) in m.Interview.select(m.Interview.position)
            .where((m.Interview.stage == stage.id) & (m.Interview.archived == False))
            .tuples()
        ]
        assert None not in positions
        assert len(set(positions)) == len(positions)


def attempt(call: Callable[[], object]) -> None:
    """Success, or a typed error; anything else fails the test. The database stays whole."""
    try:
        call()
    except TYPED:
        pass
    finally:
        intact()


def ids(services: Services) -> tuple[int, int, int, int]:
    interview = m.Interview.select(m.Interview.id).order_by(m.Interview.id).first().id
    person = m.Contact.select(m.Contact.id).order_by(m.Contact.id).first().id
    round_id = m.Round.select(m.Round.id).order_by(m.Round.id).first()
    promise = m.Promise.select(m.Promise.id).order_by(m.Promise.id).first()
    return (
        interview,
        person,
        round_id.id if round_id else 0,
        promise.id if promise else 0,
    )


def some_followup(services: Services) -> int:
    """A follow-up to act on (a fresh hand-made one when there is none left open)."""
    row = m.FollowUp.select(m.FollowUp.id).where(m.FollowUp.state == "pending").first()
    if row is not None:
        return int(row.id)
    return services.followups.add_custom(ids(services)[0], "Write to Priya", NOW)


def hostile_file(services: Services, name: object) -> Path:
    """A real file called ``name`` when the file system allows it, else a plain one."""
    assert services.db_path is not None
    folder = services.db_path.parent.parent / "incoming"
    folder.mkdir(exist_ok=True)
    text = str(name)
    try:
        path = folder / text
        if path.parent != folder or not text.strip():
            raise ValueError(text)
        path.write_bytes(b"a file")
    except (OSError, ValueError, UnicodeEncodeError):
        path = folder / "plain.txt"
        path.write_bytes(b"a file")
    return path


def free_activity_id() -> int:
    """An id no timeline entry has: what undoing a note's deletion finds."""
    return int(m.Activity.select(fn.MAX(m.Activity.id)).scalar() or 0) + 1


Op = Callable[[Services, Any], object]
#: Operations whose value reaches the service through ``**fields: Any`` or a JSON setting.
ANY_TYPE_OPS = frozenset(
    {
        "create interview (agency)",
        "create interview (url)",
        "edit notes",
        "edit salary notes",
        "edit company",
        "edit location",
        "edit reply date",
        "create contact (email)",
        "create contact (kind)",
        "create contact (organization)",
        "edit contact (notes)",
        "edit contact (phone)",
        "organization kind",
        "organization website",
        "profile name",
        "profile email",
        "profile signature",
        "rule setting",
    }
)
TEXT_OPS: dict[str, Op] = {
    "create interview (company)": lambda s, v: s.board.create_interview(v, "Designer"),
    "create interview (role)": lambda s, v: s.board.create_interview("Globex", v),
    "create interview (stage)": lambda s, v: s.board.create_interview("Globex", "R", v),
    "create interview (agency)": lambda s, v: s.board.create_interview("G", "R", agency=v),
    "create interview (url)": lambda s, v: s.board.create_interview("G", "R", posting_url=v),
    "edit notes": lambda s, v: s.board.update_interview(ids(s)[0], notes=v),
    "edit salary notes": lambda s, v: s.board.update_interview(ids(s)[0], salary_notes=v),
    "edit company": lambda s, v: s.board.update_interview(ids(s)[0], company=v),
    "edit location": lambda s, v: s.board.update_interview(ids(s)[0], location=v),
    "edit reply date": lambda s, v: s.board.update_interview(ids(s)[0], reply_expected_by=v),
    "add note": lambda s, v: s.board.add_note(ids(s)[0], v),
    "log reply summary": lambda s, v: s.board.log_reply(ids(s)[0], NOW, v),
    "rename stage": lambda s, v: s.board.rename_stage("applied", v),
    "add stage": lambda s, v: s.board.add_stage(v),
    "move to stage": lambda s, v: s.board.move([ids(s)[0]], v),
    "create contact (name)": lambda s, v: s.contacts.create_contact(v),
    "create contact (email)": lambda s, v: s.contacts.create_contact("Sam", email=v),
    "create contact (kind)": lambda s, v: s.contacts.create_contact("Sam", kind=v),
    "create contact (organization)": lambda s, v: s.contacts.create_contact("Sam", organization=v),
    "edit contact (notes)": lambda s, v: s.contacts.update_contact(ids(s)[1], notes=v),
    "edit contact (phone)": lambda s, v: s.contacts.update_contact(ids(s)[1], phone=v),
    "link role": lambda s, v: s.contacts.link(ids(s)[0], ids(s)[1], v),
    "create organization": lambda s, v: s.contacts.create_organization(v),
    "organization kind": lambda s, v: s.contacts.create_organization("Org", kind=v),
    "organization website": lambda s, v: s.contacts.create_organization("Org", website=v),
    "round kind": lambda s, v: s.rounds.add_round(ids(s)[0], NOW, NOW, kind=v),
    "round place": lambda s, v: s.rounds.add_round(ids(s)[0], NOW, NOW, place=v),
    "round notes": lambda s, v: s.rounds.update_round(ids(s)[2], notes=v) if ids(s)[2] else 0,
    "promise": lambda s, v: s.rounds.add_promise(ids(s)[2], v) if ids(s)[2] else 0,
    "edit promise": lambda s, v: s.rounds.update_promise(ids(s)[3], what=v) if ids(s)[3] else 0,
    "custom follow-up": lambda s, v: s.followups.add_custom(ids(s)[0], v, NOW),
    "profile name": lambda s, v: s.settings.set_profile(name=v),
    "profile email": lambda s, v: s.settings.set_profile(email=v),
    "profile signature": lambda s, v: s.settings.set_profile(signature=v),
    "rule setting": lambda s, v: s.settings.set_rules(thank_you_days=v),
    "setting key": lambda s, v: s.settings.set_value(v, 1),
    "stage edits": lambda s, v: apply_stage_edits(s.board, [StageEdit("", v)]),
    "interview draft (role)": lambda s, v: apply_draft(
        s, ids(s)[0], replace(snapshot(s, ids(s)[0]), role=v)
    ),
    "interview draft (stage)": lambda s, v: apply_draft(
        s, ids(s)[0], replace(snapshot(s, ids(s)[0]), stage_key=v)
    ),
    "interview draft (people)": lambda s, v: apply_draft(
        s, ids(s)[0], replace(snapshot(s, ids(s)[0]), people=((ids(s)[1], v),))
    ),
    "restore a note": lambda s, v: TimelineService(s.ctx).restore_note(
        ids(s)[0], TimelineEntry(free_activity_id(), NOW, "note", v, {})
    ),
    "compose: mark as sent": lambda s, v: ComposeService(s).mark_as_sent(
        some_followup(s), to=[Recipient(name=v, email="priya@acme.example")], subject=v, body=v
    ),
    "compose: recipient email": lambda s, v: ComposeService(s).mark_as_sent(
        some_followup(s), to=[Recipient(name="Priya", email=v)]
    ),
    "template: preview": lambda s, v: ComposeService(s).preview(
        v, ids(s)[0], FollowUpKind.THANK_YOU
    ),
    "template: save source": lambda s, v: ComposeService(s).library.save("my-letter", v),
    "template: save name": lambda s, v: ComposeService(s).library.save(v, "Dear {{ x }}"),
    "attachment: file name": lambda s, v: attachment_service(s).add(
        hostile_file(s, v), "other", interview_id=ids(s)[0]
    ),
    "attachment: kind": lambda s, v: attachment_service(s).add(
        hostile_file(s, "card.txt"), v, interview_id=ids(s)[0]
    ),
    "vcard text": lambda s, v: import_people(s, read_text(v if isinstance(v, str) else str(v))),
    "vcard card": lambda s, v: import_people(
        s, read_text(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{v}\r\nEMAIL:{v}\r\nEND:VCARD\r\n")
    ),
}


@pytest.mark.parametrize("name", sorted(TEXT_OPS))
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=any_value)
def test_services_take_hostile_values(services: Services, name: str, value: Any) -> None:
    # Values of the wrong type only where the service takes ``Any`` (``**fields``, settings):
    # elsewhere the type checker, not the user, guards the type.
    assume(isinstance(value, str) or name in ANY_TYPE_OPS)
    attempt(lambda: TEXT_OPS[name](services, value))


MOMENT_OPS: dict[str, Callable[[Services, Any], object]] = {
    "round start": lambda s, v: s.rounds.add_round(ids(s)[0], v, NOW + timedelta(days=1)),
    "round end": lambda s, v: s.rounds.add_round(ids(s)[0], NOW, v),
    "move a round": lambda s, v: (
        s.rounds.update_round(ids(s)[2], starts_at=v, ends_at=v) if ids(s)[2] else 0
    ),
    "snooze": lambda s, v: (
        s.followups.snooze(m.FollowUp.select().order_by(m.FollowUp.id).first().id, v)
        if m.FollowUp.select().exists()
        else 0
    ),
    "follow-up due": lambda s, v: s.followups.add_custom(ids(s)[0], "Call", v),
    "log reply at": lambda s, v: s.board.log_reply(ids(s)[0], v),
    "reply expected by": lambda s, v: s.board.update_interview(
        ids(s)[0], reply_expected_by=v.date() if isinstance(v, datetime) else v
    ),
    "round draft": lambda s, v: apply_draft(
        s,
        ids(s)[0],
        replace(
            snapshot(s, ids(s)[0]),
            rounds=(RoundDraft("interview", v, v, promises=(PromiseDraft("x"),)),),
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(MOMENT_OPS))
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(value=moments())
def test_services_take_extreme_dates(services: Services, name: str, value: Any) -> None:
    attempt(lambda: MOMENT_OPS[name](services, value))


# -- importers ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def good_document(seeded: tuple[Services, dict[str, Any]]) -> dict[str, Any]:
    return seeded[1]


def _paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from _paths(value, (*prefix, i))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_the_json_importer_takes_hostile_documents(
    services: Services, good_document: dict[str, Any], tmp_path_factory, data: st.DataObject
) -> None:
    doc = json.loads(json.dumps(good_document))
    for key in ("organizations", "contacts", "interviews"):
        for row in doc[key]:
            row["uuid"] = data.draw(st.sampled_from(["", row["uuid"], "x" + row["uuid"]]))
    paths = [p for p in _paths(doc) if p]
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        value = data.draw(st.one_of(json_value, moments().map(str), st.integers(-5, 10**20)))
        remove = data.draw(st.booleans())
        target: Any = doc
        for step in path[:-1]:
            # An earlier change may have removed or replaced what this path went through.
            try:
                target = target[step]
            except (KeyError, IndexError, TypeError):
                target = None
                break
        if isinstance(target, dict) and remove:
            target.pop(path[-1], None)
        elif isinstance(target, dict) or (isinstance(target, list) and path[-1] < len(target)):
            target[path[-1]] = value
    file = tmp_path_factory.mktemp("docs") / "doc.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    attempt(lambda: ExchangeService.of(services).import_file(file))


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    content=st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.lists(any_value.map(str), max_size=6), max_size=8).map(
            lambda rows: "\r\n".join(
                ["Company,Role,Stage,Applied on,Archived,ID,Name,Email,Kind"]
                + [",".join(r) for r in rows]
            ).encode("utf-8", "surrogatepass")
        ),
    )
)
def test_every_importer_takes_malformed_files(
    services: Services, tmp_path_factory, content: bytes
) -> None:
    file = tmp_path_factory.mktemp("files") / "input"
    file.write_bytes(content)
    attempt(lambda: ExchangeService.of(services).import_file(file))
    attempt(lambda: import_people(services, read_text(content.decode("utf-8", "replace"))))


def test_a_1_mb_import_value_is_refused_by_name(services: Services, tmp_path: Path) -> None:
    file = tmp_path / "big.csv"
    file.write_text("Company,Role\r\nAcme," + "x" * 1_000_000 + "\r\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="row 2, Role: is too long"):
        ExchangeService.of(services).import_file(file)
    intact()


def test_time_of_day_objects_are_not_moments(services: Services) -> None:
    attempt(lambda: services.rounds.add_round(ids(services)[0], time(9), time(10)))  # type: ignore[arg-type]
