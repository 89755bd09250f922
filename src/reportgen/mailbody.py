"""Brief + Theme + recipients -> one standards-compliant e-mail message (no network, no clock).

The message is what a careful mail client would produce: ``multipart/mixed`` holding a
``multipart/alternative`` (plain text first, HTML last, so clients show the richest part they
understand) and then the attachments. The body is the executive summary and the key takeaways,
rendered from the same inline trees as the PDF and the DOCX, so the three cannot disagree.

Decisions worth knowing:

* Citations appear as plain ``[n]``, the same numbers as the Sources list of the attached PDF or
  DOCX; the e-mail itself carries no sources, so when nothing is attached the numbers would
  point nowhere and are dropped. Text and HTML parts follow the same rule.
* The sign-off is the organization's name only (``— Open Policy Briefs``), never a link: a mail
  that ends with a link is what phishing looks like, and the brief itself is attached.
* Every header value that comes from a brief or the command line is checked here, before the
  ``email`` package sees it: a CR or LF in a ``--subject`` or an address is refused with an
  InputError naming the option; a title (which YAML may fold over lines) has its whitespace
  collapsed to single spaces, so it can never start a new header.
* Bodies use quoted-printable: 7-bit clean for any relay, still readable in the raw source.
* Bcc stays in the composed message (a draft keeps it, as mail clients do for their own drafts);
  ``mail.send_message`` removes it from what is transmitted and puts it in the envelope only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import textwrap
import zipfile
from collections.abc import Mapping, Sequence
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any

import css_inline
import jinja2
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from .errors import InputError, Problem
from .fetch import ConfinedLoader
from .files import human_size
from .labels import labels_for
from .model import (
    Block,
    Brief,
    BulletList,
    Cite,
    Code,
    Emph,
    Inline,
    Inlines,
    LineBreak,
    Link,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)
from .sandbox import TemplateBudgetError, refusal, render_bounded, sandbox
from .theme import HOUSE, Theme
from .writers.html import render_blocks, render_inlines

HTML_TEMPLATE = "email.html.j2"
TEXT_TEMPLATE = "email.txt.j2"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_LIMIT_BYTES = 10 * 1024 * 1024
LIMIT_ENV = "REPORTGEN_MAIL_LIMIT_MB"
FROM_ENV = "REPORTGEN_MAIL_FROM"
WRAP = 72  # plain-text line width: fits every client and survives quoting ("> ") once or twice

# Our own table, not the system's: /etc/mime.types differs between machines (some lack .docx),
# and reading it costs start-up time for the only two types a brief is ever sent as.
_MIME_TYPES = {".pdf": "application/pdf", ".docx": DOCX_TYPE}

# Control characters and everything str.splitlines() breaks at (NEL, U+2028, U+2029): none of
# them belongs in a header, and some mail software treats each as a line end.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")
_LANG_TAG = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_GLUE = "\ue000"  # a private-use character: a space textwrap must not break at


# ---------------------------------------------------------------------------------------------
# Addresses and header values


def _problem(option: str, message: str, hint: str | None = None) -> Problem:
    return Problem("command line", message, field=option, hint=hint)


def _check_address(addr: Address, raw: str, option: str) -> Address:
    """One parsed address, held to what every relay accepts; IDN domains become punycode."""
    shown = addr.addr_spec if addr.username else raw
    if addr.addr_spec.count("@") != 1 or not addr.username or not addr.domain:
        raise InputError([_problem(option, f"'{shown}' is not an e-mail address",
                                   "write name@example.org (or 'Name <name@example.org>')")])
    if any(c.isspace() for c in addr.username + addr.domain):
        raise InputError([_problem(option, f"'{shown}' contains a space",
                                   "an address has no spaces; separate addresses with commas")])
    if not addr.username.isascii():
        raise InputError([_problem(option, f"'{shown}': non-ASCII before the @ is not supported",
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
        raise InputError([_problem(option, f"'{shown}': '{addr.domain}' is not a valid domain",
                                   hint)])
    return Address(display_name=addr.display_name, username=addr.username, domain=domain)


def parse_addresses(values: Sequence[str], option: str) -> list[Address]:
    """Each value may hold one address or several separated by commas ("Doe, Jane" <j@x.org>).

    Called by ``compose_message``, and worth calling from the CLI before building anything, so
    a typo in ``--to`` costs nothing.
    """
    found: list[Address] = []
    for raw in values:
        if _CONTROL.search(raw):
            raise InputError([_problem(option, f"{raw!r} contains a line break or control "
                                       "character", "give one address per value, on one line")])
        if not raw.strip():
            raise InputError([_problem(option, "empty address", "write name@example.org")])
        try:
            header: Any = policy.default.header_factory("to", raw)
            bad = bool(header.defects) or any(g.display_name is not None for g in header.groups)
        except (IndexError, ValueError):  # the parser trips over some malformed input ("a@")
            bad = True
        if bad:
            hint = ("separate addresses with commas, not semicolons" if ";" in raw
                    else "write name@example.org (or 'Name <name@example.org>')")
            raise InputError([_problem(option, f"'{raw.strip()}' is not a valid address", hint)])
        found.extend(_check_address(a, raw.strip(), option) for a in header.addresses)
    return found


def subject_line(subject: str | None, title: str) -> str:
    """The Subject header: --subject on one line, else the title; CR/LF can never add headers."""
    if subject is None:
        return " ".join(title.split())  # a title folded over lines is still one header line
    if _CONTROL.search(subject):
        raise InputError([_problem("--subject", "the subject contains a line break or control "
                                   "character", "give the subject on one line")])
    if not subject.strip():
        raise InputError([_problem("--subject", "the subject is empty",
                                   "leave out --subject to use the brief's title")])
    return subject.strip()


def default_sender(option: str | None, env: Mapping[str, str] | None = None) -> str:
    """--from, else REPORTGEN_MAIL_FROM, else REPORTGEN_SMTP_USER when it is an address (it
    often is: most providers log in with the mailbox address). Checked by compose_message."""
    env = os.environ if env is None else env
    if option:
        return option
    for value in (env.get(FROM_ENV), env.get("REPORTGEN_SMTP_USER")):
        if value and "@" in value:
            return value
    raise InputError([_problem("--from", "no sender address",
                               f"pass --from name@example.org or set {FROM_ENV}")])


# ---------------------------------------------------------------------------------------------
# Body: inline trees -> text and HTML


def without_cites(nodes: Inlines) -> Inlines:
    """The tree minus its citations, and minus the space each one leaves before punctuation."""
    out: list[Inline] = []
    for node in nodes:
        match node:
            case Cite():
                if out and isinstance(out[-1], Text):
                    out[-1] = Text(out[-1].text.rstrip(" \u00a0"))
            case Strong(children=c):
                out.append(Strong(without_cites(c)))
            case Emph(children=c):
                out.append(Emph(without_cites(c)))
            case Link(href=href, children=c):
                out.append(Link(href, without_cites(c)))
            case _:
                out.append(node)
    return tuple(out)


def inline_text(nodes: Inlines) -> str:
    """Plain text of an inline tree; a link keeps its address in <angle brackets> (RFC 3986).

    Spaces that must not become line breaks (before and inside ``[n]``) are written as ``_GLUE``,
    which ``_wrap`` turns back into spaces after wrapping.
    """
    out: list[str] = []
    for i, node in enumerate(nodes):
        match node:
            case Text(text=t):
                if i + 1 < len(nodes) and isinstance(nodes[i + 1], Cite) and t.endswith(" "):
                    t = t.rstrip(" ") + _GLUE
                out.append(t)
            case Code(text=t):
                out.append(t)
            case LineBreak():
                out.append("\n")
            case Strong(children=c) | Emph(children=c):
                out.append(inline_text(c))
            case Link(href=href, children=c):
                label = inline_text(c)
                out.append(label if label == href else f"{label} <{href}>")
            case Cite(numbers=n):
                out.append("[" + ("," + _GLUE).join(str(k) for k in n) + "]")
    return "".join(out)


def _mail_cite(cite: Cite, glued: bool) -> Markup:
    """``[1, 3]`` as plain numbers: the sources are in the attachment, not in the message."""
    lead = "\u00a0" if glued else ""  # a claim and its [n] stay on one line
    return Markup('{}<span class="cite">[{}]</span>').format(
        lead, ",\u00a0".join(str(n) for n in cite.numbers))


def _web_link(href: str) -> bool:
    """Only links that work from a mail client; #anchors point into a document not there."""
    return href.lower().startswith(_SAFE_SCHEMES)


