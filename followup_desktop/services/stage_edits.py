"""Several stage edits as one transaction: the Stages settings page saves them all or none.

Built on :class:`~followup_desktop.services.board.BoardService`'s single edits (their
transactions join this one), so the validation rules stay in one place: a name is required,
and at least one stage stays visible.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from followup_desktop.core.errors import ValidationError
from followup_desktop.services.board import BoardService


@dataclass(frozen=True, slots=True)
class StageEdit:
    """How one stage should end up. ``key`` is empty for a stage to add."""

    key: str
    label: str
    hidden: bool = False


def apply_stage_edits(board: BoardService, edits: Sequence[StageEdit]) -> list[str]:
    """Make the stages look like ``edits`` (in that order); returns the keys in order.

    Stages missing from ``edits`` keep their settings and go after the listed ones
    (stages are never deleted: cards and rules refer to them).

    Raises:
        ValidationError: an empty name, or every stage hidden (``field`` names it).
    """
    if edits and all(e.hidden for e in edits):
        raise ValidationError("hidden", "At least one stage must stay visible.")
    now = [StageEdit(s.key, s.label, s.hidden) for s in board.stages()]
    if list(edits) == now[: len(edits)] and len(edits) == len(now):
        return [e.key for e in edits]  # nothing to do: no change announced, no rebuild
    with board.ctx.transaction():
        current = {s.key: s for s in board.stages()}
        keys: list[str] = []
        for edit in edits:
            key = edit.key
            if not key:
                key = board.add_stage(edit.label)
            elif key not in current:
                raise ValidationError("stage", f"Unknown stage “{key}”.")
            elif edit.label.strip() != current[key].label:
                board.rename_stage(key, edit.label)
            keys.append(key)
        keys += [k for k in current if k not in keys]
        board.reorder_stages(keys)
        # Show before hiding, so "at least one visible" holds at every step.
        for edit, key in sorted(zip(edits, keys, strict=False), key=lambda p: p[0].hidden):
            if key in current and current[key].hidden == edit.hidden:
                continue
            board.set_stage_hidden(key, edit.hidden)
        return keys


def add_stage_after(board: BoardService, label: str, after_key: str) -> str:
    """Add a stage right after ``after_key`` (one transaction); returns its key."""
    with board.ctx.transaction():
        new_key = board.add_stage(label)
        keys = [s.key for s in board.stages() if s.key != new_key]
        at = keys.index(after_key) + 1 if after_key in keys else len(keys)
        keys.insert(at, new_key)
        board.reorder_stages(keys)
        return new_key
