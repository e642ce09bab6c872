"""Realistic sample data for ``--demo``, ``followup-desktop demo`` and the benchmarks.

Facts (organizations, people, interviews, rounds, promises, messages) are bulk-inserted;
the follow-ups then come from the real rules engine, like in daily use.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from followup_desktop import sample_history
from followup_desktop.core.facts import ContactKind, FollowUpKind
from followup_desktop.core.settings import Profile
from followup_desktop.core.stages import DEFAULT_STAGES
from followup_desktop.core.workdays import local_datetime
from followup_desktop.services import Services
from followup_desktop.services.activity import ActivityKind
from followup_desktop.services.followups import CLOCK_KEY
from followup_desktop.store import models as m
from followup_desktop.store.bulk import bulk_insert
from followup_desktop.store.facts import chunks
from followup_desktop.store.places import GAP

EMPLOYERS = [
    "Acme Ltd",
    "Northwind Traders",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Hooli",
    "Stark Logistics",
    "Wayne Foundation",
    "Cyberdyne Systems",
    "Soylent Foods",
    "Tyrell & Co",
    "Wonka Confectionery",
    "Blue Harbour Bank",
    "Oakridge Council",
    "Pinewood Studios",
    "Riverside NHS Trust",
    "Brightside Energy",
    "Kestrel Architects",
    "Lumen Labs",
    "Meridian Insurance",
    "Nimbus Software",
    "Orchard Schools Trust",
    "Pellucid Optics",
    "Quarry & Stone",
    "Redwood Publishing",
    "Saffron Hotels",
    "Thistle Transport",
    "Vantage Retail",
    "Willow Care Homes",
    "Zephyr Airlines",
]
AGENCIES = ["Hays Recruitment", "Reed Talent", "Brook Street People", "Harper & Finch Search"]
ROLES = [
    "Product Designer",
    "Software Engineer",
    "Data Analyst",
    "Project Manager",
    "Marketing Coordinator",
    "Customer Success Manager",
    "Finance Assistant",
    "UX Researcher",
    "Operations Lead",
    "HR Advisor",
    "QA Engineer",
    "Content Writer",
    "Office Manager",
    "Business Analyst",
    "Sales Executive",
    "Nurse Practitioner",
    "Teaching Assistant",
]
LOCATIONS = ["London", "Manchester", "Leeds", "Bristol", "Remote", "Birmingham", "Hybrid — Leeds"]
FIRST = [
    "Priya",
    "James",
    "Aisha",
    "Tom",
    "Sofia",
    "Daniel",
    "Chloe",
    "Marcus",
    "Hannah",
    "Oliver",
    "Grace",
    "Ravi",
    "Emma",
    "Lukas",
    "Zoë",
    "Kwame",
    "Isabel",
    "Noah",
    "Mei",
    "Fatima",
    "Seán",
    "Olga",
    "Björn",
    "Amara",
]
LAST = [
    "Patel",
    "Smith",
    "Khan",
    "O'Brien",
    "Rossi",
    "Nguyen",
    "Williams",
    "Brown",
    "Kowalski",
    "Murphy",
    "Okafor",
    "Chen",
    "Garcia",
    "Schmidt",
    "Hughes",
    "Jones",
    "Müller",
    "Ahmed",
]
INTERVIEWER_TITLES = [
    "Head of Design",
    "Engineering Manager",
    "Team Lead",
    "Director of Operations",
    "Senior Product Manager",
    "CTO",
    "Finance Director",
    "Clinical Lead",
]
PROMISES = [
    "link to my portfolio",
    "copy of my PRINCE2 certificate",
    "two references",
    "writing samples",
    "link to my GitHub profile",
    "copy of my driving licence",
]
# Stage weights for a lively board (keys of DEFAULT_STAGES).
STAGE_WEIGHTS = {
    "applied": 30,
    "scheduled": 12,
    "interviewed": 14,
    "awaiting_reply": 16,
    "next_round": 7,
    "offer": 3,
    "accepted": 1,
    "not_this_time": 17,
}


#: Who signs the sample letters (the demo must compose without asking for a profile).
DEMO_PROFILE = Profile(
    name="Alex Morgan",
    email="alex.morgan@example.org",
    phone="+44 7700 900123",
    address="12 Elm Row\nLeeds LS1 4AB",
    signature="Alex Morgan\n+44 7700 900123",
)


def _remember_last_contacted(activities: list[dict[str, Any]]) -> None:
    """Each person's last-contacted date, from the messages the sample history sent them."""
    last: dict[int, datetime] = {}
    for act in activities:
        if act["kind"] != ActivityKind.MESSAGE_SENT.value:
            continue
        data = act.get("data") or {}
        for person in [*data.get("to", []), *data.get("cc", [])]:
            cid = person.get("contact_id")
            if cid is not None and (cid not in last or act["at"] > last[cid]):
                last[cid] = act["at"]
    for cid, at in last.items():
        m.Contact.update(last_contacted_at=at).where(m.Contact.id == cid).execute()


