"""Reconciling stored follow-ups with freshly derived ones."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from followup_desktop.core.facts import (
    ContactKind,
    DerivedFollowUp,
    FollowUpKind,
    FollowUpState,
    InterviewFacts,
    Person,
    PromiseFact,
    Recipient,
    RoundFact,
)
from followup_desktop.core.reconcile import ReconcilePlan, StoredFollowUp, plan_reconcile
from followup_desktop.core.rules import derive
from followup_desktop.core.settings import RuleSettings
from followup_desktop.core.stages import StageMeaning

LONDON = ZoneInfo("Europe/London")
S = RuleSettings()
NOW = datetime(2026, 11, 12, 12, tzinfo=UTC)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def store(
    id_: int,
    d: DerivedFollowUp,
    state: FollowUpState = FollowUpState.PENDING,
    user_edited: bool = False,
) -> StoredFollowUp:
    return StoredFollowUp(
        id=id_,
        rule_key=d.rule_key,
        kind=d.kind,
        state=state,
        user_edited=user_edited,
        title=d.title,
        due_at=d.due_at,
        deadline_at=d.deadline_at,
        to=d.to,
        cc=d.cc,
        round_id=d.round_id,
        promise_id=d.promise_id,
        note=d.note,
    )


def apply(stored: list[StoredFollowUp], plan: ReconcilePlan) -> list[StoredFollowUp]:
    """Apply a plan the way the store does: new ids, updates keep state and edit flag."""
    by_id = {s.id: s for s in stored}
    for i in plan.delete:
        del by_id[i]
    for i, d in plan.update:
        old = by_id[i]
        by_id[i] = replace(store(i, d, old.state, old.user_edited), checklist=old.checklist)
    next_id = max([*by_id, *(s.id for s in stored), 0]) + 1
    for n, d in enumerate(plan.create):
        by_id[next_id + n] = store(next_id + n, d)
    return sorted(by_id.values(), key=lambda s: s.id)


def sync(stored: list[StoredFollowUp], derived: list[DerivedFollowUp]) -> list[StoredFollowUp]:
    return apply(stored, plan_reconcile(stored, derived))


HANA = Person(1, "Hana Reed", "hana@acme.test", "HR Manager", ContactKind.HR)
IAN = Person(2, "Ian Vale", "ian@acme.test", "Head of Design", ContactKind.INTERVIEWER)
ROUND_1 = RoundFact(10, utc(2026, 11, 2, 10), utc(2026, 11, 2, 11), "first interview", (2,))
ROUND_2 = RoundFact(11, utc(2026, 11, 9, 10), utc(2026, 11, 9, 11), "second interview", (2,))


def facts(**kw) -> InterviewFacts:
    base = {
        "id": 7,
        "company": "Acme Ltd",
        "role": "Product Designer",
        "stage": StageMeaning.INTERVIEWED,
        "stage_entered_at": utc(2026, 11, 9, 16),
        "created_at": utc(2026, 10, 20, 9),
        "rounds": (ROUND_1, ROUND_2),
        "promises": (PromiseFact(5, 11, "a link to my portfolio", 2),),
        "people": (HANA, IAN),
        "hr_ids": (1,),
        "reply_expected_by": date(2026, 11, 13),
    }
    base.update(kw)
    return InterviewFacts(**base)


def derive_now(f: InterviewFacts, now: datetime = NOW) -> list[DerivedFollowUp]:
    return derive(f, S, now, LONDON)


def keys(stored: list[StoredFollowUp]) -> set[str]:
    return {s.rule_key for s in stored}


def test_everything_created_once_then_nothing_to_do():
    derived = derive_now(facts())
    plan = plan_reconcile([], derived)
    assert [d.rule_key for d in plan.create] == [d.rule_key for d in derived]
    assert plan.update == [] and plan.delete == []
    stored = apply([], plan)
    assert keys(stored) == {"thank_you:round:10", "thank_you:round:11", "promise:5", "chase:1"}
    assert plan_reconcile(stored, derived).is_empty()
    assert plan_reconcile(stored, derive_now(facts())).is_empty()


def test_deleting_a_round_deletes_its_pending_thank_you():
    stored = sync([], derive_now(facts()))
    thanks_2 = next(s for s in stored if s.rule_key == "thank_you:round:11")
    promise = next(s for s in stored if s.rule_key == "promise:5")
    plan = plan_reconcile(stored, derive_now(facts(rounds=(ROUND_1,))))
    # The promise was made in the deleted round, so it goes too.
    assert sorted(plan.delete) == sorted([thanks_2.id, promise.id])
    assert plan.create == [] and plan.update == []


def test_moving_the_stage_back_deletes_the_chase():
    stored = sync([], derive_now(facts()))
    chase = next(s for s in stored if s.rule_key == "chase:1")
    plan = plan_reconcile(stored, derive_now(facts(stage=StageMeaning.SCHEDULED)))
    assert plan.delete == [chase.id]


def test_changed_facts_update_rule_owned_follow_ups():
    stored = sync([], derive_now(facts()))
    chase = next(s for s in stored if s.rule_key == "chase:1")
    plan = plan_reconcile(stored, derive_now(facts(reply_expected_by=date(2026, 11, 20))))
    assert [(i, d.rule_key) for i, d in plan.update] == [(chase.id, "chase:1")]
    assert plan.update[0][1].due_at == utc(2026, 11, 23, 9)
    assert plan.create == [] and plan.delete == []


def test_snoozed_follow_up_is_updated_and_stays_snoozed():
    derived = derive_now(facts())
    stored = [
        store(i, d, FollowUpState.SNOOZED if d.rule_key == "chase:1" else FollowUpState.PENDING)
        for i, d in enumerate(derived, start=1)
    ]
    new = derive_now(facts(reply_expected_by=date(2026, 11, 20)))
    after = sync(stored, new)
    chase = next(s for s in after if s.rule_key == "chase:1")
    assert chase.state is FollowUpState.SNOOZED
    assert chase.due_at == utc(2026, 11, 23, 9)
    assert plan_reconcile(after, new).is_empty()


def test_user_edit_wins_over_the_rules():
    derived = derive_now(facts())
    stored = [store(i, d) for i, d in enumerate(derived, start=1)]
    stored = [
        replace(s, user_edited=True, title="Thank Hana", due_at=utc(2026, 11, 10, 8))
        if s.rule_key == "thank_you:round:11"
        else s
        for s in stored
    ]
    plan = plan_reconcile(stored, derived)
    assert plan.is_empty()
    # ...until its reason disappears.
    plan = plan_reconcile(stored, derive_now(facts(rounds=(ROUND_1,))))
    edited = next(s for s in stored if s.rule_key == "thank_you:round:11")
    assert edited.id in plan.delete


def test_done_and_dismissed_are_never_touched_nor_resurrected():
    derived = derive_now(facts())
    stored = [
        store(
            1, next(d for d in derived if d.rule_key == "thank_you:round:10"), FollowUpState.DONE
        ),
        store(2, next(d for d in derived if d.rule_key == "promise:5"), FollowUpState.DISMISSED),
    ]
    stored = [replace(s, title="old title") for s in stored]
    plan = plan_reconcile(stored, derived)
    assert {d.rule_key for d in plan.create} == {"thank_you:round:11", "chase:1"}
    assert plan.update == [] and plan.delete == []
    # Gone from the rules: still not deleted.
    plan = plan_reconcile(stored, [])
    assert plan.is_empty()


def test_hand_made_follow_ups_are_left_alone():
    d = derive_now(facts())[0]
    custom = replace(store(1, d), rule_key="my-own", kind=FollowUpKind.CUSTOM)
    manual = replace(store(2, d), rule_key="manual:call Hana")
    assert plan_reconcile([custom, manual], []).is_empty()


def test_a_stored_utc_time_equals_the_same_local_moment():
    d = DerivedFollowUp(
        "keep_in_touch:3m",
        FollowUpKind.KEEP_IN_TOUCH,
        "Keep in touch",
        # 01:30 BST on 25 Oct 2026, an ambiguous local time: == against UTC is always False.
        datetime(2026, 10, 25, 1, 30, tzinfo=LONDON),
        datetime(2026, 11, 1, 23, 59, 59, tzinfo=LONDON),
    )
    s = replace(
        store(1, d), due_at=utc(2026, 10, 25, 0, 30), deadline_at=utc(2026, 11, 1, 23, 59, 59)
    )
    assert plan_reconcile([s], [d]).is_empty()


def test_checklist_compared_only_when_stored():
    d = next(
        x
        for x in derive_now(
            facts(
                stage=StageMeaning.SCHEDULED,
                rounds=(RoundFact(12, utc(2026, 11, 16, 14), utc(2026, 11, 16, 15)),),
            )
        )
        if x.rule_key == "prepare:round:12"
    )
    assert plan_reconcile([store(1, d)], [d]).is_empty()
    stale = replace(store(1, d), checklist=("Old item",))
    assert plan_reconcile([stale], [d]).update == [(1, d)]
    assert plan_reconcile([replace(stale, checklist=d.checklist)], [d]).is_empty()


def test_full_story_round_deleted_then_re_added_applying_twice_is_idempotent():
    f = facts()
    stored = sync([], derive_now(f))
    # The user sends the first thank-you and edits the promise.
    stored = [
        replace(s, state=FollowUpState.DONE)
        if s.rule_key == "thank_you:round:10"
        else replace(s, user_edited=True, title="Send portfolio PDF")
        if s.rule_key == "promise:5"
        else s
        for s in stored
    ]
    later = NOW + timedelta(days=1)
    derived = derive_now(f, later)
    once = sync(stored, derived)
    twice = sync(once, derived)
    assert once == twice
    assert plan_reconcile(twice, derived).is_empty()
    done = [s for s in twice if s.state is FollowUpState.DONE]
    assert [s.rule_key for s in done] == ["thank_you:round:10"]
    assert next(s for s in twice if s.rule_key == "promise:5").title == "Send portfolio PDF"


# --- property: planning after applying a plan finds nothing to do -------------------------

KEYS = ["thank_you:round:1", "promise:2", "chase:1", "chase:2", "feedback", "manual:x", "custom"]
RECIPIENTS = st.tuples() | st.tuples(st.just(Recipient("Hana Reed", "hana@acme.test", 1)))
MOMENTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1), timezones=st.just(UTC)
)


ANY_KEY = st.sampled_from(KEYS)


@st.composite
def derived_follow_ups(draw, key=ANY_KEY):
    due = draw(MOMENTS)
    return DerivedFollowUp(
        rule_key=draw(key),
        kind=draw(st.sampled_from([k for k in FollowUpKind if k is not FollowUpKind.CUSTOM])),
        title=draw(st.sampled_from(["Thank Acme", "Chase Acme", "Send CV"])),
        due_at=due,
        deadline_at=due + timedelta(days=draw(st.integers(0, 3))),
        to=draw(RECIPIENTS),
        cc=draw(RECIPIENTS),
        round_id=draw(st.none() | st.integers(1, 3)),
        promise_id=draw(st.none() | st.integers(1, 3)),
        note=draw(st.sampled_from(["", "Pushed back"])),
    )


@st.composite
def stored_follow_ups(draw):
    items = draw(st.lists(derived_follow_ups(), max_size=8))
    out = []
    for i, d in enumerate(items, start=1):
        s = store(i, d, draw(st.sampled_from(list(FollowUpState))), user_edited=draw(st.booleans()))
        if d.rule_key == "custom":
            s = replace(s, kind=FollowUpKind.CUSTOM)
        out.append(s)
    return out


@given(stored_follow_ups(), st.lists(derived_follow_ups(key=st.sampled_from(KEYS[:5])), max_size=6))
@hsettings(database=None, max_examples=300)
def test_plan_reconcile_is_idempotent(stored, derived):
    plan = plan_reconcile(stored, derived)
    after = apply(stored, plan)
    assert plan_reconcile(after, derived).is_empty()
    assert apply(after, plan_reconcile(after, derived)) == after


@given(stored_follow_ups(), st.lists(derived_follow_ups(key=st.sampled_from(KEYS[:5])), max_size=6))
@hsettings(database=None, max_examples=300)
def test_plan_reconcile_respects_the_user(stored, derived):
    plan = plan_reconcile(stored, derived)
    untouchable = {
        s.id
        for s in stored
        if s.state in (FollowUpState.DONE, FollowUpState.DISMISSED)
        or s.kind is FollowUpKind.CUSTOM
        or s.rule_key.startswith("manual:")
    }
    edited = {s.id for s in stored if s.user_edited}
    touched_ids = {i for i, _ in plan.update} | set(plan.delete)
    assert not touched_ids & untouchable
    assert not {i for i, _ in plan.update} & edited
    created = [d.rule_key for d in plan.create]
    assert len(created) == len(set(created))
    assert not set(created) & {s.rule_key for s in stored}
    after = apply(stored, plan)
    # Every derived key exists afterwards, and every rule-owned live one is derived.
    assert {d.rule_key for d in derived} <= {s.rule_key for s in after}
    wanted = {d.rule_key for d in derived}
    for s in after:
        if s.id not in untouchable:
            assert s.rule_key in wanted
