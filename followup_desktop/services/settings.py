"""Follow-up timings and the user's profile (stored in the database)."""

from __future__ import annotations

from typing import Any

from followup_desktop.core import validation as check
from followup_desktop.core.errors import ValidationError
from followup_desktop.core.settings import Profile, RuleSettings
from followup_desktop.services.context import ServiceContext
from followup_desktop.services.followups import FollowUpService
from followup_desktop.store import models as m


class SettingsService:
    def __init__(self, ctx: ServiceContext, followups: FollowUpService) -> None:
        self.ctx = ctx
        self.followups = followups

    def rules(self) -> RuleSettings:
        return self.followups.rule_settings()

    def set_rules(self, **changes_: Any) -> RuleSettings:
        """Change timings; every live interview is re-derived with the new numbers."""
        current = self.rules().to_json()
        for key, value in changes_.items():
            if key not in current:
                raise ValidationError(key, f"Unknown setting “{key}”.")
            current[key] = value
        try:
            new = RuleSettings.from_json(current)
        except (TypeError, ValueError) as exc:
            raise ValidationError(next(iter(changes_), "rules"), f"Invalid setting: {exc}") from exc
        for name in (
            "thank_you_days",
            "promise_days",
            "chase_default_days",
            "feedback_days",
            "min_days_between_messages",
            "max_chases",
        ):
            value = getattr(new, name)
            if not isinstance(value, int) or not 0 <= value <= 365:
                raise ValidationError(
                    name,
                    f"{name.replace('_', ' ').capitalize()} must be a "
                    "whole number of days from 0 to 365.",
                )
        for name in ("prepare_hour", "chase_hour"):
            value = getattr(new, name)
            if not isinstance(value, int) or not 0 <= value <= 23:
                raise ValidationError(name, "An hour must be from 0 to 23.")
        with self.ctx.transaction() as changes:
            m.Setting.insert(key="rules", value=new.to_json()).on_conflict_replace().execute()
            ids = [
                i.id
                for i in m.Interview.select(m.Interview.id).where(m.Interview.archived == False)
            ]
            self.followups.rederive(ids, changes)
            changes.settings = True
        return new

    def profile(self) -> Profile:
        row = m.Setting.get_or_none(m.Setting.key == "profile")
        return Profile.from_json(row.value if row else {})

    def set_profile(self, **fields: Any) -> Profile:
        data = self.profile().to_json()
        for key, value in fields.items():
            if key not in data:
                raise ValidationError(key, f"Unknown profile field “{key}”.")
            if key == "email":
                data[key] = check.email(value)
            else:
                multiline = key in ("address", "signature")
                data[key] = check.text(
                    value,
                    key,
                    key.capitalize(),
                    multiline=multiline,
                    max_length=2000 if multiline else None,
                )
        with self.ctx.transaction() as changes:
            m.Setting.insert(key="profile", value=data).on_conflict_replace().execute()
            changes.settings = True
        return Profile.from_json(data)

    def get_value(self, key: str, default: Any = None) -> Any:
        row = m.Setting.get_or_none(m.Setting.key == key)
        return default if row is None else row.value

    def set_value(self, key: str, value: Any) -> None:
        key = check.text(key, "key", "Setting", required=True)
        with self.ctx.transaction() as changes:
            m.Setting.insert(key=key, value=value).on_conflict_replace().execute()
            changes.settings = True
