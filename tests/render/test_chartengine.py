"""The chart engine's child process: a runaway chart is stopped at its deadline, a crash is
reported with the engine's own words, the next chart gets a fresh engine, and the engine dies
with the process that started it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from reportgen.render.chartengine import ChartEngine, EngineError

POINT = {"data": {"values": [{"a": 1}, {"a": 2}]}, "mark": "point",
         "encoding": {"x": {"field": "a", "type": "quantitative"}}}
# A catastrophic regular expression in a Vega expression: minutes of backtracking.
BACKTRACK = {"data": {"values": [{"a": 1}]}, "mark": "point",
             "transform": [{"calculate": "test(/(a+)+$/, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')",
                            "as": "b"}],
             "encoding": {"x": {"field": "b", "type": "nominal"}}}
NUL_TEXT = {"data": {"values": [{"a": "x\x00y"}]}, "mark": "text",
            "encoding": {"text": {"field": "a"}}}


@pytest.fixture(scope="module")
def engine() -> Any:
    one = ChartEngine(deadline=3)
    yield one
    one.close()


def test_a_runaway_chart_is_stopped_at_the_deadline_and_the_next_one_draws(
        engine: ChartEngine) -> None:
    start = time.monotonic()
    with pytest.raises(EngineError, match="longer than 3 s"):
        engine.svg(BACKTRACK, {}, None, [])
    assert time.monotonic() - start < 10
    svg, errors = engine.svg(POINT, {}, None, [])
    assert svg.startswith("<svg") and errors == []


def test_a_crash_is_reported_with_the_engines_words(engine: ChartEngine) -> None:
    with pytest.raises(EngineError) as caught:
        engine.svg(NUL_TEXT, {}, None, [])
    assert "crashed (SIGABRT)" in caught.value.reason
    assert "panicked" in caught.value.reason
    assert engine.svg(POINT, {}, None, [])[0].startswith("<svg")


def test_one_warm_child_serves_every_chart(engine: ChartEngine) -> None:
    engine.svg(POINT, {}, None, [])
    first = engine._proc.pid if engine._proc else None
    engine.png(engine.svg(POINT, {}, None, [])[0], 2.0, [])
    assert engine._proc is not None and engine._proc.pid == first


def test_the_engine_dies_with_its_parent() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", "import sys; from reportgen.render.chartengine import engine\n"
         f"engine().svg({POINT!r}, {{}}, None, [])\n"
         "print(engine()._proc.pid, flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(child, 0)  # alive while its parent is
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail(f"chart engine {child} outlived its killed parent")
