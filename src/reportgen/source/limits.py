"""Size, depth and expansion limits of the YAML files reportgen reads (briefs, brand.yml).

A file of a kilobyte can still cost gigabytes: aliases that expand exponentially ("billion
laughs"), nesting deep enough to overflow the stack, a device such as /dev/zero named as a
brief. Everything here runs before the document is built: reading stops at the size limit, and
one pass over the parser's events (iterative, linear, constant stack) measures depth, string
lengths and what aliases would expand to.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import yaml

from ..errors import InputError, Problem
from ..files import file_kind

MAX_FILE_BYTES = 2 * 1024 * 1024  # a long brief is ~100 KB; the seed is 25 KB
MAX_STRING_CHARS = 100_000  # one value: a section body of ~15,000 words
MAX_DEPTH = 32  # nested lists and mappings; a brief needs 6
MAX_NODES = 100_000  # values after expanding aliases; the seed has ~700


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.2f} MB"


def read_limited(path: Path, limit: int = MAX_FILE_BYTES, what: str = "file",
                 not_found_hint: str = "check the path") -> bytes:
    """The file's bytes, if it is a regular file of at most ``limit`` bytes.

    The type is checked before opening (a FIFO would block the open) and again on the open
    descriptor; at most ``limit + 1`` bytes are read, whatever the file claims its size is.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode, what)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputError([Problem(str(path), f"{what} not found", hint=not_found_hint)]) \
            from None
    except OSError as exc:
        raise InputError([Problem(str(path), f"cannot read {what}: {exc.strerror}")]) from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode, what)
        data = fh.read(limit + 1)
    if len(data) > limit:
        size = max(os.stat(path).st_size, len(data))
        raise InputError([Problem(
            str(path), f"the {what} is {_mb(size)}; reportgen reads at most {_mb(limit)}",
            1, 1, hint="check that this is the right file; a brief or brand.yml is a few "
            "hundred KB at most")])
    return data


def _not_regular(path: Path, mode: int, what: str) -> InputError:
    return InputError([Problem(str(path), f"not a regular file: {path} is {file_kind(mode)}",
                               expected="a YAML file",
                               hint="reportgen reads only ordinary files")])


def _field(path: list[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Frame:
    """One open list or mapping while walking the events."""

    __slots__ = ("anchor", "index", "is_map", "key", "nodes", "want_key")

    def __init__(self, is_map: bool, anchor: str | None) -> None:
        self.is_map = is_map
        self.anchor = anchor
        self.nodes = 1
        self.index = 0
        self.key: str | int | None = None
        self.want_key = True


_DEPTH_HINT = "a brief nests at most a few levels; check the brackets and indentation"


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Walk:
    """One pass over the parser's events, keeping the field path and, per anchor, how many
    values it stands for (so an alias costs what it would expand to, without expanding it)."""

    def __init__(self, text: str, file: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.sizes: dict[str, int] = {}
        self.stack: list[_Frame] = []
        self.problems: list[Problem] = []
        self.total = 0

    def where(self, event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        if getattr(event, "style", None) in ("|", ">") and mark.line + 1 < len(self.lines):
            first = self.lines[mark.line + 1]  # a block's text starts on the next line
            return mark.line + 2, len(first) - len(first.lstrip()) + 1
        return mark.line + 1, mark.column + 1

    def field(self) -> str | None:
        return _field([f.key for f in self.stack if f.key is not None]) or None

    def problem(self, message: str, at: tuple[int, int], **extra: str) -> Problem:
        return Problem(self.file, message, *at, field=self.field(), **extra)

    def enter(self) -> None:
        """A value begins: in a list, its index becomes the last part of the path."""
        if self.stack:
            top = self.stack[-1]
            if top.is_map and top.want_key:
                top.key = None
            elif not top.is_map:
                top.key = top.index

    def add(self, n: int, event: yaml.Event) -> None:
        """A value of ``n`` values (after expansion) ends."""
        if self.stack:
            top = self.stack[-1]
            top.nodes += n
            if top.is_map:
                top.want_key = not top.want_key
            else:
                top.index += 1
        else:
            self.total += n
        if sum(f.nodes for f in self.stack) + self.total > MAX_NODES:
            raise _Stop(self.problem(
                f"aliases here expand to more than {MAX_NODES:,} values", self.where(event),
                expected="each anchor (&name) used a few times",
                hint="a brief needs no aliases; write the values out"))

    def scalar(self, event: yaml.ScalarEvent) -> None:
        self.enter()
        if len(event.value) > MAX_STRING_CHARS:
            self.problems.append(self.problem(
                f"this text is {len(event.value):,} characters long; at most "
                f"{MAX_STRING_CHARS:,} are allowed in one value", self.where(event),
                hint="shorten it or split it into sections"))
        if self.stack and self.stack[-1].is_map and self.stack[-1].want_key:
            self.stack[-1].key = event.value[:80]
        if event.anchor:
            self.sizes[event.anchor] = 1
        self.add(1, event)

    def start(self, event: yaml.CollectionStartEvent) -> None:
        self.enter()
        if len(self.stack) >= MAX_DEPTH:
            raise _Stop(self.problem(f"lists and mappings nested more than {MAX_DEPTH} deep",
                                     self.where(event), hint=_DEPTH_HINT))
        self.stack.append(_Frame(isinstance(event, yaml.MappingStartEvent), event.anchor))

    def end(self, event: yaml.Event) -> None:
        done = self.stack.pop()
        if done.anchor:
            self.sizes[done.anchor] = done.nodes
        self.add(done.nodes, event)

    def event(self, event: yaml.Event) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.AliasEvent):
            self.enter()
            if any(frame.anchor == event.anchor for frame in self.stack):
                raise _Stop(self.problem(
                    f"the alias *{event.anchor} is inside the value it names (&{event.anchor}): "
                    "it would repeat without end", self.where(event),
                    expected="an alias after the end of its anchor's value",
                    hint="a brief needs no aliases; write the values out"))
            self.add(self.sizes.get(event.anchor or "", 1), event)
        elif isinstance(event, yaml.CollectionStartEvent):
            self.start(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.end(event)


def yaml_problems(text: str, file: str) -> list[Problem]:
    """Depth, string length and alias expansion of a YAML text, from its parser events.

    A syntax error ends the walk quietly: the loader reports it, with its own position.
    """
    walk = _Walk(text, file)
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            walk.event(event)
    except _Stop as stop:
        walk.problems.append(stop.problem)
    except yaml.MarkedYAMLError as exc:  # libyaml's own depth limit (1,000) is reached first
        mark = exc.problem_mark
        if "nesting depth" in str(exc.problem) and mark is not None:
            walk.problems.append(walk.problem(
                f"lists and mappings nested more than {MAX_DEPTH} deep",
                (mark.line + 1, mark.column + 1), hint=_DEPTH_HINT))
    except yaml.YAMLError:
        pass  # a syntax error: the loader reports it with its own position
    return walk.problems


_JSON_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth_problem(text: str, file: str) -> Problem | None:
    """Arrays and objects nested deeper than MAX_DEPTH (Python's json would overflow its stack
    on a few thousand), found by a scan that skips strings."""
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, match.start()) + 1
                column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
                return Problem(file, f"arrays and objects nested more than {MAX_DEPTH} deep",
                               line, column, hint=_DEPTH_HINT)
        elif token in "]}":
            depth -= 1
    return None

