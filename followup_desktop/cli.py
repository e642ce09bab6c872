"""Command line: GUI flags and the subcommands (``demo``, ``due``).

Subcommands never import Qt: they are quick, and work over SSH or from cron.
Errors go to stderr with exit code 2 and no traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from followup_desktop import APP_NAME, __version__
from followup_desktop.cli_data import DATA_COMMANDS, add_data_commands
from followup_desktop.cli_report import REPORT_COMMANDS, add_report_command

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="followup-desktop",
        description=f"{APP_NAME}: keep your job interviews on a board and never forget a "
        "follow-up. With no command, starts the app.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where the data lives (default: your user data folder; or set FOLLOWUP_DATA_DIR)",
    )
    parser.add_argument(
        "--quit-after",
        metavar="MS",
        type=int,
        default=None,
        help="quit MS milliseconds after the window is first painted "
        "(for smoke tests and benchmarks)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start on a throwaway copy of sample data (removed at exit); with "
        "--data-dir, seed that folder if it has no database yet",
    )
    parser.add_argument("--minimized", action="store_true", help="start hidden in the system tray")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="fill the (empty) data folder with sample data")
    demo.add_argument(
        "--size", type=int, default=30, metavar="N", help="how many interviews (default 30)"
    )
    due = sub.add_parser("due", help="print the follow-ups that are due or overdue")
    due.add_argument("--json", action="store_true", help="print JSON instead of text")
    add_data_commands(sub)
    add_report_command(sub)
    return parser


def _open(data_dir_arg: str | None, *, must_exist: bool = False) -> object:
    from followup_desktop import paths
    from followup_desktop.services import Services
    from followup_desktop.store.db import DB_FILENAME, open_store

    directory = paths.data_dir(data_dir_arg)
    if must_exist and not (directory / DB_FILENAME).exists():
        raise CommandError(
            f"No Follow-Up data in {directory}. Start the app once, or run "
            "`followup-desktop demo` to try it with sample data."
        )
    db_path = open_store(directory)
    return Services.create(db_path=db_path)


class CommandError(Exception):
    """A problem to report on stderr with exit code 2."""


def cmd_demo(args: argparse.Namespace) -> int:
    from followup_desktop import paths, sample_data
    from followup_desktop.services import Services
    from followup_desktop.store import models as m
    from followup_desktop.store.db import open_store

    if args.size < 1 or args.size > 200_000:
        raise CommandError("--size must be between 1 and 200000.")
    directory = paths.data_dir(args.data_dir)
    db_path = open_store(directory)
    if m.Interview.select().exists():
        raise CommandError(
            f"{directory} already holds interviews; sample data only goes "
            "into an empty data folder (use --data-dir to pick another)."
        )
    services = Services.create(db_path=db_path)
    counts = sample_data.generate(services, size=args.size)
    print(f"Sample data in {db_path}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    services = _open(args.data_dir, must_exist=True)
    from followup_desktop.services import Services

    assert isinstance(services, Services)
    services.followups.catch_up()
    items = services.followups.due()
    tz = services.ctx.tz
    if args.json:
        out = [
            {
                "id": f.id,
                "interview": f"{f.company} — {f.role}",
                "interview_id": f.interview_id,
                "kind": f.kind.value,
                "title": f.title,
                "state": f.display.value,
                "due_at": f.effective_due_at.isoformat(),
                "deadline_at": f.deadline_at.isoformat(),
                "to": [{"name": r.name, "email": r.email} for r in f.to],
                "cc": [{"name": r.name, "email": r.email} for r in f.cc],
            }
            for f in items
        ]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("Nothing is due. Well done.")
        return 0
    for f in items:
        when = f.deadline_at.astimezone(tz).strftime("%a %d %b %H:%M")
        to = ", ".join(r.name for r in f.to) or "—"
        flag = "OVERDUE " if f.display.value == "overdue" else ""
        print(f"{flag}{f.title}\n    {f.company} — {f.role} · {f.kind.value} · by {when} · to {to}")
    return 0


COMMANDS = {"demo": cmd_demo, "due": cmd_due, **DATA_COMMANDS, **REPORT_COMMANDS}


def run_command(args: argparse.Namespace) -> int:
    """Run a subcommand, turning known errors into a message and exit code 2."""
    from followup_desktop.core.errors import FollowUpError

    try:
        return COMMANDS[args.command](args)
    except (CommandError, FollowUpError, ValueError, OSError) as exc:
        print(f"followup-desktop: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        from followup_desktop.store.db import close_store

        close_store()


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    return build_parser().parse_args(argv)
