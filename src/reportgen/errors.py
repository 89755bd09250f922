"""Typed errors that carry a location; only the CLI turns them into messages and exit codes.

The bottom of the package (it imports nothing of reportgen): ``FieldPath``, where in a document
a value sits whatever the file format, and ``dotted``, its one spelling, live here with the
``Problem`` that carries them.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Literal

FieldPath = tuple[str | int, ...]  # ("sources", 3, "url"): mapping keys and list indexes


def dotted(path: FieldPath) -> str:
    """('sources', 3, 'url') -> 'sources[3].url': the one way a field is named to the user."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


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
    severity: Literal["error", "warning", "info"] = "error"  # info: e.g. "not verified"
    # Until a reader attaches the position: the field as a path, a regex for the offending
    # text inside its value (a citation in a long block), and the fields the check relied on
    # (if the schema rejected one of them, the problem is a mere consequence and is dropped).
    path: FieldPath = dataclasses.field(default=(), compare=False, repr=False)
    find: str | None = dataclasses.field(default=None, compare=False, repr=False)
    depends: tuple[FieldPath, ...] = dataclasses.field(default=(), compare=False, repr=False)

    @classmethod
    def at(cls, path: FieldPath, message: str, *, hint: str | None = None,
           expected: str | None = None, severity: Literal["error", "warning"] = "error",
           find: str | None = None, depends: tuple[FieldPath, ...] = ()) -> Problem:
        """A problem found by field path, before the file and position are known."""
        return cls("", message, field=dotted(path) or None, expected=expected, hint=hint,
                   severity=severity, path=path, find=find, depends=depends)

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