def inline_html(nodes: Inlines) -> Markup:
    """HTML of an inline tree, escaped as in the PDF, with the e-mail's citations and links."""
    return render_inlines(nodes, _mail_cite, _web_link)


def _wrap(text: str, first: str = "", rest: str = "") -> str:
    """Fill at WRAP columns without splitting words, URLs or hyphenated names."""
    lines = []
    for i, line in enumerate(text.split("\n")):
        lines.append(textwrap.fill(line, WRAP, initial_indent=first if i == 0 else rest,
                                   subsequent_indent=rest, break_long_words=False,
                                   break_on_hyphens=False) or (first if i == 0 else rest))
    return "\n".join(lines).replace(_GLUE, " ")


def _blocks_without_cites(blocks: Sequence[Block]) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                out.append(Paragraph(without_cites(i)))
            case BulletList(items=items):
                out.append(BulletList(tuple(without_cites(i) for i in items)))
            case OrderedList(items=items):
                out.append(OrderedList(tuple(without_cites(i) for i in items)))
    return tuple(out)


def text_blocks(blocks: Sequence[Block]) -> list[str]:
    """Paragraphs wrapped at 72 columns; list items hang under their bullet or number."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Paragraph(inlines=i):
                out.append(_wrap(inline_text(i)))
            case BulletList(items=items):
                out.append("\n".join(_wrap(inline_text(i), "- ", "  ") for i in items))
            case OrderedList(items=items):
                out.append("\n".join(_wrap(inline_text(i), f"{n}. ", " " * len(f"{n}. "))
                                     for n, i in enumerate(items, 1)))
    return out


def html_blocks(blocks: Sequence[Block]) -> list[Markup]:
    """One ``<p>``, ``<ul>`` or ``<ol>`` per block, for the template to lay out."""
    return [render_blocks([block], _mail_cite, _web_link) for block in blocks]


_CSS_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_FONT_NAME = re.compile(r"[^\w \-]")


def _colour(value: str, fallback: str) -> Markup:
    """A brand colour for a <style> block: HTML escaping does not protect CSS, so only #rgb."""
    return Markup(value if _CSS_COLOUR.match(value) else fallback)


