"""Settings pages register here; the Settings dialog shows them in ``order``.

Each feature contributes its own page (stages, profile, notifications, templates...)
without the dialog knowing about it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from followup_desktop.services import Services


class SettingsPage(QWidget):
    """One page of the Settings dialog."""

    #: the page's name in the dialog's list
    title: str = ""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services

    def apply(self) -> None:
        """Save the page's edits through the services.

        Raises:
            ValidationError: shown to the user next to / about the named field.
        """


PageFactory = Callable[[Services, QWidget | None], SettingsPage]
_PAGES: list[tuple[int, PageFactory]] = []


def register_page(order: int, factory: PageFactory) -> None:
    """Add a page; lower ``order`` comes first (stages 10, profile 20, notifications 30,
    templates 40)."""
    if all(f is not factory for _, f in _PAGES):
        _PAGES.append((order, factory))


def page_factories() -> list[PageFactory]:
    return [f for _, f in sorted(_PAGES, key=lambda item: item[0])]
