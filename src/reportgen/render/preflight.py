"""What a brand gives the writers, checked as the writers will use it: its templates (parsed,
and rendered with a brief) and its reference.docx. ``brand check``, ``validate``, ``check`` and
every build find a broken or hostile template (with its file and line) before rendering, and the
brand folder itself (brand/) never imports a writer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError, Problem
from ..model import Brief
from ..source.limits import read_limited
from ..theme import HOUSE, Theme

SAMPLE_BRIEF = Path(__file__).resolve().parents[1] / "samples" / "brief.yaml"


def check_files(templates: Sequence[Path], reference: Path | None) -> list[Problem]:
    """Parse each template (Jinja syntax errors with template name and line) and check the
    reference.docx (bounds, DTDs, structure); the problems, for the brand's one report."""
    import jinja2

    from .docx.reference import checked_reference
    from .templates import environment

    problems: list[Problem] = []
    env = environment(())
    for path in templates:
        try:
            env.parse(read_limited(path, what="template").decode("utf-8"), path.name, str(path))
        except InputError as exc:  # too large for a template
            problems.extend(exc.problems)
        except UnicodeDecodeError:
            problems.append(Problem(str(path), "template is not valid UTF-8",
                                    hint="save the file as UTF-8 in your editor"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(
                str(path), f"template syntax error: {exc.message}", exc.lineno,
                hint="check the {% ... %} and {{ ... }} tags on this line; delete the file to "
                "use the default template"))
    if reference is not None:
        problems.extend(checked_reference(reference).problems)
    return problems


def reference_warnings(theme: Theme) -> list[str]:
    """What the writer will drop from the brand's reference.docx (external links, macros ...)."""
    if theme.reference_docx is None:
        return []
    from .docx.reference import checked_reference

    return [f"{theme.reference_docx}: {removed}"
            for removed in checked_reference(theme.reference_docx).removed]


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
