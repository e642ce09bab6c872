"""Writing a follow-up: fill its template, warn before looking desperate, log it as sent.

``ComposeService(services)`` is all the compose dialog and the template editor need:

- :meth:`ComposeService.draft` — recipients (To = HR, CC = that round's interviewers, the
  agency when there is no HR; as the rules computed them), subject and body filled from the
  template for the follow-up's kind (the user's own version when they made one), the rule-7
  warning with its reason, hints (someone without an email...), and the next stage to offer.
- :meth:`ComposeService.mark_as_sent` — one transaction: an Activity (``message_sent``, with
  the employer as organization so rule 7 counts it), the follow-up done (and its promise sent),
  every recipient's last-contacted time; returns a :class:`SentRecord` that
  :meth:`ComposeService.undo_mark_as_sent` reverts exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from peewee import fn

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import FollowUpKind, FollowUpState, Recipient
from followup_desktop.core.mail import clean_address, header_text, normalize_body
from followup_desktop.core.pacing import desperation_warning
from followup_desktop.core.stages import StageMeaning
from followup_desktop.core.templating import RenderedText, TemplateProblem, render
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.board import StageInfo
from followup_desktop.services.followup_views import recipients_from_json
from followup_desktop.services.template_context import ContextBuilder, Subject
from followup_desktop.services.template_files import (
    COMPOSABLE_KINDS,
    TemplateLibrary,
    is_letter,
)
from followup_desktop.store import models as m
from followup_desktop.store.facts import interviews_of_employers

if TYPE_CHECKING:
    from followup_desktop.services import Services

#: How the timeline names what was sent.
WHAT_WAS_SENT: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: "thank-you",
    FollowUpKind.PROMISED_MATERIAL: "promised material",
    FollowUpKind.CHASE: "follow-up",
    FollowUpKind.AGENCY_CONTACTS: "request for contact details",
    FollowUpKind.FEEDBACK_REQUEST: "thank-you-for-considering-me note",
    FollowUpKind.KEEP_IN_TOUCH: "keep-in-touch note",
    FollowUpKind.CUSTOM: "message",
}


@dataclass(frozen=True, slots=True)
class Draft:
    """A message ready for the compose dialog; every text field stays editable there."""

    followup_id: int
    interview_id: int
    kind: FollowUpKind
    #: what the follow-up says ("Thank Acme Ltd for the interview")
    title: str
    company: str
    role: str
    template: str
    is_letter: bool
    to: tuple[Recipient, ...]
    cc: tuple[Recipient, ...]
    subject: str
    body: str
    #: why the template could not be filled (then subject and body are empty)
    problem: TemplateProblem | None
    #: rule 7: why sending this now would look desperate, or None
    warning: str | None
    #: small hints: a recipient without email, a missing address on a letter...
    notes: tuple[str, ...]
    #: the stage to offer after sending (thank-you from Interviewed → Awaiting reply)
    next_stage: StageInfo | None
    #: the candidate's (name, email) for a From header, when the profile has an email
    sender: tuple[str, str] | None


@dataclass(frozen=True, slots=True)
class SentRecord:
    """What :meth:`ComposeService.mark_as_sent` changed, to put it all back."""

    followup_id: int
    interview_id: int
    employer_id: int
    activity_id: int
    #: the follow-up's (state, done_at, snoozed_until) before
    followup_before: tuple[str, datetime | None, datetime | None]
    #: (contact id, last_contacted_at before) for every recipient updated
    contacts_before: tuple[tuple[int, datetime | None], ...]
    #: (promise id, sent, sent_at) before, for promised material
    promise_before: tuple[int, bool, datetime | None] | None
    #: the stage offered next, when there is one
    next_stage: StageInfo | None


class ComposeService:
    """Drafts, templates and "Mark as sent" (plain Python: the dialog and tests call it)."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self.ctx = services.ctx
        user_dir = services.db_path.parent / "templates" if services.db_path else None
        self.library = TemplateLibrary(user_dir)
        self.contexts = ContextBuilder(services)

    # -- reading -------------------------------------------------------------------------
    def _followup_row(self, followup_id: int) -> m.FollowUp:
        row = m.FollowUp.get_or_none(m.FollowUp.id == followup_id)
        if row is None:
            raise NotFoundError("followup", "This follow-up no longer exists.")
        return row

    def _subject(self, row: m.FollowUp) -> Subject:
        try:
            kind = FollowUpKind(row.kind)
        except ValueError:
            kind = FollowUpKind.CUSTOM
        to = recipients_from_json(row.recipients, "to")
        return Subject(
            interview_id=row.interview_id,
            kind=kind,
            round_id=row.round_id,
            promise_id=row.promise_id,
            to=to or None,
            cc=recipients_from_json(row.recipients, "cc") if to else (),
            followup_title=row.title,
            followup_id=row.id,
        )

    def can_compose(self, kind: FollowUpKind) -> bool:
        """Return True for follow-ups that are a message (not a checklist or a decision)."""
        return kind in COMPOSABLE_KINDS

    def draft(self, followup_id: int, template: str | None = None) -> Draft:
        """The message for a follow-up, filled from ``template`` (default: the kind's own).

        Raises:
            NotFoundError: the follow-up or its interview is gone.
            ValidationError: the follow-up is not a message (a prepare checklist...).
        """
        row = self._followup_row(followup_id)
        subject = self._subject(row)
        if not self.can_compose(subject.kind):
            raise ValidationError("followup", "This follow-up is a reminder, not a message.")
        name = template or self.library.default_for(subject.kind)
        details = self.services.board.get(subject.interview_id)
        to, cc = self.contexts.recipients(subject)
        problem: TemplateProblem | None = None
        rendered = RenderedText("", "")
        try:
            rendered = render(self.library.source(name), self.contexts.build(subject), name)
        except TemplateProblem as exc:
            problem = exc
        except ValidationError as exc:  # an unreadable or missing template file
            problem = TemplateProblem(exc.message, None, name)
        profile = self.services.settings.profile()
        letter = is_letter(name)
        return Draft(
            followup_id=followup_id,
            interview_id=subject.interview_id,
            kind=subject.kind,
            title=row.title,
            company=details.company,
            role=details.role,
            template=name,
            is_letter=letter,
            to=to,
            cc=cc,
            subject=rendered.subject,
            body=rendered.body,
            problem=problem,
            warning=self.warning(subject.interview_id, subject.kind),
            notes=self._notes(subject, to, cc, letter, details.employer_id),
            next_stage=self.next_stage(subject.interview_id, subject.kind),
            sender=(profile.name, profile.email) if profile.email else None,
        )

    def preview(
        self, source: str, interview_id: int, kind: FollowUpKind, name: str = ""
    ) -> RenderedText:
        """Fill a template being edited against an interview (the rules' recipients).

        Raises:
            TemplateProblem: what is wrong with it, with its line.
        """
        return render(source, self.contexts.build(Subject(interview_id, kind)), name)

    def interview_choices(self, limit: int = 500) -> list[tuple[int, str]]:
        """Recent interviews as (id, "Company — Role") for the editor's preview."""
        rows = (
            m.Interview.select(m.Interview.id, m.Organization.name, m.Interview.role)
            .join(m.Organization, on=(m.Interview.employer == m.Organization.id))
            .order_by(m.Interview.archived, m.Interview.updated_at.desc(), m.Interview.id)
            .limit(limit)
            .tuples()
        )
        return [(iid, f"{company} — {role}") for iid, company, role in rows]

    def warning(self, interview_id: int, kind: FollowUpKind) -> str | None:
        """Rule 7 ("not desperate"): why sending this now is too much, or None."""
        facts = self.contexts.facts(interview_id)
        return desperation_warning(
            facts.messages,
            facts.company,
            kind,
            self.ctx.now(),
            self.services.followups.rule_settings(),
            self.ctx.tz,
            last_reply_at=facts.last_reply_at,
            interview_id=interview_id,
        )

    def next_stage(self, interview_id: int, kind: FollowUpKind) -> StageInfo | None:
        """The stage that naturally follows sending this (or None): a thank-you sent from
        Interviewed means the card now waits for a reply."""
        if kind != FollowUpKind.THANK_YOU:
            return None
        details = self.services.board.get(interview_id)
        stages = self.services.board.stages()
        current = next((s for s in stages if s.key == details.stage_key), None)
        if current is None or current.meaning != StageMeaning.INTERVIEWED:
            return None
        return next(
            (s for s in stages if s.meaning == StageMeaning.AWAITING_REPLY and not s.hidden), None
        )

    def _notes(
        self,
        subject: Subject,
        to: Sequence[Recipient],
        cc: Sequence[Recipient],
        letter: bool,
        employer_id: int,
    ) -> tuple[str, ...]:
        notes: list[str] = []
        if letter:
            if not self.services.settings.profile().address:
                notes.append(
                    "Your postal address is not in your profile (Settings → Profile), "
                    "so the letter goes out without it."
                )
            org = m.Organization.get_or_none(m.Organization.id == employer_id)
            if org is not None and not org.address:
                notes.append(
                    f"No postal address is noted for {org.name}: add it to the "
                    "company to print it on the letter."
                )
            return tuple(notes)
        if not any(clean_address(r.email) for r in to):
            notes.append(
                "Nobody in To has an email address: add one, or add an HR contact "
                "or an interviewer with an email to the interview."
            )
        missing = [r.name for r in (*to, *cc) if r.name and not clean_address(r.email)]
        if missing:
            who = ", ".join(missing)
            notes.append(f"No email address for {who}: left out of the email.")
        if subject.kind == FollowUpKind.PROMISED_MATERIAL:
            notes.append("Attach the file or paste the link before you send it.")
        return tuple(notes)

    # -- recipients the user typed -------------------------------------------------------
    def match_recipients(
        self, typed: Sequence[tuple[str, str]], known: Sequence[Recipient]
    ) -> tuple[Recipient, ...]:
        """Turn typed (name, address) pairs back into recipients, keeping known contacts."""
        out: list[Recipient] = []
        for name, address in typed:
            name, address = header_text(name), header_text(address)
            hit = next(
                (r for r in known if address and r.email.lower() == address.lower()), None
            ) or next(
                (r for r in known if not address and name and r.name.lower() == name.lower()), None
            )
            if hit is not None:
                out.append(
                    Recipient(name or hit.name, address or hit.email, hit.contact_id, hit.job_title)
                )
            elif name or address:
                out.append(Recipient(name, address))
        return tuple(out)

    # -- mark as sent --------------------------------------------------------------------
    def _contacts_of(self, people: Sequence[Recipient]) -> list[int]:
        ids: list[int] = []
        for r in people:
            cid = r.contact_id
            if cid is None and clean_address(r.email):
                row = (
                    m.Contact.select(m.Contact.id)
                    .where(fn.lower(m.Contact.email) == r.email.strip().lower())
                    .order_by(m.Contact.id)
                    .first()
                )
                cid = row.id if row is not None else None
            if cid is not None and cid not in ids:
                ids.append(cid)
        return ids

    def mark_as_sent(
        self,
        followup_id: int,
        *,
        to: Sequence[Recipient],
        cc: Sequence[Recipient] = (),
        subject: str = "",
        body: str = "",
        letter: bool = False,
    ) -> SentRecord:
        """Log the message as sent, complete the follow-up, note who was contacted.

        One transaction. Rule 7 counts the logged message from now on (the interviews of the
        whole company are re-derived). Moving the card on is the caller's second step
        (``BoardService.move``) so the UI can make both one undoable edit.
        """
        subject = header_text(subject)
        body = normalize_body(body)
        if len(body) > 100_000:
            raise ValidationError("body", "The text is too long to keep (over 100,000 characters).")
        with self.ctx.transaction() as changes:
            row = self._followup_row(followup_id)
            info = self._subject(row)
            details = self.services.board.get(row.interview_id)
            now = self.ctx.now()
            before = (row.state, row.done_at, row.snoozed_until)
            contact_ids = self._contacts_of([*to, *cc])
            contacts_before = (
                tuple(
                    (c.id, c.last_contacted_at)
                    for c in m.Contact.select(m.Contact.id, m.Contact.last_contacted_at).where(
                        m.Contact.id.in_(contact_ids)
                    )
                )
                if contact_ids
                else ()
            )

            def people(rs: Sequence[Recipient]) -> list[dict[str, Any]]:
                return [{"name": r.name, "email": r.email, "contact_id": r.contact_id} for r in rs]

            what = WHAT_WAS_SENT.get(info.kind, "message")
            medium = "letter" if letter else "email"
            names = ", ".join(r.name or r.email for r in to) or details.company
            summary = f"Sent a {what} {medium} to {names}"
            if cc:
                summary += " (copy: " + ", ".join(r.name or r.email for r in cc) + ")"
            activity_id = log(
                ActivityKind.MESSAGE_SENT,
                summary,
                interview_id=row.interview_id,
                organization_id=details.employer_id,
                data={
                    "kind": info.kind.value,
                    "medium": medium,
                    "followup_id": followup_id,
                    "to": people(to),
                    "cc": people(cc),
                    "subject": subject,
                    "text": body,
                },
                at=now,
            )
            m.FollowUp.update(
                state=FollowUpState.DONE.value, done_at=now, snoozed_until=None
            ).where(m.FollowUp.id == followup_id).execute()
            if contact_ids:
                m.Contact.update(last_contacted_at=now).where(
                    m.Contact.id.in_(contact_ids)
                ).execute()
            promise_before = None
            if info.kind == FollowUpKind.PROMISED_MATERIAL and row.promise_id is not None:
                p = m.Promise.get_or_none(m.Promise.id == row.promise_id)
                if p is not None:
                    promise_before = (p.id, bool(p.sent), p.sent_at)
                    m.Promise.update(sent=True, sent_at=now).where(m.Promise.id == p.id).execute()
            self._rederive(row.interview_id, details.employer_id, changes)
            changes.contacts.update(contact_ids)
            return SentRecord(
                followup_id=followup_id,
                interview_id=row.interview_id,
                employer_id=details.employer_id,
                activity_id=activity_id,
                followup_before=before,
                contacts_before=contacts_before,
                promise_before=promise_before,
                next_stage=self.next_stage(row.interview_id, info.kind),
            )

    def undo_mark_as_sent(self, record: SentRecord) -> None:
        """Put back everything :meth:`mark_as_sent` changed (one transaction)."""
        with self.ctx.transaction() as changes:
            m.Activity.delete().where(m.Activity.id == record.activity_id).execute()
            state, done_at, snoozed_until = record.followup_before
            m.FollowUp.update(state=state, done_at=done_at, snoozed_until=snoozed_until).where(
                m.FollowUp.id == record.followup_id
            ).execute()
            for contact_id, last in record.contacts_before:
                m.Contact.update(last_contacted_at=last).where(m.Contact.id == contact_id).execute()
            if record.promise_before is not None:
                pid, sent, sent_at = record.promise_before
                m.Promise.update(sent=sent, sent_at=sent_at).where(m.Promise.id == pid).execute()
            if m.Interview.get_or_none(m.Interview.id == record.interview_id) is not None:
                self._rederive(record.interview_id, record.employer_id, changes)
            changes.contacts.update(c for c, _ in record.contacts_before)

    def _rederive(self, interview_id: int, employer_id: int, changes: Any) -> None:
        ids = {interview_id, *interviews_of_employers([employer_id])}
        self.services.followups.rederive(ids, changes)
        changes.interviews.update(ids)
        changes.followups = True