def style(theme: Theme) -> dict[str, Markup]:
    """The theme as CSS values the e-mail template may use; mail clients lack brand fonts, so
    each family is followed by a common fallback."""
    body = _FONT_NAME.sub("", theme.body_font.family)
    heading = _FONT_NAME.sub("", theme.heading_font.family)
    return {
        "primary": _colour(theme.primary, HOUSE.primary),
        "secondary": _colour(theme.secondary, HOUSE.secondary),
        "foreground": _colour(theme.foreground, HOUSE.foreground),
        "background": _colour(theme.background, HOUSE.background),
        "link": _colour(theme.link, HOUSE.link),
        "light": _colour(theme.light, HOUSE.light),
        "body_font": Markup(f"'{body}', Georgia, 'Times New Roman', serif"),
        "heading_font": Markup(f"'{heading}', Arial, Helvetica, sans-serif"),
        "heading_weight": Markup(str(int(theme.heading_font.weight))),
    }


@lru_cache(maxsize=16)
def _environment(template_dirs: tuple[Path, ...]) -> jinja2.Environment:
    """Autoescape for the HTML template only: escaping the text part would print '&amp;'."""
    return sandbox(
        loader=ConfinedLoader([str(d) for d in template_dirs]),
        autoescape=lambda name: bool(name and name.endswith((".html.j2", ".html"))),
    )


