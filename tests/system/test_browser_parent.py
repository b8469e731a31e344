"""The parents' page in a real browser (Playwright + Debian's chromium): the first screen on a
phone holds the verdict and the main number, no chart label runs outside its chart, and
screenshots of phone (390 x 844) and laptop (1366 x 900), both languages, a family with no
history and a family with a sick brother or sister of unknown HLA match, go to
``artifacts/parent/`` (the path is printed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from calculator.content.i18n import t
from tests.system.test_browser import _expand, _wait_idle, browser, server  # noqa: F401  (fixtures shared with the app test)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "parent"
FAMILIES = {"default": "", "sick": "&s1_condition=thalassaemia_major"}
VIEWPORTS = {"phone": (390, 844), "laptop": (1366, 900)}

#: Every text of every plotly chart that runs outside its chart's box (by more than 1 px).
CLIPPED_JS = """() => {
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const box = plot.getBoundingClientRect();
    for (const el of plot.querySelectorAll('text')) {
      const r = el.getBoundingClientRect();
      if (!el.textContent.trim() || r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1) out.push(el.textContent);
    }
  }
  return out;
}"""


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_parent_page_screens(server, browser, device, lang, family):  # noqa: F811
    width, height = VIEWPORTS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/?lang={lang}{FAMILIES[family]}")
        page.wait_for_selector("[data-testid='stAlertContentInfo'], [data-testid='stAlertContentSuccess']", timeout=60_000)
        _wait_idle(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        first = SHOTS / f"{device}-{lang}-{family}-first-screen.png"
        page.screenshot(path=str(first))
        print(f"screenshot: {first}")
        # the first screen holds the verdict and the main number (no scrolling)
        # the headline's natural frequency in its language's style (numbers.format_frequency: in
        # Chinese per 100, per 10,000 or per 100,000 families, by the size of the chance)
        number = page.get_by_text(re.compile("of every 10,000 families like yours" if lang == "en"
                                             else "每 (100 |1 万|10 万)个像您这样的家庭中")).first
        box = number.bounding_box()
        assert box is not None and box["y"] + box["height"] <= height, f"main number below the first screen: {box}"
        # the notes under a text (the term explained under the headline) are small text inside
        # its Markdown (calculator.app.render.small), drawn smaller than the text they follow
        # and look like Streamlit's own captions (the subtitle): the same size, line height and opacity
        notes = page.evaluate(SMALL_JS)
        assert notes["small"] and all(n == notes["caption"] for n in notes["small"]), notes
        assert len(notes["icons"]) == 3 and all(n == notes["caption"] for n in notes["icons"]), notes  # the icon arrays' captions
        assert float(notes["caption"]["size"][:-2]) < notes["body"], notes
        _expand(page, width)
        # the three icon arrays are drawn whole, side by side on a laptop and one under the other
        # on a phone, each named for a screen reader (its alt text), none wider than the screen
        page.wait_for_function("() => [...document.querySelectorAll('img.cb-icons')].filter(i => i.complete"
                               " && i.naturalWidth > 0).length === 3", timeout=30_000)
        arrays = page.evaluate(ICONS_JS)
        assert len(arrays) == 3 and all(a["name"] for a in arrays), arrays
        assert all(a["width"] >= 150 and a["right"] <= width + 0.5 for a in arrays), (width, arrays)
        # side by side on a laptop (three places across, the pictures on one line whatever the
        # titles' lines), one under the other on a phone
        lefts, tops = {round(a["left"]) for a in arrays}, {round(a["top"]) for a in arrays}
        assert (len(lefts), len(tops)) == ((3, 1) if width >= 1000 else (1, 3)), (width, arrays)
        full = SHOTS / f"{device}-{lang}-{family}-full.png"
        page.screenshot(path=str(full), full_page=True)
        print(f"screenshot: {full}")
        assert page.get_by_text(t("app.when.header", lang)).count() >= 1
        _open_every_expander(page, width)
        clipped = page.evaluate(CLIPPED_JS)
        assert not clipped, f"chart labels outside their chart at {width} px: {clipped}"
    finally:
        page.close()


#: The font size of the page's text (the headline's list items); the size, line height and opacity
#: of Streamlit's caption (the subtitle) and of each note drawn small inside Markdown
#: (Streamlit's ``:small[...]``: a span with its own font size, alone in its paragraph), and of the
#: icon arrays' captions (``.cb-caption``).
SMALL_JS = """() => {
  const look = el => { const c = getComputedStyle(el);
    return {size: c.fontSize, line: c.lineHeight, opacity: getComputedStyle(el.closest('p, [data-testid="stCaptionContainer"]')).opacity}; };
  const caption = document.querySelector("[data-testid='stCaptionContainer']");
  const small = [...document.querySelectorAll("[data-testid='stMarkdownContainer'] p > span[style*='font-size']")];
  return {body: parseFloat(getComputedStyle(document.querySelector("[data-testid='stMarkdownContainer'] li")).fontSize),
          caption: look(caption), small: small.filter(s => s.textContent.trim()).map(s => look(s.parentElement)),
          icons: [...document.querySelectorAll('.cb-caption')].map(look)};
}"""


#: Each icon array's box and its name (alt text).
ICONS_JS = """
() => [...document.querySelectorAll('img.cb-icons')].map(img => {
  const r = img.getBoundingClientRect();
  return {name: img.getAttribute('alt'), width: r.width, left: r.left, right: r.right, top: r.top};
})
"""


def _open_every_expander(page, width: int) -> None:
    """Open each closed expander (its content, charts too, is made only when opened), then let
    every chart draw: labels inside expanders are checked as well.

    One at a time: a lazy expander reruns the page when it opens, so each click waits until that
    expander is open and the run it caused has finished before the next one (a click that lands
    while a rerun is redrawing the page can be lost; it is then clicked again, a bounded number
    of times)."""
    selector = "[data-testid='stExpander'] details"
    first_closed = f"() => [...document.querySelectorAll(\"{selector}\")].findIndex(d => !d.open)"
    is_open = "([i, sel]) => document.querySelectorAll(sel)[i]?.open === true"
    for _pass in range(3):  # a late run can add a closed expander after the last check: open it too
        for _ in range(60):  # a bound: each round opens one (opened ones can hold more; the page has fewer than 30)
            i = page.evaluate(first_closed)
            if i < 0:
                # the run the last opening caused may still be adding expanders (a chart's data
                # table appeared after the check in CI: "an expander did not open: 本图数据（表格）"):
                # none closed twice, with the page idle in between
                _wait_idle(page)
                i = page.evaluate(first_closed)
                if i < 0:
                    break
            page.locator(selector).nth(i).locator("summary").first.click()
            try:
                page.wait_for_function(is_open, arg=[i, selector], timeout=10_000)
            except PlaywrightTimeout:  # the click was lost in a redraw: the next round clicks it again
                continue
            _wait_idle(page)
        _wait_idle(page)
        if page.evaluate(first_closed) < 0:
            break
    closed = page.locator("[data-testid='stExpander'] details:not([open])")
    assert not closed.count(), f"an expander did not open: {closed.first.inner_text()[:80]!r}"
    _expand(page, width)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_counsellor_page_labels_fit_a_phone(server, browser, lang):  # noqa: F811
    """The counsellor's charts (tornado, two-way map, plane, acceptability curve) on a phone:
    no axis title, legend entry or note runs outside its chart."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{server}/?lang={lang}&page=counsellor{FAMILIES['sick']}")
        page.wait_for_selector("[data-testid='stPlotlyChart']", timeout=60_000)
        _wait_idle(page)
        _open_every_expander(page, 390)
        assert page.locator("[data-testid='stPlotlyChart']").count() >= 4
        clipped = page.evaluate(CLIPPED_JS)
        assert not clipped, f"chart labels outside their chart at 390 px: {clipped}"
    finally:
        page.close()


