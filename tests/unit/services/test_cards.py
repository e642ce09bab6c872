"""What a card shows: next date that matters, overdue / due-today counts, tags; the filter text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from fixed_clock import LONDON, START, Clock

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services import Services
from followup_desktop.services.cards import (
    CardService,
    Urgency,
    describe_moment,
    matches,
    matching_ids,
)
from followup_desktop.store import models as m


def cards(services: Services) -> CardService:
    return CardService(services.ctx)


def test_a_new_card_shows_company_role_and_stage_colour(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer", "applied")
    row = cards(services).rows([iid])[iid]
    assert (row.company, row.role, row.agency) == ("Acme Ltd", "Designer", None)
    assert row.title == "Acme Ltd — Designer"
    assert (row.stage_key, row.stage_label, row.stage_color) == ("applied", "Applied", "#7b8794")
    assert (row.overdue, row.due_today) == (0, 0)
    assert row.next_text == "Applied since today"
    assert row.urgency is Urgency.NONE
    assert row.due_state() == "nothing due"
    assert not row.no_reply_date


def test_an_agency_card_is_tagged_and_asks_for_the_companys_contacts(services: Services):
    iid = services.board.create_interview("Acme Ltd", "Designer", "applied", agency="Hays")
    row = cards(services).rows([iid])[iid]
    assert row.agency == "Hays"
    # Rule 5: no direct line to the company yet.
    assert (row.overdue, row.due_today) == (0, 1)
    assert row.next_text == "Get company contacts · due by Thu"
    assert row.urgency is Urgency.DUE


def test_missing_ids_are_left_out_and_many_ids_are_read_in_batches(services: Services):
    ids = [services.board.create_interview(f"Company {n}", "Role") for n in range(3)]
    got = cards(services).rows([*ids, 99999])
    assert sorted(got) == ids
    assert cards(services).rows([]) == {}


def test_the_next_round_is_the_date_that_matters(services: Services, clock: Clock):
    iid = services.board.create_interview("Acme Ltd", "Designer", "scheduled")
    starts = START + timedelta(days=1, hours=2)  # Wednesday 14:00 London (GMT)
    services.rounds.add_round(iid, starts, starts + timedelta(hours=1), kind="second_interview")
    row = cards(services).rows([iid])[iid]
    assert row.next_text == "Second interview · Tomorrow 14:00"
    assert row.urgency is Urgency.UPCOMING


def test_a_due_thank_you_counts_as_due_today_then_overdue_in_red(services: Services, clock: Clock):
    iid = services.board.create_interview("Acme Ltd", "Designer", "scheduled")
    starts = START - timedelta(hours=3)
    services.rounds.add_round(iid, starts, starts + timedelta(hours=1))
    services.board.move([iid], "interviewed")
    row = cards(services).rows([iid])[iid]
    assert row.due_today >= 1 and row.overdue == 0
    assert row.urgency is Urgency.DUE
    assert row.next_text.startswith("Thank-you · due")
    assert "due today" in row.due_state()
    assert row.no_reply_date  # interviewed, and nobody noted when they would reply

    clock.advance(days=5)
    row = cards(services).rows([iid])[iid]
    assert row.overdue >= 1
    assert row.urgency is Urgency.OVERDUE
    assert "overdue" in row.next_text
    assert row.due_state().startswith(f"{row.overdue} overdue")


def test_a_noted_reply_date_shows_when_nothing_else_is_next(services: Services):
    iid = services.board.create_interview(
        "Acme Ltd", "Designer", "awaiting_reply", reply_expected_by=date(2026, 3, 13)
    )
    # Keep the chase out of the way: only the reply date is left to show.
    m.FollowUp.update(state="done").where(m.FollowUp.interview == iid).execute()
    row = cards(services).rows([iid])[iid]
    assert row.next_text == "Reply expected Fri 13 Mar"
    assert not row.no_reply_date


def test_done_follow_ups_do_not_count(services: Services, clock: Clock):
    iid = services.board.create_interview("Acme Ltd", "Designer", "scheduled")
    services.rounds.add_round(iid, START - timedelta(hours=3), START - timedelta(hours=2))
    services.board.move([iid], "interviewed")
    for f in services.followups.for_interview(iid):
        if f.kind is FollowUpKind.THANK_YOU:
            services.followups.mark_done(f.id)
    clock.advance(days=5)
    row = cards(services).rows([iid])[iid]
    assert not row.next_text.startswith("Thank-you")


def test_describe_moment_reads_relative_to_today():
    now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # Tuesday
    at = datetime(2026, 3, 10, 15, 30, tzinfo=UTC)
    assert describe_moment(at, now, LONDON) == "Today 15:30"
    assert describe_moment(at + timedelta(days=1), now, LONDON) == "Tomorrow 15:30"
    assert describe_moment(at - timedelta(days=1), now, LONDON) == "Yesterday 15:30"
    assert describe_moment(at + timedelta(days=3), now, LONDON) == "Fri 15:30"
    assert describe_moment(at + timedelta(days=20), now, LONDON, with_time=False) == "Mon 30 Mar"
    assert describe_moment(at + timedelta(days=300), now, LONDON, with_time=False).endswith("2027")


def test_search_text_has_company_role_notes_and_peoples_names(services: Services):
    iid = services.board.create_interview(
        "Zoë & Co", "Designer", notes="Met at the job fair", agency="Hays"
    )
    other = services.board.create_interview("Globex", "Analyst")
    person = services.contacts.create_contact("Björn Müller", kind="hr")
    services.contacts.link(iid, person, "hr")
    texts = cards(services).search_texts()
    assert set(texts) == {iid, other}
    for needle in ("zoë", "ZOË", "designer", "job fair", "björn", "MÜLLER", "hays", "fair zoë"):
        assert matches(texts[iid], needle), needle
    assert not matches(texts[other], "björn")
    assert not matches(texts[iid], "designer globex")
    assert matching_ids(texts, "DESIGNER  zoë") == {iid}
    assert matching_ids(texts, "") == {iid, other}
    assert matching_ids(texts, "björn analyst") == set()
    assert cards(services).search_texts([other]) == {other: texts[other]}


def test_archived_interviews_leave_the_search_and_list_in_the_archive(
    services: Services, clock: Clock
):
    a = services.board.create_interview("Acme Ltd", "Designer", "interviewed")
    b = services.board.create_interview("Globex", "Analyst")
    services.board.archive([a])
    clock.advance(hours=1)
    services.board.archive([b])
    service = cards(services)
    assert service.search_texts() == {}
    archived = service.archived()
    assert [r.id for r in archived] == [b, a]  # most recently archived first
    assert (archived[1].company, archived[1].stage_label) == ("Acme Ltd", "Interviewed")
    assert archived[0].archived_at == START + timedelta(hours=1)
    assert service.live_count() == 0 and service.total_count() == 2


def test_a_screenful_of_cards_reads_by_interview_not_by_state(services: Services):
    """With three ids or more SQLite preferred the (state, due_at) index for the card's
    follow-ups and read every open follow-up: 11 ms per screenful at 10,000 interviews."""
    ids = [services.board.create_interview(f"C{i}", "Designer", "interviewed") for i in range(8)]
    statements: list[str] = []
    connection = m.database.connection()
    connection.set_trace_callback(statements.append)
    try:
        cards(services).rows(ids)
    finally:
        connection.set_trace_callback(None)
    plans = {
        sql: " ".join(row[3] for row in m.database.execute_sql(f"EXPLAIN QUERY PLAN {sql}"))
        for sql in statements
        if sql.lstrip().upper().startswith("SELECT")
    }
    on_follow_ups = [plan for sql, plan in plans.items() if '"follow_up"' in sql]
    assert on_follow_ups  # the card's badges do read them
    for plan in on_follow_ups:
        assert "follow_up_interview_id" in plan, plan
