"""What a notification says: one follow-up, or several grouped into one.

Plain Python (no Qt) so the words are tested without a desktop. A notification's title says
what to do and for which company ("Thank Acme Ltd for the interview"); its body says to whom
and by when. Several follow-ups falling due together become *one* notification listing them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from followup_desktop import APP_NAME
from followup_desktop.core.facts import DisplayState, Recipient
from followup_desktop.services.followup_views import FollowUpView

#: how many follow-ups a grouped notification names before "and N more"
GROUP_LINES = 4


@dataclass(frozen=True, slots=True)
class Announcement:
    """One notification to show (by whichever backend is available)."""

    title: str
    body: str
    #: the follow-ups it is about, most urgent first
    followup_ids: tuple[int, ...]
    #: True when it is about several follow-ups (it then carries no Done/Snooze buttons)
    grouped: bool = False
    #: True for the summary of what fell due while the app was closed
    at_start: bool = False

    @property
    def single_id(self) -> int | None:
        """The follow-up's id when the notification is about exactly one."""
        return self.followup_ids[0] if len(self.followup_ids) == 1 else None


def headline(item: FollowUpView) -> str:
    """What to do, naming the company ("Thank Acme Ltd for the interview").

    The rules already put the company in their titles; a title the user typed may not,
    so the company is added after a dash then.
    """
    title = item.title.strip()
    if item.company and item.company.casefold() not in title.casefold():
        return f"{title} — {item.company}"
    return title


def _person(r: Recipient) -> str:
    return r.name or r.email


def recipients_line(item: FollowUpView) -> str:
    """To whom: "To Jane Smith, cc Tom Jones and Ann Lee" ("" when nobody is named)."""
    to = [p for p in map(_person, item.to) if p]
    cc = [p for p in map(_person, item.cc) if p]
    parts = []
    if to:
        parts.append("To " + _and(to))
    if cc:
        parts.append(("cc " if to else "Cc ") + _and(cc))
    return ", ".join(parts)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def when_text(moment: datetime, now: datetime, tz: tzinfo) -> str:
    """A moment as people say it: "today 17:00", "tomorrow 09:00", "Thu 14 Mar 17:00"."""
    local = moment.astimezone(tz)
    today = now.astimezone(tz).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today {clock}"
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    if local.date() == today - timedelta(days=1):
        return f"yesterday {clock}"
    if local.year == today.year:
        return local.strftime("%a %d %b ") + clock
    return local.strftime("%a %d %b %Y ") + clock


def deadline_line(item: FollowUpView, now: datetime, tz: tzinfo) -> str:
    """By when: "by today 17:00", or "overdue since Tue 12 Mar 17:00"."""
    when = when_text(item.deadline_at, now, tz)
    if item.display is DisplayState.OVERDUE or item.deadline_at < now:
        return f"overdue since {when}"
    return f"by {when}"


def single_body(item: FollowUpView, now: datetime, tz: tzinfo) -> str:
    """The body of a notification about one follow-up: to whom, by when, for which role."""
    who = recipients_line(item)
    by = deadline_line(item, now, tz)
    first = f"{who} — {by}" if who else by[0].upper() + by[1:]
    role = f"{item.company} — {item.role}" if item.role else item.company
    return f"{first}\n{role}"


def announce(
    items: Sequence[FollowUpView], now: datetime, tz: tzinfo, *, at_start: bool = False
) -> Announcement:
    """Word one notification about ``items`` (most urgent first; at least one).

    Args:
        items: the follow-ups that fell due and were not announced yet.
        now: the current moment.
        tz: the user's time zone.
        at_start: these fell due while the app was closed (the start-up summary).

    Returns:
        A single follow-up's notification, or one grouped notification for several.
    """
    if not items:
        raise ValueError("nothing to announce")
    ids = tuple(i.id for i in items)
    if len(items) == 1:
        item = items[0]
        return Announcement(headline(item), single_body(item, now, tz), ids, at_start=at_start)
    count = len(items)
    overdue = sum(1 for i in items if i.display is DisplayState.OVERDUE)
    if at_start:
        title = f"{count} follow-ups fell due while {APP_NAME} was closed"
    else:
        title = f"{count} follow-ups are due"
    if overdue:
        title += f" ({overdue} overdue)"
    lines = []
    for item in items[:GROUP_LINES]:
        flag = " (overdue)" if item.display is DisplayState.OVERDUE else ""
        lines.append(f"• {headline(item)}{flag}")
    if count > GROUP_LINES:
        lines.append(f"and {count - GROUP_LINES} more")
    return Announcement(title, "\n".join(lines), ids, grouped=True, at_start=at_start)
