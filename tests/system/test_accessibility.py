"""Accessibility in a real browser: axe-core (WCAG 2.1 A and AA rules) on both pages, both
languages, a 390 x 844 phone and a 1366 x 900 laptop; the page's declared language; the
charts' text contrast (axe does not check SVG text); the phone order (the answer, the PDF and
what to do next within the first two screens); the tables fitting their box; the tab order.

axe-core is installed by ``./dev test`` from the npm registry (one pinned version, see ``dev``)
into ``.cache/axe`` and found through ``$AXE_JS``; without it the test is skipped, saying why,
and in CI (``REQUIRE_SYSTEM_TOOLS=1``) it fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from calculator.content.i18n import t
from calculator.present.palette import contrast
from tests.system.test_browser import _wait_idle, browser, server  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]
AXE_DEFAULT = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
#: A family with a sick brother (HLA unknown): the counsellor's page shows every table, the
#: conditional answers and the relatives table.
SICK_SIBLING = "sick=yes&r1_condition=thalassaemia_major"

#: Findings that come from Streamlit itself, not from this project's content: (axe rule,
#: a regular expression the element's selector must match, why it is left). Kept narrow:
#: each names one Streamlit element.
STREAMLIT_FINDINGS: list[tuple[str, str, str]] = []


def _axe_source() -> str:
    path = Path(os.environ.get("AXE_JS", AXE_DEFAULT))
    if path.is_file():
        return path.read_text(encoding="utf-8")
    msg = f"axe-core not found at {path} (./dev test installs it from the npm registry with npm)"
    if os.environ.get("REQUIRE_SYSTEM_TOOLS") == "1":
        pytest.fail(msg + "; CI requires it")
    pytest.skip(msg)


def _open(browser, server, query: str, viewport: dict, lang: str):  # noqa: F811
    phone = viewport["width"] < 600
    ctx = browser.new_context(viewport=viewport, locale="zh-CN" if lang == "zh" else "en-US",
                              is_mobile=phone, has_touch=phone)
    page = ctx.new_page()
    page.goto(f"{server}/?{query}", wait_until="domcontentloaded")
    page.get_by_text(t("app.title", lang)).first.wait_for(timeout=90_000)
    _wait_idle(page, timeout=90_000)
    page.wait_for_function("l => document.documentElement.lang === l", arg="zh-CN" if lang == "zh" else "en", timeout=30_000)
    return ctx, page


def _full_height(page, width: int) -> None:
    """Every part of the page on screen (axe checks contrast only of what is visible; Streamlit
    scrolls inside its own box)."""
    h = page.evaluate("() => Math.max(...['stMain', 'stAppViewContainer', 'stSidebarContent']"
                      ".map(id => document.querySelector(`[data-testid=${id}]`)).filter(Boolean).map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": min(max(h, 800), 16_000)})
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
                           ".every(e => e.querySelector('.main-svg'))", timeout=30_000)
    _wait_idle(page)


def _open_expanders(page) -> None:
    """Open every closed expander (the reasons, the sources, each chart's table): their content
    is made only when opened, and axe checks only what is on the page."""
    for _ in range(40):
        closed = page.locator("[data-testid='stExpander'] details:not([open]) > summary")
        if closed.count() == 0:
            return
        closed.first.scroll_into_view_if_needed()
        closed.first.click()
        page.wait_for_timeout(300)
        _wait_idle(page)


def _serious(page, axe: str) -> list[dict]:
    page.add_script_tag(content=axe)
    found = page.evaluate(
        "async tags => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".filter(v => v.impact === 'critical' || v.impact === 'serious')"
        ".flatMap(v => v.nodes.map(n => ({rule: v.id, impact: v.impact, target: n.target.join(' '),"
        " html: n.html.slice(0, 160), why: n.failureSummary})))", WCAG_TAGS)
    return [f for f in found
            if not any(f["rule"] == rule and re.search(sel, f["target"]) for rule, sel, _ in STREAMLIT_FINDINGS)]


def _chart_text_contrast(page) -> list[tuple[str, str, float]]:
    """(text, colour, contrast on the chart's white) of every chart text below 4.5:1."""
    fills = page.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot .main-svg text')]"
        ".filter(e => e.textContent.trim() && getComputedStyle(e).fill.startsWith('rgb'))"
        ".map(e => [e.textContent.trim().slice(0, 40), getComputedStyle(e).fill, e.closest('.bartext') !== null])")
    low = []
    for text, fill, in_bar in fills:
        if in_bar:  # a label inside a bar stands on the bar's colour, chosen per bar (present/web_draw)
            continue
        r, g, b = (int(x) for x in re.findall(r"\d+", fill)[:3])
        ratio = contrast(f"#{r:02X}{g:02X}{b:02X}")
        if ratio < 4.5:
            low.append((text, fill, round(ratio, 2)))
    return low


@pytest.mark.parametrize("device", ["phone", "laptop"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", ["parent", "counsellor"])
def test_axe_finds_nothing_serious(server, browser, which, lang, device):  # noqa: F811
    axe = _axe_source()
    viewport = PHONE if device == "phone" else LAPTOP
    query = f"lang={lang}" + (f"&page=counsellor&{SICK_SIBLING}" if which == "counsellor" else "")
    ctx, page = _open(browser, server, query, viewport, lang)
    try:
        assert page.evaluate("() => document.documentElement.lang") == ("zh-CN" if lang == "zh" else "en")
        if device == "laptop":  # the content behind every expander too (once per page and language)
            _open_expanders(page)
            assert page.locator("[data-testid='stExpander'] details:not([open])").count() == 0
            assert page.locator("[data-testid='stTable']").count() >= 3  # the charts' tables among them
        _full_height(page, viewport["width"])
        found = _serious(page, axe)
        assert not found, "\n".join(f"{f['impact']} {f['rule']}: {f['target']}\n  {f['html']}\n  {f['why']}" for f in found)
        assert not _chart_text_contrast(page)
        # no chart tool bar (its buttons are tab stops and cover the titles on a phone)
        assert page.locator(".modebar-btn").count() == 0
    finally:
        ctx.close()


def _top(page, locator) -> tuple[float, float]:
    """Top and bottom of an element in the page's scrolling box (0 = the top of the page)."""
    return page.evaluate(
        "e => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " const r = e.getBoundingClientRect(), base = m.getBoundingClientRect().top - m.scrollTop;"
        " return [r.top - base, r.bottom - base]; }", locator.element_handle())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_phone_shows_the_answer_pdf_and_next_steps_first(server, browser, lang):  # noqa: F811
    ctx, page = _open(browser, server, f"lang={lang}", PHONE, lang)
    try:
        screen = PHONE["height"]
        _, title_bottom = _top(page, page.locator("h1").first)
        verdict_top, _ = _top(page, page.locator("[data-testid='stAlert']").first)
        _, pdf_bottom = _top(page, page.locator("[data-testid='stDownloadButton']").first)
        next_top, _ = _top(page, page.get_by_role("heading", name=t("app.next.header", lang)).first)
        # a compact title: the answer starts in the upper half of the first screen
        assert verdict_top < 0.5 * screen, verdict_top
        assert title_bottom < 0.3 * screen, title_bottom
        assert pdf_bottom <= 2 * screen, pdf_bottom
        assert next_top + 60 <= 2 * screen, next_top
        # both terms explained on the page before the details
        text = page.locator("[data-testid='stMain']").inner_text()
        assert ("HLA" in text) and (t("app.access.terms", lang).split("**")[3] in text)
        # nothing wider than the phone
        assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 2
    finally:
        ctx.close()


@pytest.mark.parametrize("device", ["phone", "laptop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_counsellor_tables_fit_their_box(server, browser, device, lang):  # noqa: F811
    viewport = PHONE if device == "phone" else LAPTOP
    ctx, page = _open(browser, server, f"lang={lang}&page=counsellor&{SICK_SIBLING}", viewport, lang)
    try:
        page.locator(".cb-relatives").wait_for(timeout=30_000)
        boxes = page.evaluate("() => [...document.querySelectorAll('.cb-table')].map(e => ({cls: e.className,"
                              " over: e.scrollWidth - e.clientWidth, tab: e.tabIndex, label: e.getAttribute('aria-label')}))")
        for b in boxes:
            assert b["over"] <= 1, b  # every column visible without scrolling sideways
            assert b["tab"] == 0 and b["label"], b  # and the box reachable and named for the keyboard
        # the Chinese first column keeps whole words (not one character per line)
        first = page.locator(".cb-relatives td").first
        assert first.bounding_box()["height"] < 60
        # the validation checks' names readable: no name wraps into more than five lines
        # (on a laptop in Chinese they ran over 7-8 lines of four characters beside unbreakable numbers)
        names = page.evaluate("() => [...document.querySelectorAll('.cb-validation tbody td:first-child')].map(td => {"
                              " const lh = parseFloat(getComputedStyle(td).lineHeight) || 24;"
                              " const r = document.createRange(); r.selectNodeContents(td);"
                              " return Math.round(r.getBoundingClientRect().height / lh); })")
        assert names and max(names) <= 5, names
    finally:
        ctx.close()


#: Tab presses from the top of the counsellor's page to its first PDF button. Measured 2026-12
#: on the default family: 80 with the chart tool bars (40 of them tool bar buttons; the issue
#: counted 101 on a larger family), 47 without them.
MAX_TABS_TO_PDF = 55


def test_counsellor_pdf_button_reached_by_keyboard(server, browser):  # noqa: F811
    ctx, page = _open(browser, server, "lang=en&page=counsellor", LAPTOP, "en")
    try:
        target = page.locator("[data-testid='stDownloadButton'] button").first
        target.wait_for(timeout=30_000)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")  # start from the top
        n = 0
        while not target.evaluate("e => e === document.activeElement"):
            n += 1
            if n > 200:
                pytest.fail("the PDF button was not reached by the Tab key")
            page.keyboard.press("Tab")
        print(f"Tab presses to the PDF button: {n}")
        assert n <= MAX_TABS_TO_PDF, n
    finally:
        ctx.close()
