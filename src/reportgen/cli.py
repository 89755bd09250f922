"""The command line: parse arguments, call build/mail, print results and errors.

Only this module turns exceptions into messages and exit codes, so every other module stays
usable as a library.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .errors import InputError, Problem, ReportgenError
from .files import human_size

if TYPE_CHECKING:
    from .batch import Job, Outcome
    from .options import Overrides
    from .progress import Display

EXIT_CODES = """\b
Exit codes:
  0  success (warnings may have been printed)
  1  rendering, writing or sending failed
  2  bad input: brief, brand, template or options (details on stderr)
"""
CHECK_EXIT_CODES = """\b
Exit codes:
  0  no errors (warnings may have been printed)
  2  errors found (details on stderr)
"""
# What a failed command has not done, said once after its errors.
NOT_DONE = {"build": "nothing was written.", "email": "nothing was sent.",
            "extract": "nothing more was written.", "review": "the YAML is unchanged.",
            "brand_init": "nothing was written.", "schema": "nothing was written."}

F = TypeVar("F", bound=Callable[..., Any])


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
            summary = [f"{errors} errors"] if errors > 1 else []
            if errors and func.__name__ in NOT_DONE:
                summary.append(NOT_DONE[func.__name__])
            if summary:
                click.echo("; ".join(summary), err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted; nothing was written.", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


class _WarningHandler(logging.Handler):
    """reportgen's log warnings (a template asking for a refused file) as 'warning:' lines."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"warning: {record.getMessage()}", err=True)


def _setup_logging(quiet: bool) -> None:
    logger = logging.getLogger("reportgen")
    logger.handlers[:] = [_WarningHandler()]
    logger.setLevel(logging.ERROR if quiet else logging.WARNING)
    logger.propagate = False


