"""The private MIME type a dragged card carries: interview ids only, never card data.

A drop reads the ids and asks the board service to move them; what the cards look like is
read back from the database afterwards, so a drag can never write stale data.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QMimeData

MIME_TYPE = "application/x-followup-interview-ids"


def encode(interview_ids: Sequence[int], source_stage: str = "") -> QMimeData:
    """Mime data for dragging these cards (in this order) out of ``source_stage``."""
    data = QMimeData()
    payload = {"ids": [int(i) for i in interview_ids], "from": source_stage}
    data.setData(MIME_TYPE, json.dumps(payload).encode("utf-8"))
    return data


def decode(data: QMimeData | None) -> list[int]:
    """The interview ids in ``data``; empty when it is not ours or is malformed."""
    if data is None or not data.hasFormat(MIME_TYPE):
        return []
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8"))
        ids = payload["ids"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return []
    if not isinstance(ids, list) or not all(isinstance(i, int) and i > 0 for i in ids):
        return []
    return list(dict.fromkeys(ids))


def source_stage(data: QMimeData | None) -> str:
    """The stage key the drag started in ("" when unknown)."""
    if data is None or not data.hasFormat(MIME_TYPE):
        return ""
    try:
        value = json.loads(bytes(data.data(MIME_TYPE).data()).decode("utf-8")).get("from", "")
    except (ValueError, AttributeError, UnicodeDecodeError):
        return ""
    return value if isinstance(value, str) else ""


#: A person dragged from the contacts sidebar (same payload shape: {"ids": [...]}).
CONTACT_MIME_TYPE = "application/x-followup-contact-ids"


def decode_contacts(data: QMimeData | None) -> list[int]:
    """The contact ids of a person dragged from the sidebar; empty when there are none."""
    if data is None or not data.hasFormat(CONTACT_MIME_TYPE):
        return []
    try:
        ids = json.loads(bytes(data.data(CONTACT_MIME_TYPE).data()).decode("utf-8"))["ids"]
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return []
    if not isinstance(ids, list) or not all(isinstance(i, int) and i > 0 for i in ids):
        return []
    return list(dict.fromkeys(ids))
