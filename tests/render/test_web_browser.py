"""The web edition in a real browser: Debian's Chromium driven by Playwright (its own browser
download is never used), with axe-core injected into the page.

Every seed with every shipped brand at 360 and 1280 CSS pixels: no WCAG 2.2 AA violation, no
horizontal scrolling of the page, and not one request besides the file itself. On the seed: every
link and the table region are reached with Tab, and the focused element has a visible outline.
One browser for the module; screenshots go to pytest's temporary folder, never into git.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import ROOT
from reportgen.brand.load import load_brand
from reportgen.brief.load import load_brief
from reportgen.render.web.writer import render_web
from reportgen.theme import HOUSE, Theme

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run"]
AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SEEDS = sorted((ROOT / "seeds").glob("*.yaml"))
BRANDS = ["house", *sorted(p.name for p in (ROOT / "brands").iterdir()
                           if (p / "brand.yml").is_file())]
WIDTHS = [360, 1280]


def _theme(brand: str) -> Theme:
    return HOUSE if brand == "house" else load_brand(ROOT / "brands" / brand)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every seed's web edition with every brand, written once."""
    folder = tmp_path_factory.mktemp("web")
    written = {}
    themes = {brand: _theme(brand) for brand in BRANDS}
    for seed in SEEDS:
        brief = load_brief(seed).brief
        for brand, theme in themes.items():
            path = folder / f"{seed.stem}--{brand}.html"
            path.write_bytes(render_web(brief, theme))
            written[seed.stem, brand] = path
    return written


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def _open(browser: Browser, path: Path, width: int) -> tuple[Page, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 800})
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    return page, requests


def _axe(page: Page) -> dict[str, Any]:
    """axe-core's WCAG 2.2 AA rules on the page. Injected through DevTools: the page's own
    policy forbids scripts, rightly. Only violations are detailed (much faster)."""
    page.evaluate(AXE)
    return page.evaluate("""tags => axe.run(document, {resultTypes: ['violations'],
                                                      runOnly: {type: 'tag', values: tags}})""",
                         WCAG_AA)


def _violations(result: dict[str, Any]) -> list[str]:
    return [f"{v['id']} ({len(v['nodes'])}): {v['nodes'][0]['target']} "
            f"{v['nodes'][0].get('failureSummary', '')[:300]}" for v in result["violations"]]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("seed", [s.stem for s in SEEDS])
def test_accessible_at_every_width(browser: Browser, pages: dict[tuple[str, str], Path],
                                   seed: str, brand: str, width: int,
                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    path = pages[seed, brand]
    page, requests = _open(browser, path, width)
    try:
        result = _axe(page)
        assert result["passes"], "axe ran no check"
        assert _violations(result) == []
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert scroll <= inner, f"the page scrolls sideways: {scroll} > {inner}"
        assert requests == [path.as_uri()]
        shots = tmp_path_factory.getbasetemp() / "screenshots"
        shots.mkdir(exist_ok=True)
        page.screenshot(path=shots / f"{seed}--{brand}-{width}.png")
    finally:
        page.close()


def test_the_table_scrolls_inside_its_region(browser: Browser,
                                             pages: dict[tuple[str, str], Path]) -> None:
    page, _ = _open(browser, pages["china-ai-governance", "house"], 360)
    try:
        inner, outer = page.evaluate("""() => {
            const region = document.querySelector('.rg-table-section [role=region]');
            return [region.scrollWidth, region.clientWidth]; }""")
        assert inner > outer  # the wide table scrolls, not the page
    finally:
        page.close()


def test_keyboard_reaches_every_link_with_a_visible_focus(
        browser: Browser, pages: dict[tuple[str, str], Path]) -> None:
    page, _ = _open(browser, pages["china-ai-governance", "house"], 1280)
    try:
        wanted = page.evaluate("""() => [...document.querySelectorAll(
            'a[href], [role=region][tabindex="0"], summary')].filter(e => e.checkVisibility())
            .map((e, i) => (e.dataset.rgTab = i, i))""")
        assert len(wanted) > 100
        reached: set[int] = set()
        for _ in range(len(wanted) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const e = document.activeElement;
                const s = getComputedStyle(e);
                return [e.dataset.rgTab ?? null, s.outlineStyle, parseFloat(s.outlineWidth),
                        parseFloat(getComputedStyle(e).opacity)]; }""")
            tab, style, outline_width, opacity = focused
            if tab is None:
                continue
            reached.add(int(tab))
            assert style != "none" and outline_width >= 2 and opacity == 1, focused
        missing = sorted(set(wanted) - reached)
        assert not missing, f"{len(missing)} elements never receive focus"
    finally:
        page.close()


def test_a_broken_page_is_caught(browser: Browser, pages: dict[tuple[str, str], Path],
                                 tmp_path: Path) -> None:
    """The check itself can fail: an image without alt text and a too-wide box are reported."""
    broken = tmp_path / "broken.html"
    html = pages["china-ai-governance", "house"].read_text(encoding="utf-8")
    html = html.replace(' alt="', ' data-alt="', 1).replace(
        "<main", '<div style="width: 2000px">wide</div><main', 1)
    broken.write_text(html, encoding="utf-8")
    page, _ = _open(browser, broken, 360)
    try:
        result = _axe(page)
        assert "image-alt" in {v["id"] for v in result["violations"]}
        assert page.evaluate("document.documentElement.scrollWidth") > 360
    finally:
        page.close()