#: Boxes that collide in the plotly charts: a legend on an x-axis title, two y tick labels (the
#: tornado's labels), a title (with its subtitle) reaching into the plot area, and a chart title
#: or axis title line that is one Chinese character alone.
COLLISIONS_JS = r"""() => {
  const hit = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
                     && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  const out = [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const title = ((plot.querySelector('.gtitle') || {}).textContent || '').slice(0, 40);
    for (const leg of plot.querySelectorAll('.legend'))
      for (const xt of plot.querySelectorAll('.g-xtitle'))
        if (hit(leg.getBoundingClientRect(), xt.getBoundingClientRect())) out.push(`legend on x title: ${title}`);
    const ticks = [...plot.querySelectorAll('.yaxislayer-above .ytick text')]
      .map(e => [e.textContent, e.getBoundingClientRect()]).filter(([s, r]) => s.trim() && r.height);
    for (let i = 0; i < ticks.length; i++)
      for (let j = i + 1; j < ticks.length; j++)
        if (hit(ticks[i][1], ticks[j][1])) out.push(`y labels overlap in ${title}: ${ticks[i][0]} / ${ticks[j][0]}`);
    // the title (with its subtitle) above the plot area (an icon array's: above its grid)
    const gt = plot.querySelector('.gtitle');
    const area = plot.querySelector('.draglayer .nsewdrag') || plot.querySelector('.heatmaplayer image');
    if (gt && area && gt.getBoundingClientRect().bottom > area.getBoundingClientRect().top + 1) out.push(`title on the plot: ${title}`);
    for (const line of plot.querySelectorAll('.gtitle tspan.line, .g-xtitle tspan.line, .g-ytitle tspan.line'))
      if (/^[\u4e00-\u9fff][）)」》。，]*$/.test(line.textContent.trim())) out.push(`one character alone in ${title}`);
  }
  return out;
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("device", sorted(VIEWPORTS))
@pytest.mark.parametrize("which", ["parent", "counsellor"])
def test_chart_legends_labels_and_titles_do_not_collide(server, browser, which, device, lang):  # noqa: F811
    """Every chart of both pages (all expanders open), phone and laptop: no legend lies on an
    x-axis title, no two tornado labels overlap, no title line is one Chinese character. The
    counsellor's page for a family with no history (its tornado has the longest labels) and for
    a sick sibling (the uncertainty charts then compare with directed donation)."""
    width, height = VIEWPORTS[device]
    page = browser.new_page(viewport={"width": width, "height": height})
    families = ["default", "sick"] if which == "counsellor" else ["default"]
    try:
        for family in families:
            page.goto(f"{server}/?lang={lang}{FAMILIES[family]}" + ("&page=counsellor" if which == "counsellor" else ""))
            # the verdict (the parents' first screen has no plotly chart: its icon arrays are pictures)
            page.wait_for_selector("[data-testid='stAlertContentInfo'], [data-testid='stAlertContentSuccess']",
                                   timeout=60_000)
            _wait_idle(page)
            _open_every_expander(page, width)
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .gtitle').length"
                                   " === document.querySelectorAll('.js-plotly-plot').length", timeout=30_000)
            collisions = page.evaluate(COLLISIONS_JS)
            assert not collisions, f"{which} page, {family} family, at {width} px, {lang}: {collisions}"
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_parents_carrier_choices_show_in_full(server, browser, lang):  # noqa: F811
    """Read in the 1366 px Chinese screenshot: the mother's and father's carrier selects sat side
    by side in the sidebar, each about 100 px wide, and showed "未发现携" (of "未发现携带"); the
    longest choices ("镰状细胞病携带者", "Carrier (other disorder)") were cut more. Each select
    shows its chosen text whole."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN" if lang == "zh" else "en-US")
    page = ctx.new_page()
    try:
        page.goto(server + f"/?lang={lang}&mother=sickle_cell&father=carrier", wait_until="domcontentloaded")
        page.wait_for_selector("h1", timeout=90_000)
        _wait_idle(page, timeout=90_000)
        side = page.locator("[data-testid='stSidebar']")
        for who, choice in (("mother", "sickle_cell"), ("father", "carrier")):
            select = side.get_by_label(t(f"app.side.{who}", lang), exact=True)
            select.wait_for(timeout=30_000)
            shown = t(f"app.side.carrier_opt.{choice}", lang)
            # the select is a text box holding the chosen text: it is cut when it is wider than the box
            fit = select.evaluate("i => ({value: i.value, scroll: i.scrollWidth, client: i.clientWidth})")
            assert fit["value"] == shown, (who, fit)
            assert fit["scroll"] <= fit["client"], (who, shown, fit)
    finally:
        ctx.close()
