"""Render a brand's templates without building: how ``brand check`` and ``validate`` find a
broken or hostile template (with its file and line) before a build does."""

from __future__ import annotations

from pathlib import Path

from ..model import Brief
from ..theme import HOUSE, Theme

SAMPLE_BRIEF = Path(__file__).resolve().parents[1] / "samples" / "brief.yaml"


def has_own_templates(theme: Theme) -> bool:
    return tuple(theme.template_dirs) != tuple(HOUSE.template_dirs)


def render_templates(theme: Theme, brief: Brief | None = None) -> None:
    """Render the PDF's HTML and both e-mail bodies with ``brief`` (default: the packaged
    sample brief); raises the located InputError a template causes."""
    from .email.body import render_bodies
    from .html import render_html

    if brief is None:
        from ..brief.load import load_brief

        brief = load_brief(SAMPLE_BRIEF).brief
    render_html(brief, theme)
    render_bodies(brief, theme)
