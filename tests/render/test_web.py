"""The web edition's file itself, parsed with lxml: self-contained, escaped, linked both ways,
with the metadata tools read and brand fonts embedded as WOFF2. No browser here (fast); the
browser checks are in test_web_browser.py."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest
from fontTools.ttLib import TTFont

from conftest import FIXTURES, ROOT, SEED
from reportgen.brand.load import load_brand
from reportgen.brief.load import Loaded, load_brief
from reportgen.manifest import MANIFEST
from reportgen.model import Brief, Paragraph, Text
from reportgen.render.web.writer import CSP, render_web
from reportgen.theme import HOUSE

HOSTILE_TITLE = '</script><script>alert(1)</script> "quoted" & co'


@pytest.fixture(scope="module")
def seed_page(seed: Loaded) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render_web(seed.brief, HOUSE))


@pytest.fixture(scope="module")
def epi_page(seed: Loaded) -> bytes:
    return render_web(seed.brief, load_brand(ROOT / "brands" / "example-policy-institute"))


def test_nothing_outside_the_file_is_asked_for(seed_page: lxml.html.HtmlElement) -> None:
    csp = seed_page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == [CSP]
    assert "default-src 'none'" in CSP and "http" not in CSP
    sources = seed_page.xpath("//@src")
    assert sources and all(s.startswith("data:") for s in sources)
    styles = "".join(seed_page.xpath("//style/text()"))
    assert "url(" not in re.sub(r'url\("data:[^"]+"\)', "", styles)
    assert not seed_page.xpath("//link[@rel='stylesheet'] | //script[not(@type)] | //iframe")
    # Only links go outside, and only to the web: no javascript:, no event handler.
    hrefs = seed_page.xpath("//a/@href")
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    assert not [a for el in seed_page.iter() for a in el.attrib if a.startswith("on")]


def test_every_citation_links_both_ways(seed: Loaded,
                                         seed_page: lxml.html.HtmlElement) -> None:
    ids = set(seed_page.xpath("//@id"))
    assert len(ids) == len(seed_page.xpath("//@id"))  # unique
    cites = seed_page.xpath('//a[@class="cite"]')
    assert len(cites) > 50
    for cite in cites:
        assert cite.get("href")[1:] in ids and cite.get("id") in ids
        back = seed_page.xpath(f'//li[@id="{cite.get("href")[1:]}"]//a[@href="#{cite.get("id")}"]')
        assert len(back) == 1, cite.get("id")
    assert {li.get("id") for li in seed_page.xpath('//ol[@class="rg-source-list"]/li')} == {
        s.anchor for s in seed.brief.sources}
    assert all(h[1:] in ids for h in seed_page.xpath('//a[starts-with(@href, "#")]/@href'))


def test_headings_anchors_and_contents(seed: Loaded, seed_page: lxml.html.HtmlElement) -> None:
    assert len(seed_page.xpath("//h1")) == 1
    headings = seed_page.xpath("//h2[@class='rg-heading'] | //h3[@class='rg-heading']")
    assert len(headings) > 8
    for heading in headings:
        anchor = heading.xpath('./a[@class="rg-anchor"]')[0]
        assert seed_page.xpath(f'//*[@id="{anchor.get("href")[1:]}"]')
        assert anchor.get("aria-labelledby") == heading[0].get("id")
    toc = [a.text for a in seed_page.xpath('//nav[@class="rg-toc"]//a')]
    assert toc[:2] == [part.heading for part in seed.brief.body[:2]]
    assert toc[-1] == seed.brief.labels["sources"]


def test_a_short_brief_has_no_contents() -> None:
    small = load_brief(FIXTURES / "valid_small.yaml").brief
    page = lxml.html.fromstring(render_web(small, HOUSE))
    assert not page.xpath("//nav")
    assert page.xpath("//h2")


def test_table_region_and_chart_data(seed: Loaded, seed_page: lxml.html.HtmlElement) -> None:
    region = seed_page.xpath(f'//section[@id="{seed.brief.table.id}"]//div[@role="region"]')[0]
    assert region.get("tabindex") == "0"
    assert seed_page.xpath(f'//caption[@id="{region.get("aria-labelledby")}"]')
    figure = seed.brief.figures[0]
    data = seed_page.xpath(f'//figure[@id="{figure.anchor}"]//details//table')[0]
    header = [th.text for th in data.xpath(".//thead/th | .//thead/tr/th")]
    spec = json.loads(figure.spec or "{}")
    assert set(header) <= {ch["field"] for ch in _channels(spec)}
    assert len(data.xpath(".//tbody/tr")) > 10
    img = seed_page.xpath(f'//figure[@id="{figure.anchor}"]/img')[0]
    assert img.get("alt") == figure.alt
    assert img.get("src").startswith("data:image/svg+xml;base64,")


def _channels(spec: dict) -> list[dict]:
    found = [c for c in (spec.get("encoding") or {}).values() if isinstance(c, dict)
             and "field" in c]
    for layer in spec.get("layer") or ():
        found += _channels(layer)
    return found


def test_metadata_for_tools(seed: Loaded, seed_page: lxml.html.HtmlElement) -> None:
    meta = seed.brief.meta

    def content(attr: str, name: str) -> list[str]:
        return seed_page.xpath(f'//meta[@{attr}="{name}"]/@content')

    assert seed_page.findtext(".//title") == meta.title
    assert content("name", "description") == [meta.summary_line]
    assert content("name", "citation_title") == [meta.title]
    assert content("name", "citation_author") == list(meta.authors)
    assert content("name", "citation_publication_date") == [meta.date.strftime("%Y/%m/%d")]
    assert content("property", "og:title") == [meta.title]
    ld = json.loads(seed_page.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert ld["@type"] == "Report" and ld["headline"] == meta.title
    assert ld["datePublished"] == meta.date.isoformat()
    assert len(ld["citation"]) == len(seed.brief.sources)
    assert seed_page.get("lang") == meta.language and seed_page.get("dir") == "ltr"


def _hostile(brief: Brief) -> Brief:
    meta = dataclasses.replace(brief.meta, title=HOSTILE_TITLE, summary_line=HOSTILE_TITLE)
    summary = (Paragraph((Text('<script>alert("x")</script><a href="javascript:x()">'),)),)
    return dataclasses.replace(brief, meta=meta, summary=summary)


def test_untrusted_text_stays_text() -> None:
    small = load_brief(FIXTURES / "valid_small.yaml").brief
    data = render_web(_hostile(small), HOUSE)
    page = lxml.html.fromstring(data)
    scripts = page.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/ld+json"]  # the title did not escape
    assert json.loads(scripts[0].text)["headline"] == HOSTILE_TITLE
    assert page.findtext(".//title") == HOSTILE_TITLE
    assert page.findtext(".//h1") == HOSTILE_TITLE
    summary = page.xpath('//section[@id="executive-summary"]/p')[0]
    assert summary.text_content() == '<script>alert("x")</script><a href="javascript:x()">'
    assert b"javascript:" not in data.replace(b"&lt;a href=&#34;javascript:", b"")


def test_brand_fonts_travel_as_woff2_subsets(epi_page: bytes) -> None:
    styles = "".join(lxml.html.fromstring(epi_page).xpath("//style/text()"))
    faces = re.findall(r'font-family: "([^"]+)"; src: url\("data:font/woff2;base64,([^"]+)"\)',
                       styles)
    assert {family for family, _ in faces} == {"EPI Display"}
    assert len(faces) == 3  # regular, italic, bold
    original = TTFont(ROOT / "brands/example-policy-institute/fonts/EPIDisplay-Regular.ttf")
    for _, data in faces:
        font = TTFont(io.BytesIO(base64.b64decode(data)))
        assert font.flavor == "woff2"
        cmap = font.getBestCmap()
        assert ord("C") in cmap  # the title's letters are there
        assert len(cmap) < len(original.getBestCmap())  # and not the whole font
    assert len(epi_page) < 300_000


def test_build_writes_the_html_beside_the_others(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", "--format", "html",
                             "-o", str(out), str(SEED)], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    page = out / "china-ai-governance.html"
    assert page.read_bytes().startswith(b"<!DOCTYPE html>")
    assert [p.name for p in out.iterdir() if p.name != MANIFEST] == [page.name]
