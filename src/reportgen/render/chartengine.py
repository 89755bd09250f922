"""The chart engine with a budget: vl-convert runs in one warm child process (``chartchild``).

vl-convert embeds V8 and resvg. A chart is untrusted input, and both can be made to abort the
whole process from inside (a control character in a chart's text panics in code that cannot
unwind; a million points exhaust V8's heap, which then kills the process with SIGTRAP), or to
run for minutes. So they never run in reportgen's own process: a child draws, under a memory
limit it can live with (``RLIMIT_DATA``; an address-space limit would stop V8 at start-up, as
it reserves far more than it uses) and a wall-clock deadline per request, with its stderr
captured (Vega's own ERROR lines, V8's last words). A crash, a timeout or exhausted memory
becomes ``EngineError`` with a plain reason, which ``charts`` places at the figure.

The child is started on the first chart and kept for the rest of the process (a batch worker,
``watch``): starting V8 is the expensive part. After a failure the next request starts a new one.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import os
import resource
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from .chartchild import HEADER, write_message

MEMORY_LIMIT = 1024**3  # bytes of data segment: a large legitimate chart needs ~300 MB
DEADLINE = 30.0  # seconds per chart or picture; the seed's chart takes 0.2 s
CHILD = Path(__file__).with_name("chartchild.py")
# Run the file, not the module, without site (-S) and with only vl-convert's folder on the path:
# importing reportgen.render or every .pth file would cost the child start-up time; -P keeps the
# working folder off sys.path.
_LAUNCH = ("import runpy, sys; sys.path.insert(0, sys.argv[1]); sys.argv = sys.argv[2:]; "
           "runpy.run_path(sys.argv[0], run_name='__main__')")


class EngineError(Exception):
    """The engine could not answer: ``reason`` says why in plain words, ``hint`` what to do."""

    def __init__(self, reason: str, hint: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.hint, self.detail = reason, hint, detail


class ChartError(Exception):
    """The engine answered with Vega's or resvg's own complaint about the input."""


class ChartEngine:
    """One child process, started on first use, restarted after it fails."""

    def __init__(self, memory: int = MEMORY_LIMIT, deadline: float = DEADLINE) -> None:
        self.memory, self.deadline = memory, deadline
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._lock = threading.Lock()

    def svg(self, spec: dict[str, Any], config: dict[str, Any], locale: str | None,
            fonts: list[str]) -> tuple[str, list[str]]:
        """(SVG, Vega's ERROR lines) of a Vega-Lite spec."""
        answer, log = self._call({"op": "svg", "spec": spec, "config": config,
                                  "locale": locale, "fonts": fonts})
        return str(answer["svg"]), [ln for ln in log.splitlines() if ln.startswith("ERROR")]

    def png(self, svg: str, scale: float, fonts: list[str]) -> bytes:
        answer, _ = self._call({"op": "png", "svg": svg, "scale": scale, "fonts": fonts})
        return base64.b64decode(answer["png"])

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                proc.kill()
            proc.wait()
            for stream in (proc.stdin, proc.stdout):
                if stream is not None:
                    stream.close()
        if self._log is not None:
            self._log.close()
            self._log = None

    def forget(self) -> None:
        """In a forked child: drop the parent's engine without touching it."""
        proc, self._proc = self._proc, None
        if proc is not None:
            for stream in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    if stream is not None:
                        stream.close()
            proc.returncode = 0  # never waited for here: it is the parent's child
        self._log = None
        self._lock = threading.Lock()

    def _call(self, request: dict[str, Any]) -> tuple[dict[str, Any], str]:
        with self._lock:
            proc, log = self._started()
            start = log.seek(0, os.SEEK_END)
            try:
                assert proc.stdin is not None
                write_message(proc.stdin, request)
                answer = self._answer(proc, time.monotonic() + self.deadline)
            except (BrokenPipeError, EOFError):
                raise self._failed(proc, log, start, timed_out=False) from None
            except TimeoutError:
                raise self._failed(proc, log, start, timed_out=True) from None
            log.seek(start)
            text = log.read().decode("utf-8", "replace")
        if "error" in answer:
            raise ChartError(str(answer["error"]))
        return answer, text

    def _started(self) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
        if self._proc is not None and self._proc.poll() is None and self._log is not None:
            return self._proc, self._log
        self.close()
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open while the child lives
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-S", "-P", "-c", _LAUNCH, _engine_folder(), str(CHILD),
                 str(self.memory), str(os.getpid())], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=self._log, close_fds=True, start_new_session=True)
            assert self._proc.stdout is not None
            self._read(self._proc.stdout, time.monotonic() + self.deadline)  # "ready"
        except (OSError, EOFError, TimeoutError) as exc:
            detail = self._tail(0)
            self.close()
            raise EngineError(f"the chart engine (vl-convert) could not start: "
                              f"{_last_words(detail) or exc}", _start_hint(), detail) from None
        return self._proc, self._log

    def _answer(self, proc: subprocess.Popen[bytes], deadline: float) -> dict[str, Any]:
        assert proc.stdout is not None
        return self._read(proc.stdout, deadline)

    def _read(self, stream: IO[bytes], deadline: float) -> dict[str, Any]:
        import json

        fd = stream.fileno()
        head = _read_exactly(fd, HEADER.size, deadline)
        return dict(json.loads(_read_exactly(fd, HEADER.unpack(head)[0], deadline)))

    def _tail(self, start: int) -> str:
        if self._log is None:
            return ""
        self._log.seek(start)
        return self._log.read()[-20_000:].decode("utf-8", "replace")

    def _failed(self, proc: subprocess.Popen[bytes], log: IO[bytes], start: int,
                timed_out: bool) -> EngineError:
        if timed_out:
            with contextlib.suppress(OSError):
                proc.kill()
        code = proc.wait()
        detail = self._tail(start)
        self.close()
        if timed_out:
            return EngineError(f"drawing took longer than {self.deadline:.0f} s and was stopped",
                               "make the chart smaller: fewer data points, facets or repeats, "
                               "a smaller width, simpler expressions", detail)
        if _cannot_start(detail):
            return EngineError("the chart engine (vl-convert) could not start: "
                               f"{_last_words(detail)}", _start_hint(), detail)
        if _out_of_memory(detail):
            return EngineError(f"drawing needed more than {self.memory // 1024**2:,} MB of "
                               "memory and was stopped",
                               "make the chart smaller: aggregate the data, fewer points or "
                               "facets, a smaller sequence", detail)
        words = _last_words(detail)
        return EngineError(f"the chart engine crashed ({_signal_name(code)})"
                           + (f": {words}" if words else ""),
                           "look for unusual characters (control characters, U+FFFE) or "
                           "extreme values in the chart's text and data", detail)


