"""A second process for the PDF: WeasyPrint's import and layout run on another core while the
main process loads the brief and renders the DOCX.

Only the CLI's ``build`` uses it; ``build.build_one`` without a worker renders in process. The
worker calls the renderer registry (``render.render``), as the build does, and knows nothing of
the build. It is forked (Linux only: elsewhere ``start()`` returns None and the build stays in
one process), ignores Ctrl-C (the parent handles it and ends the worker) and exits when the
parent closes the pipe or terminates it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import sys
from multiprocessing.connection import Connection
from types import TracebackType

from ...errors import OutputError, ReportgenError
from ...model import Brief
from ...theme import Theme
from .. import render


def _serve(conn: Connection) -> None:
    """The worker's loop: (brief, theme) in, (True, (pdf, seconds)) or (False, error) out."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):  # if it fails, the first render reports it as usual
        from .writer import import_weasyprint

        import_weasyprint()  # the start-up this process exists to hide

    while True:
        try:
            brief, theme = conn.recv()
        except EOFError:
            return
        try:
            _, data, seconds = render("pdf", brief, theme)
            conn.send((True, (data, seconds)))
        except ReportgenError as exc:  # render turns every other Exception into one
            conn.send((False, exc))


class PdfWorker:
    """Renders one PDF at a time: ``submit`` a brief, then collect it with ``result``."""

    def __init__(self) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child,), name="reportgen-pdf",
                                    daemon=True)
        self._process.start()
        child.close()

    def submit(self, brief: Brief, theme: Theme) -> None:
        with contextlib.suppress(ConnectionError):  # a dead worker: result() reports it
            self._conn.send((brief, theme))

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
