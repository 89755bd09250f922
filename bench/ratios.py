"""One table of ratios: each figure and its anchor measured in one run (``BENCH_ONLY=ratios``).

Why ratios: on a shared, noisy machine only figures taken side by side mean anything. Each pair is
interleaved (ours, anchor, ours, anchor ...) so both see the same load, and the load average is
printed with the table. The anchors: the ``weasyprint`` CLI on the very HTML reportgen lays out
(untagged and ``--pdf-variant pdf/ua-1``), a warm WeasyPrint render of it, a plain reference brief
(``plain-brief.html``: one font family, one table) for the cost per page, and ``-j 1``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLAIN = HERE / "plain-brief.html"


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)
    return time.perf_counter() - start


def interleaved(pairs: dict[str, Callable[[], float]], runs: int) -> dict[str, float]:
    """Median seconds of each callable, run in turn ``runs`` times."""
    times: dict[str, list[float]] = {k: [] for k in pairs}
    for _ in range(runs):
        for k, f in pairs.items():
            times[k].append(f())
    return {k: statistics.median(v) for k, v in times.items()}


def warm(func: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start
    return run


Row = tuple[str, float, str, float]  # what, its seconds, the anchor, the anchor's seconds


def cold_rows(seed: Path, tmp: Path, runs: int, env: dict[str, str]) -> list[Row]:
    """Cold ``reportgen build`` (PDF + DOCX, tagged default) against the WeasyPrint CLI."""
    from reportgen.brief.load import load_brief
    from reportgen.render.html import render_html
    from reportgen.theme import HOUSE

    html = tmp / "seed.html"
    html.write_text(render_html(load_brief(seed).brief, HOUSE), encoding="utf-8")
    base = HOUSE.template_dirs[0].resolve().as_uri() + "/"
    weasy = [sys.executable, "-m", "weasyprint"]  # the CLI of the WeasyPrint reportgen uses
    ours = [sys.executable, "-m", "reportgen", "build", str(seed), "-q", "--out", str(tmp / "o")]
    timed(ours, env)  # the chart drawn once and kept: the anchor's HTML has it drawn too
    got = interleaved({
        "ours": lambda: timed(ours, env),
        "cli": lambda: timed([*weasy, "-u", base, str(html), str(tmp / "w.pdf")], env),
        "ua": lambda: timed([*weasy, "-u", base, "--pdf-variant", "pdf/ua-1", str(html),
                             str(tmp / "u.pdf")], env),
    }, runs)
    return [("cold build, PDF + DOCX, tagged", got["ours"], "weasyprint CLI, same HTML",
             got["cli"]),
            ("cold build, PDF + DOCX, tagged", got["ours"],
             "weasyprint CLI --pdf-variant pdf/ua-1", got["ua"])]


def warm_rows(seed: Path, runs: int) -> list[Row]:
    """Warm renders in this process: reportgen's PDF, WeasyPrint on its HTML, the plain brief."""
    import weasyprint

    from reportgen.brief.load import load_brief
    from reportgen.options import DEFAULT
    from reportgen.render import renderer
    from reportgen.render.html import render_html
    from reportgen.theme import HOUSE

    brief = load_brief(seed).brief
    render_pdf = renderer("pdf")
    html = render_html(brief, HOUSE)
    base = HOUSE.template_dirs[0].resolve().as_uri() + "/"
    plain = PLAIN.read_text(encoding="utf-8")
    seed_pages = len(weasyprint.HTML(string=html, base_url=base).render().pages)
    plain_pages = len(weasyprint.HTML(string=plain).render().pages)
    render_pdf(brief, HOUSE, DEFAULT)  # imports, font caches
    got = interleaved({
        "ours": warm(lambda: render_pdf(brief, HOUSE, DEFAULT)),
        "weasy": warm(lambda: weasyprint.HTML(string=html, base_url=base).write_pdf()),
        "plain": warm(lambda: weasyprint.HTML(string=plain).write_pdf()),
    }, runs)
    return [("warm PDF render (tagged)", got["ours"], "warm WeasyPrint, same HTML", got["weasy"]),
            (f"WeasyPrint per page, seed HTML ({seed_pages} p.)", got["weasy"] / seed_pages,
             f"per page, plain brief ({plain_pages} p.)", got["plain"] / plain_pages)]


def batch_row(briefs: list[Path], tmp: Path, runs: int, env: dict[str, str]) -> Row:
    base = [sys.executable, "-m", "reportgen", "build", *map(str, briefs), "-q", "--out"]
    got = interleaved({"j2": lambda: timed([*base, str(tmp / "j2"), "-j", "2"], env),
                       "j1": lambda: timed([*base, str(tmp / "j1"), "-j", "1"], env)}, runs)
    # Reported the other way round: the speed-up, -j 1's time over -j 2's.
    return (f"{len(briefs)} briefs, -j 1 (speed-up of -j 2)", got["j1"],
            f"{len(briefs)} briefs, -j 2", got["j2"])


def section(seed: Path, make_briefs: Callable[[Path, int], list[Path]], runs: int) -> None:
    runs = max(runs, 5)
    count = int(os.environ.get("BENCH_RATIO_BATCH", "6"))
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        env = {**os.environ, "REPORTGEN_CACHE": str(tmp / "charts"), "PYTHONWARNINGS": "ignore"}
        rows = cold_rows(seed, tmp, runs, env) + warm_rows(seed, runs)
        rows.append(batch_row(make_briefs(tmp / "briefs", count), tmp, max(3, runs // 2), env))
    load_after = os.getloadavg()
    print(f"Ratios, one run (medians of {runs}; batch of {max(3, runs // 2)}), load average "
          f"{load_before[0]:.2f} at the start, {load_after[0]:.2f} at the end, "
          f"on {os.cpu_count()} CPUs")
    print(f"| {'what':<42} | {'s':>7} | {'anchor':<42} | {'s':>7} | ratio |")
    print(f"|{'-' * 44}|{'-' * 9}|{'-' * 44}|{'-' * 9}|-------|")
    for what, ours, anchor, theirs in rows:
        print(f"| {what:<42} | {ours:7.3f} | {anchor:<42} | {theirs:7.3f} | {ours / theirs:5.2f} |")
    print()
