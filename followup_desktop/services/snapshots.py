"""Snapshots of interviews, so that deleting one can be undone with nothing lost.

A snapshot keeps the interview rows and everything hanging off them (people links, rounds,
their interviewers and promises, follow-ups, the timeline) as plain values. Restoring puts
them back with the *same ids*, so later undo commands and open dialogs still find them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import organizations
from followup_desktop.services.context import ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m
from followup_desktop.store import places
from followup_desktop.store.bulk import bulk_insert
from followup_desktop.store.facts import chunks, interviews_of_employers

Row = dict[str, Any]


@dataclass(frozen=True)
class InterviewSnapshot:
    """Rows as :meth:`peewee.Select.dicts` gives them (field name → Python value).

    An interview's ``position`` is its row in its column (None: archived), not the stored
    sort key (:mod:`followup_desktop.store.places`).
    """

    interviews: tuple[Row, ...]
    #: the employers and agencies, to recreate if they were removed meanwhile
    organizations: tuple[Row, ...]
    stage_keys: dict[int, str] = field(default_factory=dict)
    links: tuple[Row, ...] = ()
    rounds: tuple[Row, ...] = ()
    round_interviewers: tuple[Row, ...] = ()
    promises: tuple[Row, ...] = ()
    followups: tuple[Row, ...] = ()
    activities: tuple[Row, ...] = ()
    #: the files kept with them (the copies stay in the data folder while undo can need them)
    attachments: tuple[Row, ...] = ()
    #: uuid of every person the rows name: a freed id may name someone else by restore time
    contact_uuids: dict[int, str] = field(default_factory=dict)

    @property
    def interview_ids(self) -> list[int]:
        return [int(r["id"]) for r in self.interviews]


def _rows(query: Any) -> tuple[Row, ...]:
    return tuple(dict(r) for r in query.dicts())


class SnapshotService:
    """Take and restore :class:`InterviewSnapshot` s."""

    def __init__(self, ctx: ServiceContext, followups: FollowUpService) -> None:
        self.ctx = ctx
        self.followups = followups

    def take(self, interview_ids: Sequence[int]) -> InterviewSnapshot:
        """Everything about these interviews, read in one consistent transaction."""
        ids = list(dict.fromkeys(interview_ids))
        with m.database.atomic():
            interviews: list[Row] = []
            links: list[Row] = []
            rounds: list[Row] = []
            followups: list[Row] = []
            activities: list[Row] = []
            attachments: list[Row] = []
            for batch in chunks(ids):
                interviews += _rows(m.Interview.select().where(m.Interview.id.in_(batch)))
                links += _rows(
                    m.InterviewContact.select().where(m.InterviewContact.interview.in_(batch))
                )
                rounds += _rows(m.Round.select().where(m.Round.interview.in_(batch)))
                followups += _rows(m.FollowUp.select().where(m.FollowUp.interview.in_(batch)))
                activities += _rows(m.Activity.select().where(m.Activity.interview.in_(batch)))
                attachments += _rows(m.Attachment.select().where(m.Attachment.interview.in_(batch)))
            for row in interviews:  # keep the card's row in its column, not its sort key
                position = None if row["archived"] else row["position"]
                row["position"] = places.row_of(row["id"], row["stage"], position)
            round_ids = [r["id"] for r in rounds]
            interviewers: list[Row] = []
            promises: list[Row] = []
            for batch in chunks(round_ids):
                interviewers += _rows(
                    m.RoundInterviewer.select().where(m.RoundInterviewer.round.in_(batch))
                )
                promises += _rows(m.Promise.select().where(m.Promise.round.in_(batch)))
            people = sorted(
                {r["contact"] for r in (*links, *interviewers)}
                | {r["to_contact"] for r in promises if r["to_contact"]}
            )
            contact_uuids: dict[int, str] = {}
            for batch in chunks(people):
                query = m.Contact.select(m.Contact.id, m.Contact.uuid).where(
                    m.Contact.id.in_(batch)
                )
                contact_uuids.update((int(i), u) for i, u in query.tuples())
            org_ids = sorted(
                {r["employer"] for r in interviews}
                | {r["agency"] for r in interviews if r["agency"]}
            )
            orgs = _rows(m.Organization.select().where(m.Organization.id.in_(org_ids)))
            stage_ids = sorted({r["stage"] for r in interviews})
            stage_keys = {s.id: s.key for s in m.Stage.select().where(m.Stage.id.in_(stage_ids))}
        return InterviewSnapshot(
            interviews=tuple(interviews),
            organizations=orgs,
            stage_keys=stage_keys,
            links=tuple(links),
            rounds=tuple(rounds),
            round_interviewers=tuple(interviewers),
            promises=tuple(promises),
            followups=tuple(followups),
            activities=tuple(activities),
            attachments=tuple(attachments),
            contact_uuids=contact_uuids,
        )

    def restore(self, snapshot: InterviewSnapshot) -> None:
        """Put deleted interviews back, with their ids, where they were on the board.

        People deleted meanwhile are left out of the restored links; an employer deleted
        meanwhile is created again.

        Raises:
            ValidationError: one of the interviews exists again (restored twice).
        """
        ids = snapshot.interview_ids
        if not ids:
            return
        with self.ctx.transaction() as changes:
            if m.Interview.select().where(m.Interview.id.in_(ids)).exists():
                raise ValidationError("interviews", "These interviews are already back.")
            org_ids = self._ensure_organizations(snapshot)
            stages = {s.key: s for s in m.Stage.select()}
            first_stage = min(stages.values(), key=lambda s: s.position)
            interviews = []
            for row in snapshot.interviews:
                row = dict(row)
                row["employer"] = org_ids[row["employer"]]
                row["agency"] = org_ids.get(row["agency"]) if row["agency"] else None
                key = snapshot.stage_keys.get(row["stage"], "")
                stage = stages.get(key, first_stage)
                row["stage"] = stage.id
                interviews.append(row)
                changes.columns.add(stage.key)
            # Insert in ascending row order: each lands exactly where it was.
            interviews.sort(key=lambda r: (r["position"] is None, r["position"] or 0))
            for row in interviews:
                place = None if row["archived"] else row["position"]
                bulk_insert(m.Interview, [{**row, "position": None}])
                if place is not None:
                    places.put(row["stage"], max(0, place), [row["id"]])
            contacts = _same_people(snapshot.contact_uuids)
            bulk_insert(m.Round, list(snapshot.rounds))
            bulk_insert(
                m.RoundInterviewer,
                [r for r in snapshot.round_interviewers if r["contact"] in contacts],
            )
            bulk_insert(
                m.Promise,
                [
                    {**r, "to_contact": r["to_contact"] if r["to_contact"] in contacts else None}
                    for r in snapshot.promises
                ],
            )
            bulk_insert(m.InterviewContact, [r for r in snapshot.links if r["contact"] in contacts])
            # Follow-ups and timeline entries are also written outside the undo stack (the
            # rules as time passes, the tray's Done): one may hold a freed id by now.
            followup_ids = _insert_keeping_ids(m.FollowUp, snapshot.followups)

            # An employer recreated above has a new id: its messages and files follow it
            # (SQLite reuses a freed id, so the old one may name another company by now).
            moved = {
                old: org_ids.get(old, old)
                for r in (*snapshot.activities, *snapshot.attachments)
                if (old := r["organization"])
            }
            present = _existing(m.Organization, set(moved.values()))
            now_at = {old: new for old, new in moved.items() if new in present}
            # The attachments' copies stayed in the data folder: their rows point at them again.
            activities = []
            for r in snapshot.activities:
                data = r["data"]
                if isinstance(data, dict) and data.get("followup_id") in followup_ids:
                    data = {**data, "followup_id": followup_ids[data["followup_id"]]}
                activities.append(
                    {**r, "data": data, "organization": now_at.get(r["organization"])}
                )
            _insert_keeping_ids(m.Activity, activities)
            bulk_insert(
                m.Attachment,
                [
                    {**r, "organization": now_at.get(r["organization"])}
                    for r in snapshot.attachments
                ],
            )
            # Their messages count again for the company's pacing (rule 7).
            employers = {r["employer"] for r in interviews}
            self.followups.rederive({*ids, *interviews_of_employers(employers)}, changes)
            changes.interviews.update(ids)
            changes.followups = True

    def _ensure_organizations(self, snapshot: InterviewSnapshot) -> dict[int, int]:
        """Old organization id → id to use now (recreated by name when it was removed).

        The same organization is the one with the same uuid: SQLite hands a freed id to the
        next organization created, so an id alone may name another company by now.
        """
        uuids = [r["uuid"] for r in snapshot.organizations]
        now_at: dict[str, int] = {}
        for batch in chunks(uuids):
            query = m.Organization.select(m.Organization.uuid, m.Organization.id).where(
                m.Organization.uuid.in_(batch)
            )
            now_at.update((uuid, int(id_)) for uuid, id_ in query.tuples())
        out: dict[int, int] = {}
        for org in snapshot.organizations:
            if org["uuid"] in now_at:
                out[org["id"]] = now_at[org["uuid"]]
            else:
                out[org["id"]] = organizations.find_or_create(
                    org["name"], org["kind"], "company"
                ).id
        return out


def _insert_keeping_ids(model: type[m.BaseModel], rows: Sequence[Row]) -> dict[int, int]:
    """Insert rows under their old ids where those are free, under new ones where not.

    Returns old id → new id for the rows that had to move.
    """
    taken = _existing(model, {r["id"] for r in rows})
    bulk_insert(model, [r for r in rows if r["id"] not in taken])
    moved: dict[int, int] = {}
    for r in rows:
        if r["id"] in taken:
            fields = {k: v for k, v in r.items() if k != "id"}
            moved[r["id"]] = int(model.insert(**fields).execute())
    return moved


def _same_people(uuids: dict[int, str]) -> set[int]:
    """The ids (of ``id → uuid``) that still name the same person."""
    same: set[int] = set()
    ids = sorted(uuids)
    for batch in chunks(ids):
        query = m.Contact.select(m.Contact.id, m.Contact.uuid).where(m.Contact.id.in_(batch))
        same.update(int(i) for i, u in query.tuples() if uuids[int(i)] == u)
    return same


def _existing(model: type[m.BaseModel], ids: set[int]) -> set[int]:
    found: set[int] = set()
    wanted = sorted(i for i in ids if i is not None)
    for batch in chunks(wanted):
        found.update(r[0] for r in model.select(model.id).where(model.id.in_(batch)).tuples())
    return found
