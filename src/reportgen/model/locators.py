"""Pandoc's citation locator terms (``p.``, ``pp.``, ``chap.``, ``§`` ...), read in English as
Pandoc does and in the languages the brief may be written in, normalized to CSL's term names
so that each writer prints them in the brief's language (``locator_<term>`` in translations)."""

from __future__ import annotations

import re

# Written form -> (CSL term, plural?). English is Pandoc's list (Text.Pandoc.Citeproc.Locator);
# French, German and Spanish add the abbreviations their style guides use.
_FORMS: dict[str, tuple[str, bool]] = {}


def _add(term: str, singular: tuple[str, ...], plural: tuple[str, ...]) -> None:
    _FORMS.update({form: (term, False) for form in singular})
    _FORMS.update({form: (term, True) for form in plural})


_add("book", ("book", "bk.", "Bd."), ("books", "bks."))
_add("chapter", ("chapter", "chap.", "ch.", "chapitre", "Kap.", "Kapitel", "cap.", "capítulo"),
     ("chapters", "chaps.", "chs."))
_add("column", ("column", "col.", "Sp."), ("columns", "cols."))
_add("figure", ("figure", "fig.", "Abb."), ("figures", "figs."))
_add("folio", ("folio", "fol."), ("folios", "fols."))
_add("number", ("number", "no.", "Nr.", "núm."), ("numbers", "nos."))
_add("line", ("line", "l.", "Z."), ("lines", "ll."))
_add("note", ("note", "n.", "Anm."), ("notes", "nn."))
_add("opus", ("opus", "op."), ("opera", "opp."))
_add("page", ("page", "p.", "S.", "pág.", "Seite"), ("pages", "pp.", "págs."))
_add("paragraph", ("paragraph", "para.", "¶", "Abs.", "párr."), ("paragraphs", "paras.", "¶¶"))
_add("part", ("part", "pt.", "Teil"), ("parts", "pts."))
_add("section", ("section", "sec.", "sect.", "§", "Abschn."), ("sections", "secs.", "§§"))
_add("sub-verbo", ("sub verbo", "s.v."), ("sub verbis", "s.vv."))
_add("verse", ("verse", "v."), ("verses", "vv."))
_add("volume", ("volume", "vol."), ("volumes", "vols."))

TERMS = tuple(sorted({term for term, _ in _FORMS.values()}))
# A locator value: "33", "33-35", "33-35, 38", "iv", "12a"; a range or list makes it plural.
_VALUE = r"[0-9IVXLCDMivxlcdm]+[a-z]?(?:\s*(?:[-\u2013\u2014]|,|&|and)\s*[0-9ivxlcdm]+[a-z]?)*"
_WRITTEN = "|".join(re.escape(f) for f in sorted(_FORMS, key=len, reverse=True))
_LOCATOR = re.compile(rf"(?P<form>{_WRITTEN})\s*(?P<value>{_VALUE})(?![\w.])|(?P<bare>\d+[a-z]?"
                      rf"(?:\s*(?:[-\u2013\u2014]|,)\s*\d+[a-z]?)*)(?![\w.])")


def split_locator(rest: str) -> tuple[str, str, bool, str]:
    """``"pp. 33-35, emphasis added"`` -> ("page", "33-35", True, "emphasis added").

    What follows the key, without its leading comma: a locator (a term and a value, or a bare
    page number as Pandoc reads it) and then the suffix. No locator: the term and value are
    empty and everything is the suffix.
    """
    match = _LOCATOR.match(rest)
    if match is None:
        return "", "", False, rest
    suffix = rest[match.end():].lstrip(" ,")
    if match.group("bare"):
        value = match.group("bare")
        return "page", value, bool(re.search(r"[-\u2013\u2014,]", value)), suffix
    term, plural = _FORMS[match.group("form")]
    value = match.group("value")
    return term, value, plural or bool(re.search(r"[-\u2013\u2014,&]|and", value)), suffix
