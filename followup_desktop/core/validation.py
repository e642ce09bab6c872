"""Input checks shared by every service. Each failure names its field."""

from __future__ import annotations

import re
from datetime import date, datetime

from followup_desktop.core.errors import ValidationError

#: Anything longer is certainly a paste gone wrong, not a name.
SHORT_TEXT = 200
#: Notes and letters: generous, but bounded so one field cannot swallow the file.
LONG_TEXT = 100_000
MIN_YEAR = 1970
MAX_YEAR = 2200

# Control characters other than tab / newline / carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
#: A lone UTF-16 surrogate: not a character, and not storable as UTF-8.
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_EMAIL = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[^@\s<>,;\"]+$")


def text(
    value: object,
    field: str,
    label: str,
    *,
    required: bool = False,
    multiline: bool = False,
    max_length: int | None = None,
) -> str:
    """A cleaned string: stripped, with no control characters, within a sane length."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{label} must be text.")
    cleaned = value.strip()
    if required and not cleaned:
        raise ValidationError(field, f"{label} is required: please fill it in.")
    limit = max_length if max_length is not None else (LONG_TEXT if multiline else SHORT_TEXT)
    if len(cleaned) > limit:
        raise ValidationError(
            field, f"{label} is too long ({len(cleaned):,} characters; at most {limit:,})."
        )
    if _CONTROL.search(cleaned):
        raise ValidationError(field, f"{label} contains an invisible control character.")
    if _SURROGATE.search(cleaned):
        # Only reachable from broken text (a bad file, a bad paste); SQLite cannot store it.
        raise ValidationError(field, f"{label} contains a broken character.")
    if not multiline and _LINE_BREAK.search(cleaned):
        raise ValidationError(field, f"{label} must fit on one line.")
    return cleaned


def email(value: object, field: str = "email", label: str = "Email") -> str:
    cleaned = text(value, field, label)
    if cleaned and not _EMAIL.match(cleaned):
        raise ValidationError(field, f"{label} “{cleaned}” does not look like an email address.")
    return cleaned


def url(value: object, field: str, label: str) -> str:
    cleaned = text(value, field, label, max_length=2000)
    if cleaned and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", cleaned):
        cleaned = "https://" + cleaned
    if cleaned and " " in cleaned:
        raise ValidationError(field, f"{label} must not contain spaces.")
    return cleaned


def moment(value: object, field: str, label: str) -> datetime:
    """An aware datetime within a sane range."""
    if not isinstance(value, datetime):
        raise ValidationError(field, f"{label} must be a date and time.")
    if value.tzinfo is None:
        raise ValidationError(field, f"{label} has no time zone.")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            field, f"{label} ({value.year}) is out of range ({MIN_YEAR}–{MAX_YEAR})."
        )
    return value


def day(value: object, field: str, label: str) -> date | None:
    """An optional calendar date within a sane range."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        raise ValidationError(field, f"{label} must be a date without a time.")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError as exc:
            raise ValidationError(field, f"{label} “{value}” is not a date (YYYY-MM-DD).") from exc
    if not isinstance(value, date):
        raise ValidationError(field, f"{label} must be a date.")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(
            field, f"{label} ({value.year}) is out of range ({MIN_YEAR}–{MAX_YEAR})."
        )
    return value


def choice(value: object, field: str, label: str, allowed: frozenset[str] | set[str]) -> str:
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(sorted(allowed))
        raise ValidationError(field, f"{label} “{value}” is not one of: {options}.")
    return value
