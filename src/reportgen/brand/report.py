"""Every problem of one brand folder, collected so the user can fix them in one pass."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FieldPath, InputError, Problem
from ..source.located import Located


@dataclass
class Report:
    """The problems found in brand.yml (located by field path) and in the folder's files."""

    doc: Located  # brand.yml, with positions
    problems: list[Problem] = field(default_factory=list)
    paths: list[FieldPath] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.doc.file

    def add(self, path: FieldPath, message: str, *, expected: str | None = None,
            hint: str | None = None, at_key: bool = False) -> None:
        self.problems.append(self.doc.problem(path, message, expected=expected, hint=hint,
                                              at_key=at_key))
        self.paths.append(path)

    def covers(self, path: FieldPath) -> bool:
        """True when a problem was already reported at ``path`` or around it."""
        return any(path[: len(seen)] == seen for seen in self.paths)

    def raise_if_any(self) -> None:
        if self.problems:  # brand.yml's in file order, then those of other files
            raise InputError(sorted(self.problems, key=lambda p: (
                p.file != self.file, p.file, p.line or 0, p.column or 0)))


def folder_problem(path: Path, message: str, hint: str, expected: str | None = None) -> InputError:
    return InputError([Problem(str(path), message, expected=expected, hint=hint)])