def _render(theme: Theme, name: str, ctx: dict[str, Any]) -> str:
    dirs = tuple(theme.template_dirs)
    try:
        return render_bounded(_environment(dirs).get_template(name), ctx)
    except (SecurityError, TemplateBudgetError, RecursionError) as exc:
        raise refusal(exc, name) or exc from None
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Problem(exc.filename or name, f"template syntax error: {exc.message}",
                                  exc.lineno)]) from None
    except jinja2.TemplateNotFound:
        raise InputError([Problem(name, "template not found",
                                  hint="looked in: " + ", ".join(map(str, dirs)))]) from None
    except jinja2.UndefinedError as exc:
        raise InputError([Problem(name, f"template error: {exc.message}",
                                  hint=f"see the variables listed at the top of {name}")]) from None


def _language(brief: Brief) -> str | None:
    return brief.meta.language if _LANG_TAG.match(brief.meta.language) else None


def body_context(brief: Brief, theme: Theme, cites: bool) -> dict[str, Any]:
    """What both e-mail templates may use; listed at the top of each template."""
    meta = brief.meta
    summary = brief.summary if cites else _blocks_without_cites(brief.summary)
    takeaways = brief.takeaways if cites else tuple(without_cites(t) for t in brief.takeaways)
    return {
        "language": _language(brief) or "en",
        "title": " ".join(meta.title.split()),
        "subtitle": meta.subtitle,
        "series": meta.series,
        "organization": theme.organization or meta.organization,
        "labels": {**labels_for(meta.language), **brief.labels},
        "summary_text": text_blocks(summary),
        "takeaways_text": [_wrap(inline_text(t), "- ", "  ") for t in takeaways],
        "summary_html": html_blocks(summary),
        "takeaways_html": [inline_html(t) for t in takeaways],
        "style": style(theme),
    }


_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_style_tags=False)


def render_bodies(brief: Brief, theme: Theme, cites: bool = True) -> tuple[str, str]:
    """(plain text, HTML with CSS inlined): Gmail and Outlook ignore most <style> rules."""
    ctx = body_context(brief, theme, cites)
    text = _render(theme, TEXT_TEMPLATE, ctx)
    html = _INLINER.inline(_render(theme, HTML_TEMPLATE, ctx))
    return text, html


# ---------------------------------------------------------------------------------------------
# Attachments


def mime_type(path: Path) -> tuple[str, str]:
    """(maintype, subtype); anything but a brief's own formats goes as octet-stream."""
    ctype = _MIME_TYPES.get(path.suffix.lower(), "application/octet-stream")
    maintype, subtype = ctype.split("/", 1)
    return maintype, subtype


