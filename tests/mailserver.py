"""A real SMTP server on 127.0.0.1 for tests: aiosmtpd in a thread, on a free port.

Tests talk to it with the same smtplib code users run, so STARTTLS, AUTH and the server's
replies are exercised for real rather than mocked. The TLS certificates are made per test run
by a throwaway CA (``make_certificates``), so nothing secret or expiring lives in the repository.

Usage::

    with smtp_server(tls=certs, users={"alice": "s3cret"}, reject={"nobody@example.org"}) as srv:
        send_message(msg, SmtpSettings("127.0.0.1", srv.port, cafile=certs.ca, ...))
        assert srv.handler.received[0].message["Subject"] == ...
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HOST = "127.0.0.1"


# ---------------------------------------------------------------------------------------------
# Certificates


@dataclass(frozen=True)
class Certificates:
    ca: Path  # what a client trusts (REPORTGEN_SMTP_CAFILE)
    cert: Path  # the server's certificate, for 127.0.0.1 and localhost
    key: Path

    def server_context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(self.cert, self.key)
        return ctx


def make_certificates(folder: Path) -> Certificates:
    """A CA and a server certificate it signed, valid for an hour.

    A CA plus a leaf rather than one self-signed certificate: Python 3.13 verifies strictly
    (VERIFY_X509_STRICT) and rejects a self-signed leaf used as its own anchor. EC keys because
    an RSA key takes a noticeable part of the test budget to generate.
    """
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "reportgen test CA")])
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                     content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]),
            critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    paths = Certificates(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    paths.ca.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    paths.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    paths.key.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                            serialization.PrivateFormat.PKCS8,
                                            serialization.NoEncryption()))
    return paths


# ---------------------------------------------------------------------------------------------
# Server


@dataclass(frozen=True)
class Received:
    """One accepted message: the envelope and the exact bytes after DATA."""

    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return cast(EmailMessage, message_from_bytes(self.data, policy=policy.default))


@dataclass
class RecordingHandler:
    """Stores what it accepts; refuses the addresses in ``reject`` with a 550 at RCPT time."""

    reject: Mapping[str, str] = field(default_factory=dict)  # address -> reply
    received: list[Received] = field(default_factory=list)
    sessions: int = 0  # EHLO/HELO seen: proves whether a client got as far as talking

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_HELO(self, server: Any, session: Any, envelope: Any, hostname: str) -> str:
        self.sessions += 1
        session.host_name = hostname
        return f"250 {server.hostname}"

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:
        reply = self.reject.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      bytes(envelope.original_content or b"")))
        return "250 Message accepted for delivery"


class Authenticator:
    """AUTH PLAIN/LOGIN against a dict of user -> password."""

    def __init__(self, users: Mapping[str, str]) -> None:
        self.users = dict(users)

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str,
                 auth_data: Any) -> AuthResult:
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        user = auth_data.login.decode("utf-8", "replace")
        ok = self.users.get(user) == auth_data.password.decode("utf-8", "replace")
        return AuthResult(success=ok, handled=False)


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    handler: RecordingHandler


def free_port() -> int:
    """A port nobody listens on right now (aiosmtpd cannot bind port 0 and report it)."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(
    *,
    tls: Certificates | None = None,
    implicit_tls: bool = False,
    users: Mapping[str, str] | None = None,
    reject: Iterable[str] = (),
    reject_reply: str = "550 5.1.1 mailbox unavailable",
) -> Iterator[Server]:
    """Run a server for the ``with`` block. ``tls`` alone offers STARTTLS (required, as real
    submission servers do); with ``implicit_tls`` the whole connection is TLS (port-465 style).
    ``users`` turns on AUTH, which the server then requires before MAIL."""
    handler = RecordingHandler(reject={a.lower(): reject_reply for a in reject})
    params: dict[str, Any] = {"server_hostname": "mail.test", "ready_timeout": 5.0}
    if tls is not None and implicit_tls:
        params["ssl_context"] = tls.server_context()
    elif tls is not None:
        params.update(tls_context=tls.server_context(), require_starttls=True)
    if users is not None:
        params.update(authenticator=Authenticator(users), auth_required=True,
                      auth_require_tls=tls is not None)
    controller = Controller(handler, hostname=HOST, port=free_port(), **params)
    controller.start()
    try:
        yield Server(HOST, controller.port, handler)
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts TCP connections but never says a word: for timeout tests."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        s.listen(8)
        yield int(s.getsockname()[1])
