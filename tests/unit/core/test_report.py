"""The job-search report: which applications, which events, the CSV read back, the HTML."""

from __future__ import annotations

import csv
from zoneinfo import ZoneInfo

from history_helpers import day, history, message

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.history import Period
from followup_desktop.core.report import (
    APPLIED,
    CSV_HEADER,
    INTERVIEW,
    MESSAGE,
    MOVED,
    REPLY,
    build_report,
    csv_rows,
    report_html,
    write_csv,
)

LONDON = ZoneInfo("Europe/London")
NOW = day(60)


def busy():
    return history(
        1,
        "Acme Ltd",
        path=((3, "scheduled"), (8.1, "interviewed"), (9, "awaiting_reply")),
        rounds=((8, 8.05),),
        messages=(
            message(
                8.5,
                FollowUpKind.THANK_YOU,
                to=("Hana Reed <hana@acme.example>",),
                cc=("Ian Vale <ian@acme.example>",),
                subject="Thank you for today",
            ),
        ),
        replies=(12,),
    )


def test_empty_report():
    report = build_report([], Period(), NOW)
    assert report.applications == ()
    assert csv_rows(report, LONDON) == [list(CSV_HEADER)]
    assert "No job-search activity was recorded in this period." in report_html(report, LONDON)


def test_single_application_with_every_kind_of_event():
    report = build_report([busy()], Period(), NOW)
    (a,) = report.applications
    assert [e.what for e in a.events] == [APPLIED, MOVED, INTERVIEW, MOVED, MESSAGE, MOVED, REPLY]
    assert [label for _, label in a.stage_history] == [
        "Applied",
        "Scheduled",
        "Interviewed",
        "Awaiting reply",
    ]
    assert a.people_contacted == (
        "Ian Vale (CTO)",
        "Hana Reed <hana@acme.example>",
        "Ian Vale <ian@acme.example>",
    )
    sent = next(e for e in a.events if e.what == MESSAGE)
    assert sent.details == "Thank-you: Thank you for today"
    assert sent.people == ("Hana Reed <hana@acme.example>", "Ian Vale <ian@acme.example> (copy)")
    assert report.count(MESSAGE) == 1 and report.count(INTERVIEW) == 1
    assert report.count(REPLY) == 1 and report.new_applications == 1


def test_period_keeps_applications_with_activity_in_it_and_only_those_events():
    old = history(2, "Globex", created=-30)  # nothing since
    report = build_report([busy(), old], Period(day(8), day(10)), NOW)
    (a,) = report.applications
    assert a.company == "Acme Ltd"
    assert [e.what for e in a.events] == [INTERVIEW, MOVED, MESSAGE, MOVED]
    assert report.new_applications == 0  # applied before the period
    # The stage history is the whole history, so the reader sees how it started.
    assert a.stage_history[0][1] == "Applied"


def test_future_rounds_are_not_in_the_report():
    h = history(rounds=((70, 70.05),))
    (a,) = build_report([h], Period(), NOW).applications
    assert INTERVIEW not in [e.what for e in a.events]


def test_interview_moved_backwards_shows_every_move():
    h = history(path=((1, "scheduled"), (2, "applied"), (3, "scheduled")))
    (a,) = build_report([h], Period(), NOW).applications
    assert [e.details for e in a.events if e.what == MOVED] == [
        "From Applied to Scheduled",
        "From Scheduled to Applied",
        "From Applied to Scheduled",
    ]


def test_csv_parsed_back(tmp_path):
    tricky = history(2, "Zoë & Søn, Ltd", role='Designer "UX"', created=1)
    report = build_report([busy(), tricky], Period(), NOW)
    path = tmp_path / "report.csv"
    write_csv(report, path, LONDON)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for spreadsheets
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(CSV_HEADER)
    assert len(rows) == 8  # 7 events of busy() + the application of tricky
    first = rows[0]
    assert first["Date"] == "2026-03-02" and first["Time"] == "09:00"
    assert first["Company"] == "Acme Ltd" and first["Activity"] == APPLIED
    assert first["Applied on"] == "2026-03-02" and first["Current stage"] == "Awaiting reply"
    msg = next(r for r in rows if r["Activity"] == MESSAGE)
    assert msg["People"] == "Hana Reed <hana@acme.example>; Ian Vale <ian@acme.example> (copy)"
    assert msg["Time"] == "21:00"  # day 8.5 = 21:00 UTC = 21:00 GMT
    zoe = rows[-1]
    assert zoe["Company"] == "Zoë & Søn, Ltd" and zoe["Role"] == 'Designer "UX"'


def test_csv_keeps_formulas_as_text():
    h = history(company='=HYPERLINK("http://evil")', role="+44 caller")
    rows = csv_rows(build_report([h], Period(), NOW), LONDON)
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    assert rows[1][3] == "'+44 caller"


def test_html_escapes_user_data_and_names_the_period():
    h = history(company="<b>Acme</b>", role="Dev & Ops")
    html = report_html(
        build_report([h], Period.from_dates(None, None, LONDON), NOW), LONDON, "Ann <Lee>"
    )
    assert "&lt;b&gt;Acme&lt;/b&gt;" in html and "<b>Acme</b>" not in html
    assert "Dev &amp; Ops" in html and "Ann &lt;Lee&gt;" in html
    assert "Period: all time" in html
    assert "1 application with activity, of which 1 new" in html
