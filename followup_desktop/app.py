"""Entry point: parse args → paths → QApplication → store → services → main window → exec."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop import APP_ID, APP_NAME, __version__
from followup_desktop.cli import EXIT_ERROR, parse, run_command

if TYPE_CHECKING:
    import argparse

    from followup_desktop.services import Services
    from followup_desktop.ui.main_window import MainWindow
    from followup_desktop.ui.reminders_setup import Reminders


#: What a start needs below the UI (none of it imports Qt; tests/gui/test_start_imports.py
#: checks both), imported before PySide6: PySide's ``__feature__`` import hook reads the
#: source of every module imported after PySide6 to see whether it uses Qt, ~25 ms at a
#: start for these and the standard library they bring (peewee, sqlite3, zoneinfo...).
BELOW_THE_UI = (
    "followup_desktop.paths",
    "followup_desktop.resources",
    "followup_desktop.store.db",
    "followup_desktop.store.backup",
    "followup_desktop.services",
    "followup_desktop.services.announcements",
    "followup_desktop.services.cards",
    "followup_desktop.services.due_list",
    "followup_desktop.services.notification_prefs",
    "followup_desktop.services.people",
    "followup_desktop.services.snapshots",
    "followup_desktop.services.timeline",
    "followup_desktop.services.vcards",
    "followup_desktop.core.snooze_times",
    "getpass",
    "html",
    "zoneinfo",
)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(list(sys.argv[1:] if argv is None else argv))
    if args.command:
        return run_command(args)
    return run_gui(args)


def _prepare_data(args: argparse.Namespace) -> tuple[Path, Path | None]:
    """The data dir to open, and a temp dir to remove at exit (``--demo`` alone)."""
    from followup_desktop import paths
    from followup_desktop.store.db import DB_FILENAME

    if args.demo and not args.data_dir:
        temp = Path(tempfile.mkdtemp(prefix="followup-demo-"))
        return temp, temp
    directory = paths.data_dir(args.data_dir)
    if args.demo and not (directory / DB_FILENAME).exists():
        return directory, None
    return directory, None


def open_services(directory: Path, seed_demo: bool) -> Services:
    from followup_desktop.services import Services
    from followup_desktop.store import models as m
    from followup_desktop.store.db import open_store

    db_path = open_store(directory)
    services = Services.create(db_path=db_path)
    if seed_demo and not m.Interview.select().exists():
        from followup_desktop import sample_data

        sample_data.generate(services, size=30)
    return services


def install_features(window: MainWindow, *, defer: bool = False) -> Reminders:
    """Plug every feature into the main window; the tests and benchmarks build theirs this way.

    Args:
        window: the main window, before ``restore_state``.
        defer: install now only what the first frame shows: the due panel and the contacts
            sidebar (their docks are part of the layout the saved window state restores),
            the in-window notification bar. Everything else follows right after the first
            frame (``window.after_first_frame``), in the same order, so the menus end up the
            same: the tray icon and desktop notifications, compose, Insights, the report,
            the backup actions and the settings pages. A window that starts hidden runs it
            at once (``window.first_frame.release()``).

    Returns:
        The reminders (``tray`` and ``notifier`` set after the first frame with ``defer``).
    """
    # Features plug in here, each from its own module (tray, single instance...).
    from followup_desktop.ui.contacts.wiring import install_contacts
    from followup_desktop.ui.reminders_setup import install_reminders

    reminders = install_reminders(window, start=False, defer=defer)
    install_contacts(window)
    if defer:
        window.after_first_frame(lambda: _install_menu_features(window))
    else:
        _install_menu_features(window)
    # The first reminder check (catch-up, counts, lists) waits until the board is on screen.
    window.after_first_frame(reminders.scheduler.start)
    return reminders


def _install_menu_features(window: MainWindow) -> None:
    """The features that only add menu actions (and what those open, on first use)."""
    from followup_desktop.ui.compose_wiring import install_compose
    from followup_desktop.ui.data_menu import install_data_menu
    from followup_desktop.ui.insights_menu import install_insights, install_report

    install_compose(window)
    install_insights(window)
    install_report(window)
    install_data_menu(window)
    window.finish_menus()


def report_first_paint() -> None:
    """For the benchmarks (tests/bench): "first-paint <time.monotonic()>" on stderr.

    Only with ``FOLLOWUP_REPORT_FIRST_PAINT`` set; the benchmark compares it with the
    monotonic time it started the process at (the same clock on Linux).
    """
    import os
    import time

    if os.environ.get("FOLLOWUP_REPORT_FIRST_PAINT"):
        print(f"first-paint {time.monotonic():.6f}", file=sys.stderr, flush=True)


def _no_display() -> str | None:
    """Why no window can be shown (Linux/BSD without X11 or Wayland), or None."""
    import os

    if sys.platform in ("win32", "darwin") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "no graphical display was found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Start Follow-Up from your desktop session; on a server, `followup-desktop due` "
        "prints what is due."
    )


def run_gui(args: argparse.Namespace) -> int:
    problem = _no_display()
    if problem:
        print(f"followup-desktop: error: {problem}", file=sys.stderr)
        return EXIT_ERROR
    import importlib

    for name in BELOW_THE_UI:  # before PySide6 (see BELOW_THE_UI)
        importlib.import_module(name)
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from followup_desktop.store.db import DB_FILENAME, close_store

    QApplication.setApplicationName(APP_ID)
    QApplication.setApplicationDisplayName(APP_NAME)
    QApplication.setOrganizationName(APP_ID)
    QApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("followup-desktop")
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    from followup_desktop.ui.badge_icon import app_icon

    # The window (and the taskbar / alt-tab entry) carries the app's own icon.
    app.setWindowIcon(app_icon())

    directory, temp_dir = _prepare_data(args)
    seed = bool(args.demo) and (temp_dir is not None or not (directory / DB_FILENAME).exists())
    # One Follow-Up per user and data folder: a second launch brings the first forward.
    from followup_desktop.single_instance import SingleInstance, bring_dialog_forward

    instance = SingleInstance(directory, app)
    try:
        if not instance.start():
            if instance.notify_running(show=not args.minimized):
                return 0
            print(
                "followup-desktop: error: Follow-Up is already running for this data folder "
                "but does not answer.",
                file=sys.stderr,
            )
            return EXIT_ERROR
        instance.sig_show_requested.connect(bring_dialog_forward)
        # A damaged, newer or foreign data file: explain, keep it aside, offer a way out.
        from followup_desktop.ui.recovery import open_with_recovery

        opened = open_with_recovery(directory, lambda: open_services(directory, seed))
        if opened is None:
            return EXIT_ERROR
        services = opened
        services.followups.catch_up()

        from followup_desktop.ui.main_window import MainWindow

        window = MainWindow(services, demo=temp_dir is not None)
        # What the first frame does not show waits for it (docs/architecture.md, start-up).
        reminders = install_features(window, defer=True)
        instance.sig_show_requested.connect(window.show_and_raise)
        window.restore_state()
        if args.minimized:
            # Started for the tray: no frame to wait for, and whether there is a tray
            # (known once the desktop is hooked up) decides if the window stays hidden.
            window.first_frame.release()

        if args.quit_after is not None:
            delay = max(0, int(args.quit_after))

            class _FirstPaint(QObject):
                fired = False

                def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                    if not self.fired and event.type() == QEvent.Type.Paint:
                        self.fired = True
                        # After this paint pass (the board's columns paint in it too).
                        QTimer.singleShot(0, report_first_paint)
                        QTimer.singleShot(delay, window.quit)
                    return False

            watcher = _FirstPaint(window)
            window.installEventFilter(watcher)
            if args.minimized:
                QTimer.singleShot(delay, window.quit)
        if not reminders.starts_hidden(bool(args.minimized)):
            window.show()
        return int(app.exec())
    finally:
        close_store()
        instance.stop()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
