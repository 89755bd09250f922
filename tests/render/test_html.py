"""The HTML writer: templates, escaping, citations, overrides; no PDF rendering here (fast)."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, sections
from reportgen.brief.load import Loaded, load_brief
from reportgen.errors import InputError
from reportgen.model import (
    Brief,
    Cite,
    Code,
    ComparisonTable,
    Emph,
    LineBreak,
    Link,
    Paragraph,
    Section,
    Strong,
    Text,
)
from reportgen.render.html import environment, render_html, render_inlines
from reportgen.theme import HOUSE, Font, FontFace, Theme

SMALL = FIXTURES / "pdf_small.yaml"
XSS_TITLE = "<script>alert(1)</script> & co"
XSS_SUMMARY = '<img src="file:///etc/passwd">'


@pytest.fixture(scope="module")
def small() -> Brief:
    return load_brief(SMALL).brief


@pytest.fixture(scope="module")
def seed_html(seed: Loaded) -> str:
    return render_html(seed.brief, HOUSE)


def with_templates(tmp_path: Path, files: dict[str, str]) -> Theme:
    """The house theme with a user templates folder searched first."""
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return dataclasses.replace(HOUSE, template_dirs=(tmp_path, *HOUSE.template_dirs))


def start_tags(html: str) -> list[str]:
    """Elements as an HTML parser sees them (style content is raw text to it, as to WeasyPrint)."""
    tags: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)

    Collector().feed(html)
    return tags


# ---- Inline rendering -----------------------------------------------------------------------


def test_single_citation_is_one_link_with_brackets() -> None:
    html = render_inlines((Cite(("eu-ai-act",), (4,)),))
    assert html == '<a class="cite" href="#src-eu-ai-act">[4]</a>'


def test_multiple_citation_links_each_number() -> None:
    html = render_inlines((Cite(("a", "b"), (1, 3)),))
    assert '<a class="cite" href="#src-a">1</a>' in html
    assert '<a class="cite" href="#src-b">3</a>' in html
    assert re.sub(r"<[^>]+>", "", html) == "[1,\u00a03]"


def test_citation_is_glued_to_the_preceding_word() -> None:
    html = render_inlines((Text("a claim "), Cite(("a",), (1,)), Text(".")))
    # The space moves inside the citation's span as a no-break space (not left in the text run,
    # which triggers an early line break in WeasyPrint 70).
    assert html.startswith("a claim<span class=\"cites\">\u00a0<a class=\"cite\"")
    assert html.endswith("</a></span>.")


def test_inline_markup_and_escaping() -> None:
    nodes = (
        Text("a < b & "),
        Strong((Text("bold"),)),
        Emph((Text("<i>"),)),
        Code("x<y"),
        LineBreak(),
        Link('https://example.org/?q="x"&y=<z>', (Text("link"),)),
    )
    html = render_inlines(nodes)
    assert html.startswith("a &lt; b &amp; <strong>bold</strong><em>&lt;i&gt;</em>")
    assert "<code>x&lt;y</code><br>" in html
    assert 'href="https://example.org/?q=&#34;x&#34;&amp;y=&lt;z&gt;"' in html


# ---- The seed document -----------------------------------------------------------------------


def test_document_head(seed: Loaded, seed_html: str) -> None:
    meta = seed.brief.meta
    assert f'<html lang="{meta.language}" dir="ltr">' in seed_html
    assert f'<meta name="dcterms.created" content="{meta.date.isoformat()}">' in seed_html
    assert ":root {\n  --rg-primary: #1f4e79;" in seed_html
    assert "@page { size: A4; }" in seed_html
    assert "var(--rg-primary)" in seed_html  # brief.css is inlined
    assert "{%" not in seed_html and "{{" not in seed_html


def test_every_part_is_rendered(seed: Loaded, seed_html: str) -> None:
    brief = seed.brief
    for section in sections(brief):
        assert f'id="{section.id}"' in seed_html
    table = brief.table
    assert f'id="{table.id}"' in seed_html
    assert seed_html.count("<thead>") == 1
    assert seed_html.count('<th scope="row">') == len(table.rows)
    assert seed_html.count('<th scope="col">') == len(table.columns)
    for source in brief.sources:
        assert f'<li id="src-{source.id}">' in seed_html
        assert f'<span class="rg-src-num">[{source.number}]</span>' in seed_html
        if source.url:
            assert f'href="{source.url}"' in seed_html


def headings(html: str) -> list[tuple[str, str, str | None]]:
    """(tag, text, id of the enclosing <section>) for every h1-h6, in document order."""
    found: list[tuple[str, str, str | None]] = []
    open_sections: list[str | None] = []
    current: list[str] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "section":
                open_sections.append(dict(attrs).get("id"))
            elif re.fullmatch(r"h[1-6]", tag):
                current[:] = [tag]

        def handle_endtag(self, tag: str) -> None:
            if tag == "section":
                open_sections.pop()
            elif current and tag == current[0]:
                found.append((tag, "".join(current[1:]).strip(),
                              open_sections[-1] if open_sections else None))
                current.clear()

        def handle_data(self, data: str) -> None:
            if current:
                current.append(data)

    Collector().feed(html)
    return found


def test_one_h1_then_parts_as_h2_and_subsections_as_h3(seed: Loaded, seed_html: str) -> None:
    """The heading hierarchy screen readers and PDF/UA checkers expect: one h1 (the title); the
    summary, takeaways, every section, the table and the sources as h2; subsections as h3."""
    brief = seed.brief
    found = headings(seed_html)
    assert seed_html.count("<h1") == 1
    assert [(tag, text) for tag, text, _ in found if tag == "h1"] == [("h1", brief.meta.title)]
    assert '<h1 class="rg-title">' in seed_html
    subsections = [sub for part in brief.body if isinstance(part, Section)
                   for sub in part.subsections]
    assert subsections, "the seed has subsections"
    expected = [
        ("h1", brief.meta.title, None),
        ("h2", brief.labels["executive_summary"], "executive-summary"),
        ("h2", brief.labels["key_takeaways"], "key-takeaways"),
    ]
    for part in brief.body:
        expected.append(("h2", part.heading, part.id))
        if isinstance(part, Section):
            expected.extend(("h3", sub.heading, sub.id) for sub in part.subsections)
    expected.append(("h2", brief.labels["sources"], "sources"))
    assert found == expected  # each heading in its own section, whose id (the anchor) is kept


def test_every_cited_source_is_linked(seed: Loaded, seed_html: str) -> None:
    linked = set(re.findall(r'class="cite" href="#src-([^"]+)"', seed_html))
    anchors = set(re.findall(r'<li id="src-([^"]+)"', seed_html))
    assert linked and linked <= anchors


def test_quotes_get_marks_and_attribution(seed: Loaded, seed_html: str) -> None:
    quotes = [q for s in sections(seed.brief) for q in s.quotes]
    assert quotes, "the seed has quotes"
    for quote in quotes:
        assert f"\u201c{quote.text}\u201d".replace("'", "&#39;") in seed_html
        assert f"— {quote.speaker}, {quote.affiliation}".replace("'", "&#39;") in seed_html


def test_letter_paper(small: Brief) -> None:
    letter = dataclasses.replace(small, meta=dataclasses.replace(small.meta, paper="Letter"))
    assert "@page { size: letter; }" in render_html(letter, HOUSE)


# ---- Escaping ---------------------------------------------------------------------------------


def test_autoescape_whatever_a_template_file_is_called(small: Brief, tmp_path: Path) -> None:
    """A brand partial named *.jinja escapes brief text too (autoescape is not by extension)."""
    theme = with_templates(tmp_path, {
        "brief.html.j2": '{% extends "base.html.j2" %}'
                         '{% block colophon %}{% include "extra.jinja" %}{% endblock %}',
        "extra.jinja": "<p class=extra>{{ meta.title }}</p>",
    })
    brief = dataclasses.replace(small, meta=dataclasses.replace(small.meta, title=XSS_TITLE))
    html = render_html(brief, theme)
    assert "<p class=extra>&lt;script&gt;alert(1)" in html


def test_autoescape_title_and_summary(small: Brief) -> None:
    brief = dataclasses.replace(
        small,
        meta=dataclasses.replace(small.meta, title=XSS_TITLE, short_title=XSS_TITLE),
        summary=(Paragraph((Text(XSS_SUMMARY),)),),
    )
    html = render_html(brief, HOUSE)
    assert "<script>alert" not in html and "script" not in start_tags(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<img src=\"file:" not in html
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html


def test_theme_values_cannot_break_out_of_the_style_element(small: Brief) -> None:
    theme = dataclasses.replace(HOUSE, primary="red;}</style><script>x()</script>")
    html = render_html(small, theme)
    assert "script" not in start_tags(html)
    assert "--rg-primary: red/stylescriptx()/script;" in html


# ---- Templates are the user's customization surface ------------------------------------------


def test_one_overridden_block(small: Brief, tmp_path: Path) -> None:
    theme = with_templates(tmp_path, {
        "brief.html.j2": '{% extends "base.html.j2" %}'
                         '{% block colophon %}<p class="mine">© Example</p>{% endblock %}',
    })
    html = render_html(small, theme)
    assert '<p class="mine">© Example</p>' in html
    assert small.meta.title.replace("'", "&#39;") in html  # the rest still comes from base
    assert 'id="sources"' in html


def test_partial_and_stylesheet_override(small: Brief, tmp_path: Path) -> None:
    theme = with_templates(tmp_path, {
        "brief.css": "body { color: rebeccapurple; }",
        "partials/sources.html.j2": "<section id=\"sources\">custom sources</section>",
    })
    html = render_html(small, theme)
    assert "rebeccapurple" in html and "--rg-heading-font" not in html.split("</style>")[1]
    assert "custom sources" in html


def test_stylesheet_is_included_verbatim_and_cannot_close_its_element(
    small: Brief, tmp_path: Path
) -> None:
    theme = with_templates(tmp_path, {
        "brief.css": "a{#x:1} p::after { content: '</style><script>x()</script>'; }",
    })
    html = render_html(small, theme)
    assert "a{#x:1}" in html
    assert "<\\/style><script>" in html
    assert "script" not in start_tags(html)


def test_brand_font_files_become_font_faces(small: Brief, tmp_path: Path) -> None:
    files = (tmp_path / "Brand-Regular.ttf", tmp_path / "Brand-SemiBoldItalic.ttf")
    theme = dataclasses.replace(HOUSE, heading_font=Font("Brand Sans", files, weight=600))
    html = render_html(small, theme)
    assert (f'@font-face {{ font-family: "Brand Sans"; src: url("{files[0].as_uri()}"); '
            "font-weight: 400; font-style: normal; }") in html
    assert (f'src: url("{files[1].as_uri()}"); font-weight: 600; font-style: italic;') in html
    assert '--rg-heading-font: "Brand Sans", sans-serif;' in html


def test_described_font_faces_keep_their_weight_and_style(small: Brief, tmp_path: Path) -> None:
    face = FontFace("Brand Sans", tmp_path / "brand.ttf", (100, 900), "italic")
    theme = dataclasses.replace(HOUSE, font_faces=(face,),
                                heading_font=Font("Brand Sans", (face.path,), weight=700))
    html = render_html(small, theme)
    assert html.count("@font-face") == 1
    assert f'src: url("{face.path.as_uri()}"); font-weight: 100 900; font-style: italic;' in html


def test_environment_is_cached_per_search_path(tmp_path: Path) -> None:
    dirs = tuple(HOUSE.template_dirs)
    assert environment(dirs) is environment(dirs)
    assert environment((tmp_path, *dirs)) is not environment(dirs)
    assert environment(dirs).autoescape is True  # brief.css is inserted verbatim, not rendered


def test_undefined_variable_is_a_located_input_error(small: Brief, tmp_path: Path) -> None:
    theme = with_templates(tmp_path, {
        "brief.html.j2": '{% extends "base.html.j2" %}\n{% block colophon %}\n'
                         "{{ no_such_thing }}{% endblock %}",
    })
    with pytest.raises(InputError) as info:
        render_html(small, theme)
    problem = info.value.problems[0]
    assert "no_such_thing" in problem.message
    assert problem.file.endswith("brief.html.j2") and problem.line == 3


def test_template_syntax_error_is_a_located_input_error(small: Brief, tmp_path: Path) -> None:
    theme = with_templates(tmp_path, {"brief.html.j2": "line one\n{% if %}\n"})
    with pytest.raises(InputError) as info:
        render_html(small, theme)
    assert info.value.problems[0].line == 2


def test_table_row_cites_follow_the_row_name(small: Brief) -> None:
    html = render_html(small, HOUSE)
    table = small.table
    assert isinstance(table, ComparisonTable)
    first = table.rows[0]
    name = re.escape(str(first.cells[0][0].text))  # type: ignore[union-attr]
    assert re.search(name + r' <span class="rg-row-cites">.*?href="#src-', html)


def test_writers_do_not_import_weasyprint() -> None:
    """Commands that make no PDF must not pay WeasyPrint's import time."""
    code = ("import sys, reportgen.render.html, reportgen.render.pdf.writer, "
            "reportgen.render.pdf.fetcher, reportgen.render.pdf.variants, reportgen.brand; "
            "sys.exit('weasyprint' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


@pytest.mark.parametrize("template", [
    '{% include "secret" %}',  # a link with no template suffix
    '{% include "linked/secret.txt" %}',  # a file inside a linked folder
    '{{ stylesheet("secret.css") }}',  # stylesheet() reads through the same loader
])
def test_templates_cannot_follow_links_out_of_their_folder(small: Brief, tmp_path: Path,
                                                           template: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    templates = tmp_path / "templates"
    theme = with_templates(templates, {
        "brief.html.j2": '{% extends "base.html.j2" %}'
                         "{% block colophon %}" + template + "{% endblock %}",
    })
    (templates / "secret").symlink_to(secret)
    (templates / "secret.css").symlink_to(secret)
    (templates / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InputError) as info:
        render_html(small, theme)
    problem = info.value.problems[0]
    assert "symbolic link" in problem.message and str(secret) in problem.message
    assert problem.hint and "copy the file" in problem.hint


def test_links_inside_the_template_folder_still_work(small: Brief, tmp_path: Path) -> None:
    theme = with_templates(tmp_path, {
        "brief.html.j2": '{% extends "base.html.j2" %}'
                         '{% block colophon %}{% include "alias.html" %}{% endblock %}',
        "parts/real.html": "<p>linked partial</p>",
    })
    (tmp_path / "alias.html").symlink_to(tmp_path / "parts" / "real.html")
    assert "<p>linked partial</p>" in render_html(small, theme)


@pytest.mark.parametrize(("line_3", "message"), [
    # Exit code 2 with the template's line, not 'rendering failed' (exit 1) with no place.
    ("{{ meta.title + 1 }}", "TypeError"),
    ('{% include "partials/nope.html.j2" %}', "'partials/nope.html.j2' not found"),
], ids=["failing-expression", "missing-include"])
def test_a_template_error_is_located_in_the_template_that_has_it(
        small: Brief, tmp_path: Path, line_3: str, message: str) -> None:
    theme = with_templates(tmp_path, {
        "brief.html.j2": '{% extends "base.html.j2" %}\n{% block colophon %}\n'
                         f"{line_3}{{% endblock %}}",
    })
    with pytest.raises(InputError) as info:
        render_html(small, theme)
    problem = info.value.problems[0]
    assert problem.file == str(tmp_path / "brief.html.j2") and problem.line == 3
    assert message in problem.message


def test_a_bug_in_a_filter_is_not_blamed_on_the_template(small: Brief,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import reportgen.render.html as html_writer

    def broken(*_: object) -> str:
        raise ZeroDivisionError("a bug in reportgen")

    env = html_writer.environment(tuple(HOUSE.template_dirs))
    monkeypatch.setitem(env.filters, "inlines", broken)
    with pytest.raises(ZeroDivisionError):
        render_html(small, HOUSE)
