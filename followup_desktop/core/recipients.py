"""Who a follow-up is addressed to (PRODUCT.md rules 2, 3, 4, 5 and 6).

The seed says: send the thank-you to Human Resources and copy in the interviewer. When an agency
sent the candidate and no HR contact is known, the agency recruiter is the only door in.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup_desktop.core.facts import InterviewFacts, Person, Recipient, RoundFact


def recipient(person: Person) -> Recipient:
    """Return the :class:`Recipient` for a contact."""
    return Recipient(
        name=person.name, email=person.email, contact_id=person.id, job_title=person.job_title
    )


def recipients(facts: InterviewFacts, contact_ids: Iterable[int]) -> tuple[Recipient, ...]:
    """Map contact ids to recipients, in order, skipping unknown ids and duplicates."""
    seen: set[int] = set()
    out: list[Recipient] = []
    for contact_id in contact_ids:
        person = facts.person(contact_id)
        if person is None or contact_id in seen:
            continue
        seen.add(contact_id)
        out.append(recipient(person))
    return tuple(out)


def all_interviewer_ids(facts: InterviewFacts) -> tuple[int, ...]:
    """Every interviewer of every round, in round order, without duplicates."""
    return tuple(dict.fromkeys(i for r in facts.rounds for i in r.interviewer_ids))


def company_to(facts: InterviewFacts) -> tuple[Recipient, ...]:
    """The main addressee at the company: HR, else the agency recruiters when there is an agency.

    May be empty; callers fall back further where their rule says so.
    """
    to = recipients(facts, facts.hr_ids)
    if not to and facts.agency:
        to = recipients(facts, facts.agency_recruiter_ids)
    return to


def thank_you_recipients(
    facts: InterviewFacts, round_: RoundFact | None
) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
    """To and CC of a thank-you (rule 2).

    Args:
        facts: the interview.
        round_: the round being thanked for; None for a thank-you for the whole interview,
            which copies in every interviewer of every round.

    Returns:
        ``(to, cc)``: To = HR (else agency recruiters), CC = the interviewers; when nobody is in
        To, the interviewers move to To and CC is empty.
    """
    interviewer_ids = round_.interviewer_ids if round_ is not None else all_interviewer_ids(facts)
    interviewers = recipients(facts, interviewer_ids)
    to = company_to(facts)
    if not to:
        return interviewers, ()
    in_to = {r.contact_id for r in to}
    # Someone who is both HR and an interviewer is already in To; don't copy them in twice.
    cc = tuple(r for r in interviewers if r.contact_id not in in_to)
    return to, cc


def keep_in_touch_recipients(facts: InterviewFacts) -> tuple[Recipient, ...]:
    """To of a rule-6 message: HR, else the interviewers, else the agency recruiters."""
    return (
        recipients(facts, facts.hr_ids)
        or recipients(facts, all_interviewer_ids(facts))
        or recipients(facts, facts.agency_recruiter_ids)
    )
