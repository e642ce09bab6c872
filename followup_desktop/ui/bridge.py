"""Turns the services' change announcements into a Qt signal for models and views."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from followup_desktop.services import Changes, Services


class ChangeBridge(QObject):
    """Emits :attr:`sig_changed` with a :class:`Changes` after every committed operation."""

    #: Changes — what one committed operation changed
    sig_changed = Signal(object)

    def __init__(self, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._services = services
        services.ctx.subscribe(self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        self.sig_changed.emit(changes)

    def detach(self) -> None:
        self._services.ctx.unsubscribe(self._on_changes)
