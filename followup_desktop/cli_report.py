"""The ``report`` subcommand: the job-search report for a period, as PDF or CSV.

    followup-desktop report --from 2026-03-01 --to 2026-03-31 --format pdf march.pdf

A CSV never loads Qt. A PDF needs a ``QGuiApplication`` (fonts, QPdfWriter) but no window: on a
machine with no display (a server, cron, SSH) Qt's offscreen platform is used.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_report_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``report`` to the command line."""
    report = sub.add_parser(
        "report",
        help="save a job-search report for a period (pdf or csv)",
        description="Every application with activity in the period: its dates, stage "
        "history, the people contacted and each message sent, from the activity log.",
    )
    report.add_argument(
        "--from",
        dest="first",
        metavar="DATE",
        type=_day,
        default=None,
        help="first day, YYYY-MM-DD (default: since your first interview)",
    )
    report.add_argument(
        "--to",
        dest="last",
        metavar="DATE",
        type=_day,
        default=None,
        help="last day (default today)",
    )
    report.add_argument(
        "--format",
        choices=("pdf", "csv"),
        default=None,
        help="pdf or csv (default: from FILE's extension)",
    )
    report.add_argument("file", metavar="FILE")


def _gui_application() -> Any:
    """A QGuiApplication for drawing the PDF, offscreen when there is no display."""
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform not in ("win32", "darwin") and no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.instance() or QGuiApplication([sys.argv[0] or "followup-desktop"])


def cmd_report(args: argparse.Namespace) -> int:
    from followup_desktop import paths
    from followup_desktop.services import Services
    from followup_desktop.store.db import DB_FILENAME, open_store
    from followup_desktop.ui.report_files import format_of, save_report

    target = Path(args.file)
    fmt = format_of(target, args.format)
    if args.first and args.last and args.last < args.first:
        raise ValueError(f"--to {args.last} is before --from {args.first}.")
    directory = paths.data_dir(args.data_dir)
    if not (directory / DB_FILENAME).exists():
        raise ValueError(
            f"No Follow-Up data in {directory}. Start the app once, or use --data-dir."
        )
    services = Services.create(db_path=open_store(directory))
    last = args.last or services.ctx.now().astimezone(services.ctx.tz).date()
    app = _gui_application() if fmt == "pdf" else None
    summary = save_report(services, args.first, last, fmt, target)
    del app
    print(f"Wrote {target}: {summary}")
    return 0


REPORT_COMMANDS = {"report": cmd_report}
