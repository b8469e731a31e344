"""The app in a real browser: Playwright driving Debian's chromium against `streamlit run app.py`.

Starts the server on a free port on 127.0.0.1, waits for ``/_stcore/health`` to answer
``ok``, changes an input, sees the verdict and a chart change, switches language, opens the
counsellors' page and saves screenshots (directory: ``$SCREENSHOT_DIR``, default
``artifacts/screenshots``; the path is printed). The server is always terminated.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.content.i18n import t
from calculator.inputs.assumptions import load_region
from tests.conftest import require_tool

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "artifacts" / "screenshots"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    log = open(ROOT / "artifacts" / "streamlit-test.log", "w") if (ROOT / "artifacts").is_dir() else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.read().decode().strip() == "ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with status {proc.returncode}")
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not answer /_stcore/health within 60 s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        if log is not subprocess.DEVNULL:
            log.close()


@contextlib.contextmanager
def chromium_browser(args: list[str]):
    """Debian's chromium driven by Playwright with ``args`` (the one way every browser test starts it)."""
    chromium = require_tool("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=args)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser(CHROMIUM_ARGS) as b:
        yield b


def _wait_idle(page, timeout=30_000):
    """Wait until Streamlit has finished the current run: the app root says the script is
    not running and the connection is up (the attributes Streamlit's own end-to-end tests
    wait on). Callers first wait for the change they caused to show, so a run that has not
    started yet is not mistaken for a finished one; no fixed sleeps."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']",
        state="attached", timeout=timeout,
    )
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " || !document.querySelector('[data-testid=\"stStatusWidget\"]').innerText.match(/Running|Stop/)",
        timeout=timeout,
    )


def _chart_titles(page) -> list[str]:
    """Titles of the plotly charts on the page (SVG text)."""
    return page.locator(".js-plotly-plot .gtitle").evaluate_all("els => els.map(e => e.textContent)")


def _verdict(page) -> str:
    box = page.locator("[data-testid='stAlertContentInfo'], [data-testid='stAlertContentSuccess']").first
    return box.inner_text(timeout=30_000)


def _content_height(page) -> int:
    return int(page.evaluate(
        "() => Math.max(...['stMain', 'stAppViewContainer', 'stSidebarContent']"
        ".map(id => document.querySelector(`[data-testid=${id}]`)).filter(Boolean).map(e => e.scrollHeight))"))


def _expand(page, width: int) -> None:
    """Make the viewport as tall as the page, so every chart renders and a screenshot shows it all
    (Streamlit scrolls inside its own container, so Playwright's full_page alone is not enough)."""
    page.set_viewport_size({"width": width, "height": min(max(_content_height(page), 800), 16_000)})
    # every chart drawn (plotly has put its SVG in each chart element)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')]"
        ".every(e => e.querySelector('.main-svg'))",
        timeout=30_000,
    )
    _wait_idle(page)


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def _select_option(page, label: str, option: str) -> None:
    """Open a Streamlit selectbox (a combobox named by its label) and pick an option by its text."""
    page.get_by_role("combobox", name=label).first.click()
    page.get_by_role("option", name=option, exact=True).first.click()


def test_parent_and_counsellor_pages_in_a_real_browser(server, browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = ctx.new_page()
    try:
        page.goto(server + "/?lang=en", wait_until="domcontentloaded")
        page.get_by_text(t("app.title", "en")).first.wait_for(timeout=60_000)
        _wait_idle(page)
        assert t("verdict.prefer_public_donation", "en") in _verdict(page)
        paid = f"{evaluate(region='cn').strategies['private'].nominal_cost:,.0f}"  # the default offer's total
        # the total paid is on the page in words; its chart is in the folded "money and time"
        # part (made only when opened): open it, as a parent does
        page.get_by_text(f"Total paid: CNY {paid}").first.wait_for(timeout=30_000)
        page.locator("[data-testid='stExpander'] summary").filter(has_text=t("app.charts.open", "en")).first.click()
        _wait_idle(page)
        _expand(page, 1280)
        # the cost chart's own title (on a cold first load the other charts can draw first)
        page.wait_for_function(
            "t => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(t))",
            arg=paid, timeout=60_000)
        _shot(page, "parent-en-default.png")

        # change an input: a brother with thalassaemia major -> the verdict changes
        side = page.locator("[data-testid='stSidebar']")
        side.get_by_role("radiogroup", name=t("app.side.sick", "en")).get_by_text(
            t("app.side.sick_opt.yes", "en"), exact=True).click()
        _wait_idle(page)
        _select_option(page, t("app.side.disease", "en"), t("app.side.disease_opt.thalassaemia_major", "en"))
        page.get_by_text(t("verdict.collect_type_and_test", "en")).first.wait_for(timeout=30_000)
        _wait_idle(page)
        page.wait_for_function("() => location.search.includes('r1_condition=thalassaemia_major')", timeout=30_000)

        # change the yearly fee -> the cost chart's title changes
        fee = page.locator("[data-testid='stNumberInput']").filter(has_text=t("app.offer.fee_annual", "en")).first
        field = fee.locator("input")
        field.fill("1100")
        field.press("Enter")
        cn = load_region("cn")
        total = f"{cn['fee_upfront'].value + cn['storage_years'].value * 1100:,.0f}"  # a yearly fee every contract year
        page.wait_for_function(
            "t => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(t))",
            arg=total, timeout=30_000)
        _wait_idle(page)
        assert "fee_annual=1100" in page.url
        _expand(page, 1280)
        _shot(page, "parent-en-sick-sibling.png")

        # switch language: Chinese page, inputs kept
        page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        page.get_by_text(t("app.title", "zh")).first.wait_for(timeout=30_000)
        _wait_idle(page)
        assert t("verdict.collect_type_and_test", "zh") in _verdict(page)
        assert "lang=zh" in page.url
        # the folded charts' part is named in the page's language (a new expander: closed again)
        page.locator("[data-testid='stExpander'] summary").filter(has_text=t("app.charts.open", "zh")).first.click()
        _wait_idle(page)
        _expand(page, 1280)
        page.wait_for_function(
            "t => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(t))",
            arg=total, timeout=30_000)
        titles = _chart_titles(page)
        assert any(total in x and "元" in x for x in titles), titles
        _shot(page, "parent-zh-sick-sibling.png")

        # counsellors' page, Chinese
        page.locator("[data-testid='stSidebar']").get_by_text(t("app.pages.counsellor", "zh"), exact=True).click()
        page.get_by_text(t("app.counsellor.header", "zh")).first.wait_for(timeout=30_000)
        _wait_idle(page)
        _expand(page, 1280)
        # the verdict collects the unit through directed donation: the curve compares with directed donation
        page.get_by_text(t("app.fig.ceac.title_directed", "zh")).first.wait_for(timeout=30_000)
        assert "page=counsellor" in page.url
        _shot(page, "counsellor-zh.png")

        # the shared link reproduces the page in a fresh browser context
        link = page.url
        other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US").new_page()
        other.goto(link, wait_until="domcontentloaded")
        other.get_by_text(t("app.counsellor.header", "zh")).first.wait_for(timeout=60_000)
        _wait_idle(other)
        assert t("verdict.collect_type_and_test", "zh") in _verdict(other)
        other.context.close()
    finally:
        ctx.close()


def test_phone_screen_and_hostile_link(server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2,
                              is_mobile=True, has_touch=True)
    page = ctx.new_page()
    seen_dialogs = []
    page.on("dialog", lambda d: (seen_dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(server + "/?fee_upfront=%3Cscript%3Ealert(1)%3C/script%3E&sibling_count=999&lang=xx",
                  wait_until="domcontentloaded")
        # no lang in the link that can be used: the browser's language (zh-CN) is used
        page.get_by_text(t("app.title", "zh")).first.wait_for(timeout=60_000)
        _wait_idle(page)
        warning = page.locator("[data-testid='stAlertContentWarning']").first.inner_text()
        assert "fee_upfront" in warning and "sibling_count" in warning and "<script>" not in warning
        assert page.locator("script:has-text('alert(1)')").count() == 0
        assert not seen_dialogs
        assert "script" not in page.url
        # nothing wider than the phone screen
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, overflow
        _shot(page, "parent-zh-phone-top.png")
        _expand(page, 390)
        _shot(page, "parent-zh-phone-hostile-link.png")
    finally:
        ctx.close()
