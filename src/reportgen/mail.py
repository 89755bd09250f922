"""The e-mail's edges: the .eml draft on disk and delivery over SMTP.

Composition is pure and lives in ``mailbody.py``; this module touches the filesystem, the network
and the terminal (for the password prompt). Every failure becomes a one-line OutputError that says
what went wrong and which setting to check, because an SMTP traceback helps nobody.

Settings come from options first, then environment variables (REPORTGEN_SMTP_HOST, _PORT,
_SECURITY, _USER, _PASSWORD, _TIMEOUT, _CAFILE). The password is read only from
REPORTGEN_SMTP_PASSWORD or a no-echo prompt on a terminal: a password on the command line ends
up in shell history and in ``ps`` output for every user of the machine.
"""

from __future__ import annotations

import contextlib
import copy
import getpass
import ipaddress
import os
import smtplib
import socket
import ssl
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Literal, cast

from .errors import InputError, OutputError, Problem
from .files import write_atomic
from .mailbody import (
    attachment_warnings,
    compose_message,
    default_sender,
    describe,
    limit_from_env,
    parse_addresses,
    subject_line,
)
from .smtpbounds import (
    DEADLINE_FACTOR,
    MAX_TIMEOUT,
    BoundedSMTP,
    BoundedSMTP_SSL,
    DeadlineExceeded,
    deadline,
)

__all__ = [
    "SmtpSettings",
    "attachment_warnings",
    "compose_message",
    "default_sender",
    "describe",
    "envelope",
    "limit_from_env",
    "parse_addresses",
    "send_message",
    "settings_from_env",
    "subject_line",
    "transmitted_bytes",
    "write_eml",
]

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 30.0
ENV = "REPORTGEN_SMTP_"


# ---------------------------------------------------------------------------------------------
# Draft


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


