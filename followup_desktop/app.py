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


def install_features(window: MainWindow) -> Reminders:
    """Plug every feature into the main window; the benchmarks build their window this way."""
    # Features plug in here, each from its own module (tray, single instance...).
    from followup_desktop.ui.reminders_setup import install_reminders

    reminders = install_reminders(window)
    from followup_desktop.ui.contacts.wiring import install_contacts

    install_contacts(window)
    from followup_desktop.ui.compose_wiring import install_compose

    install_compose(window)
    from followup_desktop.ui import insights, report_dialog

    insights.install(window)
    report_dialog.install(window)
    from followup_desktop.ui.data_menu import install_data_menu

    install_data_menu(window)
    window.finish_menus()
    return reminders


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
        reminders = install_features(window)
        instance.sig_show_requested.connect(window.show_and_raise)
        window.restore_state()

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
        else:
            window.first_frame.release()  # no frame to wait for in the tray
        return int(app.exec())
    finally:
        close_store()
        instance.stop()
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)
