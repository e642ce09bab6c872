"""Acting on a follow-up from anywhere: the tray menu, a notification, the due panel, the bar.

One place does it so every route behaves the same: done, dismiss and snooze go through the
services as undoable edits on the window's shared undo stack; "Compose…" asks whoever
connected ``MainWindow.sig_compose_requested`` (the compose dialog), and until somebody has,
opens the follow-up in the window instead; "Open interview" shows the window on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from functools import partial

from PySide6.QtCore import QMetaMethod, QObject, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMenu

from followup_desktop.core.errors import FollowUpError
from followup_desktop.core.snooze_times import snooze_choices
from followup_desktop.services import followup_undo
from followup_desktop.services.followup_views import FollowUpView
from followup_desktop.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class _Edit(QUndoCommand):
    """An edit already made once; redo/undo replay it through the services."""

    def __init__(self, text: str, redo: Callable[[], None], undo: Callable[[], None]) -> None:
        super().__init__(text)
        self._redo, self._undo = redo, undo
        self._done_once = False

    def redo(self) -> None:
        if not self._done_once:  # QUndoStack.push calls redo(): the edit is already made
            self._done_once = True
            return
        if not _quietly(self._redo):
            self.setObsolete(True)

    def undo(self) -> None:
        if not _quietly(self._undo):
            self.setObsolete(True)  # dropped, not left on the stack as if it had run


def _quietly(call: Callable[[], None]) -> bool:
    """Run an undo or redo; False when it could not be done (nothing then escapes to Qt)."""
    try:
        call()
    except FollowUpError as exc:
        # The follow-up has since gone (its card deleted): nothing left to undo.
        log.info("undo/redo skipped: %s", exc)
        return False
    except Exception:  # never into Qt's C++ undo stack (the transaction rolled back)
        log.exception("undo/redo of a follow-up failed")
        return False
    return True


class FollowUpActions(QObject):
    """Done, dismiss, snooze, compose and open, for one follow-up id.

    Args:
        window: the main window (services, undo stack, status bar, compose hook).
    """

    #: str — a message for the user after an action failed (e.g. the follow-up is gone)
    sig_failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.services = window.services

    # -- actions -------------------------------------------------------------------------
    def mark_done(self, followup_id: int) -> bool:
        return self._edit(followup_id, "Mark follow-up done", self.services.followups.mark_done)

    def dismiss(self, followup_id: int) -> bool:
        return self._edit(followup_id, "Dismiss follow-up", self.services.followups.dismiss)

    def snooze(self, followup_id: int, until: datetime) -> bool:
        followups = self.services.followups
        return self._edit(followup_id, "Snooze follow-up", lambda fid: followups.snooze(fid, until))

    def snooze_by(self, followup_id: int, key: str = "hour") -> bool:
        """Snooze for one of the offered lengths ("hour", "tomorrow", "next_week")."""
        choices = snooze_choices(self.services.ctx.now(), self.services.ctx.tz)
        until = next((c.until for c in choices if c.key == key), choices[0].until)
        return self.snooze(followup_id, until)

    def compose(self, followup_id: int) -> None:
        """Write the message for it: the compose dialog, or the window on it until one exists."""
        hook = QMetaMethod.fromSignal(self.window.sig_compose_requested)
        if self.window.isSignalConnected(hook):
            self.window.sig_compose_requested.emit(followup_id)
        else:
            self.open(followup_id)

    def open(self, followup_id: int) -> None:
        """Show the window on this follow-up (and its interview on the board)."""
        self.window.open_followup(followup_id)

    def _edit(self, followup_id: int, text: str, do: Callable[[int], None]) -> bool:
        """Do ``do`` once; undo puts the follow-up back exactly as it was before.

        Redo and undo find it by interview and rule key, not by this id: undoing an
        interview's save may bring it back under another one.
        """
        ctx = self.services.ctx
        try:
            saved = followup_undo.save(followup_id)
            do(followup_id)
        except FollowUpError as exc:
            return self._fail(exc)
        self.window.undo_stack.push(
            _Edit(
                text,
                lambda: do(followup_undo.current_id(saved)),
                lambda: followup_undo.put_back(ctx, saved),
            )
        )
        return True

    def _fail(self, exc: FollowUpError) -> bool:
        self.window.statusBar().showMessage(str(exc), 8000)
        self.sig_failed.emit(str(exc))
        return False

    # -- menus ---------------------------------------------------------------------------
    def fill_menu(self, menu: QMenu, item: FollowUpView) -> None:
        """Add Compose…, Mark done, Snooze ▸, Dismiss, Open interview for ``item``."""
        fid = item.id
        menu.addAction("Compose…", lambda: self.compose(fid))
        menu.addAction("Mark done", lambda: self.mark_done(fid))
        snooze = menu.addMenu("Snooze")
        for choice in snooze_choices(self.services.ctx.now(), self.services.ctx.tz):
            # The end is worked out when chosen: a menu may stay built for a while.
            action = snooze.addAction(choice.label, partial(self.snooze_by, fid, choice.key))
            action.setObjectName(f"snooze_{choice.key}")
        menu.addAction("Dismiss", lambda: self.dismiss(fid))
        menu.addSeparator()
        menu.addAction("Open interview", lambda: self.open(fid))
