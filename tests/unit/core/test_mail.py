"""mailto: URLs and .eml drafts: every field survives the trip, no header can be injected."""

from __future__ import annotations

import email
from datetime import UTC, datetime
from email import policy

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_desktop.core.mail import (
    build_eml,
    clean_address,
    format_recipients,
    header_text,
    mailto_url,
    normalize_body,
    parse_eml,
    parse_mailto,
    parse_recipients,
)

EVIL = "Ann\r\nBcc: evil@example.com"


def test_mailto_encodes_every_field():
    url = mailto_url(
        ["hana@acme.example"],
        ["ian@acme.example", "jo@acme.example"],
        "Thank you — Zoë & co",
        "Dear Hana,\n\nThanks + regards 100% ?=#&\n",
    )
    assert url.startswith("mailto:hana@acme.example?cc=ian%40acme.example%2Cjo%40acme.example")
    assert "&subject=Thank%20you%20%E2%80%94%20Zo%C3%AB%20%26%20co" in url
    assert "&body=Dear%20Hana%2C%0D%0A%0D%0AThanks%20%2B%20regards%20100%25%20%3F%3D%23%26" in url
    assert " " not in url and "\n" not in url and "+" not in url


def test_mailto_parsed_back_gives_the_same_fields():
    body = "Dear Zoë,\n\nLine two — “quoted” & more\n\n-- \nAna\n"
    mail = parse_mailto(mailto_url(["zoe@example.org"], ["b@example.org"], "Hi Zoë", body))
    assert mail.to == ("zoe@example.org",)
    assert mail.cc == ("b@example.org",)
    assert mail.subject == "Hi Zoë"
    assert mail.body == body


def test_a_line_break_in_the_subject_cannot_add_a_header():
    url = mailto_url(["a@example.org"], [], "Hello\r\nBcc: evil@example.com", "x")
    assert "%0D" not in url.split("&body=")[0] and "%0A" not in url.split("&body=")[0]
    mail = parse_mailto(url)
    assert mail.subject == "Hello Bcc: evil@example.com"
    assert "bcc" not in url.lower().replace("bcc%3a", "")


def test_an_address_with_a_line_break_or_list_separator_is_dropped():
    url = mailto_url(
        [
            "ok@example.org",
            "x@example.org\r\nBcc: evil@example.com",
            "a@b.example,c@d.example",
            "no-at-sign",
            "",
        ],
        [EVIL],
    )
    assert parse_mailto(url).to == ("ok@example.org",)
    assert parse_mailto(url).cc == ()
    assert "evil" not in url


def test_duplicate_addresses_are_sent_once():
    assert parse_mailto(mailto_url(["a@x.example", "A@x.example"])).to == ("a@x.example",)


def test_header_text_folds_every_kind_of_line_break():
    assert header_text("a\r\nb\rc\nd\u2028e\x85f\x0bg\x00h") == "a b c d e f g h"


addresses = st.emails().filter(lambda a: clean_address(a) == a)
text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(max_examples=100, deadline=None)
@given(
    to=st.lists(addresses, max_size=3), cc=st.lists(addresses, max_size=3), subject=text, body=text
)
def test_mailto_round_trip_property(to, cc, subject, body):
    mail = parse_mailto(mailto_url(to, cc, subject, body))

    def unique(items):
        seen: list[str] = []
        for a in items:
            if a.lower() not in {s.lower() for s in seen}:
                seen.append(a)
        return tuple(seen)

    assert mail.to == unique(to)
    assert mail.cc == unique(cc)
    assert mail.subject == header_text(subject)
    assert "\r" not in mail.subject and "\n" not in mail.subject
    assert mail.body == normalize_body(body)


