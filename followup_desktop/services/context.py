"""What every service shares: the clock, the local time zone, and the change announcements.

Services are plain Python (no Qt) so the CLI and the tests use them directly; the GUI wraps
:class:`Changes` announcements in a Qt signal (``ui/bridge.py``). Each public mutation runs in
one transaction (``with ctx.transaction():``) and announces what it changed *after* commit.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from followup_desktop.store import models


def system_timezone() -> tzinfo:
    """The machine's local time zone, as a DST-aware zone when it can be named."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        link = Path("/etc/localtime")
        with contextlib.suppress(OSError):
            parts = link.resolve().parts
            if "zoneinfo" in parts:
                name = "/".join(parts[parts.index("zoneinfo") + 1 :])
    if name:
        with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
            return ZoneInfo(name)
    # Windows / unknown: a fixed offset is the best we can name without extra packages.
    return datetime.now().astimezone().tzinfo or UTC


@dataclass(frozen=True)
class Moved:
    """Exactly how one move changed the board: views can apply it without re-reading.

    ``ids`` (in order) went to ``stage_key``'s column at drop ``row`` (None: its end), read
    as the move reads it: the row in the column as it was, cards taken from above it
    shifting it up (``ui/board/commands.column_after_move`` computes the result).
    """

    ids: tuple[int, ...]
    stage_key: str
    row: int | None


@dataclass
class Changes:
    """What one operation changed, so views refresh only what is stale."""

    interviews: set[int] = field(default_factory=set)
    #: stages whose card order changed (by stage key)
    columns: set[str] = field(default_factory=set)
    contacts: set[int] = field(default_factory=set)
    organizations: set[int] = field(default_factory=set)
    followups: bool = False
    stages: bool = False
    settings: bool = False
    #: everything (after an import or a restore)
    everything: bool = False
    #: set by a move that ran as an operation of its own: the only column change it made
    moved: Moved | None = None

    def __bool__(self) -> bool:
        return bool(
            self.interviews
            or self.columns
            or self.contacts
            or self.organizations
            or self.followups
            or self.stages
            or self.settings
            or self.everything
        )


Listener = Callable[[Changes], None]

#: The context whose transaction is running, so the timeline can stamp entries with the
#: services' clock (a fixed clock in tests, never the wall clock behind its back).
_ACTIVE: ContextVar[ServiceContext | None] = ContextVar("followup_active_context", default=None)


def transaction_now() -> datetime | None:
    """``now`` of the services' clock inside a running transaction, else ``None``."""
    ctx = _ACTIVE.get()
    return ctx.now() if ctx is not None else None


class ServiceContext:
    """Clock, time zone, transactions and change listeners."""

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
    ) -> None:
        self._clock = clock or (lambda: datetime.now(UTC).replace(microsecond=0))
        self.tz: tzinfo = tz or system_timezone()
        self._listeners: list[Listener] = []
        self._pending: Changes | None = None
        self._depth = 0

    def now(self) -> datetime:
        return self._clock()

    @property
    def nested(self) -> bool:
        """Inside a transaction that an outer operation opened (changes are shared)."""
        return self._depth > 1

    def set_clock(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(listener)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Changes]:
        """One use-case = one transaction. Nested calls join the outer one.

        The yielded :class:`Changes` is filled by the operation and announced after the
        outermost transaction commits; nothing is announced when it rolls back.
        """
        outer = self._depth == 0
        token = _ACTIVE.set(self) if outer else None
        if outer:
            self._pending = Changes()
        self._depth += 1
        pending = self._pending
        assert pending is not None
        try:
            with models.database.atomic():
                yield pending
        except BaseException:
            if outer:
                self._pending = None
            raise
        finally:
            self._depth -= 1
            if token is not None:
                _ACTIVE.reset(token)
        if outer:
            self._pending = None
            if pending:
                self.announce(pending)

    def announce(self, changes: Changes) -> None:
        for listener in list(self._listeners):
            listener(changes)
