"""The fast test tier (``make test-fast``): which tests are slow, and a guard that keeps it so.

A test is slow when its module uses something heavy (a PDF render, a subprocess, a worker
pool, LibreOffice or Chromium). The module text decides, so no list of test files is kept by
hand; and under ``--fast`` every heavy call raises, so a test that starts rendering PDFs without
being classified fails loudly instead of quietly making the fast tier slow.
"""

from __future__ import annotations

import multiprocessing.process
import re
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

# Names whose use in a test module makes all its tests slow.
HEAVY = ("subprocess", "PdfWorker", "build_one", "render_pdf", "weasyprint", "write_pdf",
         "soffice", "libreoffice", "chromium", "sys.executable", "run_cli", "ProcessPool",
         "reportgen.batch", "reportgen.watch", '"pdf"', "'pdf'", "pdf_small", "mailserver")
# fontconfig queries are cached per process and take milliseconds: the font checks may ask.
ALLOWED_PROGRAMS = frozenset({"fc-list", "fc-match"})


_IMPORT = re.compile(r"^(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)


@cache
def heavy_names(module: Path) -> tuple[str, ...]:
    """The heavy names a test module uses, itself or through a helper module beside it
    (``from harness import run``: the harness starts the CLI)."""
    text = module.read_text(encoding="utf-8")
    found = {name for name in HEAVY if name in text}
    for helper in _IMPORT.findall(text):
        path = module.with_name(f"{helper}.py")
        if path.is_file() and path != module:
            found.update(heavy_names(path))
    return tuple(sorted(found))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fast", action="store_true",
                     help="run only the fast tier: no PDF rendering, no subprocesses")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: renders a PDF or starts a subprocess "
                                       "(left out of make test-fast)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    fast: list[pytest.Item] = []
    slow: list[pytest.Item] = []
    for item in items:
        if item.get_closest_marker("slow") is None and heavy_names(item.path):
            item.add_marker(pytest.mark.slow)
        (slow if item.get_closest_marker("slow") else fast).append(item)
    if config.getoption("--fast"):
        config.hook.pytest_deselected(items=slow)
        items[:] = fast


class HeavyCall(AssertionError):
    """A fast-tier test did something the fast tier leaves out."""


def _refuse(what: str) -> HeavyCall:
    return HeavyCall(f"{what} in the fast tier: mark the test module slow "
                     "(pytestmark = pytest.mark.slow) or add the name it uses to tests/tiers.HEAVY")


@pytest.fixture(autouse=True)
def _fast_tier_guard(request: pytest.FixtureRequest,
                     monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if not request.config.getoption("--fast"):
        yield
        return
    import weasyprint  # before the guard: loading its libraries asks ldconfig

    popen_init = subprocess.Popen.__init__

    def guarded_popen(self: subprocess.Popen[Any], args: Any, *rest: Any, **kw: Any) -> None:
        program = Path(str(args[0] if isinstance(args, (list, tuple)) else args).split()[0]).name
        if program not in ALLOWED_PROGRAMS:
            raise _refuse(f"subprocess {program!r}")
        popen_init(self, args, *rest, **kw)

    def guarded_start(self: multiprocessing.process.BaseProcess) -> None:
        raise _refuse("a worker process")

    def guarded_write_pdf(self: object, *args: Any, **kw: Any) -> bytes:
        raise _refuse("a WeasyPrint PDF render")

    monkeypatch.setattr(subprocess.Popen, "__init__", guarded_popen)
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", guarded_start)
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", guarded_write_pdf)
    monkeypatch.setattr(weasyprint.HTML, "render", guarded_write_pdf)
    yield