def test_eml_parses_back_with_the_email_package():
    data = build_eml(
        to=[("Hana Reed", "hana@acme.example"), ("Seán O'Brien, PhD", "sean@acme.example")],
        cc=[("Zoë Chen", "zoe@acme.example"), ("No Email", "")],
        subject="Thank you — Product Designer",
        body="Dear Hana,\n\nThank you, Zoë & Seán.\n",
        sender=("Ana Silva", "ana@home.example"),
        date=datetime(2026, 11, 10, 9, 30, tzinfo=UTC),
    )
    assert b"\r\n" in data
    msg = email.message_from_bytes(data, policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["Date"].datetime == datetime(2026, 11, 10, 9, 30, tzinfo=UTC)
    parsed = parse_eml(data)
    assert parsed.sender == ("Ana Silva", "ana@home.example")
    assert parsed.to == (
        ("Hana Reed", "hana@acme.example"),
        ("Seán O'Brien, PhD", "sean@acme.example"),
    )
    assert parsed.cc == (("Zoë Chen", "zoe@acme.example"),)
    assert parsed.subject == "Thank you — Product Designer"
    assert parsed.body == "Dear Hana,\n\nThank you, Zoë & Seán.\n"


def test_long_non_ascii_names_and_subjects_come_back_exactly():
    name = "李小龍 Ångström-Øverli " * 6
    subject = "Thank you — " + name * 2
    parsed = parse_eml(build_eml(to=[(name, "li@example.org")], subject=subject, body="x"))
    assert parsed.to == ((header_text(name), "li@example.org"),)
    assert parsed.subject == header_text(subject)
    huge = parse_eml(build_eml(to=[("Zoë", "z@example.org")], subject="Zoë " + "x" * 3000))
    assert huge.subject == "Zoë " + "x" * 3000


def test_eml_names_and_subject_cannot_inject_headers():
    data = build_eml(
        to=[(EVIL, "hana@acme.example")],
        subject="Hi\r\nBcc: evil@example.com",
        body="Bcc: not-a-header@example.com\n",
    )
    msg = email.message_from_bytes(data, policy=policy.default)
    assert msg["Bcc"] is None
    assert sorted(msg.keys()) == sorted(
        [
            "To",
            "Subject",
            "Message-ID",
            "X-Unsent",
            "Content-Type",
            "Content-Transfer-Encoding",
            "MIME-Version",
        ]
    )
    assert parse_eml(data).to == (("Ann Bcc: evil@example.com", "hana@acme.example"),)
    assert parse_eml(data).body == "Bcc: not-a-header@example.com\n"


@settings(max_examples=100, deadline=None)
@given(
    names=st.lists(text, min_size=1, max_size=3),
    to=st.lists(addresses, min_size=1, max_size=3),
    subject=text,
    body=text,
)
def test_eml_round_trip_property(names, to, subject, body):
    pairs = list(zip(names, to, strict=False))
    parsed = parse_eml(build_eml(to=pairs, subject=subject, body=body))
    assert [a for _, a in parsed.to] == [a for _, a in pairs]
    assert [n for n, _ in parsed.to] == [header_text(n) for n, _ in pairs]
    assert parsed.subject == header_text(subject)
    expected = normalize_body(body)
    assert parsed.body == (expected if expected.endswith("\n") else expected + "\n")


def test_recipients_typed_by_the_user():
    typed = (
        'Hana Reed <hana@a.example>, "O\'Brien, Seán" <s@b.example>; Ian Vale, '
        "ian@x.example, Bob <not an address>"
    )
    assert parse_recipients(typed) == [
        ("Hana Reed", "hana@a.example"),
        ("O'Brien, Seán", "s@b.example"),
        ("Ian Vale", ""),
        ("", "ian@x.example"),
        ("Bob not an address", ""),
    ]
    assert parse_recipients("") == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(text, addresses | st.just("")), max_size=4))
def test_recipients_round_trip_through_the_text_field(people):
    people = [(header_text(n), a) for n, a in people if header_text(n) or a]
    assert parse_recipients(format_recipients(people)) == people
