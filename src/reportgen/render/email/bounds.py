"""smtplib with bounds: a deadline for the whole exchange, and replies of bounded size.

smtplib's timeout applies to each read, so a server that trickles a byte a second holds the
client for ever, and it keeps every line of a multi-line reply, so a server that floods its
greeting fills memory. Both are closed here: a watchdog shuts the socket down at the deadline,
and a reply may have at most ``MAX_REPLY_LINES`` lines of ``MAX_LINE`` bytes.
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import threading
from collections.abc import Iterator
from typing import Any

MAX_LINE = 8192  # smtplib's own line limit (RFC 5321 allows 512 for replies)
MAX_REPLY_LINES = 100  # a generous EHLO lists about 15 extensions
DEADLINE_FACTOR = 10  # the whole exchange: ten times the per-reply timeout
MAX_TIMEOUT = 3600.0


class DeadlineExceeded(Exception):
    """The exchange outlasted its deadline; raised instead of smtplib's disconnect error."""


class _BoundedReplies:
    """``getreply`` as smtplib's, with a cap on the number of lines in one reply."""

    file: Any
    sock: socket.socket | None
    close: Any  # smtplib.SMTP.close, later in the method resolution order

    def connect(self, host: str = "localhost", port: int = 0,
                source_address: Any = None) -> tuple[int, bytes]:
        # smtplib remembers the host for STARTTLS's certificate check only when the
        # constructor connects; here the connection is made later, under the deadline.
        self._host = host
        return super().connect(host, port, source_address)  # type: ignore[misc]

    def getreply(self) -> tuple[int, bytes]:
        lines: list[bytes] = []
        if self.file is None:
            assert self.sock is not None
            self.file = self.sock.makefile("rb")
        while True:
            try:
                line = self.file.readline(MAX_LINE + 1)
            except OSError as exc:
                self.close()
                raise smtplib.SMTPServerDisconnected(
                    f"Connection unexpectedly closed: {exc}") from None
            if not line:
                self.close()
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            if len(line) > MAX_LINE:
                self.close()
                raise smtplib.SMTPResponseException(
                    500, f"reply line longer than {MAX_LINE} bytes".encode())
            lines.append(line[4:].strip(b" \t\r\n"))
            try:
                code = int(line[:3])
            except ValueError:
                code = -1
                break
            if line[3:4] != b"-":
                break
            if len(lines) >= MAX_REPLY_LINES:
                self.close()
                raise smtplib.SMTPResponseException(
                    500, f"reply longer than {MAX_REPLY_LINES} lines".encode())
        return code, b"\n".join(lines)


class BoundedSMTP(_BoundedReplies, smtplib.SMTP):
    pass


class BoundedSMTP_SSL(_BoundedReplies, smtplib.SMTP_SSL):
    pass


@contextlib.contextmanager
def deadline(smtp: smtplib.SMTP, seconds: float) -> Iterator[threading.Event]:
    """Shut ``smtp``'s socket down after ``seconds``; the yielded event tells that it fired.

    Shutting the socket down (rather than closing it from another thread) wakes a blocked read
    or write at once with an error, which the caller turns into a deadline message.
    """
    fired = threading.Event()

    def expire() -> None:
        fired.set()
        sock = smtp.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield fired
    finally:
        timer.cancel()
