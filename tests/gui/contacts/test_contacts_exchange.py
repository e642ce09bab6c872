"""vCard import/export from the sidebar, the organizations editor and the Profile page."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup_desktop.core.errors import ValidationError
from followup_desktop.services import vcards
from followup_desktop.ui.settings.profile_page import ProfilePage
from followup_desktop.ui.settings.registry import page_factories

CARD = (
    "BEGIN:VCARD\nVERSION:3.0\nFN:Søren Kierkegaard-Åberg\nEMAIL;TYPE=PREF:soren@lumen.example\n"
    "EMAIL:s.k@home.example\nORG:Lumen Labs\nTITLE:Head of Research\nEND:VCARD\n"
)


def test_import_business_card_then_undo(window, services, qtbot, tmp_path: Path):
    sidebar = window.contacts_feature.sidebar
    path = tmp_path / "card.vcf"
    path.write_text(CARD, encoding="utf-8")
    [cid] = sidebar.import_vcards([path])
    person = services.contacts.get(cid)
    assert person.name == "Søren Kierkegaard-Åberg" and person.organization == "Lumen Labs"
    assert "Other email: s.k@home.example" in person.notes
    assert "Imported 1 person" in sidebar.last_message
    assert [p.id for p in sidebar.selected_people()] == [cid]
    window.undo_stack.undo()
    assert all(p.id != cid for p in services.contacts.list())
    window.undo_stack.redo()
    assert services.contacts.get(cid).name == "Søren Kierkegaard-Åberg"


def test_malformed_file_imports_nobody_and_says_why(window, services, qtbot, tmp_path: Path):
    sidebar = window.contacts_feature.sidebar
    before = len(services.contacts.list())
    path = tmp_path / "broken.vcf"
    path.write_text(
        CARD + "BEGIN:VCARD\nVERSION:3.0\nFN broken line\nEND:VCARD\n", encoding="utf-8"
    )
    assert sidebar.import_vcards([path]) == []
    box = sidebar.pending_box
    assert box is not None and "broken.vcf" in box.text() and "Nobody was imported" in box.text()
    box.close()
    assert len(services.contacts.list()) == before


def test_export_one_and_everyone(window, services, world, tmp_path: Path):
    sidebar = window.contacts_feature.sidebar
    one = tmp_path / "zoe.vcf"
    assert sidebar.export_vcards([world.zoe], one) == 1
    [zoe] = vcards.read_file(one)
    assert zoe.name == "Zoë Müller" and zoe.kind == "agency_recruiter"
    everyone = tmp_path / "all.vcf"
    assert sidebar.export_vcards(None, everyone) == 4
    assert {p.name for p in vcards.read_file(everyone)} == {
        "Hana Ito",
        "Bob Ray",
        "Zoë Müller",
        "Ola Nordmann",
    }


def test_organizations_editor_with_business_card(window, services, qtbot, tmp_path: Path):
    sidebar = window.contacts_feature.sidebar
    dialog = sidebar.open_organizations()
    qtbot.waitUntil(dialog.isVisible)
    acme = next(o for o in services.contacts.organizations() if o.name == "Acme Ltd")
    assert dialog.select(acme.id)
    dialog.website.setText("acme.example")
    dialog.phone.setText("+44 113 496 0000")
    dialog.address.setPlainText("1 High Street\nLeeds LS1 1AA")
    assert dialog.save()
    acme_now = next(o for o in services.contacts.organizations() if o.id == acme.id)
    assert acme_now.website == "https://acme.example"
    assert acme_now.address == "1 High Street\nLeeds LS1 1AA"
    card = tmp_path / "hana-card.jpg"
    card.write_bytes(b"\xff\xd8jpeg")
    dialog.attachments.open_with_system = False
    assert dialog.attachments.add_file(card, "business_card") is not None
    assert "Business card" in dialog.attachments.list.item(0).text()
    dialog.name.setText("")
    assert not dialog.save()
    assert "Name is required" in dialog.errors.label("name").text()
    window.undo_stack.undo()  # the file
    window.undo_stack.undo()  # the details
    assert next(o for o in services.contacts.organizations() if o.id == acme.id).website == ""
    dialog.new_organization()
    dialog.name.setText("Hays Recruitment")
    dialog.kind.setCurrentIndex(dialog.kind.findData("agency"))
    assert dialog.save()
    assert any(
        o.name == "Hays Recruitment" and o.kind == "agency"
        for o in services.contacts.organizations()
    )
    window.undo_stack.undo()
    assert all(o.name != "Hays Recruitment" for o in services.contacts.organizations())


def test_an_added_organization_comes_back_as_itself_after_undo_and_redo(window, services, qtbot):
    sidebar = window.contacts_feature.sidebar
    dialog = sidebar.open_organizations()
    qtbot.waitUntil(dialog.isVisible)
    dialog.new_organization()
    dialog.name.setText("Foo Ltd")
    assert dialog.save()
    foo = next(o for o in services.contacts.organizations() if o.name == "Foo Ltd")
    dialog.website.setText("foo.example")
    assert dialog.save()  # an edit of it, on the stack after its creation
    window.undo_stack.undo()
    window.undo_stack.undo()  # Foo is gone...
    # ...and Bar, created outside the stack, takes its freed id.
    services.board.create_interview("Bar plc", "Analyst")
    assert next(o for o in services.contacts.organizations() if o.name == "Bar plc").id == foo.id
    window.undo_stack.redo()  # Foo comes back, under a new id
    window.undo_stack.redo()  # and the edit finds Foo, not whoever holds its old id
    by_name = {o.name: o for o in services.contacts.organizations()}
    assert by_name["Foo Ltd"].website == "https://foo.example"
    assert by_name["Bar plc"].website == "" and by_name["Bar plc"].id == foo.id


def test_profile_page(qtbot, window, services):
    assert ProfilePage in page_factories()
    page = ProfilePage(services)
    qtbot.addWidget(page)
    page.name.setText("Amara Okafor")
    page.email.setText("amara at example")
    with pytest.raises(ValidationError, match="does not look like an email"):
        page.apply()
    assert page.errors.label("email").isVisibleTo(page)
    page.email.setText("amara@example.com")
    page.signature.setPlainText("Kind regards,\nAmara")
    page.apply()
    profile = services.settings.profile()
    assert (profile.name, profile.email, profile.signature) == (
        "Amara Okafor",
        "amara@example.com",
        "Kind regards,\nAmara",
    )
