"""reportgen benchmark: cold CLI builds, warm renders, table scaling, output size.

Medians of repeated runs, measured in one go, with ratios to the targets; these machines are noisy,
so the figures are for comparison within a run, not absolute truths. Run with ``make bench``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportgen.brief.load import load_brief
from reportgen.model import Brief, ComparisonTable, TableRow
from reportgen.render import renderer
from reportgen.source.yaml import read_yaml
from reportgen.theme import HOUSE

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "china-ai-governance.yaml"
SEED_ZH = ROOT / "seeds" / "china-ai-governance-zh.yaml"  # the same brief in Chinese
CLI = [sys.executable, "-m", "reportgen"]
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# Every chart is drawn (no chart kept on disk from an earlier build) unless a run says otherwise.
os.environ["REPORTGEN_CACHE"] = "off"

TARGETS = {"cold both": 1.0, "docx 1000 rows": 0.5, "seed pdf KB": 116, "zh / en": 1.3,
           "zh pdf KB": 150, "figure cost": 0.4, "tagged / none": 1.15}


def cold_run(args: list[str], command: list[str] = CLI,
             env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one whole `reportgen` process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(args)}\n{proc.stderr.read()}")
    return elapsed, usage.ru_maxrss


def median_of(func: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scaled(brief: Brief, rows: int) -> Brief:
    """The seed brief with its comparison table grown (or cut) to ``rows`` rows."""
    table = brief.table
    base = table.rows
    new_rows = tuple(base[i % len(base)] for i in range(rows))
    grown: ComparisonTable = dataclasses.replace(table, rows=tuple(
        TableRow(r.cells, r.cite) for r in new_rows))
    body = tuple(grown if p is table else p for p in brief.body)
    return dataclasses.replace(brief, body=body)


def without_figures(text: str) -> str:
    """The seed's YAML with its ``figures:`` list left out."""
    start = text.index("\nfigures:\n")
    return text[:start] + text[text.index("\nquotes:", start):]


