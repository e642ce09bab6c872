"""The values a template is filled with (documented, one by one, in docs/templates.md).

Read from the store through the other services. Everything a template may print is a value
here (never template source), and every empty value is an :class:`Absent` that explains
itself, so a template can test it with ``{% if … %}`` and never prints a silent blank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from followup_desktop.core.errors import NotFoundError
from followup_desktop.core.facts import ContactKind, FollowUpKind, InterviewFacts, Recipient
from followup_desktop.core.recipients import (
    company_to,
    keep_in_touch_recipients,
    recipients,
    thank_you_recipients,
)
from followup_desktop.core.settings import Profile
from followup_desktop.core.templating import Absent, Record
from followup_desktop.services import organizations
from followup_desktop.services.contacts import ContactInfo
from followup_desktop.services.rounds import RoundInfo, round_label
from followup_desktop.store import models as m
from followup_desktop.store.facts import load_facts

if TYPE_CHECKING:
    from followup_desktop.services import Services

#: Every top-level name of the context, in the order docs/templates.md explains them.
CONTEXT_NAMES: tuple[str, ...] = (
    "candidate",
    "interview",
    "company",
    "agency",
    "round",
    "rounds",
    "interviewers",
    "hr",
    "recruiter",
    "to",
    "cc",
    "addressee",
    "promise",
    "promises",
    "reply_expected_by",
    "today",
    "followup",
)
_PROFILE = "your profile has no {} yet (Settings → Profile)"


@dataclass(frozen=True, slots=True)
class Subject:
    """What a message is about: the interview, and the follow-up's details when there is one."""

    interview_id: int
    kind: FollowUpKind
    round_id: int | None = None
    promise_id: int | None = None
    #: the follow-up's recipients; None means "as the rules would address it"
    to: tuple[Recipient, ...] | None = None
    cc: tuple[Recipient, ...] = ()
    followup_title: str = ""
    followup_id: int | None = None


def candidate_record(profile: Profile) -> Record:
    """``candidate``: the user, from their profile; ``signature`` falls back to name + contact."""
    signature = profile.signature
    if not signature and profile.name:
        signature = "\n".join(x for x in (profile.name, profile.phone, profile.email) if x)
    return Record(
        "candidate",
        {
            "name": profile.name,
            "first_name": profile.name.split()[0] if profile.name.split() else "",
            "email": profile.email,
            "phone": profile.phone,
            "address": profile.address,
            "signature": signature,
        },
        {
            "name": _PROFILE.format("name"),
            "first_name": _PROFILE.format("name"),
            "email": _PROFILE.format("email address"),
            "phone": _PROFILE.format("phone number"),
            "address": _PROFILE.format("postal address"),
            "signature": _PROFILE.format("name or signature"),
        },
    )


def person_record(
    path: str,
    name: str,
    *,
    email: str = "",
    job_title: str = "",
    phone: str = "",
    organization: str = "",
) -> Record:
    """A person: ``name``, ``first_name``, ``job_title``, ``email``, ``phone``, ``organization``."""
    who = name or "this person"
    return Record(
        path,
        {
            "name": name,
            "first_name": name.split()[0] if name.split() else "",
            "job_title": job_title,
            "email": email,
            "phone": phone,
            "organization": organization,
        },
        {
            "name": "this person has no name",
            "first_name": "this person has no name",
            "job_title": f"no job title is noted for {who}",
            "email": f"no email address is noted for {who}",
            "phone": f"no phone number is noted for {who}",
            "organization": f"no organization is noted for {who}",
        },
    )


def _contact_record(path: str, c: ContactInfo) -> Record:
    return person_record(
        path,
        c.name,
        email=c.email,
        job_title=c.job_title,
        phone=c.phone,
        organization=c.organization,
    )


def _organization_record(path: str, org: m.Organization) -> Record:
    return Record(
        path,
        {"name": org.name, "address": org.address, "website": org.website, "phone": org.phone},
        {
            "address": f"no postal address is noted for {org.name}",
            "website": f"no website is noted for {org.name}",
            "phone": f"no phone number is noted for {org.name}",
        },
    )


