"""What a batch build shows while it runs: a live progress bar on a terminal, plain lines
elsewhere.

A pipe, a log file or CI gets one line per written file (greppable, as it always was); a person at
a terminal gets the briefs done out of the total, the files just written and the elapsed time, with
errors and warnings printed above the bar. rich draws the bar (on standard error, so standard
output stays clean) and is imported only when a bar is shown.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

import click


class Display(Protocol):
    """Where the CLI sends a build's lines; ``live`` says a bar stands in for the file lines."""

    live: bool

    def start(self) -> None: ...
    def out(self, text: str) -> None: ...
    def err(self, text: str) -> None: ...
    def advance(self, label: str) -> None: ...
    def stop(self) -> None: ...


class Lines:
    """Plain lines: standard output for results, standard error for problems."""

    live = False

    def start(self) -> None:
        pass

    def out(self, text: str) -> None:
        click.echo(text)

    def err(self, text: str) -> None:
        click.echo(text, err=True)

    def advance(self, label: str) -> None:
        pass

    def stop(self) -> None:
        pass


class Bar:
    """A rich progress bar on standard error: done/total, the files just written, elapsed."""

    live = True

    def __init__(self, total: int, unit: str = "briefs") -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._progress = Progress(
            BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=Console(stderr=True), transient=False)
        self._task: Any = self._progress.add_task("", total=total)

    def start(self) -> None:
        self._progress.start()

    def out(self, text: str) -> None:
        self._print(text)

    def err(self, text: str) -> None:
        self._print(text)

    def _print(self, text: str) -> None:
        # Above the bar, as typed: no markup or highlighting applied to file names.
        self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def advance(self, label: str) -> None:
        self._progress.update(self._task, advance=1, description=label)

    def stop(self) -> None:
        self._progress.stop()


def display_for(total: int, quiet: bool) -> Display:
    """A bar for more than one brief on a terminal (unless ``--quiet``), else plain lines."""
    if total > 1 and not quiet and sys.stderr.isatty():
        return Bar(total)
    return Lines()
