"""Typed errors that carry a location; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or doubtful) in an input file, with where and what to do about it."""

    file: str
    message: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    field: str | None = None  # dotted path such as "sources[3].url"
    expected: str | None = None
    hint: str | None = None
    severity: Literal["error", "warning", "info"] = "error"

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity}: "
        if self.field:
            text += f"{self.field}: "
        text += self.message
        if self.expected:
            text += f" (expected {self.expected})"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """The hint for a misspelt name: the closest known one, if any is close."""
    close = get_close_matches(word, list(choices), n=1)
    return f"did you mean '{close[0]}'?" if close else None


class ReportgenError(Exception):
    """Base of every error the CLI reports without a traceback."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="reportgen", message=problems)]
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    def __reduce__(self) -> tuple[object, ...]:
        # Pickle (e.g. back from the PDF worker process) with the Problems, not only the message.
        return type(self), (self.problems,), self.__dict__


class InputError(ReportgenError):
    """The user's input (brief, brand, template, options) is wrong: exit code 2."""

    exit_code = 2


class OutputError(ReportgenError):
    """Writing, rendering or sending failed: exit code 1."""

    exit_code = 1
