"""Filling letter and email templates (jinja2), safely.

Pure: no Qt, no database, no files. The compose service builds the context (see
``docs/templates.md``) and hands the template's text here.

- Templates run in jinja2's :class:`~jinja2.sandbox.SandboxedEnvironment`: a template can read
  the context, nothing else (:mod:`followup_desktop.core.template_sandbox`).
- The user's data is *data*: names, notes and promises are values in the context, never
  template source, so a ``{{ 7*7 }}`` typed into a note is printed as it was typed.
- Nothing is silently left blank. A field that does not exist, or that is empty for this
  interview (no agency, no HR contact, no email noted...), stops the rendering with a
  :class:`TemplateProblem` that names the field and the template line. Templates test optional
  fields with ``{% if hr %}`` … ``{% endif %}`` or opt into a blank with ``| default("")``
  (the fields: :mod:`followup_desktop.core.template_fields`; the filters:
  :mod:`followup_desktop.core.template_filters`).
- jinja2 is imported on first use only: it costs nothing at start-up.

A template's first output line may be ``Subject: …``: it becomes the subject, the rest the body
(:func:`split_subject`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import TracebackType
from typing import Any

from followup_desktop.core.errors import ValidationError
from followup_desktop.core.template_fields import Absent, MissingField, Record
from followup_desktop.core.template_sandbox import KNOWN_NAMES, environment

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
_SUBJECT = re.compile(r"^\s*subject\s*:(.*)$", re.IGNORECASE)
_FIRST_COMMENT = re.compile(r"^\s*\{#-?\s*(.*?)\s*-?#\}", re.DOTALL)


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


@dataclass(frozen=True, slots=True)
class RenderedText:
    """A filled template: ``subject`` from its ``Subject:`` line (or empty), and the body."""

    subject: str
    body: str


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
    return environment().from_string(source)


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
    token = KNOWN_NAMES.set(tuple(context))
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
        KNOWN_NAMES.reset(token)
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
