"""Hand-made interview histories for the insights and report tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from followup_desktop.core.facts import FollowUpKind, FollowUpState
from followup_desktop.core.history import (
    FollowUpRecord,
    InterviewHistory,
    Reply,
    RoundHeld,
    SentMessage,
    StageChange,
    StageRef,
)
from followup_desktop.core.stages import DEFAULT_STAGES

#: The default board, as the services would describe it.
BOARD = tuple(StageRef(s.key, s.meaning, s.label) for s in DEFAULT_STAGES)
STAGE = {s.key: s for s in BOARD}
#: A Monday, 09:00 UTC.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    """``n`` days after T0."""
    return T0 + timedelta(days=n)


def history(
    iid: int = 1,
    company: str = "Acme Ltd",
    *,
    path: tuple[tuple[float, str], ...] = (),
    first: str = "applied",
    created: float = 0,
    employer_id: int | None = None,
    messages: tuple[SentMessage, ...] = (),
    replies: tuple[float, ...] = (),
    rounds: tuple[tuple[float, float], ...] = (),
    followups: tuple[FollowUpRecord, ...] = (),
    role: str = "Designer",
) -> InterviewHistory:
    """An interview added to ``first`` on day ``created``, then moved along ``path``.

    ``path`` is ((day, stage key), ...); ``rounds`` are (start day, end day) pairs.
    """
    changes = []
    current = first
    for at, key in path:
        changes.append(StageChange(day(at), STAGE[current], STAGE[key]))
        current = key
    return InterviewHistory(
        id=iid,
        company=company,
        role=role,
        created_at=day(created),
        first_stage=STAGE[first],
        current_stage=STAGE[current],
        employer_id=iid if employer_id is None else employer_id,
        stage_changes=tuple(changes),
        messages=messages,
        replies=tuple(Reply(day(r), "They wrote back") for r in replies),
        rounds=tuple(
            RoundHeld(day(s), day(e), "first_interview", ("Ian Vale (CTO)",)) for s, e in rounds
        ),
        followups=followups,
    )


def message(at: float, kind: FollowUpKind = FollowUpKind.THANK_YOU, **kw: object) -> SentMessage:
    return SentMessage(day(at), kind.value, **kw)  # type: ignore[arg-type]


def followup(
    kind: FollowUpKind,
    state: FollowUpState,
    deadline: float,
    done: float | None = None,
    due: float | None = None,
) -> FollowUpRecord:
    return FollowUpRecord(
        kind=kind,
        title=kind.value,
        state=state,
        due_at=day(deadline - 1 if due is None else due),
        deadline_at=day(deadline),
        done_at=None if done is None else day(done),
    )
