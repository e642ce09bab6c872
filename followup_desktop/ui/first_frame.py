"""Work that can wait until the main window's first frame is on screen.

Start-up is judged by how soon the board appears. Whatever the first frame does not show
(the first reminder check, filling side panels) is queued here and runs right after that
frame is painted: a paint comes first, then a zero timer runs the queue. A window that is
shown but never painted (started minimized, covered) runs the queue after
:data:`FALLBACK_MS`; a window that is never shown (started hidden in the tray) calls
:meth:`FirstFrame.release`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

#: Run the queue this long after the window was shown, painted or not.
FALLBACK_MS = 1000


class FirstFrame(QObject):
    """Queues callbacks until ``window`` has painted its first frame (then runs them once)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._queue: list[Callable[[], object]] = []
        self._painted = False
        self.done = False
        window.installEventFilter(self)

    def later(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` after the first frame (soon, if that already happened)."""
        if self.done:
            QTimer.singleShot(0, callback)
        else:
            self._queue.append(callback)

    def release(self) -> None:
        """Run what waits now: the window will not be painted soon (it starts hidden)."""
        if self.done:
            return
        self.done = True
        self._window.removeEventFilter(self)
        queue, self._queue = self._queue, []
        for callback in queue:
            callback()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and not self.done:
            kind = event.type()
            if kind == QEvent.Type.Show:
                QTimer.singleShot(FALLBACK_MS, self, self.release)
            elif kind == QEvent.Type.Paint and not self._painted:
                self._painted = True
                # The paint pass is not over yet (children paint after the window).
                QTimer.singleShot(0, self, self.release)
        return False
