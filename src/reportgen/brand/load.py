"""A brand folder (brand.yml, logo, fonts, optional templates/ and reference.docx) -> Theme.

brand.yml is the format Quarto and Posit use, so an organization keeps one brand file for all
its tools. Posit's ``brand_yml`` checks its structure (``structure``); what it does not do, or
gets wrong, is done here, one module per section: ``colours``, ``assets`` (logo and font files),
``typography``, ``options`` (reportgen's settings, templates, reference.docx) and ``compat``
(brand_yml workarounds). Every problem in the folder is reported at once as one InputError
(exit code 2) before anything is rendered or written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import InputError, Problem
from ..files import real
from ..options import RenderOptions
from ..source.limits import read_limited
from ..source.located import Located
from ..source.yaml import read_yaml
from ..theme import Theme
from .assets import check_assets
from .colours import resolve_colours
from .compat import for_brand_yml, malformed
from .options import CheckFiles, reference_file, reportgen_options, template_files
from .report import Report, folder_problem
from .structure import validate
from .to_theme import Checked, brand_defaults, to_theme
from .typography import base_size

BRAND_FILES = ("brand.yml", "_brand.yml")  # ours first; Quarto's name also works


@dataclass(frozen=True)
class BrandKit:
    """A brand folder's look and the run options it asks for by default."""

    theme: Theme
    defaults: RenderOptions


def load_brand(brand_dir: Path, check_files: CheckFiles | None = None) -> Theme:
    """The look of a brand folder (``load_brand_kit``'s theme)."""
    return load_brand_kit(brand_dir, check_files).theme


def load_brand_kit(brand_dir: Path, check_files: CheckFiles | None = None) -> BrandKit:
    """Read and check a brand folder; raise one InputError listing every problem found.

    ``check_files`` checks the templates and reference.docx as the writers will use them
    (``render.preflight.check_files``: the pipeline passes it); their problems join the report.
    """
    folder, brand_file = _locate(Path(brand_dir))
    root = real(folder)
    doc = _read(brand_file)
    data = doc.data
    report = Report(doc)

    drops = malformed(report, data)
    assets = check_assets(report, data, root)
    colours = resolve_colours(report, data)
    options = reportgen_options(report, data)
    brand = validate(report, for_brand_yml(data, assets, drops))
    templates, files = template_files(report, folder, root)
    reference = reference_file(report, folder, root)
    if check_files is not None:
        report.problems.extend(check_files(files, reference))
    size = base_size(report, data)
    report.raise_if_any()
    if brand is None:  # cannot happen: a rejected file always leaves a problem in the report
        raise InputError([Problem(str(brand_file), "brand_yml rejected this file")])
    checked = Checked(folder, root, data, brand, assets, colours, options, size, templates,
                      root / "reference.docx" if reference is not None else None)
    return BrandKit(to_theme(checked), brand_defaults(checked))


def _locate(brand_dir: Path) -> tuple[Path, Path]:
    """The brand folder and its brand.yml; a path to the brand.yml itself is accepted too."""
    if brand_dir.is_file() and brand_dir.name in BRAND_FILES:
        return brand_dir.parent, brand_dir
    if not brand_dir.exists():
        raise folder_problem(brand_dir, "brand folder not found",
                             "pass the folder that holds brand.yml, e.g. "
                             "--brand brands/example-policy-institute; "
                             "'reportgen brand init DIR' creates a new one")
    if not brand_dir.is_dir():
        raise folder_problem(brand_dir, "not a folder", "a brand is a folder holding brand.yml, "
                             "the logo and font files", expected="a brand folder")
    for name in BRAND_FILES:
        if (brand_dir / name).is_file():
            return brand_dir, brand_dir / name
    raise folder_problem(brand_dir / BRAND_FILES[0], "brand.yml not found in the brand folder",
                         "create it with 'reportgen brand init DIR', or copy "
                         "brands/example-policy-institute/brand.yml")


def _read(path: Path) -> Located:
    """brand.yml with positions, read and reported like a brief; the two messages that talk
    about briefs are reworded for a brand."""
    try:
        text = read_limited(path).decode("utf-8-sig")
    except (InputError, UnicodeDecodeError):
        text = "x"  # let read_yaml report it, with a position
    if all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise InputError([Problem(str(path), "brand.yml is empty", 1, 1,
                                  expected="sections such as meta, logo, color and typography",
                                  hint="'reportgen brand init DIR' writes a commented example")])
    try:
        return read_yaml(path)
    except InputError as exc:
        raise InputError([
            replace(p, expected="'key: value' lines such as 'color:' and 'logo:'",
                    hint="brand.yml starts with sections such as 'meta:' or 'color:' at the "
                    "left margin, with no '- ' in front")
            if p.message.startswith("the top level is") else p
            for p in exc.problems
        ]) from None
