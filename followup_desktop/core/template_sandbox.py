"""The template sandbox: the jinja2 environment every template runs in.

- jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment`: a template can read its fields,
  nothing else.
- A misspelt or unknown field stops the rendering with a message in the user's words, with a
  "Did you mean …?" (:func:`missing_message`).
- A line holding only ``{% … %}`` tags leaves no blank line behind, while a line of text keeps
  its line break.
- The filters of :mod:`followup_desktop.core.template_filters`.

jinja2 is imported the first time :func:`environment` is called: it costs nothing at start-up.
Pure: no Qt. :mod:`followup_desktop.core.templating` compiles and renders with it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import cache
from typing import Any

from followup_desktop.core.template_fields import Absent, Record
from followup_desktop.core.template_filters import (
    andjoin,
    capfirst,
    clock,
    default,
    finalize,
    longdate,
    monthyear,
    shortdate,
)

#: The top-level names of the context being rendered, for "did you mean" suggestions.
KNOWN_NAMES: ContextVar[tuple[str, ...]] = ContextVar("_KNOWN_NAMES", default=())


def _suggest(name: str, options: Iterable[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f" Did you mean “{prefix}{close[0]}”?" if close else ""


def missing_message(obj: Any, name: Any, hint: str | None) -> str:
    """Explain an undefined value in the user's words (obj is jinja2's ``missing`` or a value)."""
    from jinja2.utils import missing

    if hint:
        return hint
    if obj is missing:
        known = KNOWN_NAMES.get()
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
def environment() -> Any:
    """The one sandboxed jinja2 environment, with the filters (built on first use)."""
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
            return missing_message(self._undefined_obj, self._undefined_name, self._undefined_hint)

    env = SandboxedEnvironment(
        undefined=FieldUndefined,
        autoescape=False,  # plain text, not HTML
        trim_blocks=True,  # with TagLinesVanish: a line of tags only leaves no blank line
        lstrip_blocks=True,
        extensions=[TagLinesVanish],
        keep_trailing_newline=False,
        finalize=finalize,
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
