"""Command-line subcommands for data safety: ``backup``, ``export`` and ``import``.

Like the other subcommands they never import Qt. Errors (a file that does not check out, a
folder that cannot be written) reach :func:`cli.run_command`, which prints them on stderr
and exits with code 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from followup_desktop.services.exchange import ExchangeService

FORMAT_CHOICES = ("json", "csv", "ics")


def add_data_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``backup``, ``export`` and ``import`` to the command line."""
    backup = sub.add_parser(
        "backup",
        help="back up the data now (into the backups folder, or --to a file)",
        description="Take a consistent backup of the database, even while the app runs.",
    )
    backup.add_argument("--to", metavar="FILE", help="write the backup to FILE (must not exist)")
    export = sub.add_parser(
        "export",
        help="export everything (json), a spreadsheet list (csv) or a calendar (ics)",
        description="json: everything, to move or keep; csv: interviews with their stage "
        "history (and FILE-contacts.csv with the contacts), for a spreadsheet; ics: rounds "
        "and open follow-ups for a calendar app.",
    )
    export.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default=None,
        help="json, csv or ics (default: from FILE's extension, else json)",
    )
    export.add_argument("file", metavar="FILE")
    imp = sub.add_parser(
        "import",
        help="import a JSON export or a CSV list (all of it or nothing; never twice)",
        description="The whole file is checked first; then everything new is added in one "
        "go, after a backup. Interviews, contacts and organizations already here are left "
        "as they are, so importing the same file twice adds nothing.",
    )
    imp.add_argument("file", metavar="FILE")


def _exchange(data_dir_arg: str | None, *, must_exist: bool) -> ExchangeService:
    from followup_desktop import paths
    from followup_desktop.services import Services
    from followup_desktop.services.exchange import ExchangeService
    from followup_desktop.store.db import DB_FILENAME, open_store

    directory = paths.data_dir(data_dir_arg)
    if must_exist and not (directory / DB_FILENAME).exists():
        raise ValueError(
            f"No Follow-Up data in {directory}. Start the app once, or use --data-dir."
        )
    return ExchangeService.of(Services.create(db_path=open_store(directory)))


def cmd_backup(args: argparse.Namespace) -> int:
    exchange = _exchange(args.data_dir, must_exist=True)
    made = exchange.back_up(Path(args.to) if args.to else None)
    print(f"Backed up to {made}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    target = Path(args.file)
    fmt = args.format or {".csv": "csv", ".ics": "ics"}.get(target.suffix.lower(), "json")
    exchange = _exchange(args.data_dir, must_exist=True)
    for written in exchange.export(target, fmt):
        print(f"Wrote {written}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    exchange = _exchange(args.data_dir, must_exist=False)
    result = exchange.import_file(Path(args.file))
    print(result.summary())
    return 0


DATA_COMMANDS = {"backup": cmd_backup, "export": cmd_export, "import": cmd_import}