def _employer_names(count: int) -> list[str]:
    names = list(EMPLOYERS)
    n = 2
    while len(names) < count:
        names.extend(f"{e} {suffix}" for e in EMPLOYERS for suffix in (f"Group {n}",))
        n += 1
    return names[:count]


def generate(services: Services, size: int = 30, seed: int = 7) -> dict[str, int]:
    """Fill an empty database with ``size`` interviews; returns counts of what was made."""
    rng = random.Random(seed)
    ctx = services.ctx
    now = ctx.now()
    tz = ctx.tz
    today = now.astimezone(tz).date()

    def local(days: int, hour: int, minute: int = 0) -> datetime:
        return local_datetime(today + timedelta(days=days), time(hour, minute), tz)

    if m.Interview.select().exists():
        raise ValueError("sample data goes into an empty database only")

    stages = {s.key: s.id for s in m.Stage.select()}
    n_employers = max(8, min(len(EMPLOYERS), size // 2)) if size <= 60 else max(30, size // 8)
    employers = _employer_names(n_employers)
    org_rows: list[dict[str, Any]] = []
    for i, name in enumerate(employers, start=1):
        slug = name.lower().replace(" ", "").replace("&", "and")
        org_rows.append(
            {
                "id": i,
                "name": name,
                "kind": "employer",
                "website": f"https://{slug}.example",
                "created_at": now,
            }
        )
    agency_ids: list[int] = []
    for j, name in enumerate(AGENCIES, start=len(org_rows) + 1):
        org_rows.append({"id": j, "name": name, "kind": "agency", "created_at": now})
        agency_ids.append(j)

    contact_rows: list[dict[str, Any]] = []
    hr_of: dict[int, int] = {}
    interviewers_of: dict[int, list[int]] = {}
    recruiter_of: dict[int, int] = {}

    def person(org_id: int, kind: ContactKind, title: str, with_email: bool = True) -> int:
        cid = len(contact_rows) + 1
        first, last = rng.choice(FIRST), rng.choice(LAST)
        domain = org_rows[org_id - 1]["name"].lower().split()[0].strip("&") + ".example"
        email = (
            f"{first.lower()}.{last.lower().replace(chr(39), '')}@{domain}" if with_email else ""
        )
        contact_rows.append(
            {
                "id": cid,
                "name": f"{first} {last}",
                "job_title": title,
                "organization": org_id,
                "kind": kind.value,
                "email": email,
                "phone": f"+44 20 7946 {rng.randint(0, 9999):04d}",
                "created_at": now,
            }
        )
        return cid

    for org in org_rows:
        if org["kind"] == "agency":
            recruiter_of[org["id"]] = person(
                org["id"], ContactKind.AGENCY_RECRUITER, "Recruitment Consultant"
            )
            continue
        if rng.random() < 0.75:  # some companies never gave an HR contact
            hr_of[org["id"]] = person(org["id"], ContactKind.HR, "HR Business Partner")
        interviewers_of[org["id"]] = [
            person(
                org["id"],
                ContactKind.INTERVIEWER,
                rng.choice(INTERVIEWER_TITLES),
                with_email=rng.random() < 0.6,
            )
            for _ in range(rng.randint(1, 2))
        ]

    interview_rows: list[dict[str, Any]] = []
    link_rows: list[dict[str, Any]] = []
    round_rows: list[dict[str, Any]] = []
    ri_rows: list[dict[str, Any]] = []
    promise_rows: list[dict[str, Any]] = []
    activity_rows: list[dict[str, Any]] = []
    column_len: dict[str, int] = {k: 0 for k in stages}
    keys = list(STAGE_WEIGHTS)
    weights = [STAGE_WEIGHTS[k] for k in keys]
    thanked: list[int] = []

    for iid in range(1, size + 1):
        # The first cards cover every stage, so even a small demo shows a full board.
        stage = (
            DEFAULT_STAGES[iid - 1].key
            if iid <= len(DEFAULT_STAGES)
            else rng.choices(keys, weights)[0]
        )
        employer = rng.randint(1, len(employers))
        agency = rng.choice(agency_ids) if rng.random() < 0.25 else None
        created = now - timedelta(days=rng.randint(10, 60), hours=rng.randint(0, 23))
        entered = now - timedelta(days=rng.randint(0, 9), hours=rng.randint(1, 20))
        reply_by = None
        row: dict[str, Any] = {
            "id": iid,
            "role": rng.choice(ROLES),
            "employer": employer,
            "agency": agency,
            "stage": stages[stage],
            "position": column_len[stage] * GAP,
            "location": rng.choice(LOCATIONS),
            "created_at": created,
            "updated_at": entered,
            "stage_entered_at": entered,
            "archived": False,
            "posting_url": f"https://jobs.example/{iid}",
        }
        column_len[stage] += 1
        if employer in hr_of:
            link_rows.append({"interview": iid, "contact": hr_of[employer], "role": "hr"})
        if agency is not None:
            link_rows.append(
                {"interview": iid, "contact": recruiter_of[agency], "role": "agency_recruiter"}
            )
        panel = interviewers_of.get(employer, [])
        for cid in panel:
            link_rows.append({"interview": iid, "contact": cid, "role": "interviewer"})

        def add_round(
            start: datetime, minutes: int, kind: str, iid: int = iid, panel: list[int] = panel
        ) -> int:
            rid = len(round_rows) + 1
            round_rows.append(
                {
                    "id": rid,
                    "interview": iid,
                    "kind": kind,
                    "starts_at": start,
                    "ends_at": start + timedelta(minutes=minutes),
                    "place": rng.choice(
                        ["Video call", "Head office, 2nd floor", "https://meet.example/abc-defg"]
                    ),
                }
            )
            for cid in panel:
                ri_rows.append({"round": rid, "contact": cid})
            return rid

        if stage == "scheduled":
            add_round(
                local(rng.randint(0, 6), rng.choice([10, 11, 14, 15])),
                60,
                rng.choice(["phone_screen", "first_interview"]),
            )
        elif stage in (
            "interviewed",
            "awaiting_reply",
            "next_round",
            "offer",
            "not_this_time",
            "accepted",
        ):
            ago = rng.randint(0, 1) if stage == "interviewed" else rng.randint(3, 16)
            rid = add_round(local(-ago, rng.choice([9, 10, 14, 16])), 60, "first_interview")
            entered = max(entered, round_rows[-1]["ends_at"])
            row["stage_entered_at"] = entered
            if rng.random() < 0.4:
                promise_rows.append(
                    {
                        "round": rid,
                        "what": rng.choice(PROMISES),
                        "to_contact": panel[0] if panel else None,
                        "sent": stage != "interviewed",
                    }
                )
            if stage in ("awaiting_reply", "not_this_time", "next_round", "offer", "accepted"):
                sent_at = round_rows[-1]["ends_at"] + timedelta(hours=rng.randint(2, 20))
                activity_rows.append(
                    {
                        "interview": iid,
                        "organization": employer,
                        "kind": ActivityKind.MESSAGE_SENT.value,
                        "at": sent_at,
                        "summary": "Sent a thank-you email",
                        "data": {"kind": FollowUpKind.THANK_YOU.value},
                    }
                )
                thanked.append(iid)
            if stage == "awaiting_reply":
                reply_by = (
                    (today - timedelta(days=rng.randint(1, 4))) if rng.random() < 0.7 else None
                )
                if iid <= len(DEFAULT_STAGES):
                    # The first waiting card's reply date is long past, so a chase is due at
                    # any hour of any day (a date a day or two back falls due on Monday 9:00).
                    reply_by = today - timedelta(days=8)
            if stage == "next_round":
                add_round(local(rng.randint(1, 8), 11), 90, "second_interview")
        if stage == "not_this_time":
            row["stage_entered_at"] = now - timedelta(days=rng.randint(0, 100))
        row["reply_expected_by"] = reply_by
        interview_rows.append(row)
        activity_rows.append(
            {
                "interview": iid,
                "organization": employer,
                "kind": ActivityKind.CREATED.value,
                "at": created,
                "summary": "Added to the board",
                "data": {},
            }
        )

    # How each card got where it is (moves, replies, chases), for the insights and the report.
    history = sample_history.add_histories(
        now=now,
        seed=seed,
        stage_keys={v: k for k, v in stages.items()},
        interviews=interview_rows,
        rounds=round_rows,
        activities=activity_rows,
        people=sample_history.People(contact_rows, hr_of, interviewers_of, recruiter_of),
    )
    with ctx.transaction() as changes:
        for model, rows in (
            (m.Organization, org_rows),
            (m.Contact, contact_rows),
            (m.Interview, interview_rows),
            (m.InterviewContact, link_rows),
            (m.Round, round_rows),
            (m.RoundInterviewer, ri_rows),
            (m.Promise, promise_rows),
            (m.Activity, activity_rows),
        ):
            bulk_insert(model, rows)
        services.followups.rederive([r["id"] for r in interview_rows], changes)
        # Thank-yous that were sent are done, as the user would have marked them.
        for batch in chunks(thanked):
            m.FollowUp.update(state="done", done_at=now).where(
                m.FollowUp.interview.in_(batch) & m.FollowUp.rule_key.startswith("thank_you")
            ).execute()
        # Those who heard "no" long ago already sent their thank-you-for-considering-me note.
        m.FollowUp.update(state="done", done_at=now).where(
            (m.FollowUp.kind == FollowUpKind.FEEDBACK_REQUEST.value)
            & (m.FollowUp.deadline_at < now)
        ).execute()
        sample_history.settle_followups(history)
        _remember_last_contacted(activity_rows)
        if not services.settings.profile().name:
            m.Setting.insert(
                key="profile", value=DEMO_PROFILE.to_json()
            ).on_conflict_replace().execute()
        m.Setting.insert(key=CLOCK_KEY, value=now.isoformat()).on_conflict_replace().execute()
        changes.everything = True
    return {
        "interviews": len(interview_rows),
        "organizations": len(org_rows),
        "contacts": len(contact_rows),
        "rounds": len(round_rows),
        "followups": m.FollowUp.select().count(),
    }
