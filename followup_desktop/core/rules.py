"""The follow-up rules engine: facts + now → the follow-ups that should exist.

Pure: no clock, no database, no Qt. :func:`derive` is called whenever an interview's facts
change (and periodically, since time passes); :mod:`.reconcile` then turns the result into
creates, updates and deletes without duplicating, resurrecting or overwriting user edits.
The seven rules are PRODUCT.md's; every number comes from :class:`RuleSettings`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta, tzinfo

from followup_desktop.core.facts import (
    DerivedFollowUp,
    DisplayState,
    FollowUpKind,
    FollowUpState,
    InterviewFacts,
    RoundFact,
)
from followup_desktop.core.pacing import (
    at_hour_on_working_day,
    chases_since_reply,
    desperation_warning,
    format_day,
    pace,
)
from followup_desktop.core.recipients import (
    company_to,
    keep_in_touch_recipients,
    recipients,
    thank_you_recipients,
)
from followup_desktop.core.settings import RuleSettings
from followup_desktop.core.stages import CLOSED, WAITING_FOR_REPLY, StageMeaning
from followup_desktop.core.workdays import (
    add_months,
    end_of_local_day,
    local_date,
    local_datetime,
    next_working_day,
)

__all__ = ["PREPARE_CHECKLIST", "derive", "desperation_warning", "display_state"]

#: Rule 1: what the seed says to do at the interview itself.
PREPARE_CHECKLIST: tuple[str, ...] = (
    "Ask what happens next and when to expect a reply",
    "Note the names and job titles of everyone who interviews you",
    "Take a business card or company literature",
)

#: Stages in which the company owes an answer for the interview itself (rule 2 without rounds).
_INTERVIEW_HAPPENED = frozenset(
    {StageMeaning.INTERVIEWED, StageMeaning.AWAITING_REPLY, StageMeaning.NEXT_ROUND}
)

_ORDINALS = {2: "a second time", 3: "a third time", 4: "a fourth time"}


def _within(moment: datetime, days: int, tz: tzinfo) -> datetime:
    """End of the local day ``days`` days after the local day of ``moment``."""
    return end_of_local_day(local_date(moment, tz) + timedelta(days=days), tz)


def _ended_rounds(facts: InterviewFacts, now: datetime) -> list[RoundFact]:
    return sorted((r for r in facts.rounds if r.ends_at <= now), key=lambda r: r.ends_at)


def _prepare(
    facts: InterviewFacts, s: RuleSettings, now: datetime, tz: tzinfo
) -> list[DerivedFollowUp]:
    # A "no" or an accepted offer means the round will not happen: no checklist for it.
    if facts.stage in CLOSED:
        return []
    checklist = PREPARE_CHECKLIST
    if facts.agency and not facts.has_direct_company_contact:
        # Rule 5 at the source: the interview is the best chance to get a direct contact.
        checklist += (f"Get a direct contact at {facts.company} (you came through {facts.agency})",)
    out: list[DerivedFollowUp] = []
    for r in facts.rounds:
        if r.starts_at <= now:
            continue
        due = local_datetime(local_date(r.starts_at, tz), time(s.prepare_hour), tz)
        if r.starts_at <= due:
            # An early round: remind an hour before rather than after it started.
            due = r.starts_at - timedelta(hours=1)
        out.append(
            DerivedFollowUp(
                rule_key=f"prepare:round:{r.id}",
                kind=FollowUpKind.PREPARE,
                title=f"Prepare for your {r.kind.replace('_', ' ')} at {facts.company} today",
                due_at=due,
                deadline_at=r.starts_at,
                round_id=r.id,
                checklist=checklist,
            )
        )
    return out


def _thank_you(
    facts: InterviewFacts, s: RuleSettings, now: datetime, tz: tzinfo
) -> list[DerivedFollowUp]:
    if facts.stage in CLOSED:
        return []
    title = f"Thank {facts.company} for the interview"
    out: list[DerivedFollowUp] = []
    ended = _ended_rounds(facts, now)
    for r in ended:
        to, cc = thank_you_recipients(facts, r)
        out.append(
            DerivedFollowUp(
                rule_key=f"thank_you:round:{r.id}",
                kind=FollowUpKind.THANK_YOU,
                title=title,
                due_at=r.ends_at,  # reminded the same day
                deadline_at=_within(r.ends_at, s.thank_you_days, tz),
                to=to,
                cc=cc,
                round_id=r.id,
            )
        )
    if not ended and facts.stage in _INTERVIEW_HAPPENED:
        # The card was dragged to "Interviewed" without a round noted: thank them anyway.
        to, cc = thank_you_recipients(facts, None)
        out.append(
            DerivedFollowUp(
                rule_key="thank_you:interview",
                kind=FollowUpKind.THANK_YOU,
                title=title,
                due_at=facts.stage_entered_at,
                deadline_at=_within(facts.stage_entered_at, s.thank_you_days, tz),
                to=to,
                cc=cc,
            )
        )
    return out


def _promised(
    facts: InterviewFacts, s: RuleSettings, now: datetime, tz: tzinfo
) -> list[DerivedFollowUp]:
    rounds = {r.id: r for r in facts.rounds}
    out: list[DerivedFollowUp] = []
    for p in facts.promises:
        r = rounds.get(p.round_id)
        if p.sent or r is None or r.ends_at > now:
            continue
        person = facts.person(p.to_contact_id) if p.to_contact_id is not None else None
        to = recipients(facts, (person.id,)) if person else thank_you_recipients(facts, r)[0]
        out.append(
            DerivedFollowUp(
                rule_key=f"promise:{p.id}",
                kind=FollowUpKind.PROMISED_MATERIAL,
                title=f"Send {p.what} to {person.name if person else facts.company}",
                due_at=r.ends_at,
                deadline_at=_within(r.ends_at, s.promise_days, tz),
                to=to,
                round_id=r.id,
                promise_id=p.id,
            )
        )
    return out


def _chase(
    facts: InterviewFacts, s: RuleSettings, now: datetime, tz: tzinfo
) -> list[DerivedFollowUp]:
    if facts.stage not in WAITING_FOR_REPLY:
        return []
    if facts.reply_expected_by is not None:
        base = local_datetime(next_working_day(facts.reply_expected_by), time(s.chase_hour), tz)
        note = f"{facts.company} said they would reply by {format_day(facts.reply_expected_by)}."
    else:
        ended = _ended_rounds(facts, now)
        anchor = ended[-1].ends_at if ended else facts.stage_entered_at
        day = local_date(anchor, tz) + timedelta(days=s.chase_default_days)
        base = at_hour_on_working_day(day, s.chase_hour, tz)
        since = "the last round" if ended else "the interview"
        note = f"No reply date was noted; chasing {s.chase_default_days} days after {since}."

    chases = chases_since_reply(facts.messages, facts.last_reply_at, facts.id)
    # Keys number every chase ever sent about this interview, so that after a reply a new
    # round of chasing gets fresh keys instead of colliding with done ones ("chase:1" ...).
    total = len(chases_since_reply(facts.messages, None, facts.id))
    c = len(chases)
    after_last = None
    if chases:
        last_day = local_date(chases[-1].sent_at, tz) + timedelta(days=s.chase_default_days)
        after_last = at_hour_on_working_day(last_day, s.chase_hour, tz)

    if c >= s.max_chases:
        due = after_last or base
        return [
            DerivedFollowUp(
                rule_key="close_no_reply" if total == c else f"close_no_reply:{total}",
                kind=FollowUpKind.CLOSE_NO_REPLY,
                title=f"No reply from {facts.company} after {c} chases — close it as no reply?",
                due_at=due,
                deadline_at=_within(due, 7, tz),
                note=(
                    f"You have chased {facts.company} {c} times without an answer. Chasing again "
                    "would look desperate: close the interview as no reply, and move on."
                ),
            )
        ]
    due = max(base, after_last) if after_last else base
    n = c + 1
    title = f"Politely chase {facts.company} for a reply"
    if n > 1:
        title += " " + _ORDINALS.get(n, f"a {n}th time")
    return [
        DerivedFollowUp(
            rule_key=f"chase:{total + 1}",
            kind=FollowUpKind.CHASE,
            title=title,
            due_at=due,
            deadline_at=_within(due, 2, tz),
            to=company_to(facts),
            note=note,
        )
    ]


def _agency(facts: InterviewFacts, now: datetime, tz: tzinfo) -> list[DerivedFollowUp]:
    # Kept after a "no": keeping in touch (rule 6) needs the company's own contacts.
    if not facts.agency or facts.has_direct_company_contact:
        return []
    if facts.stage == StageMeaning.ACCEPTED:
        return []
    ended = _ended_rounds(facts, now)
    due = ended[0].ends_at if ended else facts.created_at
    return [
        DerivedFollowUp(
            rule_key="agency_contacts",
            kind=FollowUpKind.AGENCY_CONTACTS,
            title=f"Ask {facts.agency} for {facts.company}'s contact details",
            due_at=due,
            deadline_at=_within(due, 2, tz),
            to=recipients(facts, facts.agency_recruiter_ids),
            note=(
                f"Tell {facts.agency} that you like to build direct lines with employers, and ask "
                f"for {facts.company}'s HR email or a business card."
            ),
        )
    ]


def _keep_in_touch(facts: InterviewFacts, s: RuleSettings, tz: tzinfo) -> list[DerivedFollowUp]:
    if facts.stage != StageMeaning.NOT_THIS_TIME:
        return []
    to = keep_in_touch_recipients(facts)
    entered = facts.stage_entered_at
    out = [
        DerivedFollowUp(
            rule_key="feedback",
            kind=FollowUpKind.FEEDBACK_REQUEST,
            title=f"Thank {facts.company} for considering you and ask for feedback",
            due_at=entered,
            deadline_at=_within(entered, s.feedback_days, tz),
            to=to,
        )
    ]
    for m in s.keep_in_touch_months:
        due = at_hour_on_working_day(add_months(local_date(entered, tz), m), s.chase_hour, tz)
        out.append(
            DerivedFollowUp(
                rule_key=f"keep_in_touch:{m}m",
                kind=FollowUpKind.KEEP_IN_TOUCH,
                title=f"Keep in touch with {facts.company} ({m} months on)",
                due_at=due,
                deadline_at=_within(due, 7, tz),
                to=to,
                note=f"So that {facts.company} remembers you when the next vacancy comes up.",
            )
        )
    return out


def derive(
    facts: InterviewFacts, settings: RuleSettings, now: datetime, tz: tzinfo
) -> list[DerivedFollowUp]:
    """Return the follow-ups that the seven rules say should exist for one interview.

    Args:
        facts: everything known about the interview.
        settings: the rule timings.
        now: the current moment, aware; never read from the clock here.
        tz: the user's time zone; "the day of" something is its local date in ``tz``.

    Returns:
        The follow-ups, ordered by due time then rule key, their times in UTC; empty for an
        archived interview.
        Past due times are normal (an overdue follow-up is still derived).

    Raises:
        ValueError: if ``now`` is naive.
    """
    if now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    if facts.archived:
        return []
    derived = [
        *_prepare(facts, settings, now, tz),
        *_thank_you(facts, settings, now, tz),
        *_promised(facts, settings, now, tz),
        *_chase(facts, settings, now, tz),
        *_agency(facts, now, tz),
        *_keep_in_touch(facts, settings, tz),
    ]
    # Rule 7 last: it only moves proactive messages, after every other rule placed them.
    paced = [pace(f, facts.messages, facts.company, settings, tz) for f in derived]
    # Hand out UTC like the store keeps: a local time in the autumn overlap would otherwise
    # never compare equal to the stored value (PEP 495) and be "updated" forever.
    in_utc = [
        replace(f, due_at=f.due_at.astimezone(UTC), deadline_at=f.deadline_at.astimezone(UTC))
        for f in paced
    ]
    return sorted(in_utc, key=lambda f: (f.due_at, f.rule_key))


def display_state(
    state: FollowUpState,
    due_at: datetime,
    deadline_at: datetime,
    snoozed_until: datetime | None,
    now: datetime,
) -> DisplayState:
    """Return what the user sees for a stored follow-up at ``now``.

    Args:
        state: the stored state.
        due_at: when it falls due.
        deadline_at: after this it is overdue.
        snoozed_until: end of the snooze, if snoozed.
        now: the current moment (aware).

    Returns:
        Done and dismissed as stored; snoozed while ``snoozed_until`` is in the future, and
        due or overdue once the snooze ends; otherwise pending before ``due_at``, due until
        ``deadline_at`` (inclusive) and overdue after it.
    """
    if state == FollowUpState.DONE:
        return DisplayState.DONE
    if state == FollowUpState.DISMISSED:
        return DisplayState.DISMISSED
    if snoozed_until is not None and snoozed_until > now:
        return DisplayState.SNOOZED
    if now > deadline_at:
        return DisplayState.OVERDUE
    # A snooze that ran out brings the follow-up back as due, even before its due time.
    if state == FollowUpState.SNOOZED or now >= due_at:
        return DisplayState.DUE
    return DisplayState.PENDING
