"""Back up, restore, export and import: what the File menu and the command line call.

Import reads and checks the whole file first (nothing is written if any part is wrong),
backs the database up, then writes everything in one transaction with the rules applied
to the new interviews. A restore backs up the current file first. Both announce
``Changes(everything=True)`` so every view reloads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.core.errors import ValidationError
from followup_desktop.services.context import Changes, ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import backup
from followup_desktop.store import models as m
from followup_desktop.store.backup import BackupInfo, BackupKind
from followup_desktop.store.facts import chunks, interviews_of_employers

# The formats are imported where they are used: the File menu is built at every start, and
# icalendar alone took ~100 ms of it (docs/performance.md).
if TYPE_CHECKING:
    from followup_desktop.services import Services
    from followup_desktop.store.exchange.importer import ImportResult
    from followup_desktop.store.exchange.validate import Document

#: Export formats, as the command line and the file dialog name them.
FORMATS = {"json": "Complete (JSON)", "csv": "Spreadsheet (CSV)", "ics": "Calendar (iCalendar)"}


def detect_format(data: bytes) -> str:
    """What an import file is, from its first bytes: ``json`` or ``csv``.

    Raises:
        ValidationError: a calendar, a database or something unreadable (field ``file``).
    """
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:32]
    if head.startswith((b"{", b"[")):
        return "json"
    if head.upper().startswith(b"BEGIN:VCALENDAR"):
        raise ValidationError(
            "file",
            "This is a calendar file. Follow-Up writes calendars for calendar apps but reads "
            "its own JSON export and CSV files.",
        )
    if head.startswith(b"SQLite format 3"):
        raise ValidationError(
            "file",
            "This is a Follow-Up database or backup, not an export: use "
            "File → Restore from backup… to bring it back.",
        )
    if b"\x00" in data[:4096]:
        raise ValidationError("file", "This is not a text file Follow-Up can import.")
    return "csv"


class ExchangeService:
    """Backups and import / export over the open database at ``db_path``."""

    def __init__(self, ctx: ServiceContext, followups: FollowUpService, db_path: Path) -> None:
        self.ctx = ctx
        self.followups = followups
        self.db_path = db_path

    @classmethod
    def of(cls, services: Services) -> ExchangeService:
        if services.db_path is None:
            raise ValueError("the services were created without a database path")
        return cls(services.ctx, services.followups, services.db_path)

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent

    # -- backups -------------------------------------------------------------------------
    def backups(self) -> list[BackupInfo]:
        """The backups in the backups folder, newest first."""
        return backup.list_backups(self.db_path)

    def back_up(self, to: Path | None = None, *, overwrite: bool = False) -> Path:
        """Back up now, into the backups folder or to ``to``."""
        return backup.back_up(
            self.db_path, BackupKind.MANUAL, to=to, now=self.ctx.now(), overwrite=overwrite
        )

    def take_daily_backup(self) -> Path | None:
        """The automatic backup at start: at most one a day, then rotation."""
        return backup.take_daily_backup(self.db_path, now=self.ctx.now(), tz=self.ctx.tz)

    def restore(self, backup_path: Path) -> Path | None:
        """Replace the data with a backup's; returns the backup of what was there.

        Raises:
            StoreError: not a good backup (nothing changed) or the restore failed.
        """
        safety = backup.restore(Path(backup_path), self.db_path, now=self.ctx.now())
        # The restored file's follow-ups catch up with the time that passed since.
        self.followups.catch_up()
        self.ctx.announce(Changes(everything=True))
        return safety

    # -- export --------------------------------------------------------------------------
    def export(self, path: Path, fmt: str) -> list[Path]:
        """Write an export; returns the files written (CSV writes two).

        Raises:
            ValidationError: unknown format (field ``format``).
            StoreError: the file cannot be written.
        """
        path = Path(path).expanduser().absolute()
        if fmt == "json":
            from followup_desktop.store.exchange import json_format

            return [json_format.write_json(path, self.data_dir)]
        if fmt == "csv":
            from followup_desktop.store.exchange import csv_format

            return csv_format.write_csv(path, self.ctx.tz)
        if fmt == "ics":
            from followup_desktop.store.exchange import ics_format

            return [ics_format.write_ics(path, self.ctx.now())]
        raise ValidationError("format", f"“{fmt}” is not one of: {', '.join(FORMATS)}.")

    # -- import --------------------------------------------------------------------------
    def read(self, path: Path) -> Document:
        """Read and check a whole file; nothing is written.

        Raises:
            ValidationError: the first problem, naming its line or field.
        """
        from followup_desktop.store.exchange import csv_import, json_format
        from followup_desktop.store.exchange.files import read_import

        data = read_import(Path(path))
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            # Excel's "Unicode text" is UTF-16 (tab-separated): read it as such.
            data = data.decode("utf-16", errors="replace").encode("utf-8")
        fmt = detect_format(data)
        if fmt == "json":
            return json_format.read_document(data)
        return csv_import.read_document(data, self.ctx.now())

    def import_file(self, path: Path) -> ImportResult:
        """Import a JSON export or a CSV list: all of it, or nothing.

        Raises:
            ValidationError: the file is wrong somewhere (nothing was written).
            StoreError: the backup before the import, or the write, failed.
        """
        from followup_desktop.store.exchange.importer import import_document

        doc = self.read(path)
        backup.back_up(self.db_path, BackupKind.BEFORE_IMPORT, now=self.ctx.now())
        written: list[Path] = []
        try:
            with self.ctx.transaction() as changes:
                result = import_document(doc, self.data_dir)
                written = result.files_written
                # The rules run for the cards on the board; an archived card keeps the
                # follow-ups the file gives it, as it did where it was exported.
                live = _live(result.interview_ids)
                ids = live | set(interviews_of_employers(result.employer_ids))
                self.followups.rederive(ids, changes)
                changes.everything = True
        except BaseException:
            # The rows are rolled back: so go the files written for them.
            for path in written:
                path.unlink(missing_ok=True)
            raise
        return result


def _live(interview_ids: Sequence[int]) -> set[int]:
    """Those of these interviews that are on the board (not archived)."""
    live: set[int] = set()
    for batch in chunks(list(interview_ids)):
        live.update(
            i
            for (i,) in m.Interview.select(m.Interview.id)
            .where(m.Interview.id.in_(batch) & (m.Interview.archived == False))
            .tuples()
        )
    return live