def _engine_folder() -> str:
    """The folder vl-convert is installed in, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec("vl_convert")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("vl-convert-python is not installed")
    return str(Path(next(iter(spec.submodule_search_locations))).parent)


def _read_exactly(fd: int, size: int, deadline: float) -> bytes:
    parts: list[bytes] = []
    while size:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        size -= len(chunk)
    return b"".join(parts)


def _signal_name(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-code).name
    return f"exit code {code}"


def _out_of_memory(detail: str) -> bool:
    text = detail.lower()
    return ("out of memory" in text and not _cannot_start(detail)) \
        or "memory allocation of" in text or "allocation failed" in text


def _cannot_start(detail: str) -> bool:
    """V8 failed to reserve its address space at start-up (``ulimit -v``): 'Failed to reserve
    virtual memory for CodeRange', 'Oilpan: CagedHeap reservation'."""
    return "reserv" in detail.lower()


def _last_words(detail: str) -> str:
    """The engine's own message: the first line of a panic or fatal error, without stacks."""
    for line in detail.splitlines():
        line = line.strip().lstrip("#").strip()
        if line.startswith(("thread '", "Fatal", "fatal", "memory allocation", "Error", "error")):
            return line[:300]
    lines = [ln.strip() for ln in detail.splitlines()
             if ln.strip().strip("^~ ") and "(+0x" not in ln and not ln.strip().startswith(
                 ("at ", "File ", "#", "===="))]
    return lines[-1][:300] if lines else ""


def _start_hint() -> str:
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        return (f"an address-space limit (ulimit -v, {soft // 1024**2:,} MB) is set, and the "
                "JavaScript engine reserves more address space than it uses: lift it, or limit "
                "memory with 'ulimit -d' or a cgroup instead")
    return "reinstall vl-convert-python (pip install --force-reinstall vl-convert-python)"


_ENGINE = ChartEngine()
atexit.register(_ENGINE.close)
os.register_at_fork(after_in_child=_ENGINE.forget)


def engine() -> ChartEngine:
    """The process's one chart engine."""
    return _ENGINE