def default_recipients(
    facts: InterviewFacts, kind: FollowUpKind, round_id: int | None, promise_to: int | None
) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
    """Who the rules would address a message of ``kind`` to (rules 2–6 of PRODUCT.md)."""
    round_fact = next((r for r in facts.rounds if r.id == round_id), None)
    if round_fact is None and facts.rounds:
        round_fact = facts.rounds[-1]
    if kind == FollowUpKind.THANK_YOU:
        return thank_you_recipients(facts, round_fact)
    if kind == FollowUpKind.PROMISED_MATERIAL:
        if promise_to is not None and facts.person(promise_to) is not None:
            return recipients(facts, (promise_to,)), ()
        return thank_you_recipients(facts, round_fact)[0], ()
    if kind == FollowUpKind.AGENCY_CONTACTS:
        return recipients(facts, facts.agency_recruiter_ids), ()
    if kind in (FollowUpKind.FEEDBACK_REQUEST, FollowUpKind.KEEP_IN_TOUCH):
        return keep_in_touch_recipients(facts), ()
    return company_to(facts) or thank_you_recipients(facts, round_fact)[0], ()


class ContextBuilder:
    """Builds the template context for one message."""

    def __init__(self, services: Services) -> None:
        self.services = services
        #: contacts read during one build (the same people appear as HR, To, interviewers…)
        self._seen: dict[int, ContactInfo | None] = {}

    def _contact(self, contact_id: int | None) -> ContactInfo | None:
        if contact_id is None:
            return None
        if contact_id not in self._seen:
            try:
                self._seen[contact_id] = self.services.contacts.get(contact_id)
            except NotFoundError:
                self._seen[contact_id] = None
        return self._seen[contact_id]

    def refresh(self, r: Recipient) -> Recipient:
        """A recipient with the contact's current name, email and job title."""
        c = self._contact(r.contact_id)
        if c is None:
            return r
        return Recipient(c.name, c.email, c.id, c.job_title)

    def _recipient_record(self, path: str, r: Recipient) -> Record:
        c = self._contact(r.contact_id)
        if c is not None:
            return _contact_record(path, c)
        return person_record(path, r.name, email=r.email, job_title=r.job_title)

    def facts(self, interview_id: int) -> InterviewFacts:
        facts = load_facts([interview_id]).get(interview_id)
        if facts is None:
            raise NotFoundError("interview", "This interview no longer exists.")
        return facts

    def recipients(self, subject: Subject) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
        """The message's To and Cc: the follow-up's (refreshed), else as the rules would."""
        self._seen = {}
        return self._recipients(subject)

    def _recipients(self, subject: Subject) -> tuple[tuple[Recipient, ...], tuple[Recipient, ...]]:
        if subject.to:
            return (
                tuple(self.refresh(r) for r in subject.to),
                tuple(self.refresh(r) for r in subject.cc),
            )
        promise_to = None
        if subject.promise_id is not None:
            p = m.Promise.get_or_none(m.Promise.id == subject.promise_id)
            promise_to = p.to_contact_id if p is not None else None
        return default_recipients(
            self.facts(subject.interview_id), subject.kind, subject.round_id, promise_to
        )

    def _round_record(self, r: RoundInfo) -> Record:
        tz = self.services.ctx.tz
        people = [self._contact(cid) for cid in r.interviewer_ids]
        return Record(
            "round",
            {
                "kind": round_label(r.kind).lower(),
                "date": r.starts_at.astimezone(tz).date(),
                "starts_at": r.starts_at.astimezone(tz),
                "ends_at": r.ends_at.astimezone(tz),
                "place": r.place,
                "notes": r.notes,
                "interviewers": [_contact_record("interviewer", c) for c in people if c],
            },
            {"place": "no place is noted for this round", "notes": "this round has no notes"},
        )

    def _pick_round(self, rounds: Sequence[RoundInfo], round_id: int | None) -> RoundInfo | None:
        if round_id is not None:
            chosen = next((r for r in rounds if r.id == round_id), None)
            if chosen is not None:
                return chosen
        now = self.services.ctx.now()
        ended = [r for r in rounds if r.ends_at <= now]
        return ended[-1] if ended else (rounds[-1] if rounds else None)

    def build(self, subject: Subject) -> dict[str, Any]:
        """The context for ``subject`` (see docs/templates.md for every name)."""
        self._seen = {}  # read fresh for every message: a contact may have just changed
        s = self.services
        details = s.board.get(subject.interview_id)
        company_org = organizations.get(details.employer_id, "company")
        company = _organization_record("company", company_org)
        agency: Any = Absent("agency", "this interview did not come through an agency")
        if details.agency_id is not None:
            agency = _organization_record("agency", organizations.get(details.agency_id))
        labels = {st.key: st.label for st in s.board.stages()}
        interview = Record(
            "interview",
            {
                "id": details.id,
                "role": details.role,
                "company": details.company,
                "agency": details.agency,
                "location": details.location,
                "posting_url": details.posting_url,
                "notes": details.notes,
                "next_steps": details.next_steps,
                "stage": labels.get(details.stage_key, details.stage_key),
                "reply_expected_by": details.reply_expected_by,
            },
            {
                "agency": "this interview did not come through an agency",
                "location": "no location is noted for this interview",
                "posting_url": "no job posting link is noted for this interview",
                "notes": "this interview has no notes",
                "next_steps": "no next steps are noted for this interview",
                "reply_expected_by": "no reply date was noted for this interview",
            },
        )

        rounds = s.rounds.rounds_of(subject.interview_id)
        chosen = self._pick_round(rounds, subject.round_id)
        people = s.contacts.people_of(subject.interview_id)
        if chosen is not None:
            interviewer_ids = list(chosen.interviewer_ids)
        else:
            interviewer_ids = [c.id for c, role in people if role == ContactKind.INTERVIEWER]
        interviewers = [
            _contact_record("interviewer", c)
            for c in (self._contact(i) for i in dict.fromkeys(interviewer_ids))
            if c
        ]

        hr_contact = next((c for c, role in people if role == ContactKind.HR), None)
        if hr_contact is None:
            row = (
                m.Contact.select(m.Contact.id)
                .where(
                    (m.Contact.organization == details.employer_id)
                    & (m.Contact.kind == ContactKind.HR.value)
                )
                .order_by(m.Contact.id)
                .first()
            )
            hr_contact = self._contact(row.id) if row is not None else None
        hr: Any = (
            _contact_record("hr", hr_contact)
            if hr_contact
            else Absent("hr", f"no HR contact is known at {details.company}")
        )
        recruiter_contact = next(
            (c for c, role in people if role == ContactKind.AGENCY_RECRUITER), None
        )
        recruiter: Any = (
            _contact_record("recruiter", recruiter_contact)
            if recruiter_contact
            else Absent("recruiter", "no agency recruiter is linked to this interview")
        )

        to, cc = self._recipients(subject)
        to_records = [self._recipient_record("to", r) for r in to]
        cc_records = [self._recipient_record("cc", r) for r in cc]
        addressee: Any = (
            self._recipient_record("addressee", to[0])
            if to
            else Absent(
                "addressee",
                "nobody is addressed: add an HR contact or an interviewer to the interview",
            )
        )

        promises: list[Record] = []
        promise: Any = Absent("promise", "this message is not about a promise")
        all_promises = [p for r in rounds for p in s.rounds.promises_of(r.id)]
        for p in all_promises:
            if subject.promise_id is not None and p.id != subject.promise_id:
                continue
            if subject.promise_id is None and (p.sent or (chosen and p.round_id != chosen.id)):
                continue
            owner = self._contact(p.to_contact_id)
            rec = Record(
                "promise",
                {
                    "what": p.what,
                    "to": (
                        _contact_record("promise.to", owner)
                        if owner
                        else Absent("promise.to", "no person is noted for this promise")
                    ),
                    "sent": p.sent,
                },
            )
            promises.append(rec)
            if p.id == subject.promise_id:
                promise = rec

        tz = s.ctx.tz
        followup: Any = Absent("followup", "this preview is not for a follow-up")
        if subject.followup_id is not None:
            followup = Record(
                "followup",
                {
                    "id": subject.followup_id,
                    "kind": subject.kind.value,
                    "title": subject.followup_title,
                },
            )
        reply_by: Any = details.reply_expected_by or Absent(
            "reply_expected_by", "no reply date was noted for this interview"
        )
        context: dict[str, Any] = {
            "candidate": candidate_record(s.settings.profile()),
            "interview": interview,
            "company": company,
            "agency": agency,
            "round": self._round_record(chosen)
            if chosen
            else Absent("round", "no round of this interview has been noted"),
            "rounds": [self._round_record(r) for r in rounds],
            "interviewers": interviewers,
            "hr": hr,
            "recruiter": recruiter,
            "to": to_records,
            "cc": cc_records,
            "addressee": addressee,
            "promise": promise,
            "promises": promises,
            "reply_expected_by": reply_by,
            "today": s.ctx.now().astimezone(tz).date(),
            "followup": followup,
        }
        return context
