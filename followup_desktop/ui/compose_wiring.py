"""Plugs the compose feature into the main window.

- ``MainWindow.sig_compose_requested`` (tray, notifications, due panel) opens the compose
  window for that follow-up;
- the board's card menu gets its **Compose ▸** entries: one per open follow-up that is a
  message, for the selected cards;
- Settings gets the **Templates** page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMenu

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.facts import FollowUpState
from followup_desktop.services.template_files import COMPOSABLE_KINDS
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings import templates_page

#: At most this many entries in a card's Compose ▸ menu.
MENU_LIMIT = 12
_OPEN = (FollowUpState.PENDING, FollowUpState.SNOOZED)


def open_compose(window: MainWindow, followup_id: int) -> None:
    """Show the compose window for a follow-up that is a message; open the others.

    A prepare checklist or a "close it as no reply?" has nothing to write: "Compose…" on one
    (the tray offers it for every follow-up) shows it in the window instead.
    """
    from followup_desktop.ui.dialogs.compose_dialog import open_compose as show

    try:
        kind = window.services.followups.get(followup_id).kind
    except FollowUpError:
        kind = None  # gone: the compose window says so
    if kind is not None and kind not in COMPOSABLE_KINDS:
        window.open_followup(followup_id)
        return
    show(window, followup_id)


def fill_compose_menu(window: MainWindow, menu: QMenu, interview_ids: Sequence[int]) -> None:
    """One "Write: <follow-up>…" entry per open message follow-up of the selected cards."""
    followups = [
        f
        for interview_id in interview_ids
        for f in window.services.followups.for_interview(interview_id)
        if f.kind in COMPOSABLE_KINDS and f.state in _OPEN
    ]
    followups.sort(key=lambda f: (f.effective_due_at, f.id))
    several = len(set(interview_ids)) > 1
    for f in followups[:MENU_LIMIT]:
        label = f"{f.title}…" if not several else f"{f.company}: {f.title}…"
        action = menu.addAction(label.replace("&", "&&"))
        action.setObjectName(f"compose-{f.id}")
        action.triggered.connect(lambda _checked=False, fid=f.id: open_compose(window, fid))


def install_compose(window: MainWindow) -> None:
    """Connect the compose window to every place that asks for it."""
    window.sig_compose_requested.connect(window.open_compose)
    board = getattr(window, "board", None)
    if board is not None and hasattr(board, "compose_menu_hook"):
        board.compose_menu_hook = lambda menu, ids: fill_compose_menu(window, menu, ids)
    templates_page.register()
