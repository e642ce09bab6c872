"""Turn freshly derived follow-ups into creates, updates and deletes of stored ones.

Pure: the store reads the interview's follow-ups into :class:`StoredFollowUp`, calls
:func:`plan_reconcile` with :func:`.rules.derive`'s output, and applies the plan in one
transaction. Stored and derived follow-ups are matched by ``rule_key`` (unique per interview).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from followup_desktop.core.facts import DerivedFollowUp, FollowUpKind, FollowUpState, Recipient

#: Rule keys of follow-ups the user added by hand start with this; the rules never touch them.
MANUAL_PREFIX = "manual:"

_LIVE = frozenset({FollowUpState.PENDING, FollowUpState.SNOOZED})


@dataclass(frozen=True)
class StoredFollowUp:
    """A follow-up as the store holds it, reduced to what reconciling compares."""

    id: int
    rule_key: str
    kind: FollowUpKind
    state: FollowUpState
    #: True once the user changed its title, due time, recipients...: their edit wins
    user_edited: bool
    title: str
    due_at: datetime
    deadline_at: datetime
    to: tuple[Recipient, ...] = ()
    cc: tuple[Recipient, ...] = ()
    round_id: int | None = None
    promise_id: int | None = None
    note: str = ""
    #: the stored checklist; None when the store does not keep one (then it is not compared)
    checklist: tuple[str, ...] | None = None


@dataclass
class ReconcilePlan:
    """What to do to the stored follow-ups of one interview."""

    create: list[DerivedFollowUp] = field(default_factory=list)
    #: (stored id, what it should now say)
    update: list[tuple[int, DerivedFollowUp]] = field(default_factory=list)
    #: stored ids whose reason disappeared
    delete: list[int] = field(default_factory=list)

    def is_empty(self) -> bool:
        """Return True when there is nothing to do."""
        return not (self.create or self.update or self.delete)


def is_rule_owned(stored: StoredFollowUp) -> bool:
    """Return True if the rules may change or delete ``stored``.

    Follow-ups the user added by hand, and ones that are done or dismissed, are the user's.
    """
    if stored.kind == FollowUpKind.CUSTOM or stored.rule_key.startswith(MANUAL_PREFIX):
        return False
    return stored.state in _LIVE


def _instant(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def differs(stored: StoredFollowUp, derived: DerivedFollowUp) -> bool:
    """Return True when ``stored`` no longer says what ``derived`` says.

    Datetimes compare as UTC instants, so a value from the store equals the same moment in
    any zone (even in a DST overlap, where ``==`` across zones is always False).
    """
    if stored.checklist is not None and stored.checklist != derived.checklist:
        return True
    return (
        stored.kind,
        stored.title,
        _instant(stored.due_at),
        _instant(stored.deadline_at),
        stored.to,
        stored.cc,
        stored.round_id,
        stored.promise_id,
        stored.note,
    ) != (
        derived.kind,
        derived.title,
        _instant(derived.due_at),
        _instant(derived.deadline_at),
        derived.to,
        derived.cc,
        derived.round_id,
        derived.promise_id,
        derived.note,
    )


def plan_reconcile(
    stored: Iterable[StoredFollowUp], derived: Iterable[DerivedFollowUp]
) -> ReconcilePlan:
    """Plan how to bring one interview's stored follow-ups in line with the rules.

    Args:
        stored: the interview's follow-ups as stored, in any state.
        derived: what :func:`.rules.derive` returned for it now.

    Returns:
        A plan where:

        * a derived follow-up whose key is not stored at all is created;
        * a done or dismissed one is never touched, and its key is never created again;
        * a hand-made one (kind ``CUSTOM`` or key ``manual:...``) is never touched;
        * a pending or snoozed one the user edited is kept as the user left it;
        * a pending or snoozed one the rules own is updated when it differs, and deleted when
          its key is no longer derived (its round was deleted, the stage moved back...).

        Applying the plan and planning again gives an empty plan.
    """
    stored = list(stored)
    wanted: dict[str, DerivedFollowUp] = {}
    for d in derived:
        wanted.setdefault(d.rule_key, d)  # first wins if a caller passes a key twice
    stored_keys = {s.rule_key for s in stored}

    plan = ReconcilePlan()
    plan.create = [d for key, d in wanted.items() if key not in stored_keys]
    for s in stored:
        if not is_rule_owned(s):
            continue
        target = wanted.get(s.rule_key)
        if target is None:
            # Deleted even if edited: the reason for it is gone (e.g. the round was deleted).
            plan.delete.append(s.id)
        elif not s.user_edited and differs(s, target):
            plan.update.append((s.id, target))
    return plan
