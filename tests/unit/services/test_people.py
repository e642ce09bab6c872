"""Deleting a linked person unlinks them everywhere; restoring brings every link back."""

from __future__ import annotations

from datetime import timedelta

from followup_desktop.services import Services, organization_edits, people


def test_delete_linked_person_then_restore(services: Services, clock):
    iid = services.board.create_interview("Acme Ltd", "Designer")
    hana = services.contacts.create_contact("Hana Ito", kind="hr", organization="Acme Ltd")
    services.contacts.link(iid, hana, "hr")
    assert [(c.name, c.organization, role) for c, role in services.contacts.people_of(iid)] == [
        ("Hana Ito", "Acme Ltd", "hr")
    ]
    now = clock()
    rid = services.rounds.add_round(iid, now, now + timedelta(hours=1), interviewer_ids=[hana])
    pid = services.rounds.add_promise(rid, "portfolio", hana)
    links = services.contacts.links(hana)
    assert {link.role for link in links} == {"hr", "interviewer", "promise"}
    record = people.capture(hana)
    services.contacts.delete_contact(hana)
    assert services.contacts.people_of(iid) == []
    assert services.rounds.rounds_of(iid)[0].interviewer_ids == ()
    assert services.rounds.promises_of(rid)[0].to_contact_id is None
    people.restore(services.ctx, services.followups, record)
    assert services.contacts.get(hana).organization == "Acme Ltd"
    assert [c.id for c, _ in services.contacts.people_of(iid)] == [hana]
    assert services.rounds.rounds_of(iid)[0].interviewer_ids == (hana,)
    assert services.rounds.promises_of(rid)[0].to_contact_id == hana
    assert services.rounds.promises_of(rid)[0].id == pid


def test_a_restored_person_rejoins_their_company_not_whoever_took_its_id(services: Services):
    pat = services.contacts.create_contact("Pat Lee", kind="hr", organization="Foo Ltd")
    foo = services.contacts.get(pat)
    record = people.capture(pat)
    services.contacts.delete_contact(pat)
    foo_id = next(o.id for o in services.contacts.organizations() if o.name == "Foo Ltd")
    organization_edits.delete_unused(services.ctx, foo_id)
    initech = services.contacts.create_organization("Initech")
    assert initech == foo_id  # SQLite handed the freed id on

    people.restore(services.ctx, services.followups, record)

    assert foo.organization == "Foo Ltd"
    back = services.contacts.get(pat)
    assert (back.organization_id, back.organization) == (None, "")  # Foo is gone: no company
