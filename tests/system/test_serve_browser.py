"""Chromium through deploy/serve.py's proxy, reached by a host name that is not localhost.

Chromium maps ``cordblood.example`` to 127.0.0.1 (``--host-resolver-rules``), so it sends that
name as Host and Origin, as a family's browser does behind a real name:
- the parents' page loads, its script runs and every chart is drawn, under the proxy's
  Content-Security-Policy, with no CSP violation reported by the page (the
  ``securitypolicyviolation`` events);
- the tab's worker is killed (SIGKILL): the page reconnects by itself, through the proxy, to the
  other worker and shows the family's inputs again (they are in the URL).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from calculator.app.html_lang import HTML_LANG
from tests.system.serving import Served, serve
from tests.system.test_browser import chromium_browser

HOST = "cordblood.example"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", f"--host-resolver-rules=MAP {HOST} 127.0.0.1"]
FIRST_PAYMENT = 12345
WATCH_CSP = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')))")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    s = Served(tmp_path_factory.mktemp("serve-browser"))
    try:
        s.wait_ready()
        yield s
    finally:
        s.stop()


@pytest.fixture(scope="module")
def browser():
    with chromium_browser(CHROMIUM_ARGS) as b:
        yield b


def _page_shown(page, timeout: float = 60_000) -> None:
    """Connected, the run finished, the verdict and every chart and picture on screen (the
    parents' first screen has no plotly chart: its icon arrays are SVG images, which load under
    the CSP as data: images)."""
    page.wait_for_selector(
        "[data-testid='stApp'][data-test-script-state='notRunning'][data-test-connection-state='CONNECTED']",
        state="attached", timeout=timeout)
    page.locator("[data-testid='stAlertContentInfo'], [data-testid='stAlertContentSuccess']").first.wait_for(
        timeout=timeout)
    page.wait_for_function(
        "() => { const c = [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"]')];"
        " const p = [...document.querySelectorAll('img.cb-icons')];"
        " return c.length + p.length > 0 && c.every(e => e.querySelector('.main-svg'))"
        " && p.every(e => e.complete && e.naturalWidth > 0); }", timeout=timeout)


def _first_payment(page, expected: int = FIRST_PAYMENT, timeout_s: float = 30.0) -> str:
    """The side panel's first payment once it shows ``expected`` (the widget can show its
    default for a moment before the value from the link reaches it), or its last value."""
    box = page.locator("input[aria-label*='First payment']").first
    end = time.monotonic() + timeout_s
    value = box.input_value()
    while value.replace(",", "") != str(expected) and time.monotonic() < end:
        time.sleep(0.2)
        value = box.input_value()
    return value


def _open(browser, served, page_name: str = "parent", lang: str = "en"):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.add_init_script(WATCH_CSP)
    page.goto(f"http://{HOST}:{served.port}/?page={page_name}&lang={lang}&region=cn&fee_upfront={FIRST_PAYMENT}")
    _page_shown(page)
    return ctx, page


def _worker_cookie(ctx) -> str:
    return next(c["value"] for c in ctx.cookies() if c["name"] == serve.AFFINITY_COOKIE)


@pytest.mark.parametrize("page_name,lang", [("parent", "en"), ("counsellor", "zh")])
def test_page_by_host_name_under_the_csp(browser, served, page_name, lang):
    ctx, page = _open(browser, served, page_name, lang)
    try:
        assert page.evaluate("location.host") == f"{HOST}:{served.port}"
        if page_name == "parent":
            assert _first_payment(page).replace(",", "") == str(FIRST_PAYMENT)
        # the page's language is declared under the CSP too (its script allowed by hash)
        page.wait_for_function(f"() => document.documentElement.lang === '{HTML_LANG[lang]}'", timeout=30_000)
        assert page.evaluate("window.__csp") == []
    finally:
        ctx.close()


def test_tab_whose_worker_is_killed_comes_back(browser, served):
    ctx, page = _open(browser, served)
    try:
        worker = _worker_cookie(ctx)
        name = f"worker-{worker[1:]}"
        pid = served.process(name)["pid"]
        t0 = time.monotonic()
        os.kill(pid, signal.SIGKILL)
        # the page notices the closed websocket, then reconnects and runs again
        page.wait_for_selector("[data-testid='stApp']:not([data-test-connection-state='CONNECTED'])",
                               state="attached", timeout=30_000)
        _page_shown(page)
        back = time.monotonic() - t0
        print(f"\nbrowser tab on {name}: page back {back:.1f} s after SIGKILL")
        assert _worker_cookie(ctx) != worker  # moved to the worker that answered
        assert _first_payment(page).replace(",", "") == str(FIRST_PAYMENT)
        assert page.evaluate("window.__csp") == []
    finally:
        ctx.close()


def test_upload_and_downloads_through_the_proxy_under_the_csp(browser, served, tmp_path):
    """A scenario file uploaded through nginx reaches the tab's worker (the affinity cookie, the
    shared XSRF secret); the PDF and the scenario download; no CSP violation on the way."""
    from calculator.content.i18n import t

    ctx, page = _open(browser, served, "counsellor", "en")
    try:
        path = tmp_path / "family.yaml"
        path.write_text("region: us\nparameters:\n  fee_annual: 321\n")
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
        page.wait_for_function("() => location.search.includes('fee_annual=321')", timeout=60_000)
        _page_shown(page)
        with page.expect_download(timeout=90_000) as dl:
            page.get_by_role("button", name=t("app.counsellor.pdf_parent", "en")).click()
        target = tmp_path / dl.value.suggested_filename
        dl.value.save_as(target)
        assert target.read_bytes()[:5] == b"%PDF-"
        with page.expect_download(timeout=30_000) as dl:
            page.get_by_role("button", name=t("app.counsellor.save_yaml", "en")).click()
        assert "fee_annual: 321" in Path(dl.value.path()).read_text()
        assert page.evaluate("window.__csp") == []
    finally:
        ctx.close()
