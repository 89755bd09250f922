"""What tools read from a web page's head, all from the brief's ``meta``.

Highwire Press ``citation_*`` tags (Zotero, Google Scholar), Open Graph (link previews), and a
schema.org ``Report`` in JSON-LD (search engines). JSON-LD sits in a ``<script>`` element, where
HTML escaping does not apply: ``<``, ``>`` and ``&`` are written as JSON escapes, so a title
holding ``</script>`` stays a string.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

from ...model import Brief

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                 "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: Any) -> Markup:
    """JSON that cannot end the ``<script>`` element it is put in."""
    text = json.dumps(value, ensure_ascii=False, indent=1, sort_keys=False)
    return Markup("".join(_JSON_ESCAPES.get(c, c) for c in text))


def meta_tags(brief: Brief, organization: str) -> list[tuple[str, str, str]]:
    """(attribute, name, content) of each ``<meta>`` tag, in order: ``name=`` for Highwire,
    ``property=`` for Open Graph. Escaped by the template like any text."""
    meta = brief.meta
    tags = [("name", "citation_title", meta.title)]
    tags += [("name", "citation_author", author) for author in meta.authors]
    tags += [
        ("name", "citation_publication_date", meta.date.strftime("%Y/%m/%d")),
        ("name", "citation_technical_report_institution", organization),
        ("name", "citation_language", meta.language),
        ("name", "citation_pdf_url", f"{meta.slug}.pdf"),
    ]
    if meta.series:
        tags.append(("name", "citation_technical_report_number", meta.series))
    if meta.keywords:
        tags.append(("name", "citation_keywords", "; ".join(meta.keywords)))
    tags += [
        ("property", "og:type", "article"),
        ("property", "og:title", meta.title),
        ("property", "og:description", meta.summary_line),
        ("property", "og:locale", meta.language.replace("-", "_")),
        ("property", "og:site_name", organization),
        ("property", "article:published_time", meta.date.isoformat()),
    ]
    tags += [("property", "article:author", author) for author in meta.authors]
    return tags


def json_ld(brief: Brief, organization: str) -> Markup:
    """The brief as a schema.org ``Report``."""
    meta = brief.meta
    report: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": meta.title,
        "name": meta.title,
        "alternativeHeadline": meta.subtitle,
        "description": meta.summary_line,
        "datePublished": meta.date.isoformat(),
        "inLanguage": meta.language,
        "author": [{"@type": "Person", "name": a} for a in meta.authors],
        "publisher": {"@type": "Organization", "name": organization},
        "keywords": list(meta.keywords),
        "citation": [{"@type": "CreativeWork", "name": s.title, **({"url": s.url} if s.url
                                                                    else {})}
                     for s in brief.sources],
    }
    if meta.series:
        report["reportNumber"] = meta.series
    return script_json(report)
