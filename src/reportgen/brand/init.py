"""``reportgen brand init DIR``: a brand kit to start from.

The kit is what a designer edits, so brand.yml explains every section in comments, and the kit is
valid as written: ``load_brand`` accepts it before anyone has touched it, and each edit can be
tried at once with ``reportgen build --brand DIR``.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..errors import InputError, Problem
from ..theme import package_templates_dir

BRAND_YML = """\
# brand.yml: how briefs look for {name}.
#
# The format is brand.yml, as used by Quarto and Posit (https://posit-dev.github.io/brand-yml/),
# so this file can also brand your Quarto documents. reportgen applies it to the PDF and to the
# Word file. Try every change with:   reportgen build --brand <this folder> seeds/<brief>.yaml
#
# Paths are relative to this file, and every file must be inside this folder: logos and fonts
# are never downloaded, and '../' or absolute paths are refused.

# -- Who you are ----------------------------------------------------------------------------------
meta:
  name:
    full: {name_yaml}        # in the footer of every page and the e-mail sign-off
    # short: ABC             # a short form, for tight spaces
  link:
    home: https://example.org   # your website

# -- Logo -----------------------------------------------------------------------------------------
# Name your image files under `images` (with alt text for screen readers), then pick one per
# size. reportgen uses `medium` (else `large`, else `small`): on the title page, and in the page
# header when `logo_in_header` is on (see `defaults` at the end).
# Word cannot show SVG: put a PNG version next to the SVG (logo.png beside logo.svg is found
# automatically) or list it under `images`.
logo:
  images:
    main:
      path: logo.svg
      alt: {name_yaml}
  medium: main

# -- Colours --------------------------------------------------------------------------------------
# Name your colours once in `palette`, then use the names below. A colour is "#rrggbb" (in
# quotes: '#' starts a YAML comment), "#rgb", "rgb(11 85 99)" or a CSS name such as teal.
color:
  palette:
    brand-blue: "#1d4f91"
    ink: "#1b1f24"
    slate: "#5a6570"
  primary: brand-blue      # headings, rules, table headers; the summary box is a tint of it
  secondary: slate         # captions, dates, running header and footer
  foreground: ink          # body text
  background: "#ffffff"    # the page
  # link: brand-blue       # links (default: primary); typography.link.color also works

# -- Type -----------------------------------------------------------------------------------------
# `fonts` says where each family comes from: `system` (installed on the computer that builds),
# or `file` (font files in this folder, embedded in the PDF; .ttf, .otf, .woff or .woff2).
# Fonts from `google` or `bunny` are not downloaded: install them, or ship the files.
typography:
  fonts:
    - family: Noto Sans
      source: system
    - family: Noto Serif
      source: system
    # - family: My Brand Sans
    #   source: file
    #   files:
    #     - path: fonts/MyBrandSans-Regular.ttf
    #       weight: 400
    #     - path: fonts/MyBrandSans-Bold.ttf
    #       weight: 700
    #     - path: fonts/MyBrandSans-Italic.ttf
    #       style: italic
  base:                    # body text
    family: Noto Serif
    size: 10pt             # pt, px or rem (1rem = 16px = 12pt)
    line-height: 1.45
  headings:
    family: Noto Sans
    weight: bold           # 100-900, or normal / semi-bold / bold ...
    # color: primary       # default: primary
  monospace: DejaVu Sans Mono
  # link:
  #   color: brand-blue

# -- Settings for particular tools ----------------------------------------------------------------
# brand.yml keeps tool-specific settings under `defaults`; reportgen reads `defaults.reportgen`.
defaults:
  reportgen:
    logo_in_header: false  # true: the logo also sits in the running header of every page
    # pdf_variant: pdf/ua-1  # every PDF accessible: tagged for screen readers (PDF/UA-1), about
    #                        # 40% larger; pdf/a-3b (or pdf/a-2b ...) for archives. Any of:
    #                        # pdf/ua-1, pdf/ua-2, pdf/a-1a, pdf/a-1b, pdf/a-2a, pdf/a-2b, pdf/a-2u,
    #                        # pdf/a-3a, pdf/a-3b, pdf/a-3u, pdf/a-4e, pdf/a-4f, pdf/a-4u, pdf/x-1a,
    #                        # pdf/x-3, pdf/x-4, pdf/x-5g. One build can override it:
    #                        #   reportgen build --pdf-variant none|pdf/a-3b ...

