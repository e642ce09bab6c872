"""The main window: menus, status bar, the board in the middle, docks around it.

Features plug in through small hooks so each lives in its own module:
``file_menu`` / ``edit_menu`` / ``view_menu`` / ``help_menu`` for actions, ``undo_stack``
shared by every undoable edit, ``add_dock`` for side panels, and ``close_to_tray`` which the
tray sets when a tray is really there (closing then hides instead of quitting).
The board (``board``, also the central widget) offers ``sig_open_interview``,
``sig_selection_changed``, ``sig_contacts_dropped``, ``compose_menu_hook``, ``highlight`` and
``select_interview`` to the features around it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from followup_desktop import APP_NAME, __version__
from followup_desktop.services import Changes, Services
from followup_desktop.ui.board.board_widget import BoardWidget
from followup_desktop.ui.bridge import ChangeBridge
from followup_desktop.ui.first_frame import FirstFrame


class MainWindow(QMainWindow):
    #: emitted when the user asks to quit for real (menu, Ctrl+Q), not when hiding to tray
    sig_quit_requested = Signal()
    #: int — a follow-up's id: the user asked to write its message ("Compose…" in the tray
    #: menu, a notification's Compose button, the due panel); the compose dialog connects it
    sig_compose_requested = Signal(int)
    #: int — a follow-up's id: the window was brought up on it (notification click, "Open
    #: interview"); the due panel selects it, the editor may open its interview
    sig_followup_opened = Signal(int)

    def __init__(
        self, services: Services, *, demo: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.demo = demo
        self.bridge = ChangeBridge(services, self)
        self.undo_stack = QUndoStack(self)
        #: work that waits for the first painted frame (``after_first_frame``)
        self.first_frame = FirstFrame(self)
        #: set by the tray when it is available: closing the window then hides it
        self.close_to_tray = False
        self.setWindowTitle(f"{APP_NAME} — sample data" if demo else APP_NAME)
        self.setObjectName("MainWindow")
        self.resize(1280, 800)
        self.due_label = QLabel(self)
        self.due_label.setObjectName("due-summary")
        self.statusBar().addPermanentWidget(self.due_label)
        self.board = BoardWidget(services, self.bridge, self.undo_stack, QSettings(), self)
        self._build_menus()
        self.setCentralWidget(self.board)
        self.board.sig_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.board.sig_stage_settings_requested.connect(lambda: self.open_settings("Stages"))
        self.bridge.sig_changed.connect(self._on_changes)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(0)
        self._status_timer.timeout.connect(self._refresh_status)
        self._refresh_status()
        # Keyboard users start on the cards, not in the filter field.
        self.board.focus_cards()

    # -- building ------------------------------------------------------------------------
    def _add_board_actions(self) -> None:
        actions = self.board.actions_
        self.file_menu.addAction(actions.new)
        self.file_menu.addAction(actions.show_archive)
        self.file_menu.addSeparator()
        explore = QAction("E&xplore with sample data", self)
        explore.setStatusTip("Open a separate window with made-up interviews to try things out")
        explore.triggered.connect(self.board.explore_sample_data)
        self.file_menu.addAction(explore)
        self.settings_action = QAction("&Settings…", self)
        self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.settings_action.triggered.connect(lambda: self.open_settings())
        self.file_menu.addAction(self.settings_action)
        self.edit_menu.addAction(actions.filter)
        self.edit_menu.addSeparator()
        for action in actions.card_actions():
            self.edit_menu.addAction(action)
        self.edit_menu.addSeparator()
        self.view_menu.addAction(actions.expand_all)
        self.view_menu.addSeparator()

    def open_settings(self, page: str | None = None) -> None:
        """The Settings dialog, on ``page`` (a page title) if given."""
        from followup_desktop.ui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.services, self, page)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.settings_dialog = dialog
        dialog.open()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.edit_menu = bar.addMenu("&Edit")
        undo = self.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.edit_menu.addSeparator()
        self.view_menu = bar.addMenu("&View")
        self.help_menu = bar.addMenu("&Help")
        self._add_board_actions()
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self._about)
        self.help_menu.addAction(about)
        self.quit_action = QAction("&Quit", self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.quit)
        # Added last by ``finish_menus`` so feature actions come before it.

    def finish_menus(self) -> None:
        """Call once every feature has added its actions: puts Quit at the end of File."""
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the window's first frame is painted: start-up work the first
        frame does not show (a reminder check, filling a side panel) waits for it."""
        self.first_frame.later(callback)

    def add_dock(
        self,
        dock: QDockWidget,
        area: Qt.DockWidgetArea,
        shortcut: str | None = None,
    ) -> None:
        """Add a side panel with a View-menu toggle (and an optional shortcut)."""
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        if shortcut:
            toggle.setShortcut(QKeySequence(shortcut))
        self.view_menu.addAction(toggle)

    # -- behaviour -----------------------------------------------------------------------
    def quit(self) -> None:
        self.sig_quit_requested.emit()
        self.save_state()
        # QApplication.quit() asks every window to close first, and a window that hides to
        # the tray would refuse: the quit would silently not happen.
        self.close_to_tray = False
        QApplication.quit()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        if self.close_to_tray:
            event.ignore()
            self.hide()
            return
        event.accept()
        QApplication.quit()

    def show_and_raise(self) -> None:
        """Bring the window to the front (tray click, second launch, notification)."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def open_followup(self, followup_id: int) -> None:
        """Show the window on a follow-up: its card selected on the board, if the board can."""
        self.show_and_raise()
        from followup_desktop.core.errors import NotFoundError

        try:
            interview_id = self.services.followups.get(followup_id).interview_id
        except NotFoundError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        select = getattr(self.centralWidget(), "select_interview", None)
        if callable(select):
            select(interview_id)
        self.sig_followup_opened.emit(followup_id)

    def open_compose(self, followup_id: int) -> None:
        """Write a follow-up's message: the compose window (a reminder is opened instead)."""
        from followup_desktop.ui.compose_wiring import open_compose

        open_compose(self, followup_id)

    def save_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self.board.save_layout()

    def restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>Keeps every job interview on a board and "
            "reminds you to thank, send what you promised and follow up — without ever "
            "looking desperate.</p><p>Your data stays in one file on this computer; "
            "Follow-Up never uses the network.</p>",
        )

    def _on_changes(self, changes: Changes) -> None:
        if changes.followups or changes.everything:
            # After the board has repainted (posted paints come before timers), and once
            # for a burst of changes: a drop shows at once, the count follows.
            self._status_timer.start()

    def _refresh_status(self) -> None:
        from followup_desktop.services.due_list import DueList

        # Counted in SQL: building every due follow-up here cost ~90 ms per change at 10,000.
        count, overdue = DueList(self.services.followups).counts(self.services.ctx.now())
        if not count:
            text = "Nothing due — you are on top of your follow-ups."
        else:
            text = f"{count} follow-up{'s' if count != 1 else ''} due"
            if overdue:
                text += f", {overdue} overdue"
        self.due_label.setText(text)
