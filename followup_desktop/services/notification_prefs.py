"""Notification preferences: pause, start minimized, quiet hours.

Pause and "start minimized" live in the ``notifications`` setting; quiet hours are part of the
rule settings (``RuleSettings.quiet_start`` / ``quiet_end``) because they travel with them.
"Start at login" is not stored here: the autostart entry itself is the truth
(see ``followup_desktop.autostart``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import ValidationError
from followup_desktop.services.settings import SettingsService

KEY = "notifications"


@dataclass(frozen=True, slots=True)
class NotificationPrefs:
    """What the Notifications settings page and the tray's Pause menu change."""

    paused: bool = False
    #: the pause ends then; ``None`` while paused means "until I resume"
    paused_until: datetime | None = None
    #: "Start at login" starts hidden in the tray
    start_minimized: bool = True

    def is_paused(self, now: datetime) -> bool:
        """Return True while notifications are paused at ``now``."""
        return self.paused and (self.paused_until is None or now < self.paused_until)

    def to_json(self) -> dict[str, Any]:
        return {
            "paused": self.paused,
            "paused_until": self.paused_until.isoformat() if self.paused_until else None,
            "start_minimized": self.start_minimized,
        }

    @classmethod
    def from_json(cls, data: Any) -> NotificationPrefs:
        """Build from the stored value; anything unreadable falls back to the default."""
        if not isinstance(data, dict):
            return cls()
        until = data.get("paused_until")
        try:
            paused_until = datetime.fromisoformat(until) if isinstance(until, str) else None
        except ValueError:
            paused_until = None
        if paused_until is not None and paused_until.tzinfo is None:
            paused_until = None  # never compare naive and aware moments
        return cls(
            paused=bool(data.get("paused", False)),
            paused_until=paused_until,
            start_minimized=bool(data.get("start_minimized", True)),
        )


class NotificationPrefsService:
    """Reads and changes :class:`NotificationPrefs` and the quiet hours."""

    def __init__(self, settings: SettingsService) -> None:
        self.settings = settings
        self.ctx = settings.ctx

    def get(self) -> NotificationPrefs:
        return NotificationPrefs.from_json(self.settings.get_value(KEY, {}))

    def _save(self, prefs: NotificationPrefs) -> NotificationPrefs:
        self.settings.set_value(KEY, prefs.to_json())
        return prefs

    def pause(self, until: datetime | None) -> NotificationPrefs:
        """Pause notifications until ``until`` (``None``: until resumed).

        Raises:
            ValidationError: ``paused_until`` is not in the future.
        """
        if until is not None:
            until = check.moment(until, "paused_until", "Pause until")
            if until <= self.ctx.now():
                raise ValidationError("paused_until", "Pause until must be in the future.")
        current = self.get()
        return self._save(NotificationPrefs(True, until, current.start_minimized))

    def resume(self) -> NotificationPrefs:
        return self._save(NotificationPrefs(False, None, self.get().start_minimized))

    def set_start_minimized(self, value: bool) -> NotificationPrefs:
        current = self.get()
        return self._save(NotificationPrefs(current.paused, current.paused_until, bool(value)))

    def quiet_hours(self) -> tuple[time, time]:
        """Local start and end of quiet hours (equal: no quiet hours)."""
        rules = self.settings.rules()
        return rules.quiet_start, rules.quiet_end

    def set_quiet_hours(self, start: time, end: time) -> None:
        """Change quiet hours (a no-op when unchanged: saving rules re-derives every card)."""
        for value, name, label in (
            (start, "quiet_start", "Quiet hours start"),
            (end, "quiet_end", "Quiet hours end"),
        ):
            if not isinstance(value, time):
                raise ValidationError(name, f"{label} must be a time of day.")
        start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
        if (start, end) == self.quiet_hours():
            return
        self.settings.set_rules(
            quiet_start=start.strftime("%H:%M"), quiet_end=end.strftime("%H:%M")
        )
