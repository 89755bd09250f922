"""Font stacks per script: the theme's (brand's) families first, then one that has the script.

The house style's Latin fonts (Noto Serif, Inter) have no Chinese or Arabic glyphs. Left to
fontconfig, Pango then draws those characters with whatever font it finds first (a Mongolian
font, say, or nothing: empty boxes). So every stack names its script's font explicitly, chosen
in CSS by ``:lang()`` so that a quote in another language inside the brief gets its own fonts
too. Simplified and Traditional Chinese get different faces (SC, TC): the same code point is
drawn differently in each.

A brand may name its own family per script (brand.yml ``defaults.reportgen.script_fonts``);
it comes before the house choice here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..theme import Theme
from ..writing_systems import script

_UNSAFE = re.compile(r'[<>{};\\\n\r"]')  # a brand's family name must not end the rule


@dataclass(frozen=True)
class ScriptFonts:
    """The families that draw one script, per role, and the Debian package that has them."""

    selector: str  # CSS selector list choosing the script by language
    serif: str  # body text (the house body font is a serif)
    sans: str  # headings, small print
    mono: str
    package: str


SCRIPT_FONTS: dict[str, ScriptFonts] = {
    # Order matters: a later rule wins over an earlier one for the same element (zh-TW is Hant).
    "Hans": ScriptFonts(":lang(zh)", "Noto Serif CJK SC", "Noto Sans CJK SC",
                        "Noto Sans Mono CJK SC", "fonts-noto-cjk"),
    "Hant": ScriptFonts(":lang(zh-Hant), :lang(zh-TW), :lang(zh-HK), :lang(zh-MO)",
                        "Noto Serif CJK TC", "Noto Sans CJK TC", "Noto Sans Mono CJK TC",
                        "fonts-noto-cjk"),
    "Jpan": ScriptFonts(":lang(ja)", "Noto Serif CJK JP", "Noto Sans CJK JP",
                        "Noto Sans Mono CJK JP", "fonts-noto-cjk"),
    "Kore": ScriptFonts(":lang(ko)", "Noto Serif CJK KR", "Noto Sans CJK KR",
                        "Noto Sans Mono CJK KR", "fonts-noto-cjk"),
    "Arab": ScriptFonts(":lang(ar), :lang(fa), :lang(ur), :lang(ps), :lang(ckb), :lang(sd), "
                        ":lang(ug)", "Noto Naskh Arabic", "Noto Sans Arabic", "Noto Naskh Arabic",
                        "fonts-noto-core"),
    "Hebr": ScriptFonts(":lang(he), :lang(yi)", "Noto Serif Hebrew", "Noto Sans Hebrew",
                        "Noto Sans Hebrew", "fonts-noto-core"),
}


def _family_list(families: Iterable[str], generic: str) -> str:
    names = list(dict.fromkeys(_UNSAFE.sub("", f).strip() for f in families if f.strip()))
    return ", ".join(f'"{name}"' for name in names) + f", {generic}"


def script_families(theme: Theme, script: str) -> dict[str, list[str]]:
    """body, heading and mono families for text in ``script``, in fallback order."""
    fonts = SCRIPT_FONTS[script]
    own = dict(theme.script_fonts).get(script)
    extra = [own] if own else []
    return {
        "body": [theme.body_font.family, *extra, fonts.serif],
        "heading": [theme.heading_font.family, *extra, fonts.sans],
        "mono": [theme.mono_font.family, fonts.mono],
    }


def stacks_css(theme: Theme) -> str:
    """``:lang()`` rules that set the font custom properties for each script; brief.css reads
    ``--rg-body-font``, ``--rg-heading-font`` and ``--rg-mono-font`` (and sets the body font again
    on every element with a ``lang`` attribute, so a quote in another script gets its fonts)."""
    rules = []
    for code, fonts in SCRIPT_FONTS.items():
        fam = script_families(theme, code)
        rules.append(
            f"{fonts.selector} {{\n"
            f"  --rg-body-font: {_family_list(fam['body'], 'serif')};\n"
            f"  --rg-heading-font: {_family_list(fam['heading'], 'sans-serif')};\n"
            f"  --rg-mono-font: {_family_list(fam['mono'], 'monospace')};\n}}")
    return "\n".join(rules)


def chart_fonts(theme: Theme, language: str) -> dict[str, str]:
    """The body and heading font of a chart in ``language``, as the text's stacks: a CSS
    family list where the script has its own fonts (Vega writes it into the SVG as it is, and
    WeasyPrint and resvg read it as CSS), else the theme's family alone."""
    code = script(language)
    if code not in SCRIPT_FONTS:
        return {"body": theme.body_font.family, "heading": theme.heading_font.family}
    fam = script_families(theme, code)
    # No space after the commas: WeasyPrint's SVG text splits the list at commas and strips
    # the quotes, which a leading space would keep.
    return {"body": _family_list(fam["body"], "serif").replace(", ", ","),
            "heading": _family_list(fam["heading"], "sans-serif").replace(", ", ",")}



def script_families_for(theme: Theme, language: str) -> dict[str, str]:
    """The brand's own family for the language's script, as body and heading (DOCX), if any."""
    own = dict(theme.script_fonts).get(script(language))
    return {"body": own, "heading": own} if own else {}


def parse_script_fonts(value: object) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """brand.yml ``defaults.reportgen.script_fonts`` -> ((script, family), ...) and problems.

    Keys are a script (Hans, Hant, Arab, Hebr, Jpan, Kore) or a language tag that implies one
    (zh, zh-TW, ar, he, ja, ko); values are font family names.
    """
    if not isinstance(value, dict):
        return (), ["must be a mapping, e.g. {zh-Hans: Source Han Serif SC}"]
    pairs: list[tuple[str, str]] = []
    problems: list[str] = []
    for key, family in value.items():
        code = str(key) if str(key) in SCRIPT_FONTS else script(str(key))
        if code not in SCRIPT_FONTS:
            problems.append(f"no font stack for '{key}' (known: "
                            f"{', '.join(SCRIPT_FONTS)}, or a language tag such as zh-TW, ar)")
        elif not isinstance(family, str) or not family.strip():
            problems.append(f"'{key}' needs a font family name")
        else:
            pairs.append((code, family.strip()))
    return tuple(pairs), problems
