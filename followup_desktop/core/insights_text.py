"""The insights in words: what the charts show, as sentences a screen reader can read.

Pure. The Insights view shows these beside the charts ("As text") and gives each chart its
section as accessible description; the numbers are the same ones the charts draw.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.history import Period
from followup_desktop.core.insights import (
    FollowUpOutcomes,
    Funnel,
    Insights,
    Outcomes,
    QuietInterview,
    ReplyStats,
    ReplyTimes,
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: What each follow-up kind is called in the figures.
KIND_NAMES = {
    FollowUpKind.PREPARE: "Prepare",
    FollowUpKind.THANK_YOU: "Thank-you",
    FollowUpKind.PROMISED_MATERIAL: "Promised material",
    FollowUpKind.CHASE: "Chase",
    FollowUpKind.AGENCY_CONTACTS: "Company contacts",
    FollowUpKind.FEEDBACK_REQUEST: "Feedback request",
    FollowUpKind.KEEP_IN_TOUCH: "Keep in touch",
    FollowUpKind.CLOSE_NO_REPLY: "Close as no reply",
    FollowUpKind.CUSTOM: "Your own",
}


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 interview"``, ``"3 interviews"``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def percent(share: float) -> str:
    """``0.634`` → ``"63%"``."""
    return f"{round(share * 100)}%"


def duration(length: timedelta) -> str:
    """A wait in words: ``"under an hour"``, ``"5 hours"``, ``"2.5 days"``, ``"12 days"``."""
    hours = length.total_seconds() / 3600
    if hours < 1:
        return "under an hour"
    if hours < 36:
        return plural(round(hours), "hour")
    days = hours / 24
    if days < 10:
        text = f"{days:.1f}".removesuffix(".0")
        return f"{text} day" if text == "1" else f"{text} days"
    return plural(round(days), "day")


def day_text(moment: datetime, tz: tzinfo) -> str:
    """``"3 Mar 2026"`` for an aware datetime, in ``tz``."""
    d = moment.astimezone(tz).date()
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def period_text(period: Period, tz: tzinfo) -> str:
    """``"1 Jan 2026 to 31 Mar 2026"``, ``"since 1 Jan 2026"``, ``"all time"``."""
    start = day_text(period.start, tz) if period.start else None
    # The end is excluded: the last day shown is the day before it.
    end = day_text(period.end - timedelta(seconds=1), tz) if period.end else None
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"since {start}"
    if end:
        return f"until {end}"
    return "all time"


def funnel_lines(f: Funnel) -> list[str]:
    """The funnel in sentences."""
    if not f.total:
        return ["No interviews were added in this period."]
    lines = [f"{plural(f.total, 'interview')} added in this period."]
    for i, step in enumerate(f.steps):
        text = f"{step.stage.label}: {step.reached}"
        if step.to_next is not None:
            nxt = f.steps[i + 1].stage.label
            text += f"; {percent(step.to_next)} of them went on to {nxt}"
        if step.ended_here:
            text += f"; {step.ended_here} ended here with a no"
        lines.append(text + ".")
    if f.not_this_time:
        lines.append(f"Not this time: {f.not_this_time} in all.")
    return lines


def _stats_text(s: ReplyStats) -> str:
    if s.count == 1:
        return f"{s.company}: answered once, after {duration(s.median)}."
    return (
        f"{s.company}: {plural(s.count, 'answer')}, median {duration(s.median)} "
        f"(from {duration(s.shortest)} to {duration(s.longest)})."
    )


def reply_lines(r: ReplyTimes) -> list[str]:
    """Reply times in sentences, overall first, then per company (fastest first)."""
    if r.overall is None:
        return ["No company answered in this period."]
    o = r.overall
    lines = [
        f"Companies answered {plural(o.count, 'time')}; the median wait was "
        f"{duration(o.median)} (shortest {duration(o.shortest)}, longest "
        f"{duration(o.longest)})."
    ]
    lines.extend(_stats_text(s) for s in r.by_company)
    return lines


def _outcome_text(o: Outcomes) -> str:
    text = f"{o.on_time} on time, {o.late} late, {o.skipped} skipped"
    if o.skipped:
        text += f" ({o.dismissed} dismissed, {o.missed} still open after the deadline)"
    return text


def followup_lines(fo: FollowUpOutcomes) -> list[str]:
    """Follow-up outcomes in sentences."""
    t = fo.total
    if not t.settled and not t.open:
        return ["No follow-up had its deadline in this period."]
    lines = []
    if t.settled:
        lines.append(
            f"Of {plural(t.settled, 'follow-up')} due in this period: {_outcome_text(t)}; "
            f"{percent(t.on_time / t.settled)} on time."
        )
    if t.open:
        lines.append(f"{plural(t.open, 'more follow-up')} not due yet.")
    for kind, o in fo.by_kind:
        if o.settled:
            lines.append(f"{KIND_NAMES.get(kind, kind.value)}: {_outcome_text(o)}.")
    return lines


def quiet_lines(quiet: tuple[QuietInterview, ...], tz: tzinfo) -> list[str]:
    """Interviews that went quiet, in sentences."""
    if not quiet:
        return ["No interview went quiet after the allowed chases."]
    lines = [f"{plural(len(quiet), 'interview')} went quiet after the allowed chases:"]
    for q in quiet:
        lines.append(
            f"{q.company} — {q.role} ({q.stage}): {plural(q.chases, 'chase')}, "
            f"quiet since {day_text(q.since, tz)}."
        )
    return lines


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    lines: tuple[str, ...]


def describe(insights: Insights, tz: tzinfo) -> list[Section]:
    """Every figure in words, one section per chart."""
    return [
        Section("Where applications got to", tuple(funnel_lines(insights.funnel))),
        Section("How fast companies answer", tuple(reply_lines(insights.replies))),
        Section("Follow-ups", tuple(followup_lines(insights.followups))),
        Section("Went quiet", tuple(quiet_lines(insights.quiet, tz))),
    ]
