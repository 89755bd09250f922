"""brand.yml's structure, checked by Posit's ``brand_yml``, with its errors located and worded.

brand_yml knows every section and key, rejects unknown keys, normalizes font weights and
``meta``, and resolves logo image names. Its errors carry no positions, and union types add
noise (``logo.BrandLogo.medium.resource...``): union tags are stripped from pydantic's ``loc``
paths, the most plausible union branch is kept, and each error is placed at file:line:column.
The words come from the one translator of pydantic errors (``source.explain.Explainer``), given
brand.yml's own phrases.
"""

from __future__ import annotations

import copy
from typing import Any

from ..errors import FieldPath
from ..source.explain import Explainer, Phrase
from ..source.suggest import did_you_mean
from .colours import THEME_COLOURS
from .options import REPORTGEN_OPTIONS
from .report import Report

# Keys each mapping may hold, for did-you-mean hints ("*" any key, "#" any list index).
_KEYS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    ((), ("meta", "logo", "color", "typography", "defaults")),
    (("meta", "name"), ("full", "short")),
    (("logo",), ("images", "small", "medium", "large")),
    (("logo", "images", "*"), ("path", "alt")),
    (("logo", "*", "*"), ("path", "alt")),
    (("logo", "*"), ("path", "alt", "light", "dark")),
    (("color",), ("palette", *THEME_COLOURS)),
    (("typography",), ("fonts", "base", "headings", "monospace", "monospace-inline",
                       "monospace-block", "link")),
    (("typography", "fonts", "#", "files", "#"), ("path", "weight", "style")),
    (("typography", "fonts", "#"), ("family", "source", "files", "weight", "style", "display")),
    (("typography", "base"), ("family", "size", "weight", "line-height")),
    (("typography", "headings"), ("family", "weight", "style", "color", "line-height")),
    (("typography", "monospace"), ("family", "size", "weight", "color", "background-color")),
    (("typography", "monospace-inline"),
     ("family", "size", "weight", "color", "background-color")),
    (("typography", "monospace-block"),
     ("family", "size", "weight", "color", "background-color", "line-height")),
    (("typography", "link"), ("weight", "color", "background-color", "decoration")),
    (("defaults", "reportgen"), tuple(REPORTGEN_OPTIONS)),
)

_MAPPING = Phrase("{shown} is not a mapping", "'key: value' lines below this key")
_NUMBER = Phrase("{shown} is not a number", "a number such as 1.4")
# brand_yml's errors in the words of someone editing brand.yml; any other keeps brand_yml's own
# message (its validators already speak plainly).
PHRASES: dict[str, tuple[Phrase, ...]] = {
    "model_type": (Phrase("{shown} is not a font file", "a path such as "
                          "fonts/MyFont-Regular.ttf, or 'path:' and 'weight:' lines", at="files"),
                   _MAPPING),
    "dict_type": (_MAPPING,),
    "model_attributes_type": (_MAPPING,),
    "string_type": (Phrase("{shown} is not a font size", "a size such as 11pt or 15px",
                           "give the unit: 11pt, not 11", at="size"),
                    Phrase("{shown} is not text", "text", "put the value in quotes")),
    "list_type": (Phrase("{shown} is not a list", "a list (lines starting with '- ')"),),
    "literal_error": (Phrase("{shown} is not allowed here", "{expected}"),),
    "url*": (Phrase("{shown} is not a web address", "a full address such as https://example.org"),),
    **{kind: (_NUMBER,) for kind in ("float_parsing", "float_type", "int_parsing", "int_type")},
    "*": (Phrase(_MAPPING.message, _MAPPING.expected, msg="must be a dictionary"),),
}


def _known_keys(parent: FieldPath) -> tuple[str, ...]:
    for pattern, keys in _KEYS:
        if len(pattern) == len(parent) and all(
            (p == "*" and isinstance(x, str)) or (p == "#" and isinstance(x, int)) or p == x
            for p, x in zip(pattern, parent, strict=True)
        ):
            return keys
    return ()


