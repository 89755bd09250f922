"""Size, depth and expansion limits of the YAML files reportgen reads (briefs, brand.yml).

A file of a kilobyte can still cost gigabytes: aliases that expand exponentially ("billion
laughs"), nesting deep enough to overflow the stack, a device such as /dev/zero named as a
brief. Everything here runs before the document is built: reading stops at the size limit, and
one pass over the parser's events (iterative, linear, constant stack) measures depth, string
lengths and what aliases would expand to.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import yaml

from .errors import InputError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024  # a long brief is ~100 KB; the seed is 25 KB
MAX_STRING_CHARS = 100_000  # one value: a section body of ~15,000 words
MAX_DEPTH = 32  # nested lists and mappings; a brief needs 6
MAX_NODES = 100_000  # values after expanding aliases; the seed has ~700


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


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
    return InputError([Problem(str(path), f"not a regular file: {path} is {_kind(mode)}",
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


def yaml_problems(text: str, file: str) -> list[Problem]:
    """Depth, string length and alias expansion of a YAML text, from its parser events.

    A syntax error ends the walk quietly: the loader reports it, with its own position.
    """
    sizes: dict[str, int] = {}
    stack: list[_Frame] = []
    problems: list[Problem] = []
    total = 0

    lines = text.splitlines()

    def where(event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        if getattr(event, "style", None) in ("|", ">") and mark.line + 1 < len(lines):
            first = lines[mark.line + 1]  # a block's text starts on the next line
            return mark.line + 2, len(first) - len(first.lstrip()) + 1
        return mark.line + 1, mark.column + 1

    def path() -> list[str | int]:
        return [f.key for f in stack if f.key is not None]

    def add(n: int, event: yaml.Event) -> None:
        nonlocal total
        if stack:
            top = stack[-1]
            top.nodes += n
            if top.is_map:
                top.want_key = not top.want_key
            else:
                top.index += 1
        else:
            total += n
        if sum(f.nodes for f in stack) + total > MAX_NODES:
            raise _Stop(Problem(
                file, f"aliases here expand to more than {MAX_NODES:,} values", *where(event),
                field=_field(path()) or None, expected="each anchor (&name) used a few times",
                hint="a brief needs no aliases; write the values out"))

    def enter_value(event: yaml.Event) -> None:
        if stack:
            top = stack[-1]
            if top.is_map and top.want_key:
                top.key = None
            elif not top.is_map:
                top.key = top.index

    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.ScalarEvent):
                enter_value(event)
                if len(event.value) > MAX_STRING_CHARS:
                    problems.append(Problem(
                        file, f"this text is {len(event.value):,} characters long; at most "
                        f"{MAX_STRING_CHARS:,} are allowed in one value", *where(event),
                        field=_field(path()) or None, hint="shorten it or split it into "
                        "sections"))
                if stack and stack[-1].is_map and stack[-1].want_key:
                    stack[-1].key = event.value[:80]
                if event.anchor:
                    sizes[event.anchor] = 1
                add(1, event)
            elif isinstance(event, yaml.AliasEvent):
                enter_value(event)
                add(sizes.get(event.anchor, 1), event)
            elif isinstance(event, yaml.CollectionStartEvent):
                enter_value(event)
                if len(stack) >= MAX_DEPTH:
                    raise _Stop(Problem(
                        file, f"lists and mappings nested more than {MAX_DEPTH} deep",
                        *where(event), field=_field(path()) or None,
                        hint="a brief nests at most a few levels; check the brackets and "
                        "indentation"))
                stack.append(_Frame(isinstance(event, yaml.MappingStartEvent), event.anchor))
            elif isinstance(event, yaml.CollectionEndEvent):
                done = stack.pop()
                if done.anchor:
                    sizes[done.anchor] = done.nodes
                add(done.nodes, event)
    except _Stop as stop:
        problems.append(stop.problem)
    except yaml.MarkedYAMLError as exc:  # libyaml's own depth limit (1,000) is reached first
        if "nesting depth" in str(exc.problem) and exc.problem_mark is not None:
            mark = exc.problem_mark
            problems.append(Problem(file, f"lists and mappings nested more than {MAX_DEPTH} "
                                    "deep", mark.line + 1, mark.column + 1,
                                    field=_field(path()) or None,
                                    hint="a brief nests at most a few levels; check the "
                                    "brackets and indentation"))
    except yaml.YAMLError:
        pass  # a syntax error: the loader reports it with its own position
    return problems


class _Stop(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def check_yaml(text: str, file: str) -> None:
    """Raise an InputError listing every limit ``text`` exceeds (see ``yaml_problems``)."""
    problems = yaml_problems(text, file)
    if problems:
        raise InputError(problems)
