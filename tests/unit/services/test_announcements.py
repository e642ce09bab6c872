"""What notifications say: what to do and for which company; to whom and by when; several
follow-ups grouped into one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from fixed_clock import LONDON

from followup_desktop.core.facts import DisplayState, FollowUpKind, FollowUpState, Recipient
from followup_desktop.services.announcements import (
    announce,
    deadline_line,
    headline,
    recipients_line,
)
from followup_desktop.services.followup_views import FollowUpView

NOW = datetime(2026, 3, 10, 14, 0, tzinfo=LONDON)  # a Tuesday


def view(fid: int = 1, **fields) -> FollowUpView:
    base = FollowUpView(
        id=fid,
        interview_id=1,
        company="Acme Ltd",
        role="Product Designer",
        kind=FollowUpKind.THANK_YOU,
        title="Thank Acme Ltd for the interview",
        due_at=NOW - timedelta(hours=1),
        deadline_at=datetime(2026, 3, 12, 23, 59, tzinfo=LONDON),
        state=FollowUpState.PENDING,
        display=DisplayState.DUE,
        to=(Recipient(name="Jane Smith", email="jane@acme.test"),),
        cc=(Recipient(name="Tom Jones"), Recipient(name="", email="ann@acme.test")),
        note="",
        checklist=(),
        snoozed_until=None,
        notified_at=None,
        round_id=None,
        user_edited=False,
    )
    return replace(base, **fields)


def test_one_follow_up_title_says_what_and_for_which_company():
    a = announce([view()], NOW, LONDON)
    assert a.title == "Thank Acme Ltd for the interview"
    assert a.body == (
        "To Jane Smith, cc Tom Jones and ann@acme.test — by Thu 12 Mar 23:59\n"
        "Acme Ltd — Product Designer"
    )
    assert a.followup_ids == (1,) and a.single_id == 1 and not a.grouped


def test_a_title_without_the_company_gets_it_added():
    assert headline(view(title="Send my references")) == "Send my references — Acme Ltd"


def test_nobody_named_and_overdue():
    item = view(
        to=(),
        cc=(),
        display=DisplayState.OVERDUE,
        deadline_at=datetime(2026, 3, 9, 17, 0, tzinfo=LONDON),
    )
    assert recipients_line(item) == ""
    assert announce([item], NOW, LONDON).body.startswith("Overdue since yesterday 17:00\n")


def test_deadline_wording_today_and_tomorrow():
    today = view(deadline_at=datetime(2026, 3, 10, 17, 0, tzinfo=LONDON))
    tomorrow = view(deadline_at=datetime(2026, 3, 11, 9, 30, tzinfo=LONDON))
    assert deadline_line(today, NOW, LONDON) == "by today 17:00"
    assert deadline_line(tomorrow, NOW, LONDON) == "by tomorrow 09:30"


def test_several_become_one_grouped_notification_naming_the_first_few():
    items = [
        view(n, title=f"Thank Company {n} for the interview", company=f"Company {n}")
        for n in range(1, 7)
    ]
    items[0] = replace(items[0], display=DisplayState.OVERDUE)
    a = announce(items, NOW, LONDON)
    assert a.grouped and a.single_id is None
    assert a.followup_ids == (1, 2, 3, 4, 5, 6)
    assert a.title == "6 follow-ups are due (1 overdue)"
    assert a.body.splitlines() == [
        "• Thank Company 1 for the interview (overdue)",
        "• Thank Company 2 for the interview",
        "• Thank Company 3 for the interview",
        "• Thank Company 4 for the interview",
        "and 2 more",
    ]


def test_the_start_summary_says_they_fell_due_while_closed():
    a = announce([view(1), view(2)], NOW, LONDON, at_start=True)
    assert a.at_start and a.title == "2 follow-ups fell due while Follow-Up was closed"


def test_nothing_to_announce_is_a_bug():
    with pytest.raises(ValueError):
        announce([], NOW, LONDON)
