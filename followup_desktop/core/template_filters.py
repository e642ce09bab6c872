"""Template filters: how dates, times, names and lists print in a letter.

``longdate``, ``shortdate``, ``monthyear``, ``time``, ``andjoin``, ``capfirst`` and ``default``
(see ``docs/templates.md``). They are English and locale-independent, so the same letter reads
the same on every machine, and an empty field given to one stops the rendering with a
readable message rather than printing a blank.

Pure: no Qt; jinja2 is imported only inside ``default``, when a template runs.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from followup_desktop.core.template_fields import Absent, MissingField

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _value(value: Any) -> Any:
    if isinstance(value, Absent):
        raise MissingField(value._explain())
    return value


def _as_date(value: Any, name: str) -> date:
    value = _value(value)
    if isinstance(value, datetime | date):
        return value.date() if isinstance(value, datetime) else value
    raise MissingField(f"The “{name}” filter needs a date, not “{value}”.")


def longdate(value: Any) -> str:
    """``Tuesday 10 November 2026``."""
    d = _as_date(value, "longdate")
    return f"{_DAYS[d.weekday()]} {d.day} {_MONTHS[d.month - 1]} {d.year}"


def shortdate(value: Any) -> str:
    """``10 November``."""
    d = _as_date(value, "shortdate")
    return f"{d.day} {_MONTHS[d.month - 1]}"


def monthyear(value: Any) -> str:
    """``November 2026``."""
    d = _as_date(value, "monthyear")
    return f"{_MONTHS[d.month - 1]} {d.year}"


def capfirst(value: Any) -> str:
    """The text with its first letter in capitals, the rest untouched (unlike ``capitalize``)."""
    text = str(_value(value))
    return text[:1].upper() + text[1:]


def clock(value: Any) -> str:
    """``14:30`` for a date and time."""
    value = _value(value)
    if not isinstance(value, datetime):
        raise MissingField(f"The “time” filter needs a date and time, not “{value}”.")
    return value.strftime("%H:%M")


def andjoin(values: Any) -> str:
    """``Ana``, ``Ana and Ben``, ``Ana, Ben and Cy`` (people print as their name)."""
    items = [str(_value(v)) for v in _value(values)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def default(value: Any, fallback: Any = "", boolean: bool = False) -> Any:
    """jinja2's ``default``, which also treats :class:`Absent` values as missing."""
    from jinja2 import Undefined

    if isinstance(value, Absent | Undefined) or (boolean and not value):
        return fallback
    return value


def finalize(value: Any) -> Any:
    """Check every ``{{ … }}`` before it is printed: an empty value stops the rendering."""
    # Every {{ ... }} passes here before it is printed: None would print "None".
    if value is None:
        raise MissingField("The template prints a value that is empty here.")
    return _value(value)
