"""Addresses and header values, checked before the ``email`` package sees them.

A CR or LF in a ``--subject`` or an address is refused with an InputError naming the option; a
title (which YAML may fold over lines) has its whitespace collapsed to single spaces, so it can
never start a new header. IDN domains become punycode.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from email import policy
from email.headerregistry import Address
from typing import Any

from ...errors import InputError, Problem

FROM_ENV = "REPORTGEN_MAIL_FROM"

# Control characters and everything str.splitlines() breaks at (NEL, U+2028, U+2029): none of
# them belongs in a header, and some mail software treats each as a line end.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def problem(option: str, message: str, hint: str | None = None) -> Problem:
    """A problem with a command-line option (or the environment variable standing in for it)."""
    return Problem("command line", message, field=option, hint=hint)


def _check_address(addr: Address, raw: str, option: str) -> Address:
    """One parsed address, held to what every relay accepts; IDN domains become punycode."""
    shown = addr.addr_spec if addr.username else raw
    if addr.addr_spec.count("@") != 1 or not addr.username or not addr.domain:
        raise InputError([problem(option, f"'{shown}' is not an e-mail address",
                                   "write name@example.org (or 'Name <name@example.org>')")])
    if any(c.isspace() for c in addr.username + addr.domain):
        raise InputError([problem(option, f"'{shown}' contains a space",
                                   "an address has no spaces; separate addresses with commas")])
    if not addr.username.isascii():
        raise InputError([problem(option, f"'{shown}': non-ASCII before the @ is not supported",
                                   "use an ASCII address for this recipient")])
    try:
        domain = addr.domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    labels = domain.split(".")
    if not domain or not all(_LABEL.match(label) for label in labels) or (
        len(labels) < 2 and domain.lower() != "localhost"
    ):
        hint = ("the part after @ needs a dot, as in example.org" if len(labels) < 2 else
                "a domain is letters, digits and hyphens between dots")
        raise InputError([problem(option, f"'{shown}': '{addr.domain}' is not a valid domain",
                                   hint)])
    return Address(display_name=addr.display_name, username=addr.username, domain=domain)


def parse_addresses(values: Sequence[str], option: str) -> list[Address]:
    """Each value may hold one address or several separated by commas ("Doe, Jane" <j@x.org>).

    Called by ``compose_message``, and worth calling from the CLI before building anything, so
    a typo in ``--to`` costs nothing.
    """
    found: list[Address] = []
    for raw in values:
        if CONTROL.search(raw):
            raise InputError([problem(option, f"{raw!r} contains a line break or control "
                                       "character", "give one address per value, on one line")])
        if not raw.strip():
            raise InputError([problem(option, "empty address", "write name@example.org")])
        try:
            header: Any = policy.default.header_factory("to", raw)
            bad = bool(header.defects) or any(g.display_name is not None for g in header.groups)
        except (IndexError, ValueError):  # the parser trips over some malformed input ("a@")
            bad = True
        if bad:
            hint = ("separate addresses with commas, not semicolons" if ";" in raw
                    else "write name@example.org (or 'Name <name@example.org>')")
            raise InputError([problem(option, f"'{raw.strip()}' is not a valid address", hint)])
        found.extend(_check_address(a, raw.strip(), option) for a in header.addresses)
    return found


def subject_line(subject: str | None, title: str) -> str:
    """The Subject header: --subject on one line, else the title; CR/LF can never add headers."""
    if subject is None:
        return " ".join(title.split())  # a title folded over lines is still one header line
    if CONTROL.search(subject):
        raise InputError([problem("--subject", "the subject contains a line break or control "
                                   "character", "give the subject on one line")])
    if not subject.strip():
        raise InputError([problem("--subject", "the subject is empty",
                                   "leave out --subject to use the brief's title")])
    return subject.strip()


def default_sender(option: str | None, env: Mapping[str, str]) -> str:
    """--from, else REPORTGEN_MAIL_FROM, else REPORTGEN_SMTP_USER when it is an address (it
    often is: most providers log in with the mailbox address). Checked by compose_message.
    ``env`` is the caller's (the CLI passes ``os.environ``)."""
    if option:
        return option
    for value in (env.get(FROM_ENV), env.get("REPORTGEN_SMTP_USER")):
        if value and "@" in value:
            return value
    raise InputError([problem("--from", "no sender address",
                               f"pass --from name@example.org or set {FROM_ENV}")])
