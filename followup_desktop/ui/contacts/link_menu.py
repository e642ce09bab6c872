"""The small menu that asks, after a person is dropped on a card, which role they play there:
interviewer in which round, HR, agency recruiter, or someone else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from followup_desktop.services import Services
from followup_desktop.services.rounds import round_label


@dataclass(frozen=True, slots=True)
class LinkChoice:
    """What the user picked: a role, and for an interviewer optionally the round."""

    role: str
    round_id: int | None = None


def build_link_menu(
    services: Services,
    interview_id: int,
    names: str,
    on_choice: Callable[[LinkChoice], None],
    parent: QWidget | None = None,
) -> QMenu:
    """A menu with one action per possible role; picking one calls ``on_choice``."""
    menu = QMenu(parent)
    menu.setObjectName("linkMenu")
    details = services.board.get(interview_id)
    title = menu.addAction(f"Link {names} to {details.company} — {details.role} as…")
    title.setEnabled(False)
    menu.addSeparator()

    def add(text: str, choice: LinkChoice) -> QAction:
        action = menu.addAction(text)
        action.setData(choice)
        action.triggered.connect(lambda: on_choice(choice))
        return action

    rounds = services.rounds.rounds_of(interview_id)
    tz = services.ctx.tz
    for rnd in rounds:
        when = rnd.starts_at.astimezone(tz).strftime("%a %d %b")
        add(
            f"Interviewer in {round_label(rnd.kind).lower()} ({when})",
            LinkChoice("interviewer", rnd.id),
        )
    add("Interviewer (no round yet)" if rounds else "Interviewer", LinkChoice("interviewer"))
    add("HR", LinkChoice("hr"))
    if details.agency:
        add(f"Agency recruiter ({details.agency})", LinkChoice("agency_recruiter"))
    else:
        add("Agency recruiter", LinkChoice("agency_recruiter"))
    add("Someone else", LinkChoice("other"))
    return menu
