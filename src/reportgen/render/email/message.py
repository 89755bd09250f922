"""Message assembly: the bodies, the attachments read from disk, the headers; and the draft.

The message is what a careful mail client would produce: ``multipart/mixed`` holding a
``multipart/alternative`` (plain text first, HTML last, so clients show the richest part they
understand) and then the attachments. No network and no clock: the Date is the caller's.

* Bodies use quoted-printable: 7-bit clean for any relay, still readable in the raw source.
* Bcc stays in the composed message (a draft keeps it, as mail clients do for their own drafts);
  ``smtp.send_message`` removes it from what is transmitted and puts it in the envelope only.
"""

from __future__ import annotations

import copy
import datetime as dt
import zipfile
from collections.abc import Mapping, Sequence
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from ...errors import InputError, Problem
from ...files import human_size, write_atomic
from ...model import Brief
from ...theme import Theme
from .addresses import CONTROL, parse_addresses, problem, subject_line
from .body import language, render_bodies

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT_LIMIT_BYTES = 10 * 1024 * 1024
LIMIT_ENV = "REPORTGEN_MAIL_LIMIT_MB"

# Our own table, not the system's: /etc/mime.types differs between machines (some lack .docx),
# and reading it costs start-up time for the only two types a brief is ever sent as.
_MIME_TYPES = {".pdf": "application/pdf", ".docx": DOCX_TYPE}


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


def limit_from_env(option_mb: float | None, env: Mapping[str, str]) -> int:
    """The size budget in bytes: the option, else REPORTGEN_MAIL_LIMIT_MB (in ``env``, the
    caller's: the CLI passes ``os.environ``), else 10 MB."""
    raw: float | str | None = option_mb if option_mb is not None else env.get(LIMIT_ENV)
    if raw is None or raw == "":
        return DEFAULT_LIMIT_BYTES
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not mb > 0:
        raise InputError([problem(LIMIT_ENV if option_mb is None else "--limit-mb",
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
        raise InputError([problem("--from", "give exactly one sender address")])
    to_addrs = parse_addresses(to, "--to")
    if not to_addrs:
        raise InputError([problem("--to", "no recipient", "pass --to name@example.org")])
    cc_addrs = parse_addresses(cc, "--cc")
    bcc_addrs = parse_addresses(bcc, "--bcc")
    subject_text = subject_line(subject, brief.meta.title)
    files = [(path, _read_attachment(path)) for path in attachments]

    text, html = render_bodies(brief, theme)  # sources listed: numbers resolve without files
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
                           filename=CONTROL.sub("_", path.name))
    for part in msg.walk():  # the email package repeats MIME-Version in every part it creates
        if part is not msg:
            del part["MIME-Version"]
    lang = language(brief)
    if lang:  # last: set_content and add_attachment move Content-* headers into parts
        msg["Content-Language"] = lang
    return msg


# ---------------------------------------------------------------------------------------------
# Draft and dry run


def write_eml(msg: EmailMessage, path: Path, *, unsent: bool = False) -> int:
    """Write the message as an RFC 5322 file (CRLF line ends, exactly the bytes SMTP would carry
    plus the Bcc header); return its size.

    The draft keeps Bcc: it is the sender's own copy, as in a mail client's Drafts folder, and
    the person who opens it must see who else will get it. ``unsent=True`` adds ``X-Unsent: 1``,
    which makes Outlook open the file as a message ready to send rather than a received one
    (Thunderbird and Apple Mail ignore it). The write is atomic: a crash leaves the old file.
    """
    out = msg
    if unsent:
        out = copy.deepcopy(msg)
        del out["X-Unsent"]
        out["X-Unsent"] = "1"
    data = out.as_bytes(policy=policy.SMTP)
    write_atomic(path, data)
    return len(data)


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
