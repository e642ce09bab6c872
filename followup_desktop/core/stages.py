"""Stages are board columns. Rules follow a stage's fixed *meaning*, never its label."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class StageMeaning(StrEnum):
    """What a stage means to the follow-up rules. Users may add stages with ``CUSTOM``."""

    APPLIED = "applied"
    SCHEDULED = "scheduled"
    INTERVIEWED = "interviewed"
    AWAITING_REPLY = "awaiting_reply"
    NEXT_ROUND = "next_round"
    OFFER = "offer"
    ACCEPTED = "accepted"
    NOT_THIS_TIME = "not_this_time"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True)
class DefaultStage:
    key: str
    meaning: StageMeaning
    label: str
    color: str  # the card's coloured edge, "#rrggbb"


DEFAULT_STAGES: tuple[DefaultStage, ...] = (
    DefaultStage("applied", StageMeaning.APPLIED, "Applied", "#7b8794"),
    DefaultStage("scheduled", StageMeaning.SCHEDULED, "Scheduled", "#3b82f6"),
    DefaultStage("interviewed", StageMeaning.INTERVIEWED, "Interviewed", "#8b5cf6"),
    DefaultStage("awaiting_reply", StageMeaning.AWAITING_REPLY, "Awaiting reply", "#f59e0b"),
    DefaultStage("next_round", StageMeaning.NEXT_ROUND, "Next round", "#06b6d4"),
    DefaultStage("offer", StageMeaning.OFFER, "Offer", "#10b981"),
    DefaultStage("accepted", StageMeaning.ACCEPTED, "Accepted", "#16a34a"),
    DefaultStage("not_this_time", StageMeaning.NOT_THIS_TIME, "Not this time", "#e11d48"),
)

#: Stages in which the candidate waits for the company's answer (rule 4, the chase).
WAITING_FOR_REPLY = frozenset({StageMeaning.INTERVIEWED, StageMeaning.AWAITING_REPLY})

#: Stages after which no thank-you / chase makes sense any more.
CLOSED = frozenset({StageMeaning.ACCEPTED, StageMeaning.NOT_THIS_TIME})
#: Moving into these stages means the company answered: the card's ``last_reply_at`` is set
#: (it resets the chase count, rule 7, and the history counts it as an answer).
ANSWER_STAGES = frozenset(
    {StageMeaning.NEXT_ROUND, StageMeaning.OFFER, StageMeaning.ACCEPTED, StageMeaning.NOT_THIS_TIME}
)


def meaning_of(value: str) -> StageMeaning:
    """Return the :class:`StageMeaning` for a stored string; unknown strings are custom."""
    try:
        return StageMeaning(value)
    except ValueError:
        return StageMeaning.CUSTOM
