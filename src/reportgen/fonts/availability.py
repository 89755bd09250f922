"""Brand fonts that are neither installed nor shipped as files: said, never silently replaced.

Posit's example brand.yml names ``Open Sans`` and ``Roboto Slab`` with no files. fontconfig then
draws the text in its default serif or sans (Noto Serif, Noto Sans Bold here), and the brief
looks nothing like the brand without a word. Each such family gives a warning at its position in
brand.yml: the family, what is used instead, and the fix (the Debian package where one is known,
or ``source: file`` with the font files in the brand folder).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..errors import Problem
from ..theme import Font, Theme
from .stacks import SCRIPT_FONTS

# Debian packages for families brands often name (checked with apt-cache on Debian 12).
DEBIAN_PACKAGES = {
    "open sans": "fonts-open-sans", "roboto slab": "fonts-roboto-slab", "roboto": "fonts-roboto",
    "lato": "fonts-lato", "liberation serif": "fonts-liberation",
    "liberation sans": "fonts-liberation", "liberation mono": "fonts-liberation",
    "fira code": "fonts-firacode", "carlito": "fonts-crosextra-carlito", "inter": "fonts-inter",
    "dejavu sans": "fonts-dejavu-core", "dejavu serif": "fonts-dejavu-core",
    "dejavu sans mono": "fonts-dejavu-core", "amiri": "fonts-hosny-amiri",
    "scheherazade": "fonts-sil-scheherazade", "noto color emoji": "fonts-noto-color-emoji",
}
_GENERIC = {"body": "serif", "heading": "sans-serif", "mono": "monospace"}
_ROLE_KEY = {"body": "typography.base", "heading": "typography.headings",
             "mono": "typography.monospace"}


@cache
def installed_families() -> frozenset[str]:
    """Every family name fontconfig knows, lower-cased (a font may list several names)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return frozenset()
    out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                         check=False).stdout
    return frozenset(name.strip().lower() for line in out.splitlines()
                     for name in line.split(",") if name.strip())


@cache
def substitute(generic: str, weight: int) -> str:
    """What fontconfig draws for a generic family at a weight: 'Noto Sans Bold'."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return f"the system's default {generic} font"
    style = "bold" if weight >= 600 else "regular"
    out = subprocess.run([fc_match, "--format", "%{family[0]} %{style[0]}",
                          f"{generic}:{style}"], capture_output=True, text=True,
                         check=False).stdout.strip()
    return out.removesuffix(" Regular") or f"the system's default {generic} font"


def package_for(family: str) -> str | None:
    name = family.strip().lower()
    if name in DEBIAN_PACKAGES:
        return DEBIAN_PACKAGES[name]
    if name.startswith("noto") and "cjk" in name:
        return "fonts-noto-cjk"
    if name.startswith("noto"):
        return "fonts-noto-core (or fonts-noto-extra)"
    return None


def _position(text: str, family: str) -> tuple[int | None, int | None]:
    """Line and column of the family's first mention as a YAML value in brand.yml."""
    match = re.search(rf"(?m)^[^#\n]*?[:\-]\s*[\"']?({re.escape(family)})[\"']?\s*(?:#.*)?$",
                      text)
    if match is None:
        return None, None
    index = match.start(1)
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _shipped(theme: Theme, font: Font) -> bool:
    return bool(font.files) or any(face.family == font.family for face in theme.font_faces)


def missing_brand_fonts(theme: Theme, brand_file: Path | None) -> list[Problem]:
    """A warning per family (body, headings, monospace) that no font on this machine or in the
    brand folder provides; ``brand_file`` None: the house style's fonts."""
    try:
        text = brand_file.read_text(encoding="utf-8") if brand_file else ""
    except (OSError, UnicodeDecodeError):
        text = ""
    where = str(brand_file) if brand_file else "house style"
    installed = installed_families()
    problems: list[Problem] = []
    roles = {"body": theme.body_font, "heading": theme.heading_font, "mono": theme.mono_font,
             **{f"script {code}": Font(family) for code, family in theme.script_fonts}}
    seen: set[str] = set()
    for role, font in roles.items():
        if font.family.lower() in installed or _shipped(theme, font) or not installed:
            continue
        instead = substitute(_GENERIC.get(role, "serif"), font.weight) if role in _GENERIC \
            else SCRIPT_FONTS[role.split()[-1]].serif
        package = package_for(font.family)
        fix = (f"install the Debian package {package}, or ship the font files in the brand "
               "folder (typography.fonts: family, source: file, files)") if package else (
            "ship the font files in the brand folder (typography.fonts: family, source: "
            "file, files), or name an installed family")
        line, col = _position(text, font.family)
        key = _ROLE_KEY.get(role, f"defaults.reportgen.script_fonts, {role.split()[-1]}")
        message = (f"font '{font.family}' ({key}) is neither installed nor "
                   f"shipped with the brand: {instead} is used instead")
        if font.family in seen:
            continue
        seen.add(font.family)
        problems.append(Problem(where, message, line, col, severity="warning",
                                hint=fix))
    return problems
