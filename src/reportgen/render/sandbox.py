"""The one way templates run: Jinja's immutable sandbox, with a budget of operations and sizes.

A brand kit is downloaded and shared between organizations, so its templates are untrusted
input: loading one must be as safe as opening a PDF. Three layers:

* ``ImmutableSandboxedEnvironment``: no ``_private`` or internal attributes (the road to
  ``__globals__`` and ``os``), no mutation of lists and dicts, sandboxed ``str.format``.
* Plain data only: ``is_safe_attribute`` also refuses every attribute of a path, a file, a
  module or a class, in case one slips into a template's context.
* A budget: ``render_bounded`` counts steps (each turn of a loop, through a hook the compiler
  puts around every ``{% for %}`` iterable; each call; each item a filter handles), includes and
  extends (a template that includes itself), and the characters produced; operators and
  filters that can build a huge value in one step (``'x' * n``, ``'%9999999s'``, ``center``,
  ``indent``) and values kept across loop iterations (``namespace``) are checked by size. A
  template over budget stops with ``TemplateBudgetError``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import fields, is_dataclass
from enum import Enum
from pathlib import Path, PurePath
from types import FrameType, ModuleType, TracebackType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, safe_range
from jinja2.utils import Namespace
from markupsafe import Markup

from ..errors import InputError, Problem

# Limits of one template render (documented in the README's threat model).
MAX_TEMPLATE_STEPS = 1_000_000  # loop turns, calls and filter items; the seed needs ~2,000
MAX_VALUE_CHARS = 2_000_000  # one string or list built by a template
MAX_OUTPUT_CHARS = 50_000_000  # what one render may produce (the seed's HTML: ~100,000)
MAX_TEMPLATE_LOADS = 500  # includes and extends in one render; the seed needs ~60

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


def _items(value: Any) -> int:
    try:
        return len(value) if not isinstance(value, str | bytes) else 1
    except TypeError:
        return 0


def _charged(func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter that costs one step per item it is given and per item it returns (a filter
    runs in Python, where no loop hook sees it: ``range(99999)|join`` is 99,999 steps)."""
    passed = getattr(func, "jinja_pass_arg", None)

    def charged(*args: Any, **kwargs: Any) -> Any:
        value = args[1] if passed and len(args) > 1 else args[0] if args else None
        _charge(1 + _items(value))
        result = func(*args, **kwargs)
        _charge(_items(result))
        return result

    if passed is not None:
        charged.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return charged


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
        self.counted = _counted  # what the compiler wraps every loop's iterable in
        for name in ("center", "indent", "wordwrap", "truncate", "format", "join", "replace"):
            self.filters[name] = _bounded_width(name, self.filters[name])
        self.filters = {name: _charged(f) for name, f in self.filters.items()}

    def call(__self, __context: Any, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        """Every call a template makes costs a step."""
        _charge(1)
        return super().call(__context, __obj, *args, **kwargs)

    def get_template(self, name: Any, parent: str | None = None,
                     globals: Any = None) -> jinja2.Template:
        """Every include and extends is counted: a template that includes itself stops."""
        budget = _BUDGET.get()
        if budget is not None and isinstance(name, str):
            budget.load(name)
        return super().get_template(name, parent, globals)

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


class _Budget:
    """What one render may still spend (``render_bounded`` sets one per render)."""

    def __init__(self) -> None:
        self.steps = MAX_TEMPLATE_STEPS
        self.loads: Counter[str] = Counter()

    def charge(self, n: int) -> None:
        self.steps -= n
        if self.steps < 0:
            raise TemplateBudgetError(f"more than {MAX_TEMPLATE_STEPS:,} template steps (loop "
                                      "turns, calls and items handled by filters): a loop that "
                                      "does not end, or one far too large")

    def load(self, name: str) -> None:
        self.loads[name] += 1
        if self.loads.total() > MAX_TEMPLATE_LOADS:
            culprit = _most_active(inspect.currentframe()) or self.loads.most_common(1)[0][0]
            raise TemplateBudgetError(
                f"templates included or extended more than {MAX_TEMPLATE_LOADS:,} times in one "
                f"render: {Path(culprit).name} includes or extends itself, directly or through "
                "another", culprit)


def _most_active(frame: FrameType | None) -> str | None:
    """The template file with the most renders running on the stack (on a tie, the outermost):
    the one that includes or extends itself. A template legitimately including itself (a
    section's subsections) is active only while it renders, not all the way down."""
    stack: list[str] = []
    while frame is not None:
        if frame.f_code.co_name == "root" and frame.f_code.co_filename.endswith(_TEMPLATE_FILES):
            stack.append(frame.f_code.co_filename)
        frame = frame.f_back
    names = Counter(reversed(stack))
    return names.most_common(1)[0][0] if names else None


_BUDGET: ContextVar[_Budget | None] = ContextVar("reportgen_template_budget", default=None)


def _charge(n: int) -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.charge(n)


def _counted(iterable: Any) -> Iterator[Any]:
    """A loop's iterable, one step charged per turn (the compiler wraps every ``for``)."""
    for item in iterable:
        _charge(1)
        yield item


class _BudgetCodeGenerator(CodeGenerator):
    """Jinja's compiler, with every ``{% for %}`` iterable passed through ``_counted``: the one
    hook that sees each turn of a loop (a plain Python ``for`` in the compiled template)."""

    def visit_For(self, node: nodes.For, frame: Any) -> None:
        wrapped = nodes.Call(nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None)
        super().visit_For(nodes.For(node.target, wrapped, node.body, node.else_, node.test,
                                    node.recursive, lineno=node.lineno), frame)


SandboxEnvironment.code_generator_class = _BudgetCodeGenerator


def render_bounded(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render within the budget; raises TemplateBudgetError (or what the template raised)."""
    parts: list[str] = []
    total = 0
    token = _BUDGET.set(_Budget())
    try:
        for part in template.generate(context):
            total += len(part)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateBudgetError(f"the template produced more than "
                                          f"{MAX_OUTPUT_CHARS:,} characters")
            parts.append(part)
    finally:
        _BUDGET.reset(token)
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


def _most_repeated(tb: TracebackType | None) -> str | None:
    """The template file with the most frames in a traceback (on a tie, the outermost): the
    one that includes or extends itself."""
    names: Counter[str] = Counter()
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(_TEMPLATE_FILES):
            names[name] += 1
        tb = tb.tb_next
    return names.most_common(1)[0][0] if names else None


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
        culprit = _most_repeated(exc.__traceback__)
        message = (f"template stopped: {Path(culprit).name if culprit else 'a template'} "
                   "includes or extends itself (or calls a macro that calls itself), directly "
                   "or through another")
        hint = "check the {% include %}, {% extends %} and macro calls"
        if culprit:
            return InputError([Problem(culprit, message, hint=hint)])
    else:
        return None
    where = _template_at(exc.__traceback__)
    if isinstance(exc, TemplateBudgetError) and exc.template:
        where = (exc.template, None)  # type: ignore[assignment]
    return InputError([Problem(where[0] if where else name, message,
                               where[1] if where else None, hint=hint)])