def figures_cost(tmp: str) -> None:
    """Cold builds of the seed with and without its figures, interleaved, in one run."""
    plain = Path(tmp) / "seed-without-figures.yaml"
    plain.write_text(without_figures(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    kept = str(Path(tmp) / "chart-cache")
    runs = {"without": (plain, "off"), "with, first build": (SEED, "off"),
            "with, rebuild": (SEED, kept)}
    cold_run(["build", str(SEED), "--out", tmp, "-q"], env={"REPORTGEN_CACHE": kept})
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(RUNS):
        for label, (path, cache) in runs.items():
            times[label].append(cold_run(["build", str(path), "--out", tmp, "-q"],
                                         env={"REPORTGEN_CACHE": cache})[0])
    without_t = statistics.median(times["without"])
    print("\nFigures: cold `reportgen build`, PDF and DOCX, seed with and without its chart "
          f"(target <= +{TARGETS['figure cost']:.1f} s)")
    print(f"  without its chart                      {without_t:6.3f} s")
    for label in ("with, first build", "with, rebuild"):
        t = statistics.median(times[label])
        note = "chart drawn" if label.endswith("first build") else "chart kept on disk"
        print(f"  {label + ' (' + note + ')':<38} {t:6.3f} s   cost {t - without_t:+.3f} s")

    from reportgen.render.charts import chart_config, draw_svg, svg_to_png, text_width_px

    figure = load_brief(SEED).brief.figures[0]
    config = json.dumps(chart_config(HOUSE))
    assert figure.spec is not None
    draw_svg(figure.spec, config, text_width_px("A4"), None)  # the engine's start-up, once
    chart = median_of(lambda: draw_svg(figure.spec or "", config, text_width_px("A4"), None))
    svg = draw_svg(figure.spec, config, text_width_px("A4"), None).encode()
    png = median_of(lambda: svg_to_png(svg, text_width_px("A4"), 6.7))
    print(f"  warm chart render {chart * 1000:6.1f} ms   SVG -> 200 dpi PNG {png * 1000:6.1f} ms")


def tagged_vs_untagged(tmp: str) -> None:
    """Cold PDF builds of the seed: the default (tagged PDF/UA-1, repaired with pikepdf) against
    --pdf-variant none, alternated so that both see the same machine load."""
    times: dict[str, list[float]] = {"tagged": [], "none": []}
    for _ in range(RUNS):
        for label, extra in (("tagged", []), ("none", ["--pdf-variant", "none"])):
            out = str(Path(tmp) / label)
            args = ["build", str(SEED), "--format", "pdf", "--out", out, "-q", *extra]
            times[label].append(cold_run(args)[0])
    tagged, plain = (statistics.median(times[k]) for k in ("tagged", "none"))
    ratio = tagged / plain
    print("Cold `reportgen build --format pdf`: tagged default against --pdf-variant none")
    print(f"  tagged {tagged:6.3f} s   none {plain:6.3f} s   ratio {ratio:.2f} "
          f"(target <= {TARGETS['tagged / none']:.2f}: {ratio / TARGETS['tagged / none']:.2f} x)")
    sizes = {k: (Path(tmp) / k / "china-ai-governance.pdf").stat().st_size / 1024
             for k in times}
    print(f"  size: tagged {sizes['tagged']:.1f} KB "
          f"({sizes['tagged'] / TARGETS['seed pdf KB']:.2f} x the {TARGETS['seed pdf KB']} KB "
          f"target), none {sizes['none']:.1f} KB\n")


def main() -> None:
    print(f"reportgen benchmark: {SEED.name}, median of {RUNS} runs each\n")
    with tempfile.TemporaryDirectory() as tmp:
        tagged_vs_untagged(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        print("Cold whole-process `reportgen build` (new Python process each run)")
        results = {}
        for label, fmt in (("pdf", "pdf"), ("docx", "docx"), ("both", "pdf,docx")):
            runs = [cold_run(["build", str(SEED), "--format", fmt, "--out", tmp, "-q"])
                    for _ in range(RUNS)]
            t = statistics.median(r[0] for r in runs)
            mem = max(r[1] for r in runs) / 1024
            results[label] = t
            print(f"  {label:<5} {t:6.3f} s   peak RSS {mem:6.1f} MB")
        # The same build in one process (no PDF worker), to see what the overlap saves.
        one = [sys.executable, "-c", "import sys; from pathlib import Path; "
               "from reportgen.build import build_one; "
               "build_one(Path(sys.argv[1]), ['pdf', 'docx'], Path(sys.argv[2]))"]
        alone = statistics.median(cold_run([str(SEED), tmp], one)[0] for _ in range(RUNS))
        print(f"  both, one process {alone:6.3f} s   (the CLI's PDF worker saves "
              f"{alone - results['both']:.3f} s)")
        print(f"  target both <= {TARGETS['cold both']:.1f} s: "
              f"{results['both'] / TARGETS['cold both']:.2f} x target")
        validate = statistics.median(
            cold_run(["validate", str(SEED), "-q"])[0] for _ in range(RUNS))
        print(f"  validate {validate:6.3f} s (no PDF engine imported)")
        pdf_size = (Path(tmp) / "china-ai-governance.pdf").stat().st_size / 1024
        docx_size = (Path(tmp) / "china-ai-governance.docx").stat().st_size / 1024
        ratio = pdf_size / TARGETS["seed pdf KB"]
        print(f"\nOutput size: pdf {pdf_size:.1f} KB ({ratio:.2f} x the "
              f"{TARGETS['seed pdf KB']} KB target), docx {docx_size:.1f} KB")
        figures_cost(tmp)

    chinese_edition()

    brief = load_brief(SEED).brief
    render_pdf, render_docx = renderer("pdf"), renderer("docx")
    render_pdf(brief, HOUSE)  # warm up imports and font caches
    render_docx(brief, HOUSE)
    print("\nWarm render inside one process (imports done)")
    yaml_t = median_of(lambda: read_yaml(SEED), max(RUNS, 25))
    load_t = median_of(lambda: load_brief(SEED))
    pdf_t = median_of(lambda: render_pdf(brief, HOUSE))
    docx_t = median_of(lambda: render_docx(brief, HOUSE))
    print(f"  YAML load     {yaml_t * 1000:7.1f} ms   (file -> data with positions)")
    print(f"  load+validate {load_t * 1000:7.1f} ms")
    print(f"  pdf           {pdf_t * 1000:7.1f} ms")
    print(f"  docx          {docx_t * 1000:7.1f} ms")

    print("\nComparison table scaled (warm, whole brief rendered)")
    print(f"  {'rows':>5}  {'pdf':>9}  {'docx':>9}")
    for rows in (10, 100, 1000):
        b = scaled(brief, rows)
        runs = 3 if rows == 1000 else RUNS
        p = median_of(lambda b=b: render_pdf(b, HOUSE), runs)
        d = median_of(lambda b=b: render_docx(b, HOUSE), RUNS)
        print(f"  {rows:>5}  {p:7.3f} s  {d:7.3f} s")
        if rows == 1000:
            print(f"  target docx 1000 rows <= {TARGETS['docx 1000 rows']} s: "
                  f"{d / TARGETS['docx 1000 rows']:.2f} x target")


def big_bibliography(folder: Path, entries: int = 2000) -> dict[str, Path]:
    """The seed with its sources moved into CSL-JSON and BibTeX files of ``entries`` entries:
    the seed's own, then uncited ones (a reference manager's whole library)."""
    import json
    import re

    fixtures = ROOT / "tests" / "fixtures"
    items = json.loads((fixtures / "seed-sources.json").read_text(encoding="utf-8"))
    extra = [dict(items[i % len(items)], id=f"extra-{i}") for i in range(entries - len(items))]
    (folder / "big.json").write_text(json.dumps(items + extra, indent=2), encoding="utf-8")
    bib = (fixtures / "seed-sources.bib").read_text(encoding="utf-8")
    blocks = re.findall(r"(?ms)^@.*?^}\n", bib)
    more = [re.sub(r"\{[^,]+,", f"{{extra-{i},", blocks[i % len(blocks)], count=1)
            for i in range(entries - len(blocks))]
    (folder / "big.bib").write_text(bib + "\n".join(more), encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    out = {}
    for name in ("big.json", "big.bib"):
        brief = folder / f"seed-{name}.yaml"
        brief.write_text(re.sub(r"(?ms)^sources:\n.*\Z", f"bibliography: {name}\n", seed),
                         encoding="utf-8")
        out[name] = brief
    return out


def cpu_median(func: Callable[[], object], runs: int = RUNS) -> float:
    """Median CPU time of this process: less disturbed than wall time by other processes."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return statistics.median(times)


def bibliography_bench() -> None:
    print("\nBibliography of 2000 entries (22 cited): load+validate, warm, CPU time;"
          " cold validate, wall time")
    with tempfile.TemporaryDirectory() as tmp:
        briefs = big_bibliography(Path(tmp))
        base = cpu_median(lambda: load_brief(SEED))
        cold_base = statistics.median(
            cold_run(["validate", str(SEED), "-q"])[0] for _ in range(RUNS))
        print(f"  sources in YAML  {base * 1000:7.1f} ms   cold validate {cold_base:6.3f} s")
        for name, brief in briefs.items():
            warm = cpu_median(lambda brief=brief: load_brief(brief))
            cold = statistics.median(
                cold_run(["validate", str(brief), "-q"])[0] for _ in range(RUNS))
            print(f"  {name:<16} {warm * 1000:7.1f} ms   cold validate {cold:6.3f} s  "
                  f"(+{(warm - base) * 1000:.0f} ms CPU over YAML sources)")


def chinese_edition() -> None:
    """The Chinese seed against the English one: cold builds interleaved in one run (so both
    see the same machine load), PDF size, and the CJK font shrinking on its own."""
    import reportgen.render.pdf.writer as pdf_writer

    print("\nChinese edition (cold `reportgen build`, both formats, runs interleaved)")
    times: dict[str, list[float]] = {"en": [], "zh": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            for key, seed in (("en", SEED), ("zh", SEED_ZH)):
                times[key].append(cold_run(["build", str(seed), "--out", tmp, "-q"])[0])
        size = (Path(tmp) / "china-ai-governance-zh.pdf").stat().st_size / 1024
    en, zh = statistics.median(times["en"]), statistics.median(times["zh"])
    print(f"  en {en:6.3f} s   zh {zh:6.3f} s   zh / en {zh / en:.2f} "
          f"(target <= {TARGETS['zh / en']})")
    print(f"  zh pdf {size:.1f} KB ({size / TARGETS['zh pdf KB']:.2f} x the "
          f"{TARGETS['zh pdf KB']} KB target)")

    shrink = pdf_writer.shrink_fonts
    spent: list[float] = []

    def timed(document: object, pdf: object) -> None:
        start = time.perf_counter()
        shrink(document, pdf)
        spent.append(time.perf_counter() - start)

    brief = load_brief(SEED_ZH).brief
    render_pdf = renderer("pdf")
    render_pdf(brief, HOUSE)  # warm up
    pdf_writer.shrink_fonts = timed  # type: ignore[assignment]
    try:
        total = median_of(lambda: render_pdf(brief, HOUSE))
    finally:
        pdf_writer.shrink_fonts = shrink
    print(f"  warm zh pdf render {total * 1000:7.1f} ms, of which CJK font shrinking "
          f"{statistics.median(spent) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
    bibliography_bench()
