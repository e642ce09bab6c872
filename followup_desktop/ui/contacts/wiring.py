"""Plugs the contacts sidebar, the interview editor and the reply-date question into the
main window and its board.

- the sidebar docks on the left (View ▸ Contacts, Ctrl+1);
- selecting people rings their cards (``board.highlight``); selecting cards marks their
  people in the sidebar;
- people dropped on a card (``board.sig_contacts_dropped``) get a role from a small menu;
- Enter or a double-click on a card (``board.sig_open_interview``) opens the editor;
- a card entering Interviewed / Awaiting reply with no reply date asks for it, once.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCursor

from followup_desktop.core.errors import FollowUpError
from followup_desktop.ui.contacts.sidebar import ContactsSidebar
from followup_desktop.ui.dialogs.reply_prompt import ReplyDateWatcher

if TYPE_CHECKING:
    # Imported when the first card is opened, not at start (~25 ms of dialogs and panels).
    from followup_desktop.ui.dialogs.interview_editor import InterviewEditor


@dataclass
class ContactsFeature:
    """What :func:`install_contacts` made (tests and other features reach it here)."""

    window: Any
    sidebar: ContactsSidebar
    reply_watcher: ReplyDateWatcher
    editors: dict[int, InterviewEditor] = field(default_factory=dict)

    def open_editor(self, interview_id: int) -> InterviewEditor | None:
        """Open (or raise) the editor of one interview."""
        editor = self.editors.get(interview_id)
        if editor is not None:
            editor.show()
            editor.raise_()
            editor.activateWindow()
            return editor
        from followup_desktop.ui.dialogs.interview_editor import InterviewEditor

        try:
            editor = InterviewEditor(
                self.window.services, self.window.undo_stack, interview_id, self.window
            )
        except FollowUpError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            return None
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        bridge = self.window.bridge
        bridge.sig_changed.connect(editor.on_changes)
        self.editors[interview_id] = editor

        def gone() -> None:
            self.editors.pop(interview_id, None)
            with contextlib.suppress(RuntimeError, TypeError):
                bridge.sig_changed.disconnect(editor.on_changes)

        editor.finished.connect(lambda _r: gone())
        editor.show()
        return editor


def _follow_selection_later(board: Any, sidebar: ContactsSidebar) -> None:
    """Mark the selected cards' people once the selection settles, after the board repainted.

    A drop selects the moved cards; looking their people up (a few ms at 10,000 interviews)
    must not hold the drop's repaint back, and a burst of selection changes costs one look.
    """
    timer = QTimer(sidebar)
    timer.setSingleShot(True)
    timer.setInterval(0)
    latest: list[list[int]] = [[]]

    def selected(ids: list[int]) -> None:
        latest[0] = list(ids)
        timer.start()

    timer.timeout.connect(lambda: sidebar.highlight_people_of_cards(latest[0]))
    board.sig_selection_changed.connect(selected)


def install_contacts(window: Any) -> ContactsFeature:
    """Add the sidebar, the editor and the reply-date question to ``window``."""
    sidebar = ContactsSidebar(window.services, window.undo_stack, window)
    window.add_dock(sidebar, Qt.DockWidgetArea.LeftDockWidgetArea, "Ctrl+1")
    toggle = sidebar.toggleViewAction()
    toggle.setText("&Contacts")
    window.bridge.sig_changed.connect(sidebar.on_changes)
    watcher = ReplyDateWatcher(window.services, window.undo_stack, window)
    window.bridge.sig_changed.connect(watcher.on_changes)
    feature = ContactsFeature(window, sidebar, watcher)

    board = getattr(window, "board", None)
    if board is not None:
        _follow_selection_later(board, sidebar)
        sidebar.sig_highlight_interviews.connect(board.highlight)
        board.sig_contacts_dropped.connect(
            lambda iid, ids: sidebar.link_dropped(iid, ids, QCursor.pos())
        )
        board.sig_open_interview.connect(feature.open_editor)
    # The Profile settings page comes with this feature (registered on import).
    from followup_desktop.ui.settings import profile_page  # noqa: F401

    window.contacts_feature = feature
    return feature
