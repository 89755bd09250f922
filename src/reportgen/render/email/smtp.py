"""Delivery over SMTP: settings, envelope, and one clear error per failure.

Composition lives in ``body.py`` and ``message.py``; this module touches the network and the
terminal (for the password prompt). Every failure becomes a one-line OutputError that says
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

from ...errors import InputError, OutputError, Problem
from .addresses import parse_addresses

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
DEFAULT_PORTS: dict[Security, int] = {"starttls": 587, "ssl": 465, "none": 25}
DEFAULT_TIMEOUT = 30.0
ENV = "REPORTGEN_SMTP_"


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


def _port(value: str, source: str) -> int:
    try:
        port = int(value)
    except ValueError:
        port = -1
    if not 0 < port < 65536:
        raise _bad(source, f"'{value}' is not a port number", "e.g. 587")
    return port


def _seconds(value: str | None, source: str) -> float:
    try:
        seconds = float(value) if value is not None else DEFAULT_TIMEOUT
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise _bad(source, f"'{value}' is not a timeout in seconds", "e.g. 30")
    return seconds


def settings_from_env(
    *,
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    username: str | None = None,
    timeout: float | None = None,
    cafile: Path | None = None,
    env: Mapping[str, str],
    prompt: Callable[[str], str | None] | None = _tty_prompt,
) -> SmtpSettings:
    """Options win over REPORTGEN_SMTP_* variables; the port defaults from the security mode.

    There is deliberately no ``password`` parameter (see the module docstring). A password is
    never sent unencrypted except to a server on this machine. ``env`` is the caller's (the
    CLI passes ``os.environ``).
    """

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
    port_n = DEFAULT_PORTS[security_v] if port_v is None else _port(port_v, port_src)
    timeout_s = _seconds(*pick(timeout, "TIMEOUT", "--smtp-timeout"))

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


def _deliver(settings: SmtpSettings, sender: str, rcpts: list[str], data: bytes,
             stages: list[str]) -> dict[str, tuple[int, bytes]]:
    """One SMTP session; appends each stage it reaches to ``stages`` (for the error message)
    and returns the recipients the server refused."""
    smtp: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            smtp = smtplib.SMTP_SSL(settings.host, settings.port, settings.local_hostname,
                                    timeout=settings.timeout, context=_tls_context(settings))
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, settings.local_hostname,
                                timeout=settings.timeout)
        if settings.security == "starttls":
            stages.append("STARTTLS")
            smtp.starttls(context=_tls_context(settings))
        if settings.username:
            stages.append("AUTH")
            smtp.login(settings.username, settings.password or "")
        stages.append("sending")
        refused = smtp.sendmail(sender, rcpts, data)
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.quit()  # the server has taken the message; a rude goodbye changes nothing
        return refused
    finally:
        if smtp is not None:
            smtp.close()  # not quit(): after a failed TLS handshake QUIT can hide the real error


def _connection_failure(exc: OSError, settings: SmtpSettings, stage: str) -> OutputError:
    """The network's and TLS's failures (everything but an SMTP reply), in one line each."""
    where = settings.where
    if isinstance(exc, ConnectionRefusedError):
        return OutputError(f"cannot connect to {where}: connection refused; "
                           f"check {ENV}HOST/PORT")
    if isinstance(exc, socket.gaierror):
        return OutputError(f"cannot connect to {where}: unknown host '{settings.host}'; "
                           f"check {ENV}HOST")
    if isinstance(exc, TimeoutError):
        return OutputError(_timeout(settings, stage))
    if isinstance(exc, ssl.SSLError):
        return _tls_failure(settings, exc)
    return OutputError(f"cannot connect to {where}: {exc.strerror or exc}; "
                       f"check {ENV}HOST/PORT")


def _refusal(exc: smtplib.SMTPException, settings: SmtpSettings) -> OutputError | None:
    """A server that answered and said no: to a login, a recipient, the sender, the message."""
    where = settings.where
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return OutputError(f"authentication failed for '{settings.username}' at {where}: "
                           f"{exc.smtp_code} {_reply(exc.smtp_error)}; "
                           f"check {ENV}USER and {ENV}PASSWORD")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refused_all = "; ".join(f"{addr}: {code} {_reply(text)}"
                                for addr, (code, text) in exc.recipients.items())
        return OutputError(f"recipient refused by {where}: {refused_all}; nothing was sent")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        if exc.smtp_code == 530 and not settings.username:
            return OutputError(f"{where} requires authentication: {exc.smtp_code} "
                               f"{_reply(exc.smtp_error)}; set {ENV}USER (and {ENV}PASSWORD)")
        return OutputError(f"sender {exc.sender} refused by {where}: {exc.smtp_code} "
                           f"{_reply(exc.smtp_error)}; check --from / REPORTGEN_MAIL_FROM")
    if isinstance(exc, smtplib.SMTPDataError):
        return OutputError(f"message refused by {where}: {exc.smtp_code} "
                           f"{_reply(exc.smtp_error)}")
    return None


def _smtp_failure(exc: smtplib.SMTPException, settings: SmtpSettings,
                  stage: str) -> OutputError:
    """An SMTP-level failure, in one line that says which setting to check."""
    where = settings.where
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if stage == "STARTTLS":
            return OutputError(f"TLS failure with {where}: the server does not support "
                               f"STARTTLS; use {ENV}SECURITY=ssl (port 465), or none for a "
                               "local relay")
        return OutputError(f"{where} does not offer AUTH (login) on this connection; "
                           f"unset {ENV}USER or check {ENV}SECURITY")
    refusal = _refusal(exc, settings)
    if refusal is not None:
        return refusal
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        if "timed out" in str(exc):  # smtplib turns a read timeout into a disconnect
            return OutputError(_timeout(settings, stage))
        return OutputError(f"{where} closed the connection during {stage}: "
                           f"{_reply(str(exc)) or 'no reason given'}")
    if isinstance(exc, smtplib.SMTPResponseException):
        return OutputError(f"SMTP error from {where} during {stage}: {exc.smtp_code} "
                           f"{_reply(exc.smtp_error)}")
    return OutputError(f"SMTP error from {where} during {stage}: {_reply(str(exc))}")


def send_message(msg: EmailMessage, settings: SmtpSettings) -> None:
    """Deliver to every recipient or raise OutputError with one line saying why not.

    Addresses are checked before connecting. If the server takes some recipients and refuses
    others, the message has gone out to the former: the error says so, so the user does not
    resend to everyone.
    """
    sender, rcpts = envelope(msg)
    data = transmitted_bytes(msg)
    stages = ["connect"]
    try:
        refused = _deliver(settings, sender, rcpts, data, stages)
    except smtplib.SMTPException as exc:  # before OSError, its base class
        raise _smtp_failure(exc, settings, stages[-1]) from None
    except OSError as exc:
        raise _connection_failure(exc, settings, stages[-1]) from None
    if refused:
        names = "; ".join(f"{addr}: {code} {_reply(text)}"
                          for addr, (code, text) in refused.items())
        delivered = len(rcpts) - len(refused)
        raise OutputError(f"sent to {delivered} of {len(rcpts)} recipients; refused by "
                          f"{settings.where}: {names}")
