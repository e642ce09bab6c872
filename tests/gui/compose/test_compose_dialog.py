"""The compose window, offscreen: filled fields, every way out, Mark as sent with undo."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMenu

from followup_desktop.core.facts import FollowUpKind
from followup_desktop.core.mail import parse_eml, parse_mailto
from followup_desktop.store import models as m
from followup_desktop.ui.compose_wiring import fill_compose_menu
from followup_desktop.ui.dialogs.compose_dialog import ComposeDialog, file_stem, open_compose
from followup_desktop.ui.letter_document import print_document, save_pdf

LEFT = Qt.MouseButton.LeftButton


def dialogs(window) -> list[ComposeDialog]:
    return [d for d in window.findChildren(ComposeDialog) if d.isVisible()]


def open_for(qtbot, window, followup_id: int) -> ComposeDialog:
    window.sig_compose_requested.emit(followup_id)  # what the tray and due panel do
    qtbot.waitUntil(lambda: len(dialogs(window)) == 1)
    dialog = dialogs(window)[0]
    qtbot.waitExposed(dialog)
    return dialog


def test_opens_filled_in_from_the_rules(qtbot, window, acme):
    d = open_for(qtbot, window, acme.thank_you)
    assert d.windowTitle() == "Email — Thank Acme Ltd for the interview"
    assert d.to.text() == "Hana Reed <hana@acme.example>"
    assert d.cc.text() == "Ian Vale <ian@acme.example>, Jo Park"
    assert d.subject.text() == "Thank you — Product Designer interview on 10 March"
    assert d.body.toPlainText().startswith("Dear Hana Reed,\n\nThank you for the opportunity")
    assert d.template.currentData() == "thank_you_email"
    assert d.warning.isHidden() and d.problem.isHidden()
    assert "No email address for Jo Park" in d.notes.text()
    assert d.move_next.isVisibleTo(d) and d.move_next.isChecked()
    assert d.move_next.text() == "Then move the card to Awaiting reply"
    # Asking again brings the same window up, not a second one.
    window.sig_compose_requested.emit(acme.thank_you)
    qtbot.wait(10)
    assert dialogs(window) == [d]


def test_open_in_mail_client_hands_over_exactly_what_is_shown(qtbot, window, acme, mail_program):
    d = open_for(qtbot, window, acme.thank_you)
    d.subject.setText("Merci — Zoë & co")
    d.body.setPlainText("Dear Hana,\n\nLine two: 100% “quoted” ?&=#\n\nAna\n")
    qtbot.mouseClick(d.open_mail, LEFT)
    assert len(mail_program.urls) == 1
    mail = parse_mailto(bytes(mail_program.urls[0].toEncoded()).decode("ascii"))
    assert mail.to == ("hana@acme.example",)
    assert mail.cc == ("ian@acme.example",)
    assert mail.subject == "Merci — Zoë & co"
    assert mail.body == "Dear Hana,\n\nLine two: 100% “quoted” ?&=#\n\nAna\n"
    assert "Mark as sent" in d.status.text()


def test_copy_puts_the_text_on_the_clipboard(qtbot, window, acme):
    d = open_for(qtbot, window, acme.thank_you)
    d.body.setPlainText("Copied text — Zoë")
    qtbot.mouseClick(d.copy, LEFT)
    assert QGuiApplication.clipboard().text() == "Copied text — Zoë"
    d.copy_all()
    assert QGuiApplication.clipboard().text().startswith("To: Hana Reed <hana@acme.example>\n")


def test_save_as_eml_writes_a_draft_the_email_package_reads(qtbot, window, acme, tmp_path):
    d = open_for(qtbot, window, acme.thank_you)
    d.cc.setText("")
    d.to.setText('Hana Reed <hana@acme.example>, "O\'Brien, Seán" <sean@acme.example>')
    assert d.save_eml(tmp_path / "thanks.eml")
    parsed = parse_eml((tmp_path / "thanks.eml").read_bytes())
    assert parsed.sender == ("Ana Silva", "ana@home.example")
    assert parsed.to == (("Hana Reed", "hana@acme.example"), ("O'Brien, Seán", "sean@acme.example"))
    assert parsed.cc == ()
    assert parsed.subject == d.subject.text()
    assert parsed.body == d.body.toPlainText()


def test_the_letter_saves_as_a_real_pdf(qtbot, window, acme, tmp_path):
    d = open_for(qtbot, window, acme.thank_you)
    d.template.setCurrentIndex(d.template.findData("thank_you_letter"))
    d.template.activated.emit(d.template.currentIndex())
    assert d.draft.is_letter and d.windowTitle().startswith("Letter — ")
    assert d.open_mail.isHidden() and d.save_eml_button.isHidden()
    assert d.body.toPlainText().startswith("Ana Silva\n12 Elm Road\nLeeds LS1 4AB\n")
    path = tmp_path / "letters" / f"{file_stem('Acme Ltd — ' + d.subject.text())}.pdf"
    assert d.save_pdf(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1024
    assert b"%%EOF" in data[-32:]


def test_printing_goes_through_the_same_layout(qapp, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_document("Dear Hana,\n\n" + "A long paragraph. " * 400, printer, "Subject line")
    del printer
    data = (tmp_path / "printed.pdf").read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1024
    assert (
        data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + data.count(b"/Type /Page ")
        >= 2
    )  # the long text runs onto a second page


def test_save_pdf_says_why_it_cannot_write(qapp, tmp_path):
    import pytest

    from followup_desktop.core.errors import ValidationError

    (tmp_path / "file").write_text("x")
    with pytest.raises(ValidationError) as info:
        save_pdf("x", tmp_path / "file" / "letter.pdf")
    assert "letter.pdf" in str(info.value)


def test_mark_as_sent_then_undo_and_redo(qtbot, window, acme, clock):
    d = open_for(qtbot, window, acme.thank_you)
    clock.advance(minutes=20)
    with qtbot.waitSignal(d.sig_sent):
        qtbot.mouseClick(d.mark_sent, LEFT)
    qtbot.waitUntil(lambda: not dialogs(window))
    services = window.services
    sent = m.Activity.select().where(m.Activity.kind == "message_sent").get()
    assert sent.organization_id == acme.employer and sent.data["kind"] == "thank_you"
    assert services.followups.get(acme.thank_you).state.value == "done"
    assert services.contacts.get(acme.hana).last_contacted_at == clock.now
    assert services.contacts.get(acme.jo).last_contacted_at == clock.now
    assert services.board.get(acme.interview).stage_key == "awaiting_reply"
    stack = window.undo_stack
    assert stack.count() == 1
    assert stack.undoText() == (
        "Mark as sent: Thank Acme Ltd for the interview and move to Awaiting reply"
    )

    stack.undo()
    assert m.Activity.select().where(m.Activity.kind == "message_sent").count() == 0
    assert services.followups.get(acme.thank_you).state.value == "pending"
    assert services.contacts.get(acme.hana).last_contacted_at is None
    assert services.board.get(acme.interview).stage_key == "interviewed"

    stack.redo()
    assert m.Activity.select().where(m.Activity.kind == "message_sent").count() == 1
    assert services.board.get(acme.interview).stage_key == "awaiting_reply"
    assert services.followups.get(acme.thank_you).state.value == "done"


def test_unticking_the_stage_offer_leaves_the_card_where_it_is(qtbot, window, acme):
    d = open_for(qtbot, window, acme.thank_you)
    d.move_next.setChecked(False)
    d.to.setText("Hana Reed <hana@acme.example>")
    d.cc.setText("")
    assert d.mark_as_sent()
    services = window.services
    assert services.board.get(acme.interview).stage_key == "interviewed"
    assert services.contacts.get(acme.ian).last_contacted_at is None
    assert window.undo_stack.undoText() == "Mark as sent: Thank Acme Ltd for the interview"


def test_the_not_desperate_warning_shows_its_reason(qtbot, window, acme, services, clock):
    services.board.update_interview(acme.interview, reply_expected_by="2026-03-11")
    d = open_for(qtbot, window, acme.thank_you)
    assert d.mark_as_sent()
    clock.advance(days=2)
    services.followups.catch_up()
    chase = next(
        f.id
        for f in services.followups.for_interview(acme.interview)
        if f.kind == FollowUpKind.CHASE
    )
    c = open_for(qtbot, window, chase)
    assert not c.warning.isHidden()
    assert "You wrote to Acme Ltd on Tue 10 Mar" in c.warning.text()
    assert "desperate" in c.warning.text()
    assert "by Wednesday 11 March 2026" in c.body.toPlainText()
    c.close()
    clock.advance(days=5)
    c = open_for(qtbot, window, chase)
    assert c.warning.isHidden()


def test_without_a_profile_it_says_so_and_fills_in_once_the_profile_is_set(
    qtbot, window, acme, services
):
    services.settings.set_profile(name="", email="", phone="", address="")
    d = open_for(qtbot, window, acme.thank_you)
    assert not d.problem.isHidden() and "Settings → Profile" in d.problem.text()
    assert d.problem_action.text() == "Open Profile…"
    assert d.body.toPlainText() == "" and not d.mark_sent.isEnabled()
    services.settings.set_profile(name="Ana Silva")
    qtbot.waitUntil(lambda: d.problem.isHidden())
    assert d.body.toPlainText().rstrip().endswith("Ana Silva")
    assert d.mark_sent.isEnabled()


def test_what_the_user_typed_is_never_overwritten(qtbot, window, acme, services):
    d = open_for(qtbot, window, acme.thank_you)
    qtbot.keyClicks(d.body, "P.S. ")
    typed = d.body.toPlainText()
    services.contacts.update_contact(acme.hana, email="hana.reed@acme.example")
    qtbot.wait(10)
    assert d.body.toPlainText() == typed and d.edited


def test_user_data_that_looks_like_a_template_is_shown_as_typed(qtbot, window, acme, services):
    services.contacts.update_contact(acme.ian, name="Ian {{ 7*7 }} {% raw %}")
    d = open_for(qtbot, window, acme.thank_you)
    assert "Ian {{ 7*7 }} {% raw %} and Jo Park" in d.body.toPlainText()
    assert "Ian {{ 7*7 }} {% raw %} <ian@acme.example>" in d.cc.text()


def test_the_card_menu_offers_the_open_messages(qtbot, window, acme, services, clock):
    services.rounds.add_promise(
        services.rounds.rounds_of(acme.interview)[0].id, "link to my portfolio", acme.ian
    )
    menu = QMenu(window)
    fill_compose_menu(window, menu, [acme.interview])
    labels = [a.text() for a in menu.actions()]
    assert labels == [
        "Thank Acme Ltd for the interview…",
        "Send link to my portfolio to Ian Vale…",
        "Politely chase Acme Ltd for a reply…",
    ]  # soonest due first
    menu.actions()[labels.index("Send link to my portfolio to Ian Vale…")].trigger()
    d = dialogs(window)[0]
    assert d.subject.text() == "Link to my portfolio — Product Designer"
    if window.board is not None and window.board.compose_menu_hook is not None:
        other = QMenu(window)
        window.board.compose_menu_hook(other, [acme.interview])
        assert [a.text() for a in other.actions()] == labels


def test_open_compose_for_a_deleted_followup_says_so(qtbot, window, acme, services):
    services.board.delete([acme.interview])
    d = open_compose(window, acme.thank_you)
    qtbot.addWidget(d)
    assert "no longer exists" in d.problem.text()
    assert not d.mark_sent.isEnabled()


def test_file_names_are_safe_everywhere():
    assert file_stem('Acme: "Thank you" / a\\b <x>?') == "Acme Thank you a b x"
    assert file_stem("...") == "Follow-up"
    assert len(file_stem("x" * 300)) == 80


def test_the_interview_editors_followups_offer_compose(qtbot, window, acme, services):
    from followup_desktop.ui.dialogs.followups_panel import FollowUpsPanel

    panel = FollowUpsPanel(services, window.undo_stack, window)
    panel.set_interview(acme.interview)
    assert panel.select(acme.thank_you)
    assert panel.compose_button.isEnabled()
    qtbot.mouseClick(panel.compose_button, LEFT)
    qtbot.waitUntil(lambda: len(dialogs(window)) == 1)
    assert dialogs(window)[0].followup_id == acme.thank_you
    services.followups.mark_done(acme.thank_you)
    panel.refresh()
    panel.select(acme.thank_you)
    assert not panel.compose_button.isEnabled()


def test_compose_on_a_reminder_opens_it_instead(qtbot, window, acme, services, clock):
    from followup_desktop.ui.compose_wiring import open_compose as route

    rid = services.rounds.add_round(
        acme.interview, clock.now + timedelta(days=2), clock.now + timedelta(days=2, hours=1)
    )
    prepare = next(
        f.id
        for f in services.followups.for_interview(acme.interview)
        if f.kind == FollowUpKind.PREPARE and f.round_id == rid
    )
    opened: list[int] = []
    window.sig_followup_opened.connect(opened.append)
    route(window, prepare)
    assert dialogs(window) == [] and opened == [prepare]
    route(window, acme.thank_you)
    assert [d.followup_id for d in dialogs(window)] == [acme.thank_you]