@click.group(epilog=EXIT_CODES, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Turn a YAML policy brief into a print-ready PDF and an editable Word DOCX."""
    _setup_logging(quiet=False)


FILE_OPTIONS = (
    click.argument("files", nargs=-1, type=click.Path(path_type=Path)),
    click.option("--format", "-f", "formats", default="pdf,docx", show_default=True,
                 help="Comma-separated output formats: pdf, docx."),
    click.option("--out", "-o", "out_dir", default=Path("outputs"), show_default=True,
                 type=click.Path(file_okay=False, path_type=Path), help="Output folder."),
    click.option("--brand", "brands", multiple=True, type=click.Path(path_type=Path),
                 help="Brand folder (brand.yml, logo, fonts, templates); overrides 'brand:' in "
                 "the brief. Repeat it for one edition per brand, in OUT/<brand folder name>/."),
    click.option("--pdf-variant", "variant", metavar="NAME",
                 help="Accessible or archival PDF: pdf/ua-1 (tagged, PDF/UA-1), pdf/a-3b "
                 "(PDF/A-3b), or another WeasyPrint variant; 'none' for a plain PDF. Overrides "
                 "the brand's defaults.reportgen.pdf_variant."),
    click.option("--strict", is_flag=True,
                 help="Treat warnings (a character no font has, a missing brand font, the PDF "
                 "renderer's warnings ...) as errors: exit code 2, nothing written."),
    click.option("--embed-source/--no-embed-source", "embed_source", default=None,
                 help="Put the brief's YAML inside the PDF and DOCX ('reportgen extract' takes "
                 "it out). Off unless the brand's defaults.reportgen.embed_source turns it on."),
    click.option("--quiet", "-q", is_flag=True, help="Print errors only."),
)


def file_options(func: F) -> F:
    """The options that say what to build and where: shared by ``build`` and ``watch``."""
    for decorate in reversed(FILE_OPTIONS):
        func = decorate(func)
    return func


@main.command(epilog=EXIT_CODES)
@file_options
@click.option("--jobs", "-j", type=click.IntRange(min=1), metavar="N",
              help="Briefs rendered at once [default: the CPUs available to reportgen].")
@click.option("--changed", is_flag=True,
              help="Skip briefs whose outputs are newer than their YAML, its files, the brand, "
              "the templates and reportgen itself.")
@click.option("--shard", metavar="K/N",
              help="Build only the K-th of N parts of the briefs (round robin over the sorted "
              "list): N machines of a CI matrix with 1/N ... N/N build the whole batch.")
@click.option("--verbose", "-v", is_flag=True, help="Also print the total time per brief.")
@handle_errors
def build(files: tuple[Path, ...], formats: str, out_dir: Path, brands: tuple[Path, ...],
          variant: str | None, strict: bool, embed_source: bool | None, quiet: bool,
          jobs: int | None, changed: bool, shard: str | None,
          verbose: bool) -> None:
    """Build FILES (default: every seeds/*.yaml) into OUT as <slug>.pdf and <slug>.docx.

    Several briefs render in parallel; each brief's files are all replaced together after every
    format has rendered, so a failed brief keeps its earlier outputs and the others go on. A
    summary line ends the run; on a terminal a progress bar shows how far it is.
    """
    from .batch import default_jobs, plan, run
    from .build import discover, parse_formats
    from .progress import display_for

    _setup_logging(quiet)
    work = plan(discover(list(files)), parse_formats(formats), out_dir, list(brands),
                _overrides(variant, embed_source, strict), changed_only=changed)
    if shard is not None:
        from . import shard as shards

        work = shards.part(work, *shards.parse(shard))
    shown = display_for(len(work), quiet)
    start = time.perf_counter()
    tally = None
    try:
        tally = run(work, jobs or default_jobs(), partial(_show, shown, quiet, verbose),
                    ready=shown.start)
    except KeyboardInterrupt:
        shown.stop()
        click.echo("interrupted: briefs not reported as written were left as they were.",
                   err=True)
        sys.exit(130)
    finally:
        shown.stop()
    summary = tally.line(time.perf_counter() - start)
    if tally.failed:
        click.echo(summary, err=True)
        sys.exit(tally.exit_code)
    if not quiet:
        click.echo(summary)


def _overrides(variant: str | None, embed_source: bool | None, strict: bool) -> Overrides:
    """The run options the command line gives; the brand's defaults stand for the rest."""
    from .options import UNSET, Overrides

    return Overrides(_pdf_variant_option(variant) if variant is not None else UNSET,
                     embed_source, strict)


def _show(shown: Display, quiet: bool, verbose: bool, outcome: Outcome) -> None:
    """One brief's result: its problems, or its warnings and written files."""
    if outcome.error is not None:
        for p in outcome.error.problems:
            shown.err(p.format())
        shown.advance(f"failed: {outcome.job.path}")
        return
    if not quiet:
        for p in outcome.warnings:
            shown.err(p.format())
        if not shown.live:
            for w in outcome.written:
                shown.out(f"wrote {w.path} ({human_size(w.size)}, {w.seconds:.2f} s)")
        if verbose and outcome.written:
            total = sum(w.seconds for w in outcome.written)
            shown.out(f"  {outcome.job.path}: {total:.2f} s in all")
    shown.advance(", ".join(str(w.path) for w in outcome.written)
                  or f"up to date: {outcome.job.path}")


@main.command(epilog=EXIT_CODES)
@file_options
@handle_errors
def watch(files: tuple[Path, ...], formats: str, out_dir: Path, brands: tuple[Path, ...],
          variant: str | None, strict: bool, embed_source: bool | None, quiet: bool) -> None:
    """Build FILES, then rebuild them on every save until Ctrl-C.

    Watches the briefs, the files they use, their brand folders and the templates. One warm
    process: a save costs only the render. A save with an error prints it and keeps the last
    good outputs; the next good save prints "ok".
    """
    from .batch import plan
    from .build import discover, parse_formats
    from .progress import Lines
    from .theme import package_templates_dir
    from .watch import watch as watch_briefs

    _setup_logging(quiet)
    work = plan(discover(list(files)), parse_formats(formats), out_dir, list(brands),
                _overrides(variant, embed_source, strict))
    shown = Lines()

    def ready(roots: Sequence[Path]) -> None:
        if not quiet:
            click.echo(f"watching {len(work)} brief(s) in {', '.join(map(str, roots))}; "
                       "Ctrl-C stops")

    def show(outcome: Outcome) -> None:
        _show(shown, quiet, False, outcome)
        if outcome.error is None and not quiet:
            click.echo(f"{outcome.job.path}: ok")

    try:
        watch_briefs(work, [package_templates_dir()], show, ready)
    except KeyboardInterrupt:
        click.echo("stopped.")


def _pdf_variant_option(value: str) -> str | None:
    """--pdf-variant's value as WeasyPrint names it (None for 'none'); InputError otherwise."""
    from .options import pdf_variant, pdf_variants_expected

    try:
        return pdf_variant(value)
    except ValueError as exc:
        raise InputError([Problem("--pdf-variant", f"unknown PDF variant '{value}'",
                                  expected=pdf_variants_expected(),
                                  hint=str(exc) or "e.g. --pdf-variant pdf/ua-1")]) from None


@main.command(epilog=CHECK_EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
@handle_errors
def validate(files: tuple[Path, ...], quiet: bool) -> None:
    """Check briefs (and the brand a brief names) without writing files; charts are drawn, as
    only Vega-Lite knows a bad chart. Report every problem with file:line:column."""
    from . import pipeline

    problems: list[Problem] = []
    for path in files:
        result = pipeline.validate(path)
        if result.prepared is None:
            problems.extend(result.problems)
            continue
        if not quiet:
            _report(result.problems)
            click.echo(f"{path}: ok ({len(result.prepared.brief.sources)} sources, "
                       f"{len(result.problems)} warning(s))")
    if problems:
        raise InputError(problems)


@main.command(epilog=CHECK_EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--links", is_flag=True,
              help="Also request every web address in the brief and its sources (network).")
@click.option("--archive-dir", type=click.Path(path_type=Path, exists=True, file_okay=False),
              envvar="REPORTGEN_ARCHIVE_DIR",
              help="Folder of archived sources kept outside the repository (read only; "
              "default: $REPORTGEN_ARCHIVE_DIR).")
@click.option("--support", type=click.Path(path_type=Path, dir_okay=False),
              help="Write each cited sentence with its best supporting passage (Markdown).")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@handle_errors
def check(files: tuple[Path, ...], links: bool, archive_dir: Path | None, support: Path | None,
          quiet: bool) -> None:
    """Check briefs as validate does, then every quote against its source's archived text
    (and, with --links, every link); a built FILE.pdf gets the PDF checks."""
    from .verify.claims import Support

    failed = False
    rows: list[Support] = []
    for path in files:
        problems = _checked(path, links, archive_dir, rows)
        for p in sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0)):
            if p.severity == "error" or not quiet:
                click.echo(p.format(), err=True)
        if not quiet:
            click.echo(_check_summary(path, problems))
        failed |= any(p.severity == "error" for p in problems)
    if support is not None:
        from .files import write_atomic
        from .verify.claims import support_table

        write_atomic(support, support_table(rows).encode("utf-8"))
        if not quiet:
            click.echo(f"{support}: {len(rows)} cited sentence(s) with their best supporting "
                       "passage")
    if failed:
        sys.exit(InputError.exit_code)


def _checked(path: Path, links: bool, archive_dir: Path | None,
             rows: list[Any]) -> list[Problem]:
    """A brief's problems from ``pipeline.check``; a built PDF's from the PDF checks."""
    if path.suffix.lower() == ".pdf":
        from .render.pdf.validators import check_pdf

        return check_pdf(path)
    from . import pipeline

    return pipeline.check(path, links=links, archive_dir=archive_dir, support=rows).problems


def _check_summary(path: Path, problems: Sequence[Problem]) -> str:
    count = {s: sum(p.severity == s for p in problems) for s in ("error", "warning", "info")}
    unverified = sum(p.message.startswith("not verified") for p in problems)
    parts = [f"{count['error']} error(s)", f"{count['warning']} warning(s)"]
    if unverified:
        parts.append(f"{unverified} quote(s) not verified")
    return f"{path}: {'ok' if not count['error'] else 'failed'} ({', '.join(parts)})"


@main.command(epilog=EXIT_CODES)
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of standard output.")
@handle_errors
def schema(out: Path | None) -> None:
    """Print the brief format as JSON Schema (for editor completion and checks)."""
    from .brief.schema import json_schema

    text = json_schema()
    if out is None:
        click.echo(text, nl=False)
    else:
        from .files import write_atomic

        write_atomic(out, text.encode("utf-8"))
        click.echo(f"wrote {out}")



@main.command(epilog=EXIT_CODES)
@click.argument("brief", type=click.Path(path_type=Path))
@click.option("--to", "to", multiple=True, required=True,
              help="Recipient; repeat the option or separate addresses with commas.")
@click.option("--cc", multiple=True, help="Copy recipient (repeatable).")
@click.option("--bcc", multiple=True, help="Blind-copy recipient (repeatable).")
@click.option("--from", "sender", help="Sender address [env REPORTGEN_MAIL_FROM].")
@click.option("--subject", help="Subject line; default: the brief's title.")
@click.option("--attach", default="pdf", show_default=True,
              help="Files to attach: pdf, docx, pdf,docx or none.")
@click.option("--out", "eml", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an .eml draft that mail clients open as a message.")
@click.option("--send", is_flag=True,
              help="Deliver over SMTP (settings below or REPORTGEN_SMTP_*).")
@click.option("--outputs", "out_dir", default=Path("outputs"), show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where the built files are (and are built when missing or out of date).")
@click.option("--brand", type=click.Path(path_type=Path),
              help="Brand folder for the message and the attachments, which are rebuilt with it.")
@click.option("--smtp-host", help="SMTP server [env REPORTGEN_SMTP_HOST].")
@click.option("--smtp-port", type=int, help="Port [env REPORTGEN_SMTP_PORT; default by security].")
@click.option("--smtp-security", type=click.Choice(["starttls", "ssl", "none"]),
              help="Connection security [env REPORTGEN_SMTP_SECURITY; default starttls].")
@click.option("--smtp-user", help="Login name [env REPORTGEN_SMTP_USER]; the password comes only "
              "from REPORTGEN_SMTP_PASSWORD or a prompt.")
@click.option("--smtp-timeout", type=float,
              help="Seconds to wait for each reply, at most 3600; the whole exchange must end "
              "within ten times this [env REPORTGEN_SMTP_TIMEOUT; default 30].")
@click.option("--smtp-cafile", type=click.Path(dir_okay=False, path_type=Path),
              help="Extra CA certificates (PEM) to trust [env REPORTGEN_SMTP_CAFILE].")
@click.option("--limit-mb", type=float,
              help="Warn when attachments exceed this size [env REPORTGEN_MAIL_LIMIT_MB; 10].")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only.")
@handle_errors
def email(brief: Path, to: tuple[str, ...], cc: tuple[str, ...], bcc: tuple[str, ...],
          sender: str | None, subject: str | None, attach: str, eml: Path | None, send: bool,
          out_dir: Path, brand: Path | None, smtp_host: str | None, smtp_port: int | None,
          smtp_security: str | None, smtp_user: str | None, smtp_timeout: float | None,
          smtp_cafile: Path | None, limit_mb: float | None, quiet: bool) -> None:
    """E-mail BRIEF: a dry run by default, an .eml draft with --out, delivery with --send.

    The message holds the executive summary and key takeaways (plain text and HTML in the
    brand's colours) with the built files attached; missing or out-of-date files are built first.
    """
    import datetime as dt

    from . import pipeline
    from .batch import Job
    from .build import parse_formats
    from .render.email.addresses import default_sender, parse_addresses, subject_line
    from .render.email.message import (
        attachment_warnings,
        compose_message,
        describe,
        limit_from_env,
        write_eml,
    )
    from .render.email.smtp import envelope, send_message, settings_from_env

    # Everything the user typed is checked before anything is built or sent; the environment
    # is read here, at the edge, and passed on.
    env = os.environ
    from_addr = default_sender(sender, env)
    for values, option in (([from_addr], "--from"), (to, "--to"), (cc, "--cc"), (bcc, "--bcc")):
        parse_addresses(values, option)
    if subject is not None:
        subject_line(subject, "")
    formats = () if attach.strip().lower() == "none" else parse_formats(attach, "--attach")
    settings = None
    if send:
        settings = settings_from_env(host=smtp_host, port=smtp_port, security=smtp_security,
                                     username=smtp_user, timeout=smtp_timeout, cafile=smtp_cafile,
                                     env=env)
    request = pipeline.Request(brand)
    prepared = pipeline.prepare(brief, request, templates=False)
    if not quiet:
        _report(list(prepared.warnings))
    if eml is not None:  # before anything is built: the draft must not replace an attachment
        slug = prepared.brief.meta.slug
        _check_draft_path(eml, [out_dir / f"{slug}.{fmt}" for fmt in formats])
    paths = _attachments(Job(brief, out_dir, formats, request, changed_only=brand is None),
                         prepared.brief.meta.slug, quiet=quiet)
    for warning in attachment_warnings(paths, limit_from_env(limit_mb, env)):
        click.echo(f"warning: {warning}", err=True)
    msg = compose_message(prepared.brief, prepared.theme, sender=from_addr, to=to, cc=cc, bcc=bcc,
                          subject=subject, attachments=paths, now=dt.datetime.now().astimezone())
    if eml is not None:
        size = write_eml(msg, eml, unsent=True)
        if not quiet:
            click.echo(f"wrote {eml} ({human_size(size)}): open it in your mail client")
    if settings is not None:
        send_message(msg, settings)
        if not quiet:
            recipients = envelope(msg)[1]
            click.echo(f"sent to {len(recipients)} recipient(s) "
                       f"via {settings.host}:{settings.port}")
    if eml is None and settings is None and not quiet:
        click.echo(describe(msg))
        click.echo("dry run: nothing sent (use --out FILE.eml for a draft, --send to deliver)")


def _check_draft_path(eml: Path, attachments: list[Path]) -> None:
    """Refuse an --out that is (by any spelling or link) one of the files it attaches: the
    draft would overwrite the PDF it was built to carry."""
    from .files import check_target, real

    check_target(eml)
    for path in attachments:
        if real(eml) == real(path):
            raise InputError([Problem(
                "--out", f"{eml} is the attachment {path}; writing the draft there would "
                "overwrite it", expected="a path ending in .eml",
                hint=f"e.g. --out {path.with_suffix('.eml')}")])


def _attachments(job: Job, slug: str, *, quiet: bool) -> list[Path]:
    """The files to attach, built first (as ``build`` builds them) when missing or out of
    date. An explicit --brand always rebuilds (``job.changed_only`` is off): nothing on disk
    says which brand built a file."""
    from .batch import run

    if job.formats:
        outcome: list[Outcome] = []
        run([job], 1, outcome.append)
        if outcome[0].error is not None:
            raise outcome[0].error
        if not quiet:
            for w in outcome[0].written:
                click.echo(f"built {w.path} ({human_size(w.size)}, {w.seconds:.2f} s)")
    return [job.out_dir / f"{slug}.{fmt}" for fmt in job.formats]


@main.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_dir", default=Path("."), show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Folder to write into.")
@click.option("--force", is_flag=True, help="Replace a different file of the same name.")
@handle_errors
def extract(files: tuple[Path, ...], out_dir: Path, force: bool) -> None:
    """Take the brief's YAML out of PDFs or DOCX files built with --embed-source, byte for
    byte, so it can be edited and rebuilt."""
    from .embed import extract as extract_files
    from .files import write_atomic

    for path in files:
        found = extract_files(path)
        if not found:
            raise InputError([Problem(str(path), "carries no embedded brief",
                                      hint="build it with 'reportgen build --embed-source'")])
        for file in found:
            if file.name in ("", ".", ".."):  # embed.extract already drops folders from names
                raise InputError([Problem(str(path), f"embedded file name {file.name!r} is "
                                          "not a file name", hint="rebuild the file")])
            target = out_dir / file.name
            if target.exists() and not force and target.read_bytes() != file.data:
                raise InputError([Problem(str(target), "exists and differs from the embedded "
                                          f"brief in {path}",
                                          hint="choose another --out folder, or pass --force")])
            write_atomic(target, file.data)
            click.echo(f"wrote {target} ({human_size(len(file.data))}) from {path}")


@main.command(epilog=EXIT_CODES)
@click.argument("docx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--brief", type=click.Path(dir_okay=False, path_type=Path),
              help="The brief the DOCX was built from [default: found by its slug].")
@click.option("--apply", "mode", type=click.Choice(["accepted", "all"]),
              help="Write the changes accepted in Word (or all of them) into the YAML.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the review as Markdown to this file.")
@click.option("--comments-to-yaml", is_flag=True,
              help="Write the comments into the brief as YAML comments above their fields.")
@handle_errors
def review(docx: Path, brief: Path | None, mode: str | None, report: Path | None,
           comments_to_yaml: bool) -> None:
    """List the comments and tracked changes of an edited DOCX at their place in the YAML,
    grouped by reviewer; with --apply, rewrite the changed text in the YAML in place."""
    from .files import write_atomic
    from .review.report import lines, markdown_report
    from .review.run import review as run_review

    result = run_review(docx, brief, mode, comments_to_yaml)  # type: ignore[arg-type]
    for line in lines(result):
        click.echo(line)
    if report is not None:
        write_atomic(report, markdown_report(result).encode("utf-8"))


@main.group()
def brand() -> None:
    """Brand kits: an organization's colours, fonts, logo and templates."""


@brand.command("init", epilog=EXIT_CODES)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="Your Organization", show_default=True,
              help="Organization name written into brand.yml.")
@handle_errors
def brand_init(folder: Path, name: str) -> None:
    """Create a brand kit in FOLDER: a commented brand.yml, a placeholder logo and copies of
    the default templates, ready to edit."""
    from .brand.init import init_brand, next_steps

    files = init_brand(folder, name=name)
    click.echo(next_steps(folder, files))


@brand.command("check", epilog=CHECK_EXIT_CODES)
@click.argument("folder", type=click.Path(path_type=Path))
@handle_errors
def brand_check(folder: Path) -> None:
    """Validate a brand folder (brand.yml, logo, fonts, templates) without building."""
    from .fonts.availability import missing_brand_fonts
    from .fonts.warnings import brand_file
    from .pipeline import load_theme
    from .render.preflight import has_own_templates, reference_warnings, render_templates

    theme = load_theme(folder).theme
    _report(missing_brand_fonts(theme, brand_file(folder)))
    if (found := brand_file(folder)) is not None:
        from .brand.alt import logos_without_alt

        _report(logos_without_alt(found))
    from .brand.contrast import contrast_warnings

    _report(contrast_warnings(theme, brand_file(folder)))
    if has_own_templates(theme):
        render_templates(theme)  # a broken or hostile template is reported here, located
    for removed in reference_warnings(theme):
        click.echo(f"warning: {removed}", err=True)
    click.echo(f"{folder}: ok (primary {theme.primary}, headings in {theme.heading_font.family}, "
               f"body in {theme.body_font.family}"
               f"{', logo ' + theme.logo.path.name if theme.logo else ''})")

if __name__ == "__main__":  # pragma: no cover
    main()
