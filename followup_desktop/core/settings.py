"""Follow-up timings (PRODUCT.md's numbers) and the user's profile.

They live in the database (table ``setting``) so they travel with an export.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import time
from typing import Any


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Every number of the seven follow-up rules, with PRODUCT.md's defaults."""

    #: Rule 1: the prepare checklist is shown at this local hour on the day of a round.
    prepare_hour: int = 8
    #: Rule 2: a thank-you is due within this many days of a round's end.
    thank_you_days: int = 2
    #: Rule 3: promised material is due within this many days of the round.
    promise_days: int = 2
    #: Rule 4: with no reply date noted, chase this many days after the last round.
    chase_default_days: int = 7
    #: Rule 4: local hour at which a chase falls due on its working day.
    chase_hour: int = 9
    #: Rule 6: the thank-you-for-considering-me note is due within this many days.
    feedback_days: int = 2
    #: Rule 6: keep-in-touch check-ins, in months after the "no".
    keep_in_touch_months: tuple[int, ...] = (3, 6)
    #: Rule 7: at most one outbound message to the same company within this many days.
    min_days_between_messages: int = 5
    #: Rule 7: at most this many chases without a reply.
    max_chases: int = 2
    #: Quiet hours: notifications wait until they end (counts still update).
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["keep_in_touch_months"] = list(self.keep_in_touch_months)
        data["quiet_start"] = self.quiet_start.strftime("%H:%M")
        data["quiet_end"] = self.quiet_end.strftime("%H:%M")
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RuleSettings:
        """Build from stored JSON; unknown keys are ignored, missing ones take defaults."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in known}
        if "keep_in_touch_months" in kwargs:
            kwargs["keep_in_touch_months"] = tuple(int(m) for m in kwargs["keep_in_touch_months"])
        for key in ("quiet_start", "quiet_end"):
            if isinstance(kwargs.get(key), str):
                kwargs[key] = time.fromisoformat(kwargs[key])
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Profile:
    """The candidate: signs letters and emails."""

    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    signature: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(cls)}
        return cls(**{k: str(v) for k, v in data.items() if k in known})
