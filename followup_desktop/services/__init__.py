"""Use-cases: each call validates, writes in one transaction, logs activity, announces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from followup_desktop.services.board import BoardService
from followup_desktop.services.contacts import ContactService
from followup_desktop.services.context import Changes, ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.services.rounds import RoundService
from followup_desktop.services.settings import SettingsService

__all__ = ["Changes", "ServiceContext", "Services"]


@dataclass
class Services:
    """Everything the UI and the CLI call, sharing one context."""

    ctx: ServiceContext
    board: BoardService
    contacts: ContactService
    rounds: RoundService
    followups: FollowUpService
    settings: SettingsService
    db_path: Path | None = None

    @classmethod
    def create(
        cls,
        clock: Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        db_path: Path | None = None,
    ) -> Services:
        """Services over the already opened store (see ``store.db.open_store``)."""
        ctx = ServiceContext(clock, tz)
        followups = FollowUpService(ctx)
        return cls(
            ctx=ctx,
            board=BoardService(ctx, followups),
            contacts=ContactService(ctx, followups),
            rounds=RoundService(ctx, followups),
            followups=followups,
            settings=SettingsService(ctx, followups),
            db_path=db_path,
        )
