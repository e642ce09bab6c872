"""Histories for the sample data, so the Insights view and the report have something to show.

``sample_data.generate`` makes the board as it stands today; this module adds how it got
there, with dates that agree with the rounds: stage changes (a few moved backwards and on
again), invitations and replies, thank-yous with their recipients (a few sent late), chases
(some interviews went quiet after the allowed two), feedback requests, and follow-ups done on
time, late, or dismissed. Deterministic (its own seeded random generator, so the board itself
is the same as without it) and linear in the number of interviews.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.services.activity import ActivityKind
from followup_desktop.store import models as m

#: Stages that come after a round; the first four are the company's answer.
ANSWERED = ("next_round", "offer", "accepted", "not_this_time")
AFTER_ROUND = ("interviewed", "awaiting_reply", *ANSWERED)


@dataclass
class People:
    """Who the sample's messages go to: contact rows and who is who at each organization."""

    contacts: list[dict[str, Any]]
    hr_of: dict[int, int]
    interviewers_of: dict[int, list[int]]
    recruiter_of: dict[int, int]


@dataclass
class Builder:
    """Adds one interview's history to the row lists (before they are inserted)."""

    now: datetime
    rng: random.Random
    people: People
    labels: dict[str, str]
    activities: list[dict[str, Any]]
    #: chases sent, to be recorded as done follow-ups after the rules have run
    chases: list[tuple[int, int, datetime]] = field(default_factory=list)

    def recipient(self, cid: int) -> dict[str, Any]:
        c = self.people.contacts[cid - 1]
        return {"name": c["name"], "email": c["email"], "contact_id": cid}

    def to_cc(self, row: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        employer, agency = row["employer"], row["agency"]
        hr = self.people.hr_of.get(employer)
        to_id = hr if hr is not None else self.people.recruiter_of.get(agency or 0)
        to = [self.recipient(to_id)] if to_id is not None else []
        cc = [
            self.recipient(c)
            for c in self.people.interviewers_of.get(employer, [])
            if self.people.contacts[c - 1]["email"]
        ]
        return to, cc

    def log(
        self,
        row: dict[str, Any],
        kind: ActivityKind,
        at: datetime,
        summary: str,
        data: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        entry = {
            "interview": row["id"],
            "organization": row["employer"],
            "kind": kind.value,
            "at": at,
            "summary": summary,
            "data": data or {},
        }
        self.activities.append(entry)
        return entry

    def move(self, row: dict[str, Any], at: datetime, old: str, new: str) -> None:
        summary = f"Moved from {self.labels[old]} to {self.labels[new]}"
        self.log(row, ActivityKind.STAGE_CHANGED, at, summary, {"from": old, "to": new})

    def message(self, row: dict[str, Any], at: datetime, kind: FollowUpKind, subject: str) -> None:
        to, cc = self.to_cc(row)
        names = ", ".join(r["name"] for r in to) or "the company"
        self.log(
            row,
            ActivityKind.MESSAGE_SENT,
            at,
            f"Sent a {kind.value.replace('_', ' ')} email to {names}",
            {
                "kind": kind.value,
                "medium": "email",
                "to": to,
                "cc": cc if kind is FollowUpKind.THANK_YOU else [],
                "subject": subject,
                "text": "",
            },
        )

    def before_now(self, at: datetime, fallback_after: datetime) -> datetime:
        """``at`` if it is in the past, else a moment between ``fallback_after`` and now."""
        if at < self.now:
            return at
        return fallback_after + (self.now - fallback_after) * self.rng.uniform(0.3, 0.7)


def _shift(rounds: list[dict[str, Any]], thank: dict[str, Any] | None, by: timedelta) -> None:
    for r in rounds:
        r["starts_at"] -= by
        r["ends_at"] -= by
    if thank is not None:
        thank["at"] -= by


def add_histories(
    *,
    now: datetime,
    seed: int,
    stage_keys: dict[int, str],
    interviews: list[dict[str, Any]],
    rounds: list[dict[str, Any]],
    activities: list[dict[str, Any]],
    people: People,
) -> Builder:
    """Give every sample interview a believable past (edits the row lists in place)."""
    labels = {s.key: s.label for s in m.Stage.select(m.Stage.key, m.Stage.label)}
    b = Builder(now, random.Random(seed * 7919 + 11), people, labels, activities)
    rng = b.rng
    rounds_of: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in rounds:
        rounds_of[r["interview"]].append(r)
    thank_of: dict[int, dict[str, Any]] = {}
    created_of: dict[int, dict[str, Any]] = {}
    for a in activities:
        if a["kind"] == ActivityKind.MESSAGE_SENT.value:
            thank_of[a["interview"]] = a
        elif a["kind"] == ActivityKind.CREATED.value:
            created_of[a["interview"]] = a

    for row in interviews:
        iid, key = row["id"], stage_keys[row["stage"]]
        rs = rounds_of.get(iid, [])
        thank = thank_of.get(iid)
        quiet = 0
        if key == "awaiting_reply" and rs and rng.random() < 0.45:
            # Went quiet (2 chases) or is being chased (1): their round was weeks ago.
            quiet = 2 if rng.random() < 0.65 else 1
            _shift(rs[:1], thank, timedelta(days=rng.randint(12, 20)))
        if (
            key == "not_this_time"
            and rs
            and row["stage_entered_at"] < rs[0]["ends_at"] + timedelta(days=2)
        ):
            _shift(
                rs,
                thank,
                rs[0]["ends_at"] - row["stage_entered_at"] + timedelta(days=rng.randint(3, 12)),
            )
        if thank is not None and rs and rng.random() < 0.15:
            late = rs[0]["ends_at"] + timedelta(days=3, hours=rng.randint(2, 30))
            if late < now - timedelta(hours=1):
                thank["at"] = late
        created = row["created_at"]
        if rs:
            created = min(created, rs[0]["starts_at"] - timedelta(days=rng.randint(5, 21)))
        row["created_at"] = created
        created_of[iid]["at"] = created
        last = created
        path: list[tuple[datetime, str]] = []
        if key == "scheduled":
            invite = created + (now - created) * rng.uniform(0.3, 0.8)
            path.append((invite, "scheduled"))
        elif key in AFTER_ROUND and rs:
            start, end = rs[0]["starts_at"], rs[0]["ends_at"]
            invite = created + (start - created) * rng.uniform(0.3, 0.7)
            path.append((invite, "scheduled"))
            met = b.before_now(end + timedelta(minutes=rng.randint(30, 240)), end)
            path.append((met, "interviewed"))
            if rng.random() < 0.05:  # dragged to the wrong column, and back
                path.append((met + timedelta(minutes=2), "scheduled"))
                path.append((met + timedelta(minutes=3), "interviewed"))
            if key != "interviewed":
                sent = thank["at"] if thank is not None else end + timedelta(hours=20)
                # Moved on once the thank-you went, or at once if it went before the move.
                waiting = max(sent, path[-1][0]) + timedelta(minutes=5)
                path.append((b.before_now(waiting, path[-1][0]), "awaiting_reply"))
        if path and rng.random() < 0.5:
            b.log(
                row,
                ActivityKind.REPLY_RECEIVED,
                path[0][0] - timedelta(hours=2),
                "Invited to interview",
            )
        if key in ANSWERED and path:
            after = path[-1][0]
            answer = max(row["stage_entered_at"], after + timedelta(days=rng.randint(1, 9)))
            answer = b.before_now(answer, after)
            if key == "accepted":
                path.append((after + (answer - after) * 0.6, "offer"))
            path.append((answer, key))
            row["last_reply_at"] = answer
            if rng.random() < 0.6:
                b.log(
                    row,
                    ActivityKind.REPLY_RECEIVED,
                    answer - timedelta(minutes=rng.randint(10, 90)),
                    f"{b.labels[key]}: the company wrote",
                )
            if key == "not_this_time" and rng.random() < 0.7:
                late = rng.random() < 0.2
                sent = answer + timedelta(
                    days=rng.randint(3, 5) if late else 1, hours=rng.randint(0, 6)
                )
                if sent < now:
                    b.message(
                        row, sent, FollowUpKind.FEEDBACK_REQUEST, "Thank you for considering me"
                    )
        if key == "awaiting_reply" and thank is not None:
            if quiet:
                chase_at = thank["at"]
                for n in range(1, quiet + 1):
                    chase_at = b.before_now(
                        chase_at + timedelta(days=rng.randint(6, 8), hours=1), chase_at
                    )
                    b.message(row, chase_at, FollowUpKind.CHASE, "Following up on my interview")
                    b.chases.append((iid, n, chase_at))
            elif rng.random() < 0.3:
                reply = thank["at"] + timedelta(days=rng.randint(1, 3))
                if reply < now:
                    b.log(
                        row,
                        ActivityKind.REPLY_RECEIVED,
                        reply,
                        "Thanks — they will be in touch next week",
                    )
                    row["last_reply_at"] = reply
        old = "applied"
        for at, new in path:
            b.move(row, at, old, new)
            old = new
            last = at
        row["stage_entered_at"] = last
        row["updated_at"] = last
        if thank is not None:
            to, cc = b.to_cc(row)
            thank["data"] = {
                "kind": FollowUpKind.THANK_YOU.value,
                "medium": "email",
                "to": to,
                "cc": cc,
                "subject": "Thank you for today's interview",
                "text": "",
            }
    return b


def settle_followups(builder: Builder) -> None:
    """After the rules ran: follow-ups done when their message went, some dismissed (SQL)."""
    db = m.database
    f, a = m.FollowUp._meta.table_name, m.Activity._meta.table_name
    sent = (
        f"SELECT MIN(a.at) FROM {a} a WHERE a.interview_id = {f}.interview_id "
        f"AND a.kind = 'message_sent' AND json_extract(a.data, '$.kind') = {f}.kind"
    )
    # Done when the message went (the demo marked them done "now"); none sent: dismissed.
    db.execute_sql(
        f"UPDATE {f} SET done_at = ({sent}) WHERE state = 'done' AND ({sent}) IS NOT NULL"
    )
    db.execute_sql(
        f"UPDATE {f} SET state = 'dismissed', done_at = NULL "
        f"WHERE state = 'done' AND kind = 'feedback_request' AND ({sent}) IS NULL"
    )
    # A few open ones past their deadline were let go on purpose.
    now = m.FollowUp.deadline_at.db_value(builder.now)
    db.execute_sql(
        f"UPDATE {f} SET state = 'dismissed' WHERE state = 'pending' AND deadline_at < ? "
        "AND id % 4 = 0 AND kind != 'close_no_reply'",
        (now,),
    )
    rows = []
    for iid, n, at in builder.chases:
        due = at - timedelta(hours=builder.rng.randint(1, 30))
        rows.append(
            {
                "interview": iid,
                "kind": FollowUpKind.CHASE.value,
                "rule_key": f"chase:{n}",
                "title": "Politely chase for a reply",
                "due_at": due,
                "deadline_at": due + timedelta(days=2),
                "state": "done",
                "done_at": at,
                "created_at": due,
            }
        )
    from followup_desktop.store.bulk import bulk_insert

    bulk_insert(m.FollowUp, rows)
