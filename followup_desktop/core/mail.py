"""Handing a message to the user's mail client: ``mailto:`` URLs and ``.eml`` files.

Pure: no Qt, no network. The app never sends mail itself; it fills the user's own mail
client (``mailto:``, RFC 6068) or saves a draft file (``.eml``, RFC 5322, built with Python's
:mod:`email` package) that any mail client opens.

Header fields (addresses, names, the subject) can never carry a line break: CR, LF and the
other line separators are folded into spaces before anything is encoded, so a name such as
``"Ann\\r\\nBcc: evil@example.com"`` stays a harmless name and cannot add a header. Body line
breaks are sent as CRLF, as RFC 6068 asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import format_datetime, make_msgid
from urllib.parse import quote, unquote

__all__ = [
    "MAILTO_COMFORTABLE_LENGTH",
    "Mail",
    "build_eml",
    "clean_address",
    "format_recipients",
    "header_text",
    "mailto_url",
    "normalize_body",
    "parse_eml",
    "parse_mailto",
    "parse_recipients",
]

#: Longer ``mailto:`` URLs are cut short by some mail clients and by Windows' URL handler;
#: the compose dialog copies the text to the clipboard as well when a URL is longer.
MAILTO_COMFORTABLE_LENGTH = 2000

# Every character that ends a line somewhere (str.splitlines' set) and the other controls.
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")
_SPACES = re.compile(r"\s+")
# A plausible addr-spec: one "@", no spaces, no separators that would split a list.
_ADDRESS = re.compile(r"^[^@\s<>,;\"()\[\]\\]+@[^@\s<>,;\"()\[\]\\]+$")
#: RFC 5322: no header line may be longer.
_MAX_LINE = 998
#: Characters that force a display name into quotes in an address list.
_NAME_SPECIALS = re.compile(r"[,;<>@\"():\[\]\\.]")


@dataclass(frozen=True, slots=True)
class Mail:
    """A message as a mail client receives it.

    ``to`` and ``cc`` are plain addresses (``name@example.com``) in ``mailto:``; in ``.eml``
    files they are ``(display name, address)`` pairs (see :func:`build_eml`).
    """

    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    body: str = ""


def header_text(value: str) -> str:
    """One line of header text: line breaks and control characters become single spaces."""
    value = _CONTROLS.sub(" ", _LINE_BREAKS.sub(" ", value))
    return _SPACES.sub(" ", value).strip()


def normalize_body(body: str) -> str:
    """Body text with ``\\n`` line ends (CRLF and lone CR converted)."""
    return body.replace("\r\n", "\n").replace("\r", "\n")


def clean_address(value: str) -> str:
    """The address itself, or "" when it cannot be a single email address."""
    value = header_text(value)
    return value if _ADDRESS.match(value) else ""


def _addresses(values: Iterable[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        address = clean_address(value)
        if address and address.lower() not in {a.lower() for a in out}:
            out.append(address)
    return out


# -- mailto: (RFC 6068) -------------------------------------------------------------------
def _encode(value: str) -> str:
    # Everything but RFC 3986's unreserved characters is percent-encoded (UTF-8); "+" is
    # encoded too, because some clients read a "+" in a query as a space.
    return quote(value, safe="", encoding="utf-8", errors="strict")


def mailto_url(to: Sequence[str], cc: Sequence[str] = (), subject: str = "", body: str = "") -> str:
    """A ``mailto:`` URL that opens the user's mail client with a message ready to send.

    Args:
        to: email addresses (not display names: RFC 6068 carries addresses only). Blank or
            invalid entries are left out.
        cc: email addresses to copy in.
        subject: the subject; line breaks in it are folded into spaces.
        body: the text; line breaks are sent as CRLF (``%0D%0A``).

    Returns:
        The URL, with every field percent-encoded as UTF-8.
    """
    path = ",".join(quote(a, safe="@", encoding="utf-8") for a in _addresses(to))
    fields: list[tuple[str, str]] = []
    cc_list = _addresses(cc)
    if cc_list:
        fields.append(("cc", ",".join(cc_list)))
    subject = header_text(subject)
    if subject:
        fields.append(("subject", subject))
    body = normalize_body(body)
    if body:
        fields.append(("body", body.replace("\n", "\r\n")))
    query = "&".join(f"{name}={_encode(value)}" for name, value in fields)
    return f"mailto:{path}" + (f"?{query}" if query else "")


def parse_mailto(url: str) -> Mail:
    """Read a ``mailto:`` URL back into its fields (what a mail client would show).

    Raises:
        ValueError: if ``url`` is not a ``mailto:`` URL.
    """
    if not url.lower().startswith("mailto:"):
        raise ValueError("not a mailto: URL")
    rest = url[len("mailto:") :]
    path, _, query = rest.partition("?")
    to = [unquote(a, encoding="utf-8", errors="strict") for a in path.split(",") if a]
    cc: list[str] = []
    subject = ""
    body = ""
    for pair in query.split("&") if query else ():
        name, _, value = pair.partition("=")
        text = unquote(value, encoding="utf-8", errors="strict")
        key = unquote(name).lower()
        if key == "to":
            to.extend(a for a in text.split(",") if a)
        elif key == "cc":
            cc.extend(a for a in text.split(",") if a)
        elif key == "subject":
            subject = text
        elif key == "body":
            body = normalize_body(text)
    return Mail(tuple(to), tuple(cc), subject, body)


# -- recipients as the user types them ----------------------------------------------------
def format_recipients(people: Iterable[tuple[str, str]]) -> str:
    """``Hana Reed <hana@acme.example>, Ian Vale`` from (name, address) pairs."""
    parts: list[str] = []
    for name, address in people:
        name, address = header_text(name), header_text(address)
        if name and _NAME_SPECIALS.search(name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if name and address:
            parts.append(f"{name} <{address}>")
        elif name or address:
            parts.append(name or address)
    return ", ".join(parts)


def _split_list(text: str) -> list[str]:
    """Split on commas and semicolons outside quotes and angle brackets."""
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    depth = 0
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
            continue
        if char == "\\" and quoted:
            escaped = True
            current.append(char)
            continue
        if char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            depth += 1
        elif char == ">" and not quoted and depth:
            depth -= 1
        elif char in ",;" and not quoted and not depth:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _unquote_name(name: str) -> str:
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"':
        name = re.sub(r"\\(.)", r"\1", name[1:-1])
    return name.strip()


def parse_recipients(text: str) -> list[tuple[str, str]]:
    """Read what the user typed in To / Cc into (name, address) pairs.

    ``Name <address>``, a bare address, and a bare name (someone with no email, e.g. for a
    letter) are understood; an entry in angle brackets that is not an address keeps its text
    as the name with an empty address, so nothing typed is lost.
    """
    out: list[tuple[str, str]] = []
    for part in _split_list(header_text(text)):
        match = re.match(r"^(.*?)<([^<>]*)>\s*$", part)
        if match:
            name, address = _unquote_name(match.group(1)), match.group(2).strip()
            if not clean_address(address):
                name, address = header_text(f"{name} {address}"), ""
        elif clean_address(part):
            name, address = "", part
        else:
            name, address = _unquote_name(part), ""
        out.append((name, address))
    return out


# -- .eml drafts (RFC 5322 via the email package) -----------------------------------------
def _address(name: str, address: str) -> Address | None:
    address = clean_address(address)
    if not address:
        return None
    try:
        return Address(display_name=header_text(name), addr_spec=address)
    except (ValueError, IndexError):
        # The email package is stricter than our plausibility check (e.g. "a@b@c"): leave
        # the name alone rather than write a header it would refuse to read.
        return None


def build_eml(
    *,
    to: Sequence[tuple[str, str]],
    cc: Sequence[tuple[str, str]] = (),
    subject: str = "",
    body: str = "",
    sender: tuple[str, str] | None = None,
    date: datetime | None = None,
) -> bytes:
    """An unsent message as ``.eml`` bytes (CRLF line ends, UTF-8 text).

    Args:
        to: (display name, address) pairs; pairs without a valid address are left out.
        cc: (display name, address) pairs to copy in.
        subject: the subject; line breaks are folded into spaces.
        body: the text.
        sender: the candidate's (name, address), when the profile has one.
        date: the Date header (aware), when given.

    Returns:
        The message. It carries ``X-Unsent: 1``, so Outlook opens it as a draft ready to send.
    """
    msg = EmailMessage(policy=policy.default)
    if sender is not None:
        from_address = _address(*sender)
        if from_address is not None:
            msg["From"] = from_address
    to_addresses = [a for a in (_address(n, e) for n, e in to) if a is not None]
    cc_addresses = [a for a in (_address(n, e) for n, e in cc) if a is not None]
    if to_addresses:
        msg["To"] = to_addresses
    if cc_addresses:
        msg["Cc"] = cc_addresses
    msg["Subject"] = header_text(subject)
    if date is not None:
        msg["Date"] = format_datetime(date)
    # A fixed domain: make_msgid() would otherwise look up this machine's name (the network).
    msg["Message-ID"] = make_msgid(domain="followup.invalid")
    msg["X-Unsent"] = "1"
    msg.set_content(normalize_body(body), charset="utf-8")
    # Unfolded headers: folding splits a name into several encoded words, and some readers
    # (Python's own among them) then add or drop spaces inside it. Fold only past RFC 5322's
    # 998-character line limit (a subject of a thousand characters).
    data = msg.as_bytes(policy=policy.SMTP.clone(max_line_length=None))
    head = data.split(b"\r\n\r\n", 1)[0]
    if max(len(line) for line in head.split(b"\r\n")) > _MAX_LINE:
        data = msg.as_bytes(policy=policy.SMTP)
    return data


@dataclass(frozen=True, slots=True)
class ParsedEml:
    """What a mail client reads from an ``.eml`` file."""

    sender: tuple[str, str] | None
    to: tuple[tuple[str, str], ...]
    cc: tuple[tuple[str, str], ...]
    subject: str
    body: str
    headers: tuple[str, ...]


def parse_eml(data: bytes) -> ParsedEml:
    """Read ``.eml`` bytes back with the :mod:`email` package (for tests and import)."""
    msg = BytesParser(policy=policy.default).parsebytes(data)

    def pairs(header: str) -> tuple[tuple[str, str], ...]:
        value = msg[header]
        if value is None:
            return ()
        return tuple((a.display_name, a.addr_spec) for a in value.addresses)

    sender = pairs("From")
    part = msg.get_body(preferencelist=("plain",))
    body = part.get_content() if part is not None else ""
    return ParsedEml(
        sender=sender[0] if sender else None,
        to=pairs("To"),
        cc=pairs("Cc"),
        subject=str(msg["Subject"] or ""),
        body=normalize_body(str(body)),
        headers=tuple(msg.keys()),
    )
