"""Filling letter and email templates (jinja2), safely.

Pure: no Qt, no database, no files. The compose service builds the context (see
``docs/templates.md``) and hands the template's text here.

- Templates run in jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment`: a template can read
  the context, nothing else.
- The user's data is *data*: names, notes and promises are values in the context, never
  template source, so a ``{{ 7*7 }}`` typed into a note is printed as it was typed.
- Nothing is silently left blank. A field that does not exist, or that is empty for this
  interview (no agency, no HR contact, no email noted...), stops the rendering with a
  :class:`TemplateProblem` that names the field and the template line. Templates test optional
  fields with ``{% if hr %}`` … ``{% endif %}`` or opt into a blank with ``| default("")``.
- jinja2 is imported on first use only: it costs nothing at start-up.

A template's first output line may be ``Subject: …``: it becomes the subject, the rest the body
(:func:`split_subject`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache, lru_cache
from types import TracebackType
from typing import Any

from followup_desktop.core.errors import ValidationError

__all__ = [
    "Absent",
    "MissingField",
    "Record",
    "RenderedText",
    "TemplateProblem",
    "check_syntax",
    "describe",
    "render",
    "split_subject",
]

#: The file name jinja2 gives a template compiled from a string; its lines are the template's.
_TEMPLATE_FILENAME = "<template>"
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
_SUBJECT = re.compile(r"^\s*subject\s*:(.*)$", re.IGNORECASE)
_FIRST_COMMENT = re.compile(r"^\s*\{#-?\s*(.*?)\s*-?#\}", re.DOTALL)
#: The top-level names of the context being rendered, for "did you mean" suggestions.
_KNOWN_NAMES: ContextVar[tuple[str, ...]] = ContextVar("_KNOWN_NAMES", default=())


class TemplateProblem(ValidationError):
    """A template that cannot be filled: a syntax error, or a field it cannot fill.

    ``field`` is always ``"template"``; ``line`` is the template line (1-based) when known.
    """

    def __init__(self, message: str, line: int | None = None, name: str = "") -> None:
        prefix = f"Line {line}: " if line else ""
        super().__init__("template", prefix + message)
        self.line = line
        self.name = name
        #: the message without the line prefix
        self.detail = message


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


@dataclass(frozen=True, slots=True)
class RenderedText:
    """A filled template: ``subject`` from its ``Subject:`` line (or empty), and the body."""

    subject: str
    body: str


# -- filters (English, locale-independent: the same letter on every machine) --------------
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


def _finalize(value: Any) -> Any:
    # Every {{ ... }} passes here before it is printed: None would print "None".
    if value is None:
        raise MissingField("The template prints a value that is empty here.")
    return _value(value)


# -- the environment ----------------------------------------------------------------------
def _suggest(name: str, options: Iterable[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" Did you mean “{prefix}{close[0]}”?" if close else ""


def _missing_message(obj: Any, name: Any, hint: str | None) -> str:
    """Explain an undefined value in the user's words (obj is jinja2's ``missing`` or a value)."""
    from jinja2.utils import missing

    if hint:
        return hint
    if obj is missing:
        known = _KNOWN_NAMES.get()
        listing = f" The fields are: {', '.join(known)}." if known else ""
        return f"“{name}” is not a template field.{_suggest(str(name), known)}{listing}"
    if isinstance(obj, Absent):
        return obj._explain(str(name))
    if isinstance(obj, Record):
        fields = list(obj._fields)
        suggestion = _suggest(str(name), fields, obj._path + ".")
        return (
            f"“{obj._path}.{name}” is not a template field.{suggestion} "
            f"The fields of {obj._path} are: {', '.join(fields)}."
        )
    if isinstance(obj, list | tuple):
        return (
            f"A list has no field “{name}”: loop over it with {{% for item in … %}}, or pick "
            f"one item with [0]."
        )
    return f"“{name}” is not a field of “{obj}”."


@cache
def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.ext import Extension
    from jinja2.lexer import Token, TokenStream
    from jinja2.sandbox import SandboxedEnvironment

    class TagLinesVanish(Extension):
        """A line holding only ``{% … %}`` tags or comments leaves nothing behind; a line with
        text keeps its line break even when it ends with a tag.

        jinja2's ``trim_blocks`` removes the line break after *every* block tag, which would
        glue "…the team.{% endif %}" to the next line; this puts those breaks back, keeping
        the token line numbers (so error messages still point at the right line).
        """

        def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
            has_output = inline = False
            end_line: int | None = None  # where the last data-context token ended
            for token in stream:
                kind = token.type
                if (
                    kind in ("data", "block_begin", "variable_begin")
                    and end_line is not None
                    and token.lineno > end_line
                    and has_output
                ):
                    # A comment at the end of a line of text swallowed its line break.
                    yield Token(end_line, "data", "\n")
                    has_output = False
                if kind == "data":
                    _head, newline, tail = token.value.rpartition("\n")
                    has_output = bool(tail.strip()) or (has_output and not newline)
                    end_line = token.lineno + token.value.count("\n")
                elif kind == "variable_begin":
                    has_output, end_line = True, None
                elif kind == "block_begin":
                    inline, end_line = has_output, None
                elif kind in ("block_end", "variable_end"):
                    yield token
                    end_line = token.lineno + token.value.count("\n")
                    if token.value.endswith("\n"):  # trim_blocks took this line break
                        if kind == "block_end" and inline:
                            yield Token(token.lineno, "data", "\n")
                        has_output = False
                    continue
                yield token

    class FieldUndefined(StrictUndefined):
        """StrictUndefined that names the field the way the template wrote it."""

        __slots__ = ()

        @property
        def _undefined_message(self) -> str:
            return _missing_message(self._undefined_obj, self._undefined_name, self._undefined_hint)

    env = SandboxedEnvironment(
        undefined=FieldUndefined,
        autoescape=False,  # plain text, not HTML
        trim_blocks=True,  # with TagLinesVanish: a line of tags only leaves no blank line
        lstrip_blocks=True,
        extensions=[TagLinesVanish],
        keep_trailing_newline=False,
        finalize=_finalize,
        auto_reload=False,
    )
    env.filters.update(
        longdate=longdate,
        shortdate=shortdate,
        monthyear=monthyear,
        time=clock,
        andjoin=andjoin,
        capfirst=capfirst,
        default=default,
        d=default,
    )
    return env


def _template_line(tb: TracebackType | None) -> int | None:
    """The template line of the innermost template frame of a traceback."""
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_FILENAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@lru_cache(maxsize=64)
def _compiled(source: str) -> Any:
    # The live preview renders the same text on every keystroke pause: compile it once.
    return _environment().from_string(source)


def _compile(source: str, name: str) -> Any:
    from jinja2 import TemplateSyntaxError

    try:
        return _compiled(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_syntax_message(exc.message or str(exc)), exc.lineno, name) from None


def _syntax_message(message: str) -> str:
    text = message.strip()
    if text.startswith("unexpected char"):
        return f"This is not valid template syntax ({text})."
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def check_syntax(source: str, name: str = "") -> TemplateProblem | None:
    """Return the first syntax error of a template (with its line), or None."""
    try:
        _compile(source, name)
    except TemplateProblem as problem:
        return problem
    return None


def render(source: str, context: Mapping[str, Any], name: str = "") -> RenderedText:
    """Fill a template with ``context`` and split off its subject.

    Args:
        source: the template text (jinja2 syntax; see ``docs/templates.md``).
        context: the values, as built by the compose service.
        name: the template's name, for messages.

    Returns:
        The subject (from a first ``Subject:`` line, else empty) and the body.

    Raises:
        TemplateProblem: a syntax error, a field that does not exist or is empty here, or
            anything else the template cannot do; the message names it and its line.
    """
    from jinja2 import TemplateError

    template = _compile(source, name)
    token = _KNOWN_NAMES.set(tuple(context))
    try:
        text = template.render(dict(context))
    except MissingField as exc:
        raise TemplateProblem(exc.message, _template_line(exc.__traceback__), name) from None
    except TemplateError as exc:
        raise TemplateProblem(
            str(exc.message or exc), _template_line(exc.__traceback__), name
        ) from None
    except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
        # A template is a small program; its mistakes are the user's to fix, not a crash.
        raise TemplateProblem(
            f"The template failed: {exc}", _template_line(exc.__traceback__), name
        ) from None
    finally:
        _KNOWN_NAMES.reset(token)
    return split_subject(tidy(text))


def tidy(text: str) -> str:
    """Trailing spaces off every line, no blank lines at either end, one final newline.

    Blank lines inside are the template's own (a letter leaves room for a signature).
    """
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n" if lines else ""


def split_subject(text: str) -> RenderedText:
    """Split a filled template into its ``Subject:`` line and its body."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return RenderedText("", "")
    match = _SUBJECT.match(lines[first])
    if match is None:
        return RenderedText("", text)
    body_lines = lines[first + 1 :]
    while body_lines and not body_lines[0].strip():
        body_lines.pop(0)
    return RenderedText(match.group(1).strip(), "\n".join(body_lines))


def describe(source: str) -> str:
    """The template's description: the text of its first ``{# ... #}`` comment, or ""."""
    match = _FIRST_COMMENT.match(source)
    return " ".join(match.group(1).split()) if match else ""