# -- Beyond brand.yml -----------------------------------------------------------------------------
# templates/       copies of reportgen's templates. A file here replaces the default of the same
#                  name; delete the ones you do not change, so they keep improving with reportgen.
#                  To change one part of the page, override a single block in brief.html.j2:
#                    {{% extends "base.html.j2" %}}
#                    {{% block colophon %}}<p>(c) {name}</p>{{% endblock %}}
# reference.docx   optional: a Word file whose styles (Title, Heading 1...) the Word output
#                  uses; where it defines a style, it wins over the colours and fonts above.
"""

LOGO_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 320 80" width="320" height="80"
     role="img" aria-labelledby="title">
  <title id="title">{name}</title>
  <!-- A placeholder: replace this file with your logo (keep the name, or edit brand.yml). -->
  <rect x="2" y="2" width="76" height="76" rx="12" fill="none" stroke="#1d4f91"
        stroke-width="3" stroke-dasharray="8 5"/>
  <text x="40" y="46" text-anchor="middle" fill="#1d4f91"
        font-family="'Noto Sans', 'DejaVu Sans', sans-serif" font-size="13"
        font-weight="700">LOGO</text>
  <text x="96" y="48" fill="#1b1f24" font-family="'Noto Sans', 'DejaVu Sans', sans-serif"
        font-size="22" font-weight="700">{name}</text>
</svg>
"""


def init_brand(target: Path, *, name: str = "Your Organization") -> list[Path]:
    """Create a brand kit in ``target`` (a new or empty folder); return the files written.

    The kit is assembled in a hidden folder beside ``target`` and renamed into place, so a
    failure halfway leaves nothing behind, and an existing folder with files is never touched.
    """
    target = Path(target)
    name = " ".join(name.split())
    if not name:
        raise InputError([Problem("--name", "the organization name is empty",
                                  hint='e.g. --name "Example Policy Institute"')])
    if target.exists() and not target.is_dir():
        raise InputError([Problem(str(target), "exists and is not a folder",
                                  hint="choose a new folder name, e.g. brands/my-organization")])
    if target.is_dir() and any(target.iterdir()):
        raise InputError([Problem(
            str(target), "folder exists and is not empty; nothing was written",
            expected="a new or empty folder",
            hint=f"choose a new folder name (e.g. {target.parent / (target.name + '-brand')}), "
            "or move the files out of this one")])
    parent = target.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    except OSError as exc:
        raise InputError([Problem(str(target), f"cannot create the folder: {exc.strerror}",
                                  hint="check the path and your permissions")]) from None
    try:
        written = _write_kit(staging, name)
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a brand folder is shared
        if target.is_dir():
            target.rmdir()  # empty, checked above
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / rel for rel in written]


def _write_kit(folder: Path, name: str) -> list[Path]:
    """Write the kit's files into ``folder``; paths returned relative to it, in a stable order."""
    written = [Path("brand.yml"), Path("logo.svg")]
    (folder / "brand.yml").write_text(
        BRAND_YML.format(name=name, name_yaml=json.dumps(name, ensure_ascii=False)),
        encoding="utf-8")
    (folder / "logo.svg").write_text(LOGO_SVG.format(name=escape(name)), encoding="utf-8")
    source = package_templates_dir()
    for path in sorted(source.rglob("*")) if source.is_dir() else ():
        relative = path.relative_to(source)
        if path.is_file() and "__pycache__" not in relative.parts:
            destination = folder / "templates" / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            written.append(Path("templates") / relative)
    (folder / "templates").mkdir(exist_ok=True)
    return written


def next_steps(target: Path, files: list[Path]) -> str:
    """What ``reportgen brand init`` prints after writing the kit."""
    templates = sum(1 for f in files if "templates" in f.relative_to(target).parts)
    folder = target.as_posix()
    return (
        f"Created the brand kit {folder}/\n"
        f"  {folder}/brand.yml    name, colours, fonts, logo (every setting explained inside)\n"
        f"  {folder}/logo.svg     a placeholder: replace it, and add a logo.png for Word\n"
        f"  {folder}/templates/   copies of the {templates} default templates: edit, or delete "
        "the ones you keep as they are\n"
        f"Next: edit {folder}/brand.yml, then build a brief with it:\n"
        f"  reportgen build --brand {folder} seeds/china-ai-governance.yaml"
    )