def _read_attachment(path: Path) -> bytes:
    """The file's bytes, refusing a missing file or one that is visibly cut short."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(str(path), "attachment not found",
                                  hint="build it first: reportgen build BRIEF.yaml")]) from None
    except OSError as exc:
        raise InputError([Problem(str(path), f"cannot read attachment: {exc.strerror}")]) from None
    suffix = path.suffix.lower()
    incomplete = (
        (suffix == ".pdf" and (not data.startswith(b"%PDF-") or b"%%EOF" not in data[-2048:]))
        or (suffix == ".docx" and not _is_zip(path))
    )
    if incomplete:
        raise InputError([Problem(str(path), "attachment looks incomplete or damaged",
                                  hint="rebuild it: reportgen build BRIEF.yaml")])
    return data


def _is_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False


def attachment_warnings(paths: Sequence[Path], limit_bytes: int = DEFAULT_LIMIT_BYTES) -> list[str]:
    """Warn, not fail: the limit is the user's guess at their servers', not a protocol rule."""
    sizes = [p.stat().st_size for p in paths if p.is_file()]
    total = sum(sizes)
    if total <= limit_bytes:
        return []
    encoded = (total + 2) // 3 * 4  # base64, as transmitted
    return [f"attachments total {human_size(total)} (about {human_size(encoded)} once encoded), "
            f"over the {human_size(limit_bytes)} limit; many mail servers refuse large messages "
            f"(raise the limit with {LIMIT_ENV})"]


def limit_from_env(option_mb: float | None = None, env: Mapping[str, str] | None = None) -> int:
    """The size budget in bytes: the option, else REPORTGEN_MAIL_LIMIT_MB, else 10 MB."""
    env = os.environ if env is None else env
    raw: float | str | None = option_mb if option_mb is not None else env.get(LIMIT_ENV)
    if raw is None or raw == "":
        return DEFAULT_LIMIT_BYTES
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise InputError([_problem(LIMIT_ENV if option_mb is None else "--limit-mb",
                                   f"'{raw}' is not a size in megabytes", "e.g. 10 or 2.5")])
    return int(mb * 1024 * 1024)


# ---------------------------------------------------------------------------------------------
# The message


def compose_message(
    brief: Brief,
    theme: Theme,
    *,
    sender: str,
    to: Sequence[str],
    cc: Sequence[str] = (),
    bcc: Sequence[str] = (),
    subject: str | None = None,
    attachments: Sequence[Path] = (),
    now: dt.datetime,
    message_id_domain: str | None = None,
) -> EmailMessage:
    """The brief as an e-mail, ready to write as a draft or to send.

    ``now`` is passed in so the Date header is the caller's decision (and tests are stable); a
    naive datetime is written as '-0000' (time zone unknown), as RFC 5322 says. The Message-ID
    uses the sender's domain by default: the machine's host name would leak, and looking it up
    can stall for seconds on a badly configured resolver.
    """
    senders = parse_addresses([sender], "--from")
    if len(senders) != 1:
        raise InputError([_problem("--from", "give exactly one sender address")])
    to_addrs = parse_addresses(to, "--to")
    if not to_addrs:
        raise InputError([_problem("--to", "no recipient", "pass --to name@example.org")])
    cc_addrs = parse_addresses(cc, "--cc")
    bcc_addrs = parse_addresses(bcc, "--bcc")
    subject_text = subject_line(subject, brief.meta.title)
    files = [(path, _read_attachment(path)) for path in attachments]

    text, html = render_bodies(brief, theme, cites=bool(files))
    msg = EmailMessage(policy=policy.SMTP)
    msg["From"] = senders[0]
    msg["To"] = to_addrs
    if cc_addrs:
        msg["Cc"] = cc_addrs
    if bcc_addrs:
        msg["Bcc"] = bcc_addrs
    msg["Subject"] = subject_text
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=message_id_domain or senders[0].domain)
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    for path, data in files:
        maintype, subtype = mime_type(path)
        msg.add_attachment(data, maintype=maintype, subtype=subtype,
                           filename=_CONTROL.sub("_", path.name))
    for part in msg.walk():  # the email package repeats MIME-Version in every part it creates
        if part is not msg:
            del part["MIME-Version"]
    language = _language(brief)
    if language:  # last: set_content and add_attachment move Content-* headers into parts
        msg["Content-Language"] = language
    return msg


# ---------------------------------------------------------------------------------------------
# Dry run


def attachments_of(msg: EmailMessage) -> list[tuple[str, str, int]]:
    """(file name, MIME type, decoded size) of each attachment."""
    out = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        size = len(payload) if isinstance(payload, bytes) else 0
        out.append((part.get_filename() or "(unnamed)", part.get_content_type(), size))
    return out


def describe(msg: EmailMessage) -> str:
    """What --send would do, for a dry run: who gets it, under which subject, with what."""
    def addresses(name: str) -> str:
        header = msg.get(name)
        if header is None:
            return "-"
        return ", ".join(str(a) for a in header.addresses)

    lines = [
        f"From:     {addresses('From')}",
        f"To:       {addresses('To')}",
    ]
    if msg.get("Cc") is not None:
        lines.append(f"Cc:       {addresses('Cc')}")
    if msg.get("Bcc") is not None:
        lines.append(f"Bcc:      {addresses('Bcc')}  (hidden from the other recipients)")
    lines.append(f"Subject:  {msg['Subject']}")
    files = attachments_of(msg)
    if files:
        lines.append("Attachments:")
        width = max(len(name) for name, _, _ in files)
        lines.extend(f"  {name:<{width}}  {human_size(size):>9}  {ctype}"
                     for name, ctype, size in files)
    else:
        lines.append("Attachments: none")
    size = len(msg.as_bytes(policy=policy.SMTP))
    lines.append(f"Message size: {human_size(size)} (encoded)")
    return "\n".join(lines)