def validate(report: Report, data: dict[str, Any]) -> Any:
    """brand_yml's Brand, or None with its complaints added to the report."""
    from brand_yml import Brand  # ~80 ms on top of pydantic: only brands pay for it
    from pydantic import ValidationError

    try:
        return Brand.model_validate(copy.deepcopy(data))  # its validators edit their input
    except ValidationError as exc:
        explainer = Explainer(Brand, phrases=PHRASES, plain_rest=True)
        for err in _pick_branches(exc.errors(include_url=False), data):
            _schema_problem(report, explainer, err, data)
        return None
    except Exception as exc:  # brand_yml's validators crash on shapes not foreseen in compat
        report.add((), f"brand_yml could not read this file: {type(exc).__name__}: {exc}",
                   hint="compare it with brands/example-policy-institute/brand.yml")
        return None


def _walk(data: Any, loc: tuple[Any, ...], *, missing: bool) -> list[bool]:
    """For each part of a pydantic ``loc``: is it a real key/index of the YAML (else a tag)?"""
    node, real = data, []
    for i, part in enumerate(loc):
        in_map = isinstance(node, dict) and isinstance(part, str) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_map or in_list:
            real.append(True)
            node = node[part]
        else:  # a union tag (BrandLogo, file, FileLocationLocal), or the key that is missing
            real.append(missing and i == len(loc) - 1)
    return real


def _pick_branches(errors: list[Any], data: Any) -> list[Any]:
    """Of the errors pydantic reports for every member of a union, keep the likely member's.

    The member the user meant is the one whose errors are not about the shape (unknown or
    missing keys), that got deepest into the YAML, and that explains itself (value_error).
    """
    def real_parts(err: Any) -> list[bool]:
        return _walk(data, tuple(err["loc"]), missing=err["type"] == "missing")

    def pick(errs: list[Any], start: int) -> list[Any]:
        keep: list[Any] = []
        groups: dict[tuple[Any, ...], dict[Any, list[Any]]] = {}
        for err in errs:
            loc, real = tuple(err["loc"]), real_parts(err)
            tag = next((i for i in range(start, len(loc)) if not real[i]), None)
            if tag is None:
                keep.append(err)
            else:
                groups.setdefault(loc[:tag], {}).setdefault(loc[tag], []).append(err)
        for prefix, branches in groups.items():
            t = len(prefix)

            def score(es: list[Any], t: int = t) -> tuple[int, int, bool, int]:
                shape = sum(e["type"] in ("extra_forbidden", "missing") for e in es)
                depth = max(sum(real_parts(e)[t + 1:]) for e in es)
                return (-shape, depth, any(e["type"] == "value_error" for e in es), -len(es))

            keep += pick(max(branches.values(), key=score), t + 1)
        return keep

    return pick(errors, 0)


def _schema_problem(report: Report, explainer: Explainer, err: Any, data: Any) -> None:
    raw = tuple(err["loc"])
    kind = err["type"]
    real = _walk(data, raw, missing=kind == "missing")
    at: FieldPath = tuple(p for p, r in zip(raw, real, strict=True) if r)
    if report.covers(at):
        return  # already explained by a file or colour check
    node: Any = data
    for part in at:
        node = node[part]
    logo = data.get("logo")
    images = logo.get("images") if isinstance(logo, dict) else None
    if at[:1] == ("logo",) and isinstance(images, dict) and isinstance(node, str) \
            and node in images:
        return  # brand_yml copies an image into every size naming it: reported at the image
    if not _special(report, err, at, raw):
        message, expected, hint = explainer.explain(err, at)
        report.add(at, message, expected=expected, hint=hint)


def _special(report: Report, err: Any, at: FieldPath, raw: tuple[Any, ...]) -> bool:
    """Errors placed at a key, or about a particular field: True when reported."""
    kind = err["type"]
    if kind == "extra_forbidden":
        known = _known_keys(at[:-1])
        key = str(at[-1])
        hint = did_you_mean(key, known) or (
            "allowed keys here: " + ", ".join(known) if known else None)
        report.add(at, f"unknown key '{key}'", hint=hint, at_key=True)
    elif kind == "missing":
        report.add(at, f"'{raw[-1]}' is missing", expected=f"a '{raw[-1]}:' entry here",
                   at_key=True)
    elif kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag")
        report.add((*at, "source"), f"unknown font source '{tag}'",
                   expected="file, system, google or bunny",
                   hint="use 'file' for font files in the brand folder, 'system' for installed "
                   "fonts")
    else:
        return False
    return True
