"""Insights and the job-search report read from a real SQLite file, through the real services."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from fixed_clock import LONDON

from followup_desktop import sample_data
from followup_desktop.core.facts import FollowUpKind, FollowUpState, Recipient
from followup_desktop.core.history import stage_visits
from followup_desktop.core.report import MESSAGE
from followup_desktop.core.stages import StageMeaning
from followup_desktop.services import Services
from followup_desktop.services.compose import ComposeService
from followup_desktop.services.insights import InsightsService, people_text
from followup_desktop.store.db import close_store, open_store
from followup_desktop.ui.report_files import format_of, save_report


def one_interview_story(services, clock):
    """Applied, invited, interviewed, thanked (through compose), answered, moved on."""
    board = services.board
    iid = board.create_interview("Acme Ltd", "Product Designer")
    hr = services.contacts.create_contact("Hana Reed", email="hana@acme.example", kind="hr")
    ian = services.contacts.create_contact("Ian Vale", job_title="CTO", kind="interviewer")
    services.contacts.link(iid, hr, "hr")
    clock.advance(days=3)
    board.move([iid], "scheduled")
    start = clock.now + timedelta(days=2)
    services.rounds.add_round(
        iid, start, start + timedelta(hours=1), kind="first_interview", interviewer_ids=[ian]
    )
    clock.advance(days=2, hours=2)
    board.move([iid], "interviewed")
    thank = next(
        f for f in services.followups.for_interview(iid) if f.kind == FollowUpKind.THANK_YOU
    )
    clock.advance(hours=3)
    ComposeService(services).mark_as_sent(
        thank.id,
        to=[Recipient("Hana Reed", "hana@acme.example", hr)],
        cc=[Recipient("Ian Vale", "", ian)],
        subject="Thank you for today",
        body="Dear Hana, ...",
    )
    board.move([iid], "awaiting_reply")
    clock.advance(days=4)
    board.log_reply(iid, summary="Hana: see you for a second interview")
    board.move([iid], "next_round")
    return iid


def test_history_read_back_from_the_store(services, clock):
    iid = one_interview_story(services, clock)
    (h,) = InsightsService(services).histories()
    assert h.id == iid and h.company == "Acme Ltd" and h.role == "Product Designer"
    assert h.first_stage.meaning is StageMeaning.APPLIED
    assert h.current_stage.key == "next_round"
    assert [s.key for _, s in stage_visits(h)] == [
        "applied",
        "scheduled",
        "interviewed",
        "awaiting_reply",
        "next_round",
    ]
    (msg,) = h.messages
    assert msg.kind == "thank_you" and msg.subject == "Thank you for today"
    assert msg.to == ("Hana Reed <hana@acme.example>",) and msg.cc == ("Ian Vale",)
    assert [r.summary for r in h.replies] == ["Hana: see you for a second interview"]
    assert h.rounds[0].interviewers == ("Ian Vale (CTO)",)
    done = [f for f in h.followups if f.state is FollowUpState.DONE]
    assert [f.kind for f in done] == [FollowUpKind.THANK_YOU]
    assert done[0].done_at is not None and done[0].done_at.tzinfo is not None


def test_insights_and_report_of_the_story(services, clock):
    one_interview_story(services, clock)
    service = InsightsService(services)
    ins = service.insights(None, None)
    reached = {s.stage.key: s.reached for s in ins.funnel.steps}
    assert reached["next_round"] == 1 and reached["offer"] == 0
    # Application → invitation: 3 days; round end (T+5d 1h) → reply (T+9d 5h): 4 days 4 h.
    lengths = [w.length for w in ins.replies.waits]
    assert lengths == [timedelta(days=3), timedelta(days=4, hours=4)]
    assert ins.followups.total.on_time == 1
    report = service.report(None, None)
    (a,) = report.applications
    assert report.count(MESSAGE) == 1
    assert "Hana Reed <hana@acme.example>" in a.people_contacted


def test_period_of_local_days(services, clock):
    one_interview_story(services, clock)
    service = InsightsService(services)
    today = clock.now.astimezone(services.ctx.tz).date()
    assert service.first_day() == date(2026, 3, 10)
    assert service.insights(today + timedelta(days=1), None).funnel.total == 0
    assert service.report(today, today).applications[0].company == "Acme Ltd"


def test_empty_store(services):
    service = InsightsService(services)
    assert service.histories() == []
    assert service.first_day() is None
    ins = service.insights(None, None)
    assert ins.funnel.total == 0 and ins.quiet == ()


def test_people_text_accepts_what_compose_and_imports_store():
    assert people_text([{"name": "Ann", "email": "a@x.example"}, {"email": "b@x.example"}]) == (
        "Ann <a@x.example>",
        "b@x.example",
    )
    assert people_text("Ann Lee") == ("Ann Lee",)
    assert people_text([{"name": ""}, None, ""]) == ()


def test_sample_data_has_something_to_show_and_is_deterministic(services, clock, tmp_path):
    sample_data.generate(services, size=60)
    service = InsightsService(services)
    ins = service.insights(None, None)
    f = ins.funnel
    assert f.total == 60 and f.not_this_time > 0
    assert all(a.reached >= b.reached for a, b in zip(f.steps, f.steps[1:], strict=False))
    assert ins.replies.overall is not None and len(ins.replies.by_company) > 3
    t = ins.followups.total
    assert t.on_time > 0 and t.late > 0 and t.dismissed > 0
    assert ins.quiet
    histories = service.histories()
    # Every history reads forwards in time and ends where the card is.
    for h in histories:
        times = [h.created_at, *(c.at for c in h.stage_changes)]
        assert times == sorted(times), h.id
        if h.stage_changes:
            assert h.stage_changes[-1].to_stage.key == h.current_stage.key
        assert all(m.at >= h.created_at for m in h.messages)
        assert all(r.starts_at >= h.created_at for r in h.rounds)
    assert any(
        c.to_stage.key == "scheduled" and c.from_stage.key == "interviewed"
        for h in histories
        for c in h.stage_changes
    ), "a card moved backwards"
    first = tmp_path / "a.csv"
    save_report(services, None, None, "csv", first)
    with first.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["Activity"] for r in rows} >= {
        "Applied",
        "Stage changed",
        "Interview",
        "Message sent",
        "Reply received",
    }
    # The same seed and clock give the same data, hence the same report, byte for byte.
    close_store()
    again = Services.create(clock=clock, tz=LONDON, db_path=open_store(tmp_path / "again"))
    sample_data.generate(again, size=60)
    second = tmp_path / "b.csv"
    save_report(again, None, None, "csv", second)
    assert first.read_bytes() == second.read_bytes()


def test_an_undone_move_reached_nothing(services, clock):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    clock.advance(days=1)
    before = services.board.move([iid], "offer")  # dropped in the wrong column
    clock.advance(minutes=1)
    services.board.restore_placements(before)  # Ctrl+Z
    clock.advance(days=1)
    services.board.move([iid], "scheduled")
    (h,) = InsightsService(services).histories()
    assert [(c.from_stage.key, c.to_stage.key) for c in h.stage_changes] == [
        ("applied", "scheduled")
    ]
    reached = {
        s.stage.key: s.reached for s in InsightsService(services).insights(None, None).funnel.steps
    }
    assert reached["offer"] == 0 and reached["scheduled"] == 1


def test_report_format_from_the_file_name(tmp_path):
    assert format_of(tmp_path / "x.PDF") == "pdf"
    assert format_of(tmp_path / "x.txt", "csv") == "csv"
    with pytest.raises(ValueError, match=r"does not end in \.pdf or \.csv"):
        format_of(tmp_path / "x.txt")
