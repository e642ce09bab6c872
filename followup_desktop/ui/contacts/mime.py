"""The private MIME type a dragged person carries: contact ids only.

The board's view accepts it beside its own card type and turns a drop on a card into
``sig_contact_dropped(interview_id, contact_ids)``; the sidebar then asks which role the
person plays and links them through the contact service.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QMimeData

MIME_TYPE = "application/x-followup-contact-ids"


def encode(contact_ids: Sequence[int]) -> QMimeData:
    data = QMimeData()
    data.setData(MIME_TYPE, json.dumps({"ids": [int(i) for i in contact_ids]}).encode("utf-8"))
    return data


def decode(data: QMimeData | None) -> list[int]:
    """The contact ids in ``data``; empty when it is not ours or is malformed."""
    if data is None or not data.hasFormat(MIME_TYPE):
        return []
    try:
        ids = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))["ids"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return []
    if not isinstance(ids, list) or not all(isinstance(i, int) and i > 0 for i in ids):
        return []
    return list(dict.fromkeys(ids))
