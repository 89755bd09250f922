"""The PDF's measures in Word terms: type sizes, line pitch, paragraph spacing and page margins.

The numbers are those of ``templates/brief.css``, so the two editions set the same lines on the
same page area and run to the same length. Word applies a line-spacing *multiple* to the font's
own line height (ascender, descender and gap: 1.36 em for Noto Serif), not to the type size as
CSS does, so a brand's ``line-height: 1.45`` is written as a pitch in points ("at least", so a
taller script font is never clipped). Word also adds one paragraph's space after to the next
one's space before, where CSS collapses the two margins: a heading's space before is written
less the body paragraph's space after, which precedes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.text import WD_LINE_SPACING
from docx.shared import Mm, Pt
from docx.text.parfmt import ParagraphFormat

from ...writing_systems import primary

DEFAULT_LINE_HEIGHT = 1.45  # brief.css: html { line-height: var(--rg-line-height, 1.45) }
CJK_LINE_HEIGHT = 1.6  # brief.css: :lang(zh) p, :lang(zh) li
PARAGRAPH_AFTER = 0.65  # em, brief.css p { margin-bottom }
POINTS_PER_MM = 72 / 25.4

# @page { margin: 21mm 18mm 20mm 18mm }: the running header and footer sit inside them, their
# text about 12 mm from the paper's edge (the margin less the padding, rule and line).
MARGINS = {"top_margin": Mm(21), "right_margin": Mm(18), "bottom_margin": Mm(20),
           "left_margin": Mm(18)}
HEADER_DISTANCE = Mm(12)


@dataclass(frozen=True)
class Measure:
    """One style's measures, in points; ``line`` is CSS's line-height (a multiple of the size).

    ``None`` leaves the property to the style it is based on; ``single`` is Word's own single
    spacing, for paragraphs that hold a picture (a pitch in points would crop it to a line).
    """

    size: float | None = None
    line: float | None = None
    before: float | None = None
    after: float | None = None
    single: bool = False


def _mm(value: float) -> float:
    return value * POINTS_PER_MM


def text_line_height(line_height: float | None, language: str) -> float:
    """The body text's line-height: the brand's, else the stylesheet's (1.6 for Chinese)."""
    if primary(language) == "zh":
        return CJK_LINE_HEIGHT
    return line_height if line_height is not None else DEFAULT_LINE_HEIGHT


def measures(base: float, line_height: float | None, language: str) -> dict[str, Measure]:
    """Style name → measures, from the theme's base size and line-height and the language."""
    text = text_line_height(line_height, language)
    after = PARAGRAPH_AFTER * base
    return {
        "Normal": Measure(base, text, 0, after),
        "Body Text": Measure(None, None, 0, after),
        "First Paragraph": Measure(None, None, 0, after),
        "Abstract": Measure(None, None, 0, 0.6 * base),
        "List Bullet": Measure(None, None, 0, 0.3 * base),
        "List Number": Measure(None, None, _mm(1.6), _mm(1.6)),
        "Title": Measure(24, 1.12, 0, _mm(2.5)),
        "Subtitle": Measure(13, 1.3, 0, _mm(10)),
        "Series": Measure(8, 1.25, 0, _mm(3)),
        "Author": Measure(8, 1.25, 0, _mm(7)),
        "Heading 1": Measure(14, 1.25, max(_mm(7) - after, 0), _mm(2.5)),
        "Heading 2": Measure(11, 1.25, max(_mm(4.5) - after, 0), _mm(1.5)),
        "Quote": Measure(12, 1.35, max(_mm(8) - after, 0), _mm(8)),
        "Captioned Figure": Measure(None, None, max(_mm(5) - after, 0), 0, single=True),
        "Caption": Measure(9, 1.35, _mm(2), _mm(2)),
        "Figure Source": Measure(7.5, 1.35, 0, _mm(3)),
        "Table Note": Measure(7.5, 1.35, _mm(1), _mm(2)),
        "Compact": Measure(7.5, 1.35, 0, 0),
        "Bibliography": Measure(8.5, 1.4, 0, _mm(1.6)),
        "Header": Measure(7.5, 1.2, 0, 0),
        "Footer": Measure(7.5, 1.2, 0, 0),
    }


def apply_spacing(pf: ParagraphFormat, measure: Measure, size: float) -> None:
    """Writes a measure's spacing on a style's paragraph format (``size``: its type size)."""
    if measure.single:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    elif measure.line is not None:
        pf.line_spacing = Pt(round(size * measure.line, 2))
        pf.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    if measure.before is not None:
        pf.space_before = Pt(round(measure.before, 1))
    if measure.after is not None:
        pf.space_after = Pt(round(measure.after, 1))
