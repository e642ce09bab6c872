"""Errors a person can read.

Services raise :class:`ValidationError` for bad input (the message names the field),
:class:`NotFoundError` for a dangling id, and the store raises :class:`StoreError` for a
database it refuses to touch (newer version, not ours, damaged).
"""

from __future__ import annotations


class FollowUpError(Exception):
    """Base class of every error the app shows to people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(FollowUpError):
    """Input that cannot be saved. ``field`` names the offending field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(ValidationError):
    """An id that does not (or no longer) exist: a dangling reference."""


class StoreError(FollowUpError):
    """The database cannot be used; it was left untouched."""

    def __init__(self, message: str, *, reason: str = "unusable") -> None:
        super().__init__(message)
        #: one of "newer", "foreign", "damaged", "unusable", "locked"
        self.reason = reason
