"""The command line: parse arguments, call build/mail, print results and errors.

Only this module turns exceptions into messages and exit codes, so every other module stays
usable as a library.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import InputError, Problem, ReportgenError

EXIT_CODES = """\b
Exit codes:
  0  success (warnings may have been printed)
  1  rendering, writing or sending failed
  2  bad input: brief, brand, template or options (details on stderr)
"""

F = TypeVar("F", bound=Callable[..., Any])


def human_size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.2f} MB"


def _report(problems: list[Problem]) -> None:
    for p in problems:
        click.echo(p.format(), err=True)


def handle_errors(func: F) -> F:
    """Print ReportgenErrors as located messages (no traceback) and exit with their code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ReportgenError as exc:
            _report(exc.problems)
            errors = sum(p.severity == "error" for p in exc.problems)
            if errors > 1:
                click.echo(f"{errors} errors; nothing was written.", err=True)
            elif errors and func.__name__ in ("build", "email"):
                click.echo("nothing was written.", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


@click.group(epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Turn a YAML policy brief into a print-ready PDF and an editable Word DOCX."""


@main.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "-f", "formats", default="pdf,docx", show_default=True,
              help="Comma-separated output formats: pdf, docx.")
@click.option("--out", "-o", "out_dir", default=Path("outputs"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--brand", type=click.Path(path_type=Path),
              help="Brand folder (brand.yml, logo, fonts, templates); overrides 'brand:' in the brief.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@click.option("--verbose", "-v", is_flag=True, help="Also print timings per step and warnings' details.")
@handle_errors
def build(files: tuple[Path, ...], formats: str, out_dir: Path, brand: Path | None,
          quiet: bool, verbose: bool) -> None:
    """Build FILES (default: every seeds/*.yaml) into OUT as <slug>.pdf and <slug>.docx.

    Every format is rendered before any file is replaced: a failed build leaves earlier
    outputs intact.
    """
    from .build import build_one, discover, parse_formats

    fmts = parse_formats(formats)
    failures: list[ReportgenError] = []
    for path in discover(list(files)):
        start = time.perf_counter()
        try:
            loaded, written = build_one(path, fmts, out_dir, brand)
        except ReportgenError as exc:
            failures.append(exc)
            _report(exc.problems)
            continue
        if not quiet:
            _report(loaded.warnings)
            for w in written:
                click.echo(f"wrote {w.path} ({human_size(w.size)}, {w.seconds:.2f} s)")
            if verbose:
                click.echo(f"  {path}: {time.perf_counter() - start:.2f} s in all")
    if failures:
        click.echo(f"{len(failures)} brief(s) failed; their earlier outputs were left as they were.",
                   err=True)
        sys.exit(max(f.exit_code for f in failures))


@main.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
@handle_errors
def validate(files: tuple[Path, ...], quiet: bool) -> None:
    """Check briefs without rendering; report every problem with file:line:column."""
    from .load import load_brief

    problems: list[Problem] = []
    for path in files:
        try:
            loaded = load_brief(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if not quiet:
            _report(loaded.warnings)
            click.echo(f"{path}: ok ({len(loaded.brief.sources)} sources, "
                       f"{len(loaded.warnings)} warning(s))")
    if problems:
        raise InputError(problems)


@main.command()
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of standard output.")
@handle_errors
def schema(out: Path | None) -> None:
    """Print the brief format as JSON Schema (for editor completion and checks)."""
    from .schema import json_schema

    text = json_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        from .build import write_atomic

        write_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {out}")


if __name__ == "__main__":  # pragma: no cover
    main()
