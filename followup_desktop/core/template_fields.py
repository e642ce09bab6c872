"""Template fields: the values a template is filled with, and what happens when one is empty.

An interview's details reach a template as :class:`Record` values (a group of fields that
knows its own name, such as ``addressee`` or ``company``) and :class:`Absent` values (a field
this interview does not have: no agency, no HR contact, no email noted...). Printing an empty
field stops the rendering with a :class:`MissingField` that says which field and how to fix
the template, so nothing is ever silently left blank.

Pure: no Qt, no jinja2. :mod:`followup_desktop.core.templating` fills templates with them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["Absent", "MissingField", "Record"]


class MissingField(Exception):
    """Raised while rendering when a template prints a field with no value."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _wrap_hint(path: str) -> str:
    return f"Fill it in, or wrap that part in {{% if {path} %}} … {{% endif %}}."


class Absent:
    """A value this interview does not have: no agency, no HR contact, an empty email...

    It is false in ``{% if %}``, an empty list in ``{% for %}``, and stops the rendering with
    a readable message when a template prints it or reads a field of it.
    """

    __slots__ = ("_path", "_reason")

    def __init__(self, path: str, reason: str = "") -> None:
        self._path = path
        self._reason = reason

    def __bool__(self) -> bool:
        return False

    def __len__(self) -> int:
        return 0

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __str__(self) -> str:
        raise MissingField(self._explain())

    def __repr__(self) -> str:
        return f"Absent({self._path!r})"

    def _explain(self, child: str | None = None) -> str:
        """The message shown when the template uses this value (or its field ``child``)."""
        used = f"{self._path}.{child}" if child else self._path
        reason = f": {self._reason}" if self._reason else " here"
        owner = self._path if child else used
        return f"The template uses “{used}”, but it is empty{reason}. {_wrap_hint(owner)}"


class Record:
    """A read-only bag of fields that knows its own name, for readable messages.

    Empty strings and ``None`` become :class:`Absent` so nothing is left silently blank.
    ``str(record)`` is its ``name`` field when it has one, so ``{{ hr }}`` prints a name.
    """

    __slots__ = ("_fields", "_path")

    def __init__(
        self,
        path: str,
        fields: Mapping[str, Any],
        reasons: Mapping[str, str] | None = None,
    ) -> None:
        reasons = reasons or {}
        self._path = path
        self._fields: dict[str, Any] = {
            key: Absent(f"{path}.{key}", reasons.get(key, "")) if value in ("", None) else value
            for key, value in fields.items()
        }

    def __getattr__(self, name: str) -> Any:
        # Only called for names that are not slots: the record's fields.
        if name.startswith("_"):
            raise AttributeError(name)  # never recurse while copying a half-built record
        try:
            return self._fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        return self._fields[name]

    def __contains__(self, name: object) -> bool:
        return name in self._fields

    def __str__(self) -> str:
        name = self._fields.get("name")
        if name is None:
            raise MissingField(
                f"“{self._path}” is a group of fields ({', '.join(self._fields)}): "
                f"print one of them, e.g. “{self._path}.{next(iter(self._fields), 'name')}”."
            )
        return str(name)

    def __repr__(self) -> str:
        return f"Record({self._path!r}, {sorted(self._fields)})"

    def __eq__(self, other: object) -> bool:
        # Same fields, same values; two empty values are equal whatever their explanation,
        # so the same person reached as "addressee" and as an "interviewer" compares equal.
        if not isinstance(other, Record) or other._fields.keys() != self._fields.keys():
            return False
        return all(
            (isinstance(a, Absent) and isinstance(b, Absent)) or a == b
            for a, b in ((self._fields[k], other._fields[k]) for k in self._fields)
        )

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._fields)))
