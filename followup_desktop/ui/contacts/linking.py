"""Linking people to an interview from the contacts sidebar: people dropped on a card get a
small menu asking which role they play there (``link_menu.py``), then the link is made as one
undoable step — an interviewer in a round, HR, agency recruiter or someone else."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from followup_desktop.core.errors import FollowUpError
from followup_desktop.ui.contacts.commands import run_and_push
from followup_desktop.ui.contacts.link_menu import LinkChoice, build_link_menu

if TYPE_CHECKING:
    from followup_desktop.ui.contacts.sidebar import ContactsSidebar


def link_dropped(
    sidebar: ContactsSidebar,
    interview_id: int,
    contact_ids: Sequence[int],
    at: QPoint | None = None,
) -> QMenu | None:
    """People were dropped on a card: ask which role they play there, then link them."""
    ids = [i for i in dict.fromkeys(contact_ids)]
    try:
        names = ", ".join(sidebar.services.contacts.get(i).name for i in ids)
    except FollowUpError as exc:
        sidebar.warn(str(exc))
        return None
    if not ids:
        return None
    menu = build_link_menu(
        sidebar.services,
        interview_id,
        names,
        lambda choice: sidebar.link(interview_id, ids, choice),
        sidebar,
    )
    sidebar.link_menu = menu
    menu.popup(at if at is not None else sidebar.cursor().pos())
    return menu


def link(
    sidebar: ContactsSidebar, interview_id: int, contact_ids: Sequence[int], choice: LinkChoice
) -> None:
    """Give these people a role in an interview (undoably)."""
    contacts, rounds = sidebar.services.contacts, sidebar.services.rounds
    ids = list(contact_ids)
    names = ", ".join(contacts.get(i).name for i in ids)
    try:
        if choice.round_id is not None:
            round_id = choice.round_id
            before = next(r for r in rounds.rounds_of(interview_id) if r.id == round_id)
            after = tuple(dict.fromkeys([*before.interviewer_ids, *ids]))
            run_and_push(
                sidebar.undo_stack,
                f"Link {names}",
                lambda: rounds.update_round(round_id, interviewer_ids=after),
                lambda: rounds.update_round(round_id, interviewer_ids=before.interviewer_ids),
            )
        else:
            added: list[int] = []

            def redo() -> None:
                added.clear()
                added.extend(i for i in ids if contacts.link(interview_id, i, choice.role))

            def undo() -> None:
                for i in added:
                    contacts.unlink(interview_id, i, choice.role)

            run_and_push(sidebar.undo_stack, f"Link {names}", redo, undo)
    except (FollowUpError, StopIteration) as exc:
        sidebar.warn(str(exc) or "That round no longer exists.")
        return
    sidebar.highlight_people_of(interview_id)
