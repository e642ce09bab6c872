"""Render the board with sample data to a PNG (the README's screenshot, and design checks).

    .venv/bin/python scripts/screenshot.py                       # docs/screenshots/board.png
    .venv/bin/python scripts/screenshot.py -o /tmp/dark.png --dark --scale 1.5

Runs offscreen unless a display is set (under ``xvfb-run`` it uses the real X server); the
sample data lives in a throwaway folder, so nothing of yours is touched. Regenerate the README
screenshot whenever the board changes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette

ROOT = Path(__file__).resolve().parent.parent


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", default=str(ROOT / "docs" / "screenshots" / "board.png"))
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT")
    parser.add_argument("--interviews", type=int, default=30, help="how many sample interviews")
    parser.add_argument("--dark", action="store_true", help="a dark palette (Fusion)")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR, e.g. 1.25")
    parser.add_argument("--select", type=int, default=0, help="select this many cards first")
    parser.add_argument("--filter", default="", help="type this into the filter bar")
    parser.add_argument("--empty", action="store_true", help="the first-run (empty) board")
    parser.add_argument("--data-dir", help="show this data folder instead of fresh sample data")
    return parser.parse_args(argv)


def dark_palette() -> QPalette:
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, "#202124"),
        (roles.WindowText, "#e8eaed"),
        (roles.Base, "#2b2c2f"),
        (roles.AlternateBase, "#303134"),
        (roles.Text, "#e8eaed"),
        (roles.Button, "#2d2e31"),
        (roles.ButtonText, "#e8eaed"),
        (roles.Highlight, "#8ab4f8"),
        (roles.HighlightedText, "#202124"),
        (roles.ToolTipBase, "#303134"),
        (roles.ToolTipText, "#e8eaed"),
        (roles.PlaceholderText, "#9aa0a6"),
        (roles.Mid, "#5f6368"),
        (roles.Dark, "#17181a"),
        (roles.Light, "#3c4043"),
    ):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#80868b"))
    palette.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#80868b"))
    return palette


def main(argv: list[str] | None = None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    width, height = (int(n) for n in args.size.lower().split("x"))
    data = Path(tempfile.mkdtemp(prefix="followup-screenshot-"))
    os.environ["XDG_CONFIG_HOME"] = str(data / "config")  # no remembered layout of yours

    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    QApplication.setApplicationName("FollowUpScreenshot")
    QApplication.setOrganizationName("FollowUpScreenshot")
    app = QApplication([sys.argv[0]])
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())

    from followup_desktop import sample_data
    from followup_desktop.services import Services
    from followup_desktop.store.db import close_store, open_store
    from followup_desktop.ui.main_window import MainWindow

    services = Services.create(db_path=open_store(Path(args.data_dir) if args.data_dir else data))
    if not args.empty and not args.data_dir:
        sample_data.generate(services, size=args.interviews)
    window = MainWindow(services)
    window.finish_menus()
    window.resize(width, height)
    window.show()
    board = window.board
    if args.select:
        view = next(c.view for c in board.columns.values() if c.model.rowCount() >= args.select)
        board.select_ids(view.stage_model().ids()[: args.select])
    if args.filter:
        board.filter_bar.edit.setText(args.filter)
        board.set_filter(args.filter)
    # Let layouts settle and the first paint happen before grabbing.
    for _ in range(5):
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    loop = QEventLoop()
    QTimer.singleShot(200, loop.quit)
    loop.exec()
    focused = app.focusWidget()
    if focused is not None and not args.select:
        focused.clearFocus()  # no focus frame on the first card in a picture
        QCoreApplication.processEvents()
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    pixmap = window.grab()
    pixmap.setDevicePixelRatio(1.0)
    ok = pixmap.save(str(output))
    print(f"{'wrote' if ok else 'could not write'} {output} ({pixmap.width()}x{pixmap.height()})")
    window.bridge.detach()
    close_store()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
