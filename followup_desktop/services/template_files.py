"""The letter and email templates: the built-in ones, and the user's own in the data folder.

Built-ins ship in ``resources/templates/<name>.j2``. The user's files live in
``<data dir>/templates/<name>.j2``: a file with a built-in's name replaces that built-in
("Edit a copy"; deleting it is "Reset to built-in"), any other name is a template of their own.
A name says what a template is for: it starts with the follow-up kind it writes
(``thank_you_…``, ``chase_…``) and a letter's name contains ``letter``. See docs/templates.md.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from followup_desktop.core.errors import NotFoundError, ValidationError
from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.templating import check_syntax, describe
from followup_desktop.resources import resource_path

SUFFIX = ".j2"
#: The template a follow-up kind starts with when the user has not picked another.
DEFAULT_FOR_KIND: dict[FollowUpKind, str] = {
    FollowUpKind.THANK_YOU: "thank_you_email",
    FollowUpKind.PROMISED_MATERIAL: "promised_material_email",
    FollowUpKind.CHASE: "chase_email",
    FollowUpKind.AGENCY_CONTACTS: "agency_contacts_email",
    FollowUpKind.FEEDBACK_REQUEST: "feedback_request_email",
    FollowUpKind.KEEP_IN_TOUCH: "keep_in_touch_email",
    FollowUpKind.CUSTOM: "general_email",
}
#: Built-ins in the order the editor lists them (the letter beside the thank-you email).
_LIST_ORDER = ("thank_you_email", "thank_you_letter", *list(DEFAULT_FOR_KIND.values())[1:])
#: The kinds a message can be written for (the others are reminders, not messages).
COMPOSABLE_KINDS = frozenset(DEFAULT_FOR_KIND)
_NAME = re.compile(r"^[a-z0-9][a-z0-9_]{0,59}$")
#: Longest kinds first, so "keep_in_touch_short" is not read as some shorter kind.
_KINDS_BY_LENGTH = sorted(COMPOSABLE_KINDS, key=lambda k: -len(k.value))


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """One template as the editor and the compose dialog list it."""

    name: str
    #: "Thank-you email" (from the first ``{# … #}`` comment, else from the name)
    title: str
    #: the rest of that comment: what it is for
    description: str
    kind: FollowUpKind | None
    is_letter: bool
    #: a built-in has this name
    builtin: bool
    #: the user has a file with this name (their own, or their edit of a built-in)
    customized: bool

    @property
    def label(self) -> str:
        if not self.builtin:
            return f"{self.title} (your own)"
        return f"{self.title} (edited)" if self.customized else self.title


def kind_of(name: str) -> FollowUpKind | None:
    """The follow-up kind a template name starts with, if any."""
    for kind in _KINDS_BY_LENGTH:
        if name == kind.value or name.startswith(kind.value + "_"):
            return kind
    return FollowUpKind.CUSTOM if name.startswith("general") else None


def is_letter(name: str) -> bool:
    return "letter" in name.split("_")


def check_name(name: str) -> str:
    """A template name that is safe as a file name (lowercase letters, digits, ``_``)."""
    cleaned = name.strip().lower().replace(" ", "_").replace("-", "_")
    if not _NAME.match(cleaned):
        raise ValidationError(
            "name",
            "A template name uses lowercase letters, digits and “_” only (at most 60), "
            "e.g. “thank_you_email_short”.",
        )
    return cleaned


def _title(name: str, description: str) -> tuple[str, str]:
    if description:
        head, sep, rest = description.partition(" — ")
        return head.strip(), rest.strip() if sep else ""
    return name.replace("_", " ").capitalize(), ""


class TemplateLibrary:
    """Reads and writes templates.

    Args:
        user_dir: the folder of the user's own templates (``<data dir>/templates``); None
            when there is no data folder (then only the built-ins exist and saving fails).
        builtin_dir: the shipped templates (tests may point elsewhere).
    """

    def __init__(self, user_dir: Path | None, builtin_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self.builtin_dir = builtin_dir or resource_path("templates")

    # -- reading -------------------------------------------------------------------------
    def _names(self, folder: Path | None) -> set[str]:
        if folder is None or not folder.is_dir():
            return set()
        return {p.stem for p in folder.glob(f"*{SUFFIX}") if _NAME.match(p.stem)}

    def builtin_names(self) -> set[str]:
        return self._names(self.builtin_dir)

    def user_names(self) -> set[str]:
        return self._names(self.user_dir)

    def templates(self) -> list[TemplateInfo]:
        """Every template: built-ins in kind order, then the user's own, by name."""
        builtins, users = self.builtin_names(), self.user_names()
        order = {name: i for i, name in enumerate(_LIST_ORDER)}
        names = sorted(
            builtins | users,
            key=lambda n: (n not in builtins, order.get(n, len(order)), n),
        )
        return [self.info(name) for name in names]

    def info(self, name: str) -> TemplateInfo:
        builtin = name in self.builtin_names()
        customized = name in self.user_names()
        if not (builtin or customized):
            raise NotFoundError("template", f"There is no template called “{name}”.")
        try:
            source = self.source(name)
        except ValidationError:
            source = ""  # unreadable: still listed, so it can be reset or deleted
        title, rest = _title(name, describe(source))
        return TemplateInfo(name, title, rest, kind_of(name), is_letter(name), builtin, customized)

    def for_kind(self, kind: FollowUpKind) -> list[TemplateInfo]:
        """Templates for a follow-up kind first (its default first), then the general ones."""
        default = DEFAULT_FOR_KIND.get(kind, "general_email")
        infos = self.templates()
        return sorted(
            infos,
            key=lambda t: (t.name != default, t.kind != kind, t.kind is not FollowUpKind.CUSTOM),
        )

    def default_for(self, kind: FollowUpKind) -> str:
        return DEFAULT_FOR_KIND.get(kind, "general_email")

    def _read(self, path: Path, name: str) -> str:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(
                "template", f"The template “{name}” ({path}) is not UTF-8 text."
            ) from exc
        except OSError as exc:
            raise ValidationError(
                "template", f"The template “{name}” cannot be read: {exc.strerror or exc}."
            ) from exc

    def source(self, name: str) -> str:
        """The text in use: the user's file if there is one, else the built-in."""
        if self.user_dir is not None:
            path = self.user_dir / f"{name}{SUFFIX}"
            if path.is_file():
                return self._read(path, name)
        return self.builtin_source(name)

    def builtin_source(self, name: str) -> str:
        path = self.builtin_dir / f"{name}{SUFFIX}"
        if not path.is_file():
            raise NotFoundError("template", f"There is no built-in template called “{name}”.")
        return self._read(path, name)

    # -- writing -------------------------------------------------------------------------
    def _user_path(self, name: str) -> Path:
        if self.user_dir is None:
            raise ValidationError("template", "There is no data folder to keep templates in.")
        return self.user_dir / f"{check_name(name)}{SUFFIX}"

    def save(self, name: str, source: str) -> str:
        """Write the user's version of a template (a new name makes a template of their own).

        Returns:
            The cleaned name.

        Raises:
            ValidationError: a bad name, a template with a syntax error (the message gives
                the line), or a disk that refuses the file.
        """
        path = self._user_path(name)
        problem = check_syntax(source, path.stem)
        if problem is not None:
            raise problem
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Write beside it, then replace: a crash never leaves half a template.
            fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(source)
                os.replace(tmp, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except UnicodeEncodeError as exc:  # a broken character (lone surrogate) in the text
            raise ValidationError(
                "template", "The template contains a broken character, so it cannot be saved."
            ) from exc
        except OSError as exc:
            raise ValidationError(
                "template", f"The template could not be saved: {exc.strerror or exc}."
            ) from exc
        return path.stem

    def reset(self, name: str) -> None:
        """Remove the user's file: a built-in comes back, a template of their own is gone."""
        path = self._user_path(name)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise ValidationError(
                "template", f"The template could not be removed: {exc.strerror or exc}."
            ) from exc

    def free_name(self, base: str) -> str:
        """``base_copy``, ``base_copy_2``… — a name no template has yet."""
        taken = self.builtin_names() | self.user_names()
        stem = check_name(base)[:50]
        candidate = f"{stem}_copy"
        n = 2
        while candidate in taken:
            candidate = f"{stem}_copy_{n}"
            n += 1
        return candidate
