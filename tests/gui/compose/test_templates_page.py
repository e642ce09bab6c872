"""Settings ▸ Templates: built-ins read-only, edit a copy, live preview, errors with lines,
reset to built-in, templates of one's own — saved as files only on Apply."""

from __future__ import annotations

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services.compose import ComposeService
from followup_desktop.ui.compose_wiring import install_compose
from followup_desktop.ui.settings.registry import page_factories
from followup_desktop.ui.settings.templates_page import TemplatesPage


@pytest.fixture
def page(qtbot, services, acme) -> TemplatesPage:
    p = TemplatesPage(services, None)
    qtbot.addWidget(p)
    p.resize(900, 600)
    p.show()
    qtbot.waitExposed(p)
    return p


def user_dir(services):
    return services.db_path.parent / "templates"


def test_registered_as_the_templates_page(window):
    install_compose(window)  # a second install registers it once
    assert page_factories().count(TemplatesPage) == 1


def test_lists_builtins_read_only_with_a_preview(page):
    labels = [page.list.item(i).text() for i in range(page.list.count())]
    assert labels[:2] == ["Thank-you email", "Thank-you letter"]
    assert "Polite chase" in labels and "General email" in labels
    assert page.current_name() == "thank_you_email"
    assert page.editor.isReadOnly() and page.edit_copy.isEnabled()
    assert not page.reset.isEnabled()
    assert page.interview.currentText() == "Acme Ltd — Product Designer"
    assert page.preview_subject.text() == (
        "Subject: Thank you — Product Designer interview on 10 March"
    )
    assert page.preview.toPlainText().startswith("Dear Hana Reed,")
    assert page.problem_text() == ""


def test_edit_a_copy_previews_as_you_type_and_saves_on_apply(qtbot, page, services):
    page.make_copy()
    assert not page.editor.isReadOnly()
    assert page.list.currentItem().text() == "Thank-you email (edited) *"
    page.editor.setPlainText("Subject: Cheers {{ company.name }}\n\nHi {{ addressee.first_name }}!")
    qtbot.waitUntil(lambda: page.preview.toPlainText() == "Hi Hana!\n")
    assert page.preview_subject.text() == "Subject: Cheers Acme Ltd"
    assert not (user_dir(services) / "thank_you_email.j2").exists()  # not before Apply
    page.apply()
    saved = (user_dir(services) / "thank_you_email.j2").read_text(encoding="utf-8")
    assert saved.startswith("Subject: Cheers")
    # Without a first {# comment #} the template is listed by its name.
    assert page.list.currentItem().text() == "thank_you_email (edited)"
    draft = ComposeService(services).draft(
        next(f.id for f in services.followups.for_interview(1) if f.kind == "thank_you")
    )
    assert draft.subject == "Cheers Acme Ltd"


def test_mistakes_show_their_line_and_are_not_saved(qtbot, page, services):
    page.make_copy()
    page.editor.setPlainText("Subject: x\n\nDear {{ addressee.nmae }},\n")
    qtbot.waitUntil(lambda: page.problem_text() != "")
    assert page.problem_text().startswith("Line 3: “addressee.nmae” is not a template field.")
    assert "Did you mean “addressee.name”?" in page.problem_text()
    marks = page.editor.extraSelections()
    assert [m.cursor.blockNumber() for m in marks] == [2]
    page.editor.setPlainText("Subject: x\n\n{% if %}\n")
    page.refresh_preview()
    assert page.problem_text().startswith("Line 3: ")
    with pytest.raises(ValidationError) as info:
        page.apply()
    assert "thank_you_email" in str(info.value) and "Line 3" in str(info.value)
    assert not (user_dir(services) / "thank_you_email.j2").exists()


def test_reset_to_builtin_removes_the_users_file_on_apply(qtbot, page, services):
    folder = user_dir(services)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chase_email.j2").write_text("{# Polite chase — mine #}\nSubject: Mine\n\nx\n")
    fresh = TemplatesPage(services, None)
    qtbot.addWidget(fresh)
    fresh.select("chase_email")
    assert fresh.list.currentItem().text() == "Polite chase (edited)"
    assert fresh.reset.isEnabled() and fresh.reset.text() == "&Reset to built-in"
    fresh.reset_current()
    assert fresh.editor.toPlainText() == ComposeService(services).library.builtin_source(
        "chase_email"
    )
    assert (folder / "chase_email.j2").exists()
    fresh.apply()
    assert not (folder / "chase_email.j2").exists()


def test_save_as_new_makes_a_template_of_ones_own(qtbot, page, services):
    page.select("keep_in_touch_email")
    name = page.save_as_new("Keep in touch short")
    assert name == "keep_in_touch_short"
    assert page.current_name() == name and not page.editor.isReadOnly()
    assert page.list.currentItem().text() == "Keep in touch (your own) *"
    with pytest.raises(ValidationError):
        page.save_as_new("keep_in_touch_short")
    with pytest.raises(ValidationError):
        page.save_as_new("../../etc")
    page.apply()
    assert (user_dir(services) / "keep_in_touch_short.j2").is_file()
    info = ComposeService(services).library.info(name)
    assert info.kind == "keep_in_touch" and not info.builtin
    # Deleting one's own template.
    page.select(name)
    assert page.reset.text() == "&Delete"
    page.reset_current()
    page.apply()
    assert not (user_dir(services) / "keep_in_touch_short.j2").exists()