# ---------------------------------------------------------------------------------------------
# Settings


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to deliver. ``cafile`` trusts a private CA (or a test's self-signed one)
    on top of the system's; ``local_hostname`` is the EHLO name (None: this machine's FQDN)."""

    host: str
    port: int
    security: Security = "starttls"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = DEFAULT_TIMEOUT
    cafile: Path | None = None
    local_hostname: str | None = None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def _bad(name: str, message: str, hint: str | None = None) -> InputError:
    return InputError([Problem("command line", message, field=name, hint=hint)])


def _tty_prompt(text: str) -> str | None:
    """getpass only when someone can answer; a cron job must fail, not hang."""
    if not sys.stdin.isatty():
        return None
    return getpass.getpass(text)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def settings_from_env(
    *,
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    username: str | None = None,
    timeout: float | None = None,
    cafile: Path | None = None,
    env: Mapping[str, str] | None = None,
    prompt: Callable[[str], str | None] | None = _tty_prompt,
) -> SmtpSettings:
    """Options win over REPORTGEN_SMTP_* variables; the port defaults from the security mode.

    There is deliberately no ``password`` parameter (see the module docstring). A password is
    never sent unencrypted except to a server on this machine.
    """
    env = os.environ if env is None else env

    def pick(value: object, name: str, option: str) -> tuple[str | None, str]:
        if value is not None and value != "":
            return str(value), option
        raw = env.get(ENV + name)
        return (raw.strip() or None) if raw else None, ENV + name

    host_v, _ = pick(host, "HOST", "--smtp-host")
    if not host_v:
        raise _bad("--smtp-host", "no SMTP server given",
                   f"set {ENV}HOST (and {ENV}PORT, {ENV}SECURITY) or pass --smtp-host")

    sec_v, sec_src = pick(security, "SECURITY", "--smtp-security")
    sec = (sec_v or "starttls").lower()
    if sec not in SECURITIES:
        raise _bad(sec_src, f"unknown security '{sec_v}'", "use starttls (port 587), "
                   "ssl (port 465) or none (port 25, local relays only)")
    security_v = cast(Security, sec)

    port_v, port_src = pick(port, "PORT", "--smtp-port")
    if port_v is None:
        port_n = DEFAULT_PORTS[security_v]
    else:
        try:
            port_n = int(port_v)
        except ValueError:
            port_n = -1
        if not 0 < port_n < 65536:
            raise _bad(port_src, f"'{port_v}' is not a port number", "e.g. 587")

    timeout_v, timeout_src = pick(timeout, "TIMEOUT", "--smtp-timeout")
    try:
        timeout_s = float(timeout_v) if timeout_v is not None else DEFAULT_TIMEOUT
    except ValueError:
        timeout_s = -1.0
    if not 0 < timeout_s <= MAX_TIMEOUT:  # also refuses nan and inf (socket would overflow)
        raise _bad(timeout_src, f"'{timeout_v}' is not a timeout in seconds",
                   f"a number of seconds above 0 and at most {MAX_TIMEOUT:g}, e.g. 30")

    cafile_v, cafile_src = pick(cafile, "CAFILE", "--smtp-cafile")
    ca_path = Path(cafile_v) if cafile_v else None
    if ca_path is not None and not ca_path.is_file():
        raise _bad(cafile_src, f"CA file not found: {ca_path}",
                   "give a PEM file with the certificate(s) to trust")

    user_v, _ = pick(username, "USER", "--smtp-user")
    password = env.get(ENV + "PASSWORD") or None
    if user_v and password is None and prompt is not None:
        password = prompt(f"SMTP password for {user_v} at {host_v}: ") or None
    if user_v and password is None:
        raise _bad(ENV + "PASSWORD", f"no password for SMTP user '{user_v}'",
                   f"set {ENV}PASSWORD, or run in a terminal to be asked for it")
    if user_v and security_v == "none" and not _is_loopback(host_v):
        raise _bad(sec_src, "refusing to send the SMTP password unencrypted",
                   "use --smtp-security starttls (port 587) or ssl (port 465)")
    return SmtpSettings(host_v, port_n, security_v, user_v, password, timeout_s, ca_path)


# ---------------------------------------------------------------------------------------------
# Sending


def envelope(msg: EmailMessage) -> tuple[str, list[str]]:
    """(MAIL FROM, RCPT TO list) from the headers, Bcc included, each address checked again:
    a message built by hand must not reach the network with a bad address either."""
    senders = parse_addresses([str(msg.get("From", ""))], "--from")
    if len(senders) != 1:
        raise InputError([Problem("command line", "the message needs exactly one From address",
                                  field="--from")])
    rcpts: list[str] = []
    for name, option in (("To", "--to"), ("Cc", "--cc"), ("Bcc", "--bcc")):
        for value in msg.get_all(name, []):
            rcpts.extend(a.addr_spec for a in parse_addresses([str(value)], option))
    rcpts = list(dict.fromkeys(rcpts))
    if not rcpts:
        raise InputError([Problem("command line", "no recipient", field="--to",
                                  hint="pass --to name@example.org")])
    return senders[0].addr_spec, rcpts


def transmitted_bytes(msg: EmailMessage) -> bytes:
    """The message as it goes on the wire: Bcc (and a draft's X-Unsent) removed."""
    out = copy.deepcopy(msg)
    for name in ("Bcc", "Resent-Bcc", "X-Unsent"):
        del out[name]
    return out.as_bytes(policy=policy.SMTP)


def _reply(error: bytes | str) -> str:
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else str(error)
    return " ".join(text.split())


def _timeout(settings: SmtpSettings, stage: str) -> str:
    return (f"SMTP server {settings.where} did not answer within {settings.timeout:g} s "
            f"(during {stage}); check {ENV}HOST/PORT or raise {ENV}TIMEOUT")


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    if settings.cafile is not None:
        ctx.load_verify_locations(cafile=str(settings.cafile))
    return ctx


def _tls_failure(settings: SmtpSettings, exc: ssl.SSLError) -> OutputError:
    where = settings.where
    if isinstance(exc, ssl.SSLCertVerificationError):
        reason = exc.verify_message or exc.reason or "certificate verify failed"
        return OutputError(f"TLS failure with {where}: certificate verify failed ({reason}); "
                           f"set {ENV}CAFILE to trust a private CA, or check {ENV}HOST")
    reason = exc.reason or str(exc)
    if settings.security == "ssl" and "WRONG_VERSION_NUMBER" in str(reason).upper():
        return OutputError(f"TLS failure with {where}: the server does not speak TLS on this "
                           f"port; use {ENV}SECURITY=starttls (port 587)")
    return OutputError(f"TLS failure with {where}: {reason}; check {ENV}SECURITY "
                       "(ssl for port 465, starttls for 587)")


def send_message(msg: EmailMessage, settings: SmtpSettings) -> None:
    """Deliver to every recipient or raise OutputError with one line saying why not.

    Addresses are checked before connecting. If the server takes some recipients and refuses
    others, the message has gone out to the former: the error says so, so the user does not
    resend to everyone.
    """
    sender, rcpts = envelope(msg)
    data = transmitted_bytes(msg)
    where = settings.where
    stage = "connect"
    smtp: smtplib.SMTP | None = None
    limit = settings.timeout * DEADLINE_FACTOR
    try:
        if settings.security == "ssl":
            smtp = BoundedSMTP_SSL(local_hostname=settings.local_hostname,
                                   timeout=settings.timeout, context=_tls_context(settings))
        else:
            smtp = BoundedSMTP(local_hostname=settings.local_hostname, timeout=settings.timeout)
        with deadline(smtp, limit) as fired:
            try:
                smtp.connect(settings.host, settings.port)
                if settings.security == "starttls":
                    stage = "STARTTLS"
                    smtp.starttls(context=_tls_context(settings))
                if settings.username:
                    stage = "AUTH"
                    smtp.login(settings.username, settings.password or "")
                stage = "sending"
                refused = smtp.sendmail(sender, rcpts, data)
            except Exception:
                if fired.is_set():
                    raise DeadlineExceeded from None
                raise
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()  # the server has taken the message; a rude goodbye changes nothing
    except DeadlineExceeded:
        raise OutputError(f"SMTP exchange with {where} took longer than its deadline of "
                          f"{limit:g} s ({DEADLINE_FACTOR} x the {settings.timeout:g} s timeout; "
                          f"during {stage}): the server is too slow or stalling; check "
                          f"{ENV}HOST/PORT or raise {ENV}TIMEOUT") from None
    except ConnectionRefusedError:
        raise OutputError(f"cannot connect to {where}: connection refused; "
                          f"check {ENV}HOST/PORT") from None
    except socket.gaierror:
        raise OutputError(f"cannot connect to {where}: unknown host '{settings.host}'; "
                          f"check {ENV}HOST") from None
    except TimeoutError:
        raise OutputError(_timeout(settings, stage)) from None
    except ssl.SSLError as exc:
        raise _tls_failure(settings, exc) from None
    except smtplib.SMTPNotSupportedError:
        if stage == "STARTTLS":
            raise OutputError(f"TLS failure with {where}: the server does not support STARTTLS; "
                              f"use {ENV}SECURITY=ssl (port 465), or none for a local relay"
                              ) from None
        raise OutputError(f"{where} does not offer AUTH (login) on this connection; "
                          f"unset {ENV}USER or check {ENV}SECURITY") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise OutputError(f"authentication failed for '{settings.username}' at {where}: "
                          f"{exc.smtp_code} {_reply(exc.smtp_error)}; "
                          f"check {ENV}USER and {ENV}PASSWORD") from None
    except smtplib.SMTPRecipientsRefused as exc:
        refused_all = "; ".join(f"{addr}: {code} {_reply(text)}"
                                for addr, (code, text) in exc.recipients.items())
        raise OutputError(f"recipient refused by {where}: {refused_all}; nothing was sent"
                          ) from None
    except smtplib.SMTPSenderRefused as exc:
        if exc.smtp_code == 530 and not settings.username:
            raise OutputError(f"{where} requires authentication: {exc.smtp_code} "
                              f"{_reply(exc.smtp_error)}; set {ENV}USER (and {ENV}PASSWORD)"
                              ) from None
        raise OutputError(f"sender {exc.sender} refused by {where}: {exc.smtp_code} "
                          f"{_reply(exc.smtp_error)}; check --from / REPORTGEN_MAIL_FROM"
                          ) from None
    except smtplib.SMTPDataError as exc:
        raise OutputError(f"message refused by {where}: {exc.smtp_code} "
                          f"{_reply(exc.smtp_error)}") from None
    except smtplib.SMTPServerDisconnected as exc:
        if "timed out" in str(exc):  # smtplib turns a read timeout into a disconnect
            raise OutputError(_timeout(settings, stage)) from None
        raise OutputError(f"{where} closed the connection during {stage}: "
                          f"{_reply(str(exc)) or 'no reason given'}") from None
    except smtplib.SMTPResponseException as exc:
        raise OutputError(f"SMTP error from {where} during {stage}: {exc.smtp_code} "
                          f"{_reply(exc.smtp_error)}") from None
    except smtplib.SMTPException as exc:
        raise OutputError(f"SMTP error from {where} during {stage}: {_reply(str(exc))}") from None
    except OSError as exc:
        raise OutputError(f"cannot connect to {where}: {exc.strerror or exc}; "
                          f"check {ENV}HOST/PORT") from None
    finally:
        if smtp is not None:
            smtp.close()  # not quit(): after a failed TLS handshake QUIT can hide the real error
    if refused:
        names = "; ".join(f"{addr}: {code} {_reply(text)}"
                          for addr, (code, text) in refused.items())
        delivered = len(rcpts) - len(refused)
        raise OutputError(f"sent to {delivered} of {len(rcpts)} recipients; refused by {where}: "
                          f"{names}")
