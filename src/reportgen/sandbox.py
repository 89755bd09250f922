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

import io
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from types import FrameType, ModuleType
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

# Limits of one template render (documented in the README's threat model).
MAX_TEMPLATE_LINES = 2_000_000  # lines of template code executed; the seed brief needs ~20,000
MAX_VALUE_CHARS = 2_000_000  # one string or list built by a template
MAX_OUTPUT_CHARS = 50_000_000  # what one render may produce (the seed's HTML: ~100,000)
MAX_INCLUDE_DEPTH = 50  # nested include/extends before a template is taken to include itself

_WIDE_FORMAT = re.compile(r"%[-#0 +]*(?:\*|\d{7,})|%[-#0 +]*\d*\.(?:\*|\d{7,})")
_NOT_DATA = (PurePath, io.IOBase, ModuleType, type)


class TemplateBudgetError(Exception):
    """A template exceeded one of the limits above; the message says which."""


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
    """A filter whose numeric arguments (widths) are checked before it runs."""

    def bounded(value: Any, *args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int) and arg > MAX_VALUE_CHARS:
                raise TemplateBudgetError(f"filter '{name}' with a width of {arg:,}")
            if isinstance(arg, str):
                _check_size(arg, f"filter '{name}'")
        return _check_size(func(value, *args, **kwargs), f"filter '{name}'")

    return bounded


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
                raise TemplateBudgetError("templates nested more than "
                                          f"{MAX_INCLUDE_DEPTH} deep: a template that extends "
                                          "or includes itself, directly or through another")
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


