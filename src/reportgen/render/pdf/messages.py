"""WeasyPrint's own warnings, caught while a PDF renders, to reach the user one line each.

WeasyPrint logs what it could not do (a glyph no font has, CSS it ignored, an image it could not
read) to the ``weasyprint`` logger, which has only a NullHandler: nobody would see it. During a
render this module collects those records; the PDF writer then prints each distinct one as a
``warning:`` line (through the ``reportgen`` logger the CLI shows), or, under ``--strict``,
fails with them as errors.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from ...errors import InputError, Problem

WEASYPRINT = "weasyprint"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())  # one line, whatever WeasyPrint wrote
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def collected() -> Iterator[list[str]]:
    """The distinct warnings and errors WeasyPrint logs inside the ``with`` block."""
    handler = _Collect()
    logger = logging.getLogger(WEASYPRINT)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def report(messages: list[str], strict: bool) -> None:
    """Print each message as a warning line, or raise them as errors under ``--strict``."""
    if not messages:
        return
    if strict:
        raise InputError([Problem("PDF renderer (WeasyPrint)", m,
                                  hint="--strict turns renderer warnings into errors")
                          for m in messages])
    log = logging.getLogger("reportgen.pdf")
    for message in messages:
        log.warning("PDF renderer (WeasyPrint): %s", message)
