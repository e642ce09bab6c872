"""Rule 7, "not desperate": spacing between messages to a company, and the chase limit.

The seed: following up shows enthusiasm, "but try not to let yourself come across as being
desperate". The rules engine pushes proactive messages back with :func:`pace`; the compose
dialog asks :func:`desperation_warning` before a message goes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta, tzinfo

from followup_desktop.core.facts import DerivedFollowUp, FollowUpKind, MessageFact
from followup_desktop.core.settings import RuleSettings
from followup_desktop.core.workdays import (
    end_of_local_day,
    local_date,
    local_datetime,
    on_or_next_working_day,
)

#: Messages the candidate starts, which the company does not expect. Only these are pushed
#: back by rule 7. A thank-you, promised material and the feedback request are answers the
#: company expects (to an interview, a request, a "no"); delaying them to space messages out
#: would break rules 2, 3 and 6 ("within 2 days"), so they are never pushed back.
PROACTIVE_KINDS = frozenset({FollowUpKind.CHASE, FollowUpKind.KEEP_IN_TOUCH})

#: Kinds the compose dialog warns about: the proactive ones, plus a hand-written message.
_WARN_KINDS = PROACTIVE_KINDS | {FollowUpKind.CUSTOM}

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(d: date) -> str:
    """Return a short, locale-independent day such as ``"Tue 10 Nov"``."""
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]}"


def at_hour_on_working_day(d: date, hour: int, tz: tzinfo) -> datetime:
    """Return ``hour``:00 local on ``d``, or on the next working day if ``d`` is a weekend."""
    return local_datetime(on_or_next_working_day(d), time(hour), tz)


def chases_since_reply(
    messages: Iterable[MessageFact],
    last_reply_at: datetime | None,
    interview_id: int | None = None,
) -> list[MessageFact]:
    """Chases sent after the company's last reply (all chases if it never replied).

    Args:
        messages: outbound messages to the company.
        last_reply_at: when the company last answered, if ever.
        interview_id: when given, only chases about this interview (or about no interview in
            particular) count: chasing one role does not use up another role's chases.

    Returns:
        The matching chase messages, oldest first.
    """
    chases = [
        m
        for m in messages
        if m.kind == FollowUpKind.CHASE
        and (interview_id is None or m.interview_id in (None, interview_id))
        and (last_reply_at is None or m.sent_at > last_reply_at)
    ]
    return sorted(chases, key=lambda m: m.sent_at)


def _next_allowed_day(
    messages: Sequence[MessageFact], settings: RuleSettings, tz: tzinfo
) -> tuple[date, datetime] | None:
    """The first local date a new message may go out, and the latest message that sets it."""
    gap = settings.min_days_between_messages
    if gap <= 0 or not messages:
        return None
    latest = max(m.sent_at for m in messages)
    # Counted in local calendar days, so "Thu 5 Nov + 5 days" is Tue 10 Nov whatever the hour.
    return local_date(latest, tz) + timedelta(days=gap), latest


def pace(
    follow_up: DerivedFollowUp,
    messages: Sequence[MessageFact],
    company: str,
    settings: RuleSettings,
    tz: tzinfo,
) -> DerivedFollowUp:
    """Push a proactive follow-up back when it would come too soon after another message.

    Args:
        follow_up: a derived follow-up; only :data:`PROACTIVE_KINDS` are ever moved.
        messages: every outbound message to the company.
        company: the company's name, for the reason shown to the user.
        settings: rule settings (``min_days_between_messages``, ``chase_hour``).
        tz: the user's time zone.

    Returns:
        ``follow_up`` unchanged, or a copy due at ``chase_hour`` on the first allowed working
        day, its deadline moved by the same number of days and its note giving the reason.
    """
    if follow_up.kind not in PROACTIVE_KINDS:
        return follow_up
    allowed = _next_allowed_day(messages, settings, tz)
    if allowed is None:
        return follow_up
    first_day, latest = allowed
    due_day = local_date(follow_up.due_at, tz)
    if due_day >= first_day:
        return follow_up
    new_due = at_hour_on_working_day(first_day, settings.chase_hour, tz)
    shift = local_date(new_due, tz) - due_day
    new_deadline = end_of_local_day(local_date(follow_up.deadline_at, tz) + shift, tz)
    reason = (
        f"Pushed back to {format_day(local_date(new_due, tz))}: you wrote to {company} on "
        f"{format_day(local_date(latest, tz))} — leave {settings.min_days_between_messages} "
        "days between messages so you don't look desperate."
    )
    note = f"{reason}\n{follow_up.note}" if follow_up.note else reason
    return replace(follow_up, due_at=new_due, deadline_at=new_deadline, note=note)


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def desperation_warning(
    messages: Sequence[MessageFact],
    company: str,
    kind: FollowUpKind,
    now: datetime,
    settings: RuleSettings,
    tz: tzinfo,
    last_reply_at: datetime | None = None,
    interview_id: int | None = None,
) -> str | None:
    """Say why sending a message of ``kind`` to ``company`` now would break rule 7.

    Args:
        messages: every outbound message already sent to the company.
        company: the company's name, for the message.
        kind: the kind of message about to be sent. Answers the company expects (thank-you,
            promised material, feedback request) never warn, like in :func:`pace`; chases,
            keep-in-touch notes and hand-written (``CUSTOM``) messages do.
        now: the current moment (aware).
        settings: rule settings.
        tz: the user's time zone.
        last_reply_at: when the company last answered; chases before it do not count.
        interview_id: when given, only this interview's chases count toward the limit.

    Returns:
        A sentence to show the user, or None when sending now is fine.
    """
    if kind not in _WARN_KINDS:
        return None
    if kind == FollowUpKind.CHASE:
        sent = len(chases_since_reply(messages, last_reply_at, interview_id))
        if sent >= settings.max_chases:
            return (
                f"You have already chased {company} {_times(sent)} without a reply. Chasing "
                "again would look desperate — consider closing this interview as no reply."
            )
    allowed = _next_allowed_day(messages, settings, tz)
    if allowed is not None and local_date(now, tz) < allowed[0]:
        first_day, latest = allowed
        return (
            f"You wrote to {company} on {format_day(local_date(latest, tz))} — leave "
            f"{settings.min_days_between_messages} days between messages so you don't look "
            f"desperate. You can write again from {format_day(first_day)}."
        )
    return None
