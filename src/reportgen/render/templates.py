"""Templates: the one Jinja environment factory, its confined loader and its error mapping.

Every environment reportgen renders with is made by ``environment``, so how templates are run
(autoescaping, undefined names, whitespace, later a sandbox) is decided in one place. Templates
and brand folders are user input: ``ConfinedLoader`` is Jinja's FileSystemLoader (which already
refuses ``..`` in template names) minus symbolic links that lead out of its folders, so neither
``{% include %}`` nor ``stylesheet()`` can copy another file into the PDF or the e-mail.

``render`` turns what can go wrong in a template into a located InputError (file, line, what to
check); an error raised by reportgen's own Python (a filter) is not the template's and
propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2

from ..errors import InputError, Problem
from ..files import confined, real

Autoescape = bool | Callable[[str | None], bool]
TEMPLATE_FILES = (".j2", ".html", ".css")


class ConfinedLoader(jinja2.FileSystemLoader):
    """Jinja's FileSystemLoader, serving only files whose real path lies inside its folders.

    Jinja refuses ``..`` in template names but follows symbolic links; a link in a brand's
    templates folder (to ``/etc/passwd``, or to a folder holding it) is refused here with an
    InputError naming the link, before a byte of the file is used.
    """

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if confined(filename, *self.searchpath) is None:
            raise InputError([Problem(
                filename, f"template '{template}' is a symbolic link to {real(filename)}, "
                "outside the template folders",
                hint="copy the file into the brand's templates folder instead of linking to it")])
        return source, filename, uptodate


def environment(template_dirs: Sequence[Path], *,
                autoescape: Autoescape = True) -> jinja2.Environment:
    """A new environment reading templates from ``template_dirs`` (first found wins).

    Undefined names are errors, never empty text. Callers cache the result per search path:
    Jinja caches compiled templates on the environment.
    """
    return jinja2.Environment(
        loader=ConfinedLoader([str(d) for d in template_dirs]),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _template_frame(tb: TracebackType | None,
                    innermost: bool = False) -> tuple[str, int] | None:
    """The innermost template file and line of a rendering error, from Jinja's traceback.

    With ``innermost``, only when the error was raised by the template's own code (not by a
    Python function it called, such as a filter): that is a mistake in the template.
    """
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        is_template = name.endswith(TEMPLATE_FILES)
        if is_template:
            found = (name, tb.tb_lineno)
        if innermost and tb.tb_next is None and not is_template:
            return None
        tb = tb.tb_next
    return found


def render(env: jinja2.Environment, name: str, context: Mapping[str, Any], *,
           variables_in: str) -> str:
    """Template ``name`` rendered with ``context``; template mistakes raise a located
    InputError. ``variables_in`` names the template that documents the variables."""
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise InputError([Problem(
            exc.filename or exc.name or name, f"template syntax error: {exc.message}",
            exc.lineno, hint="check the {% ... %} and {{ ... }} tags on this line",
        )]) from None
    except jinja2.TemplateNotFound as exc:
        where = _template_frame(exc.__traceback__)  # the template that includes or extends it
        searchpath = getattr(env.loader, "searchpath", [])
        raise InputError([Problem(
            where[0] if where else str(exc.name),
            f"template '{exc.name}' not found" if where else "template not found",
            where[1] if where else None,
            hint="looked in: " + ", ".join(str(d) for d in searchpath),
        )]) from None
    except jinja2.UndefinedError as exc:
        where = _template_frame(exc.__traceback__)
        raise InputError([Problem(
            where[0] if where else name, f"template error: {exc.message}",
            where[1] if where else None,
            hint=f"see the variables listed at the top of {variables_in}",
        )]) from None
    except InputError:
        raise
    except Exception as exc:
        # A template's own expression failed ({{ meta.title + 1 }}): bad input, located.
        # An error inside reportgen's Python (a filter) is not the template's: it propagates.
        where = _template_frame(exc.__traceback__, innermost=True)
        if where is None:
            raise
        raise InputError([Problem(
            where[0], f"template error: {type(exc).__name__}: {exc}", where[1],
            hint="check the expression on this line",
        )]) from None

