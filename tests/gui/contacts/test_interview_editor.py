"""The interview editor: round trip of every field, inline validation, unsaved changes,
follow-ups, notes, files, and the reply-date question after a move."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QMessageBox

from followup_desktop.core.facts import FollowUpState
from followup_desktop.services.interview_edits import snapshot
from followup_desktop.store import models as m
from followup_desktop.ui.dialogs.reply_prompt import ReplyDatePrompt


def open_editor(window, interview_id):
    return window.contacts_feature.open_editor(interview_id)


def test_enter_on_a_card_opens_the_editor(window, world, qtbot):
    window.board.open_interview(world.acme)
    editor = window.contacts_feature.editors[world.acme]
    qtbot.waitUntil(editor.isVisible)
    assert editor.company.text() == "Acme Ltd" and editor.role.text() == "Product Designer"
    assert open_editor(window, world.acme) is editor  # one editor per interview


def test_round_trip_every_field(window, services, world, qtbot, tmp_path):
    editor = open_editor(window, world.acme)
    editor.company.setText("Acme Group")
    editor.role.setText("Senior Product Designer")
    editor.agency.setCurrentText("Reed Talent")
    editor.location.setText("Leeds — hybrid")
    editor.posting_url.setText("https://jobs.example/acme/42")
    editor.salary_notes.setPlainText("£55–60k, 25 days")
    editor.notes.setPlainText("Met the whole team.\nNice office.")
    editor.next_steps.setPlainText("Second round with the CEO")
    editor.reply_known.setChecked(True)
    editor.reply_date.setDate(QDate(2026, 3, 13))
    editor.stage.setCurrentIndex(editor.stage.findData("interviewed"))
    # Rounds: edit the existing one, add another with a new interviewer made inline.
    rounds = editor.rounds
    rounds.list.setCurrentRow(0)
    rounds.kind.setCurrentIndex(rounds.kind.findData("video_call"))
    rounds.place.setText("https://meet.example/abc")
    rounds.notes.setPlainText("Portfolio review")
    rounds.add_promise("Link to my portfolio", world.bob)
    rounds.add_round(datetime(2026, 3, 10, 14, 0, tzinfo=services.ctx.tz), "second_interview")
    rounds.starts.setDateTime(QDateTime(QDate(2026, 3, 10), QTime(15, 30)))
    rounds.ends.setDateTime(QDateTime(QDate(2026, 3, 10), QTime(17, 0)))
    rounds.new_name.setText("Chidi Okafor")
    rounds.new_title.setText("CEO")
    chidi = rounds.create_interviewer()
    assert chidi is not None
    rounds.add_promise("Copy of my PRINCE2 certificate", chidi)
    sent = rounds.promises.cellWidget(0, 2)
    sent.setChecked(True)
    # People: Zoë becomes the agency recruiter here too.
    editor.people.add_link(world.zoe, "agency_recruiter")
    assert editor.is_dirty() and editor.dirty_label.text() == "Unsaved changes"
    shown = editor.draft()
    editor.save_and_close()
    qtbot.waitUntil(lambda: world.acme not in window.contacts_feature.editors)

    again = open_editor(window, world.acme)
    reopened = again.draft()
    assert not again.is_dirty()
    assert reopened.company == "Acme Group" and reopened.role == "Senior Product Designer"
    assert reopened.agency == "Reed Talent" and reopened.location == "Leeds — hybrid"
    assert reopened.posting_url == "https://jobs.example/acme/42"
    assert reopened.salary_notes == "£55–60k, 25 days"
    assert reopened.notes == "Met the whole team.\nNice office."
    assert reopened.next_steps == "Second round with the CEO"
    assert reopened.reply_expected_by == date(2026, 3, 13)
    assert reopened.stage_key == "interviewed"
    assert set(reopened.people) == {(world.hana, "hr"), (world.zoe, "agency_recruiter")}
    first, second = reopened.rounds
    assert (first.kind, first.place, first.notes, first.interviewer_ids) == (
        "video_call",
        "https://meet.example/abc",
        "Portfolio review",
        (world.bob,),
    )
    assert [(p.what, p.to_contact_id, p.sent) for p in first.promises] == [
        ("Link to my portfolio", world.bob, False)
    ]
    assert second.kind == "second_interview" and second.interviewer_ids == (chidi,)
    local = second.starts_at.astimezone(services.ctx.tz)
    assert (local.day, local.hour, local.minute) == (10, 15, 30)
    assert second.ends_at - second.starts_at == timedelta(minutes=90)
    assert [(p.what, p.to_contact_id, p.sent) for p in second.promises] == [
        ("Copy of my PRINCE2 certificate", chidi, True)
    ]

    def without_ids(d):
        return replace(
            d,
            position=None,
            rounds=tuple(
                replace(r, id=None, promises=tuple(replace(p, id=None) for p in r.promises))
                for r in d.rounds
            ),
        )

    assert without_ids(reopened) == without_ids(replace(shown, stage_key="interviewed"))
    assert services.contacts.get(chidi).job_title == "CEO"
    # One undo step puts the whole interview back as it was.
    again._closing = True
    again.reject()
    window.undo_stack.undo()
    back = snapshot(services, world.acme)
    assert back.company == "Acme Ltd" and back.stage_key == "scheduled"
    assert len(back.rounds) == 1 and back.rounds[0].promises == ()
    window.undo_stack.redo()
    assert snapshot(services, world.acme).company == "Acme Group"


def test_validation_is_shown_next_to_the_field(window, services, world, qtbot):
    editor = open_editor(window, world.acme)
    editor.role.setText("   ")
    assert not editor.save()
    label = editor.errors.label("role")
    assert label.isVisible() and "Role is required" in label.text()
    assert editor.isVisible()
    editor.role.setText("Designer")
    editor.company.setText("X" * 201)
    assert not editor.save()
    assert "too long" in editor.errors.label("company").text()
    assert editor.company.text() == "X" * 201  # nothing silently cut
    assert not editor.errors.label("role").isVisible()
    editor.company.setText("Acme Ltd")
    editor.posting_url.setText("https://jobs.example/a job")
    assert not editor.save()
    assert "must not contain spaces" in editor.errors.label("posting_url").text()
    editor.posting_url.setText("")
    # A round that ends before it starts: shown on the rounds tab, beside the end.
    editor.rounds.list.setCurrentRow(0)
    start = editor.rounds.starts.dateTime()
    editor.rounds.ends.setDateTime(start.addSecs(-3600))
    assert not editor.save()
    assert editor.tabs.currentWidget() is editor.rounds
    assert editor.rounds.ends_error.isVisible()
    assert "cannot be before its start" in editor.rounds.ends_error.text()
    # A promise with no text.
    editor.rounds.ends.setDateTime(start.addSecs(3600))
    editor.rounds.add_promise("  ")
    assert not editor.save()
    assert "What you promised is required" in editor.rounds.promise_error.text()
    # Nothing of it was saved.
    stored = services.board.get(world.acme)
    assert stored.role == "Product Designer" and stored.posting_url == ""


def test_closing_with_unsaved_changes_asks(window, services, world, qtbot):
    editor = open_editor(window, world.acme)
    editor.role.setText("Lead Designer")
    editor.reject()
    box = editor.pending_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    assert editor.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert editor.isVisible()
    editor.close()
    box = editor.pending_box
    qtbot.waitUntil(box.isVisible)
    box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert services.board.get(world.acme).role == "Product Designer"
    # Save from the question.
    editor = open_editor(window, world.acme)
    editor.role.setText("Lead Designer")
    editor.reject()
    editor.pending_box.button(QMessageBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert services.board.get(world.acme).role == "Lead Designer"


def test_followups_done_snooze_dismiss_and_due_date(window, services, world, qtbot):
    editor = open_editor(window, world.acme)
    panel = editor.followups
    titles = [panel.list.item(i).text() for i in range(panel.list.count())]
    assert any("thank" in t.lower() for t in titles), titles
    thank = next(
        f for f in services.followups.for_interview(world.acme) if f.kind.value == "thank_you"
    )
    assert panel.select(thank.id)
    assert panel._act("done")
    assert services.followups.get(thank.id).state is FollowUpState.DONE
    window.undo_stack.undo()
    assert services.followups.get(thank.id).state is FollowUpState.PENDING
    panel.select(thank.id)
    until = services.ctx.now() + timedelta(days=1)
    assert panel.snooze(until)
    assert services.followups.get(thank.id).state is FollowUpState.SNOOZED
    window.undo_stack.undo()
    assert services.followups.get(thank.id).state is FollowUpState.PENDING
    panel.select(thank.id)
    panel.due.setDateTime(QDateTime(QDate(2026, 3, 6), QTime(9, 0)))
    assert panel.apply_due()
    due = services.followups.get(thank.id).due_at.astimezone(services.ctx.tz)
    assert (due.day, due.hour) == (6, 9)
    panel.select(thank.id)
    assert panel._act("dismiss")
    assert services.followups.get(thank.id).state is FollowUpState.DISMISSED


def test_undoing_a_new_due_date_hands_the_follow_up_back_to_the_rules(window, services, world):
    editor = open_editor(window, world.acme)
    panel = editor.followups
    thank = next(
        f for f in services.followups.for_interview(world.acme) if f.kind.value == "thank_you"
    )
    before = m.FollowUp.get_by_id(thank.id)
    assert not before.user_edited
    panel.select(thank.id)
    panel.due.setDateTime(QDateTime(QDate(2026, 3, 6), QTime(9, 0)))
    assert panel.apply_due()
    assert m.FollowUp.get_by_id(thank.id).user_edited
    window.undo_stack.undo()
    after = m.FollowUp.get_by_id(thank.id)
    assert (after.due_at, after.deadline_at, after.user_edited, after.notified_at) == (
        before.due_at,
        before.deadline_at,
        False,
        before.notified_at,
    )


def test_timeline_newest_first_with_notes(window, services, world, qtbot):
    editor = open_editor(window, world.acme)
    timeline = editor.timeline
    timeline.note.setPlainText("Hana called: decision next Friday")
    note_id = timeline.add_note()
    assert note_id is not None
    entries = timeline.entries()
    assert entries[0].summary == "Hana called: decision next Friday" and entries[0].is_note
    assert entries[-1].kind == "created"
    timeline.note.setPlainText("   ")
    assert timeline.add_note() is None
    assert "Note is required" in timeline.error.text()
    window.undo_stack.undo()
    assert all(e.id != note_id for e in timeline.timeline.of_interview(world.acme))


def test_a_deleted_note_undoes_and_redoes_though_its_id_was_taken(window, services, world):
    editor = open_editor(window, world.acme)
    timeline = editor.timeline
    timeline.note.setPlainText("Hana called: decision next Friday")
    note_id = timeline.add_note()
    timeline.refresh()
    timeline.list.setCurrentRow(0)  # newest first: the note
    assert timeline.delete_current_note()
    services.board.move([world.acme], "offer")  # its timeline entry takes the freed id

    window.undo_stack.undo()  # the note comes back, under a new id
    notes = [e for e in timeline.timeline.of_interview(world.acme) if e.is_note]
    assert [e.summary for e in notes] == ["Hana called: decision next Friday"]
    assert notes[0].id != note_id
    window.undo_stack.redo()  # and goes again: the note, not the move's entry
    kinds = [e.kind for e in timeline.timeline.of_interview(world.acme)]
    assert "note" not in kinds and "stage_changed" in kinds


def test_files_are_copied_listed_and_opened(window, services, world, qtbot, tmp_path: Path):
    editor = open_editor(window, world.acme)
    files = editor.files
    files.open_with_system = False
    cv = tmp_path / "CV – Zoë 2026.pdf"
    cv.write_bytes(b"%PDF cv")
    assert files.add_file(cv, "cv") is not None
    assert files.list.count() == 1 and "CV sent" in files.list.item(0).text()
    files.list.setCurrentRow(0)
    with qtbot.waitSignal(files.sig_opened) as opened:
        files.open_item(files.list.item(0))
    stored = Path(opened.args[0])
    assert stored.read_bytes() == b"%PDF cv" and stored != cv
    assert "attachments" in stored.parts
    files.add_file(tmp_path / "nope.pdf")
    assert "is not a file" in files.error.text()
    window.undo_stack.undo()
    files.refresh()
    assert files.list.count() == 0


def test_moving_into_interviewed_asks_for_the_reply_date_once(window, services, world, qtbot):
    watcher = window.contacts_feature.reply_watcher
    with qtbot.waitSignal(watcher.sig_prompted, timeout=3000) as asked:
        window.board.move_cards([world.acme], "interviewed")
    prompt = asked.args[0]
    assert isinstance(prompt, ReplyDatePrompt) and prompt.interview_id == world.acme
    qtbot.waitUntil(prompt.isVisible)
    prompt.date.setDate(QDate(2026, 3, 18))
    prompt.next_steps.setPlainText("They decide after the second round")
    assert prompt.save()
    details = services.board.get(world.acme)
    assert details.reply_expected_by == date(2026, 3, 18)
    assert details.next_steps == "They decide after the second round"
    window.undo_stack.undo()
    assert services.board.get(world.acme).reply_expected_by is None
    # Asked once: moving on to Awaiting reply (still no date after the undo) asks nothing.
    prompts: list[object] = []
    watcher.sig_prompted.connect(prompts.append)
    window.board.move_cards([world.acme], "awaiting_reply")
    qtbot.wait(50)
    assert prompts == []


def test_no_question_when_the_date_is_known_or_the_stage_does_not_wait(
    window, services, world, qtbot
):
    watcher = window.contacts_feature.reply_watcher
    prompts: list[object] = []
    watcher.sig_prompted.connect(prompts.append)
    window.board.move_cards([world.globex], "scheduled")
    services.board.update_interview(world.globex, reply_expected_by=date(2026, 3, 20))
    window.board.move_cards([world.globex], "awaiting_reply")
    qtbot.wait(50)
    assert prompts == []


def test_they_did_not_say(window, services, world, qtbot):
    watcher = window.contacts_feature.reply_watcher
    with qtbot.waitSignal(watcher.sig_prompted, timeout=3000) as asked:
        window.board.move_cards([world.globex], "awaiting_reply")
    prompt = asked.args[0]
    prompt.unknown_button.click()
    qtbot.waitUntil(lambda: not prompt.isVisible())
    assert services.board.get(world.globex).reply_expected_by is None
    editor = open_editor(window, world.globex)
    assert "No reply date noted" in editor.reply_hint.text()


def test_a_person_added_from_the_editor_comes_back_as_themselves_on_redo(window, services, world):
    editor = open_editor(window, world.acme)
    pid = editor._create_interviewer("Noor Haddad", "Tech Lead")
    uuid = m.Contact.get_by_id(pid).uuid
    services.contacts.create_contact("Someone Newer")  # the freed id is not the newest
    window.undo_stack.undo()
    assert m.Contact.get_or_none(m.Contact.id == pid) is None
    window.undo_stack.redo()
    back = m.Contact.get_by_id(pid)  # same id, same identity
    assert (back.name, back.uuid) == ("Noor Haddad", uuid)
