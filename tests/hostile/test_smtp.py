"""Threat: a hostile or broken SMTP server (or a typo in an option) must not hold `email --send`
for ever or fill memory: the whole exchange has a deadline and every reply a size limit."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from harness import brief_file, refused, run


@contextmanager
def hostile_server(behaviour: Callable[[socket.socket, threading.Event], None]) -> Iterator[int]:
    """A TCP server on 127.0.0.1 that runs ``behaviour`` on each connection until stopped."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn, suppress(OSError):
                behaviour(conn, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def trickle(conn: socket.socket, stop: threading.Event) -> None:
    """A valid greeting line, sent one byte every 0.3 s, for ever."""
    line = b"220-" + b"x" * 60 + b"\r\n"
    while not stop.is_set():
        for byte in line:
            if stop.wait(0.3):
                return
            conn.sendall(bytes([byte]))


def flood(conn: socket.socket, stop: threading.Event) -> None:
    """An endless multi-line greeting, as fast as the client reads it."""
    block = (b"220-" + b"y" * 1000 + b"\r\n") * 64
    while not stop.is_set():
        conn.sendall(block)


def long_line(conn: socket.socket, stop: threading.Event) -> None:
    """One greeting line that never ends."""
    conn.sendall(b"220 ")
    block = b"z" * 65536
    while not stop.is_set():
        conn.sendall(block)


def _send(tmp_path: Path, port: int, timeout: str = "2") -> list[str]:
    brief = brief_file(tmp_path)
    return ["email", str(brief), "--to", "a@example.org", "--from", "b@example.org",
            "--attach", "none", "--send", "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
            "--smtp-security", "none", "--smtp-timeout", timeout]


def test_a_trickling_server_meets_an_overall_deadline(tmp_path: Path) -> None:
    with hostile_server(trickle) as port:
        result = run(*_send(tmp_path, port, timeout="0.5"), cwd=tmp_path, timeout=60)
    refused(result, "127.0.0.1", code=1)
    assert "deadline" in result.err or "took longer" in result.err, str(result)


@pytest.mark.parametrize("behaviour", [flood, long_line], ids=["many lines", "long line"])
def test_a_flooding_server_is_cut_off(tmp_path: Path,
                                      behaviour: Callable[[socket.socket, threading.Event],
                                                          None]) -> None:
    with hostile_server(behaviour) as port:
        result = run(*_send(tmp_path, port, timeout="5"), cwd=tmp_path, timeout=60,
                     memory=1024**3)
    refused(result, "127.0.0.1", code=1)
    assert "MemoryError" not in result.err


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e309", "0", "-3"])
def test_smtp_timeout_is_validated(tmp_path: Path, value: str) -> None:
    refused(run(*_send(tmp_path, 25, timeout=value), cwd=tmp_path, timeout=30), "--smtp-timeout")


def test_smtp_timeout_from_the_environment_is_validated(tmp_path: Path) -> None:
    args = [a for a in _send(tmp_path, 25) if a not in ("--smtp-timeout", "2")]
    result = run(*args, cwd=tmp_path, timeout=30, env={"REPORTGEN_SMTP_TIMEOUT": "inf"})
    refused(result, "REPORTGEN_SMTP_TIMEOUT")
