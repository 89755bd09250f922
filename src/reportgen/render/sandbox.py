"""The one way templates run: Jinja's immutable sandbox, with a budget of operations and sizes.

A brand kit is downloaded and shared between organizations, so its templates are untrusted
input: loading one must be as safe as opening a PDF. Three layers:

* ``ImmutableSandboxedEnvironment``: no ``_private`` or internal attributes (the road to
  ``__globals__`` and ``os``), no mutation of lists and dicts, sandboxed ``str.format``.
* Plain data only: ``is_safe_attribute`` also refuses every attribute of a path, a file, a
  module or a class, in case one slips into a template's context.
* A budget: ``render_bounded`` counts the lines of template code executed (a trace function
  that fires only in this environment's templates) and the characters produced; operators and
  filters that can build a huge value in one step (``'x' * n``, ``'%9999999s'``, ``center``,
  ``indent``) and values kept across loop iterations (``namespace``) are checked by size. A
  template over budget stops with ``TemplateBudgetError``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from enum import Enum
from pathlib import Path, PurePath
from types import FrameType, ModuleType, TracebackType
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace
from markupsafe import Markup

from ..errors import InputError, Problem

# Limits of one template render (documented in the README's threat model).
MAX_TEMPLATE_LINES = 2_000_000  # lines of template code executed; the seed brief needs ~20,000
MAX_VALUE_CHARS = 2_000_000  # one string or list built by a template
MAX_OUTPUT_CHARS = 50_000_000  # what one render may produce (the seed's HTML: ~100,000)
MAX_INCLUDE_DEPTH = 50  # nested include/extends before a template is taken to include itself

_WIDE_FORMAT = re.compile(r"%[-#0 +]*(?:\*|\d{7,})|%[-#0 +]*\d*\.(?:\*|\d{7,})")
_NOT_DATA = (PurePath, io.IOBase, ModuleType, type)


class TemplateBudgetError(Exception):
    """A template exceeded one of the limits above; the message says which, and ``template``
    names the file to blame when it is not the innermost one (a template including itself)."""

    def __init__(self, message: str, template: str | None = None) -> None:
        super().__init__(message)
        self.template = template


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_VALUE_CHARS:
        raise TemplateBudgetError(f"{what} would hold {_size(value):,} items or characters "
                                  f"(at most {MAX_VALUE_CHARS:,})")
    return value


def _times(left: Any, right: Any) -> Any:
    for seq, n in ((left, right), (right, left)):
        if _size(seq) and isinstance(n, int) and _size(seq) * n > MAX_VALUE_CHARS:
            raise TemplateBudgetError(f"'*' would build {_size(seq) * n:,} items or characters "
                                      f"(at most {MAX_VALUE_CHARS:,})")
    return left * right


def _power(left: Any, right: Any) -> Any:
    if (isinstance(left, int) and isinstance(right, int) and right > 0
            and abs(left).bit_length() * right > 100_000):
        raise TemplateBudgetError("'**' would build a number of more than 100,000 bits")
    return left**right


def _modulo(left: Any, right: Any) -> Any:
    if isinstance(left, str) and _WIDE_FORMAT.search(left):
        raise TemplateBudgetError("a '%' format with a width of a million or more")
    return _check_size(left % right, "'%'")


def _bounded_width(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose numeric arguments (widths) are checked before it runs.

    Jinja passes some filters its environment or evaluation context first (``jinja_pass_arg``);
    the wrapper keeps that marker and leaves that argument alone.
    """
    passed = getattr(func, "jinja_pass_arg", None)

    def bounded(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args[2 if passed else 1:], *kwargs.values()):
            if isinstance(arg, int) and arg > MAX_VALUE_CHARS:
                raise TemplateBudgetError(f"filter '{name}' with a width of {arg:,}")
            if isinstance(arg, str):
                _check_size(arg, f"filter '{name}'")
        return _check_size(func(*args, **kwargs), f"filter '{name}'")

    if passed is not None:
        bounded.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return bounded


def _range(*args: int) -> range:
    """Jinja's ``safe_range`` (at most MAX_RANGE numbers), stopping like the other limits."""
    try:
        return safe_range(*args)
    except OverflowError:
        raise TemplateBudgetError(f"range() of more than {MAX_RANGE:,} numbers") from None


class _BoundedNamespace(Namespace):
    """``namespace()``: the one place a template keeps a value from one loop turn to the next,
    so the one place a doubling string (``ns.s = ns.s ~ ns.s``) is caught."""

    def __setitem__(self, name: str, value: Any) -> None:
        super().__setitem__(name, _check_size(value, f"namespace value '{name}'"))


class SandboxEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment that treats paths, files, modules and classes as opaque."""

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.binop_table = {**self.binop_table, "*": _times, "**": _power, "%": _modulo}
        self.globals["namespace"] = _BoundedNamespace
        self.globals["range"] = _range
        for name in ("center", "indent", "wordwrap", "truncate", "format", "join", "replace"):
            self.filters[name] = _bounded_width(name, self.filters[name])

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, _NOT_DATA) or isinstance(value, _NOT_DATA):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(getattr(obj, "__self__", None), _NOT_DATA):
            return False
        return super().is_safe_callable(obj)


def sandbox(**options: Any) -> SandboxEnvironment:
    """A sandboxed Environment with reportgen's defaults (strict undefined, trimmed blocks)."""
    defaults: dict[str, Any] = {"undefined": jinja2.StrictUndefined, "trim_blocks": True,
                                "lstrip_blocks": True, "keep_trailing_newline": True}
    return SandboxEnvironment(**{**defaults, **options})


def _most_nested(frame: FrameType | None, env: jinja2.Environment) -> str:
    """The template file with the most active renders on the stack: the one in a loop."""
    stack: list[str] = []
    while frame is not None:
        if frame.f_code.co_name == "root" and frame.f_globals.get("environment") is env:
            stack.append(frame.f_code.co_filename)
        frame = frame.f_back
    names = Counter(reversed(stack))  # on a tie, the outermost: the template that started it
    return names.most_common(1)[0][0] if names else "<template>"


@contextmanager
def _line_budget(env: jinja2.Environment, budget: int) -> Iterator[None]:
    """Count executed lines of this environment's templates; raise past ``budget``.

    A trace function sees every iteration of a loop (a backward jump is a line event), which no
    Jinja hook does. Only template frames get the per-line tracer, so reportgen's own Python and
    the libraries it calls run untraced. ``sys.settrace`` is per thread: renders in other
    threads are unaffected.
    """
    left = budget
    depth = 0

    def in_template(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal left, depth
        if event == "line":
            left -= 1
            if left < 0:
                raise TemplateBudgetError(f"more than {budget:,} template steps: a loop "
                                          "that does not end, or one far too large")
        elif event == "return" and frame.f_code.co_name == "root":
            depth -= 1  # also when a generator yields: its next resumption is a new 'call'
        return in_template

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal depth
        if frame.f_globals.get("environment") is not env:
            return None
        if frame.f_code.co_name == "root":
            depth += 1
            if depth > MAX_INCLUDE_DEPTH:
                culprit = _most_nested(frame, env)
                raise TemplateBudgetError(
                    f"templates nested more than {MAX_INCLUDE_DEPTH} deep: "
                    f"{Path(culprit).name} includes or extends itself, directly or through "
                    "another", culprit)
        return in_template

    previous = sys.gettrace()
    sys.settrace(on_call)
    try:
        yield
    finally:
        sys.settrace(previous)


def render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render within the budget; raises TemplateBudgetError (or what the template raised)."""
    parts: list[str] = []
    total = 0
    with _line_budget(template.environment, MAX_TEMPLATE_LINES):
        for part in template.generate(context):
            total += len(part)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateBudgetError(f"the template produced more than "
                                          f"{MAX_OUTPUT_CHARS:,} characters")
            parts.append(part)
    return "".join(parts)




def plain(value: Any) -> Any:
    """``value`` as plain data for a template: dataclasses become mappings, paths become
    ``file:`` URLs (text, which reaches no file), sequences become tuples."""
    if isinstance(value, str | int | float | bool | Markup | dt.date) or value is None:
        return value  # immutable, and no method of theirs reaches a file
    if isinstance(value, Enum):
        return plain(value.value)
    if isinstance(value, PurePath):
        return value.as_uri() if value.is_absolute() else str(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(plain(v) for v in value)
    raise TypeError(f"not plain data for a template: {type(value).__name__}")


_TEMPLATE_FILES = (".j2", ".html", ".jinja", ".jinja2", ".css")


def _template_at(tb: TracebackType | None) -> tuple[str, int] | None:
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(_TEMPLATE_FILES):
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def refusal(exc: BaseException, name: str) -> InputError | None:
    """The located InputError for a template the sandbox stopped, or None for other errors.

    ``name`` is the template rendered, named when no frame of a template file is found.
    """
    if isinstance(exc, SecurityError):
        message = f"template refused: {exc}"
        hint = ("templates see the brief's text and the brand's values only; attributes "
                "starting with '_', and methods of files, paths and modules, are not available")
    elif isinstance(exc, TemplateBudgetError):
        message = f"template stopped: {exc}"
        hint = ("a template must finish within its budget (see 'Threat model' in the README); "
                "check its loops, and that it does not include or extend itself")
    elif isinstance(exc, RecursionError):
        message = "template stopped: it includes or extends itself, directly or through another"
        hint = "check the {% include %} and {% extends %} tags"
    else:
        return None
    where = _template_at(exc.__traceback__)
    if isinstance(exc, TemplateBudgetError) and exc.template:
        where = (exc.template, None)  # type: ignore[assignment]
    return InputError([Problem(where[0] if where else name, message,
                               where[1] if where else None, hint=hint)])
