"""A second process for the PDF: WeasyPrint's import and layout run on another core while the
main process loads the brief and renders the DOCX.

Only the CLI's ``build`` uses it; ``build.build_one`` without a worker renders in process. The
worker calls the renderer registry (``render.render``), as the build does, and knows nothing of
the build. It is forked (Linux only: elsewhere ``start()`` returns None and the build stays in
one process), ignores Ctrl-C (the parent handles it and ends the worker), exits when the
parent closes the pipe or terminates it, and dies with the parent (a parent-death signal) if
the parent is killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
from multiprocessing.connection import Connection
from types import TracebackType

from ...errors import OutputError, ReportgenError
from ...model import Brief
from ...options import RenderOptions
from ...theme import Theme
from .. import render

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _die_with_parent(parent_pid: int) -> None:
    """Ask Linux to kill this process when its parent dies (SIGKILL cannot be handled, so the
    worker cannot outlive a killed ``reportgen``); if the parent is already gone, exit now."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(0)


def _serve(conn: Connection, parent_end: Connection, parent_pid: int) -> None:
    """The worker's loop: (brief, theme, options) in, (True, (pdf, seconds)) or (False, error) out.

    The parent's end of the pipe is closed here: a worker that held it would never see EOF.
    """
    parent_end.close()
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # if it fails, the first render reports it as usual
        from .writer import import_weasyprint

        import_weasyprint()  # the start-up this process exists to hide
        import pikepdf  # noqa: F401  (conform.py repairs every tagged or archival PDF with it)

    while True:
        try:
            brief, theme, options = conn.recv()
        except EOFError:
            return
        try:
            _, data, seconds = render("pdf", brief, theme, options)
            conn.send((True, (data, seconds)))
        except ReportgenError as exc:  # render turns every other Exception into one
            conn.send((False, exc))


class PdfWorker:
    """Renders one PDF at a time: ``submit`` a brief, then collect it with ``result``."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self._conn, os.getpid()),
                                    name="reportgen-pdf", daemon=True)
        self._process.start()
        child.close()

    def submit(self, brief: Brief, theme: Theme, options: RenderOptions) -> None:
        with contextlib.suppress(ConnectionError):  # a dead worker: result() reports it
            self._conn.send((brief, theme, options))

    def result(self) -> tuple[bytes, float]:
        """The PDF bytes and render seconds of the last ``submit``; raises what rendering raised."""
        try:
            ok, value = self._conn.recv()
        except (EOFError, ConnectionError):  # it died: killed, out of memory, a crash in C
            self._process.join()
            raise OutputError("rendering PDF failed: the PDF process ended unexpectedly "
                              f"(exit code {self._process.exitcode})") from None
        if not ok:
            raise value
        data, seconds = value
        return data, seconds

    def close(self) -> None:
        self._conn.close()
        self._process.terminate()
        self._process.join()

    def __enter__(self) -> PdfWorker:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def start() -> PdfWorker | None:
    """A worker where forking is safe and cheap (Linux), else None: render in process."""
    return PdfWorker() if sys.platform.startswith("linux") else None
