"""Files kept with an interview or an organization, copied into ``<data dir>/attachments/``.

The seed says to gather what the company hands out (a business card, brochures) and the
candidate keeps what they sent (the CV and cover-letter versions, the job advert). Each file
is *copied* into the data folder so it survives the original being moved or deleted, and so
a backup of the data folder carries it. Rows store the path relative to the data folder.

Removing an attachment moves its file into ``attachments/.removed/`` so the removal can be
undone; :meth:`AttachmentService.restore` moves it back.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from followup_desktop.core import validation as check
from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.services.activity import ActivityKind, log
from followup_desktop.services.context import Changes, ServiceContext
from followup_desktop.store import models as m
from followup_desktop.store.facts import chunks

if TYPE_CHECKING:
    from followup_desktop.services import Services

#: What a file is, in the user's words (the label shown beside it).
ATTACHMENT_KINDS: dict[str, str] = {
    "cv": "CV sent",
    "cover_letter": "Cover letter sent",
    "job_advert": "Job advert",
    "business_card": "Business card",
    "brochure": "Brochure / company literature",
    "certificate": "Certificate",
    "other": "Other",
}
FOLDER = "attachments"
REMOVED = ".removed"
#: Large enough for a scanned brochure, small enough not to swallow the disk by mistake.
MAX_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    id: int
    interview_id: int | None
    organization_id: int | None
    kind: str
    original_name: str
    stored_path: str
    added_at: datetime

    @property
    def kind_label(self) -> str:
        return ATTACHMENT_KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())


def _info(row: m.Attachment) -> AttachmentInfo:
    return AttachmentInfo(
        row.id,
        row.interview_id,
        row.organization_id,
        row.kind,
        row.original_name,
        row.stored_path,
        row.added_at,
    )


def _safe_name(name: str) -> str:
    """A file name that is valid on Windows, macOS and Linux, keeping its extension."""
    stem = Path(name).stem or "file"
    suffix = Path(name).suffix[:16]
    stem = re.sub(r'[<>:"/\\|?*\x00-\x1f]+', "_", stem).strip(" .") or "file"
    suffix = re.sub(r'[<>:"/\\|?*\x00-\x1f ]+', "", suffix)
    return f"{stem[:80]}{suffix}"


class AttachmentService:
    """Adds, lists, removes (undoably) and locates attached files."""

    def __init__(self, ctx: ServiceContext, data_dir: Path) -> None:
        self.ctx = ctx
        self.data_dir = data_dir

    # -- reading -------------------------------------------------------------------------
    def of_interview(self, interview_id: int) -> list[AttachmentInfo]:
        query = (
            m.Attachment.select()
            .where(m.Attachment.interview == interview_id)
            .order_by(m.Attachment.added_at, m.Attachment.id)
        )
        return [_info(r) for r in query]

    def of_organization(self, organization_id: int) -> list[AttachmentInfo]:
        query = (
            m.Attachment.select()
            .where(m.Attachment.organization == organization_id)
            .order_by(m.Attachment.added_at, m.Attachment.id)
        )
        return [_info(r) for r in query]

    def counts(self, interview_ids: Iterable[int]) -> dict[int, int]:
        """How many files each interview has (for the paperclip on the card)."""
        ids = sorted(set(interview_ids))
        out: Counter[int] = Counter()
        for batch in chunks(ids):
            for (iid,) in (
                m.Attachment.select(m.Attachment.interview)
                .where(m.Attachment.interview.in_(batch))
                .tuples()
            ):
                out[iid] += 1
        return dict(out)

    def path_of(self, attachment: AttachmentInfo) -> Path:
        """The absolute path of the stored copy (to open it with the system viewer)."""
        return self.data_dir / attachment.stored_path

    # -- changing ------------------------------------------------------------------------
    def add(
        self,
        source: Path,
        kind: str = "other",
        *,
        interview_id: int | None = None,
        organization_id: int | None = None,
    ) -> int:
        """Copy ``source`` into the data folder and keep it with the interview or organization.

        Raises:
            ValidationError: no such file, a folder, too big, or nothing to attach it to.
        """
        kind = check.choice(kind, "kind", "Kind of file", frozenset(ATTACHMENT_KINDS))
        if (interview_id is None) == (organization_id is None):
            raise ValidationError(
                "attachment", "A file belongs to one interview or one organization."
            )
        source = Path(source)
        if not source.is_file():
            raise ValidationError("file", f"“{source}” is not a file that can be read.")
        size = source.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                "file",
                f"“{source.name}” is too big to keep ({size // (1024 * 1024)} MB; at most 200 MB).",
            )
        original = check.text(source.name, "file", "File name", required=True)
        with self.ctx.transaction() as changes:
            if interview_id is not None:
                if m.Interview.get_or_none(m.Interview.id == interview_id) is None:
                    raise NotFoundError("interview", "This interview no longer exists.")
                owner = f"interview-{interview_id}"
            else:
                if m.Organization.get_or_none(m.Organization.id == organization_id) is None:
                    raise NotFoundError("organization", "This organization no longer exists.")
                owner = f"organization-{organization_id}"
            relative = self._free_path(owner, _safe_name(original))
            target = self.data_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                shutil.copy2(source, target)
            except OSError as exc:
                raise ValidationError(
                    "file", f"“{original}” could not be copied: {exc.strerror or exc}."
                ) from exc
            try:
                attachment_id = int(
                    m.Attachment.insert(
                        interview=interview_id,
                        organization=organization_id,
                        kind=kind,
                        original_name=original,
                        stored_path=relative.as_posix(),
                        added_at=self.ctx.now(),
                    ).execute()
                )
                label = ATTACHMENT_KINDS[kind]
                log(
                    ActivityKind.EDITED,
                    f"Attached {label.lower()}: {original}",
                    interview_id=interview_id,
                    organization_id=organization_id,
                    data={"attachment_id": attachment_id},
                )
            except BaseException:
                target.unlink(missing_ok=True)  # nothing half-kept
                raise
            self._announce(changes, interview_id, organization_id)
            return attachment_id

    def remove(self, attachment_id: int) -> AttachmentInfo:
        """Forget a file; its copy waits in ``.removed`` so :meth:`restore` can undo this."""
        with self.ctx.transaction() as changes:
            row = m.Attachment.get_or_none(m.Attachment.id == attachment_id)
            if row is None:
                raise NotFoundError("attachment", "This file is no longer attached.")
            info = _info(row)
            row.delete_instance()
            stored = self.data_dir / info.stored_path
            parked = self._parked(info)
            # An import can point two rows at one identical copy: that one stays for the other.
            shared = m.Attachment.select().where(m.Attachment.stored_path == info.stored_path)
            if stored.exists() and not shared.exists():
                parked.parent.mkdir(parents=True, exist_ok=True)
                stored.replace(parked)
            log(
                ActivityKind.EDITED,
                f"Removed file: {info.original_name}",
                interview_id=info.interview_id,
                organization_id=info.organization_id,
                data={"attachment_id": attachment_id},
            )
            self._announce(changes, info.interview_id, info.organization_id)
            return info

    def restore(self, info: AttachmentInfo) -> int:
        """Undo :meth:`remove`: the same file comes back, under the same id."""
        with self.ctx.transaction() as changes:
            parked = self._parked(info)
            stored = self.data_dir / info.stored_path
            m.Attachment.insert(
                id=info.id,
                interview=info.interview_id,
                organization=info.organization_id,
                kind=info.kind,
                original_name=info.original_name,
                stored_path=info.stored_path,
                added_at=info.added_at,
            ).execute()
            # The file moves back once its row is in (a failing insert leaves it parked).
            if parked.exists():
                stored.parent.mkdir(parents=True, exist_ok=True)
                parked.replace(stored)
            log(
                ActivityKind.EDITED,
                f"Attached again: {info.original_name}",
                interview_id=info.interview_id,
                organization_id=info.organization_id,
                data={"attachment_id": info.id},
            )
            self._announce(changes, info.interview_id, info.organization_id)
            return info.id

    # -- helpers -------------------------------------------------------------------------
    def _free_path(self, owner: str, name: str) -> Path:
        folder = Path(FOLDER) / owner
        candidate = folder / name
        n = 2
        while (self.data_dir / candidate).exists():
            candidate = folder / f"{Path(name).stem} ({n}){Path(name).suffix}"
            n += 1
        return candidate

    def _parked(self, info: AttachmentInfo) -> Path:
        return self.data_dir / FOLDER / REMOVED / f"{info.id}-{Path(info.stored_path).name}"

    @staticmethod
    def _announce(changes: Changes, interview_id: int | None, organization_id: int | None) -> None:
        if interview_id is not None:
            changes.interviews.add(interview_id)
        if organization_id is not None:
            changes.organizations.add(organization_id)


def attachment_service(services: Services) -> AttachmentService:
    """The attachment service of ``services`` (files go beside its database file)."""
    existing = getattr(services, "_attachments", None)
    if isinstance(existing, AttachmentService):
        return existing
    db_file = services.db_path or Path(str(m.database.database))
    service = AttachmentService(services.ctx, db_file.parent)
    # Cached on the Services object so every window shares one.
    object.__setattr__(services, "_attachments", service)
    return service
