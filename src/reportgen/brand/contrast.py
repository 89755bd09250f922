"""WCAG contrast of a brand's colour pairs, for ``brand check``.

Every edition prints the same pairs: body text, muted text, headings and links on the page, text
and links on the summary box, and the table header. A pair below WCAG AA (4.5:1, or 3:1 for the
large text of headings) is a warning naming both colours and the ratio, so a gold ``#c9a227``
link colour on white no longer passes unnoticed.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import Problem
from ..theme import Theme
from .colours import contrast

NORMAL, LARGE = 4.5, 3.0


def pairs(theme: Theme) -> list[tuple[str, str, str, str, float]]:
    """(what, foreground, where, background, minimum) for each pair the editions print."""
    return [
        ("body text", theme.foreground, "the page", theme.background, NORMAL),
        ("muted text (captions, byline)", theme.secondary, "the page", theme.background, NORMAL),
        ("links", theme.link, "the page", theme.background, NORMAL),
        ("headings", theme.heading_color, "the page", theme.background, LARGE),
        ("body text", theme.foreground, "the summary box", theme.light, NORMAL),
        ("links", theme.link, "the summary box", theme.light, NORMAL),
        ("table header text", theme.table_header_fg, "the table header", theme.table_header_bg,
         NORMAL),
        ("body text", theme.foreground, "striped table rows", theme.table_stripe, NORMAL),
    ]


def contrast_warnings(theme: Theme, brand_file: Path | None) -> list[Problem]:
    """A warning for each pair below WCAG AA."""
    where = str(brand_file) if brand_file is not None else theme.name
    found = []
    for what, fg, on, bg, minimum in pairs(theme):
        ratio = contrast(fg, bg)
        if ratio < minimum:
            found.append(Problem(
                where, f"{what} {fg} on {on} {bg} has a contrast of {ratio:.2f}:1, below "
                f"WCAG AA ({minimum:g}:1)", field="color", severity="warning",
                expected=f"a contrast of at least {minimum:g}:1",
                hint="darken the text colour or lighten the background in brand.yml"))
    return found
