"""The template sandbox in process: what it refuses, and that ordinary templates still work.
(tests/hostile/ drives the same through the CLI.)"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest
from jinja2.exceptions import SecurityError

from reportgen.render.sandbox import (
    TemplateBudgetError,
    plain,
    refusal,
    render_bounded,
    sandbox,
)
from reportgen.theme import HOUSE


def _render(source: str, **context: object) -> str:
    env = sandbox(loader=jinja2.DictLoader({"t": source, "loop": "{% include 'loop' %}"}))
    return render_bounded(env.get_template("t"), dict(context))


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__ }}",
    "{{ path.joinpath('x').read_text() }}",
    "{{ path.parent }}",
    "{{ ''.__class__.__mro__ }}",
])
def test_python_internals_and_paths_are_refused(source: str) -> None:
    with pytest.raises(SecurityError):
        _render(source, path=Path("/"))


@pytest.mark.parametrize("source, limit", [
    ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
     "template steps"),
    ("{{ range(10**12)|length }}", "range()"),
    ("{{ 'x' * 10**9 }}", "'*'"),
    ("{{ 'x'|center(10**9) }}", "center"),
    ("{{ '%999999999d' % 1 }}", "'%'"),
    ("{{ 9**999999 }}", "'**'"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}"
     "{% endfor %}", "namespace"),
    ("{% include 'loop' %}", "includes or extends itself"),
    ("{% for i in range(99999) %}{{ range(99999)|join }}{% endfor %}", "template steps"),
])
def test_budget(source: str, limit: str) -> None:
    with pytest.raises(TemplateBudgetError, match=limit.replace("(", r"\(").replace(")", r"\)")
                       .replace("*", r"\*")):
        _render(source)


def test_a_macro_calling_itself_is_a_located_refusal() -> None:
    env = sandbox(loader=jinja2.DictLoader({"m.j2": "{% macro f() %}{{ f() }}{% endmacro %}"
                                                    "{{ f() }}"}))
    with pytest.raises(RecursionError) as exc:
        render_bounded(env.get_template("m.j2"), {})
    refused = refusal(exc.value, "m.j2")
    assert refused is not None and "calls itself" in refused.problems[0].message


def test_ordinary_templates_render() -> None:
    text = _render("{% for i in range(3) %}{{ i }}{{ loop.index|string|center(3) }}{% endfor %}"
                   "{{ '%05.1f' % 2.5 }}{{ items|join(', ') }}{{ 'ab' * 2 }}",
                   items=("x", "y"))
    assert text == "0 1 1 2 2 3 002.5x, yabab"


def test_plain_theme_has_no_paths() -> None:
    data = plain(HOUSE)
    assert isinstance(data, dict)
    assert all(isinstance(d, str) and d.startswith("file://") for d in data["template_dirs"])
