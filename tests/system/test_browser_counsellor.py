"""A counsellor's session in a real browser (Playwright with Debian's chromium): enter a
thalassaemia family, read the answer for each HLA result, switch HLA to match, edit a fee, load
a file with one bad field, download both PDFs; screenshots of the page in both languages
(``artifacts/screenshots/counsellor-*.png``)."""

from __future__ import annotations

from calculator.content.i18n import t
from tests.system import test_browser as tb
from tests.system.test_browser import _expand, _select_option, _shot, _wait_idle

BAD_FILE = b"""region: cn
parents_carriers: beta_thalassaemia
siblings:
  - condition: thalassaemia_major
    weight_kg: 500
    hla_match: match
parameters:
  fee_annual: 650
"""


#: The server and browser fixtures of the app's browser test, shared.
server = tb.server
browser = tb.browser


def _header(page, key: str, lang: str):
    return page.get_by_role("heading", name=t(key, lang)).first


def _charts_ready(page, lang: str) -> None:
    """All five charts of the page drawn (the acceptability curve is the last)."""
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 5",
                           timeout=60_000)
    _wait_idle(page)
    _expand(page, page.viewport_size["width"])


def test_a_counsellors_session(server, browser, tmp_path):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US", accept_downloads=True)
    page = ctx.new_page()
    try:
        page.goto(server + "/?lang=en&page=counsellor", wait_until="domcontentloaded")
        _header(page, "app.counsellor.family", "en").wait_for(timeout=60_000)
        _wait_idle(page)
        # a thalassaemia family: a brother with thalassaemia major, both parents carriers, HLA not known
        side = page.locator("[data-testid='stSidebar']")
        side.get_by_role("radiogroup", name=t("app.side.sick", "en")).get_by_text(
            t("app.side.sick_opt.yes", "en"), exact=True).click()
        _wait_idle(page)
        # a new relative starts as a brother or sister with thalassaemia major
        page.wait_for_function("() => location.search.includes('r1_condition=thalassaemia_major')", timeout=30_000)
        # a brother or sister with thalassaemia major means both parents carry it (inferred)
        _header(page, "app.counsellor.conditional", "en").wait_for(timeout=30_000)
        _wait_idle(page)
        assert page.get_by_text(t("app.counsellor.if_match", "en"), exact=True).first.is_visible()
        assert page.get_by_text(t("app.counsellor.if_mismatch", "en"), exact=True).first.is_visible()
        # the sections in the order of a consultation (top to bottom on the screen)
        ys = [_header(page, k, "en").bounding_box()["y"] for k in (
            "app.counsellor.family", "app.counsellor.conditional", "app.counsellor.comparison",
            "app.counsellor.relatives_table", "validation.title", "app.counsellor.analyses")]
        assert ys == sorted(ys)
        _charts_ready(page, "en")
        _expand(page, 1366)
        _shot(page, "counsellor-en-thal-hla-unknown.png")

        # HLA typing came back: a match -> the conditional answer goes, the verdict is the match's
        _select_option(page, t("app.side.hla_label", "en"), t("app.side.hla_opt.match", "en"))
        _header(page, "app.counsellor.conditional", "en").wait_for(state="detached", timeout=30_000)
        _wait_idle(page)
        page.wait_for_function("() => location.search.includes('r1_hla=match')", timeout=30_000)

        # edit a fee in the side panel
        fee = page.locator("[data-testid='stSidebar'] [data-testid='stNumberInput']").filter(
            has_text=t("app.offer.fee_annual", "en")).first.locator("input")
        fee.fill("600")
        fee.press("Enter")
        page.wait_for_function("() => location.search.includes('fee_annual=600')", timeout=30_000)
        _wait_idle(page)

        # load a file with one bad field: loaded, the field named, the sick brother kept
        path = tmp_path / "family.yaml"
        path.write_bytes(BAD_FILE)
        page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
        page.get_by_text(t("app.counsellor.load_dropped", "en", n=1, fields="s1_weight_kg")[:40]).first.wait_for(
            timeout=30_000)
        _wait_idle(page)
        warning = page.locator("[data-testid='stAlertContentWarning']").filter(has_text="s1_weight_kg").first.inner_text()
        assert "s1_weight_kg" in warning
        assert page.get_by_text(t("app.counsellor.load_ok", "en")).count() == 0
        page.wait_for_function("() => location.search.includes('r1_condition=thalassaemia_major')"
                               " && location.search.includes('fee_annual=650')", timeout=30_000)
        assert page.get_by_text(t("app.counsellor.load_limit", "en", kib=64)).first.is_visible()
        assert page.get_by_text("1MB per file").count() == 0 or not page.get_by_text("1MB per file").first.is_visible()

        # both PDFs download
        for audience in ("parent", "counsellor"):
            button = page.get_by_role("button", name=t(f"app.counsellor.pdf_{audience}", "en"))
            with page.expect_download(timeout=60_000) as dl:
                button.click()
            target = tmp_path / dl.value.suggested_filename
            dl.value.save_as(target)
            assert target.read_bytes()[:5] == b"%PDF-", audience
        # the scenario download is dated
        with page.expect_download(timeout=30_000) as dl:
            page.get_by_role("button", name=t("app.counsellor.save_yaml", "en")).click()
        assert dl.value.suggested_filename.startswith("cord-blood-scenario-20")
        _expand(page, 1366)
        _shot(page, "counsellor-en-after-session.png")

        # Chinese, the same family
        page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        _header(page, "app.counsellor.family", "zh").wait_for(timeout=30_000)
        _charts_ready(page, "zh")
        _expand(page, 1366)
        _shot(page, "counsellor-zh-after-session.png")
        page.goto(server + "/?lang=zh&page=counsellor&carriers=beta_thalassaemia&sibling_count=1"
                  "&s1_condition=thalassaemia_major", wait_until="domcontentloaded")
        _header(page, "app.counsellor.conditional", "zh").wait_for(timeout=60_000)
        _charts_ready(page, "zh")
        _expand(page, 1366)
        _shot(page, "counsellor-zh-thal-hla-unknown.png")
    finally:
        ctx.close()


def test_counsellor_page_on_a_projector_and_a_phone(server, browser):
    for width, lang, name in ((1024, "en", "counsellor-en-projector.png"), (390, "zh", "counsellor-zh-phone.png")):
        ctx = browser.new_context(viewport={"width": width, "height": 768}, locale="en-US")
        page = ctx.new_page()
        try:
            page.goto(server + f"/?lang={lang}&page=counsellor&carriers=beta_thalassaemia&sibling_count=1"
                      "&s1_condition=thalassaemia_major", wait_until="domcontentloaded")
            _header(page, "app.counsellor.conditional", lang).wait_for(timeout=60_000)
            _wait_idle(page)
            _charts_ready(page, lang)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 2, overflow
            _expand(page, width)
            _shot(page, name)
        finally:
            ctx.close()


def test_the_chinese_upload_button_is_in_chinese(server, browser):
    """Streamlit fixes the file box's button text to "Upload"; on the Chinese page the button
    shows 上传文件 (and its name holds it, for a screen reader); the English page keeps "Upload"."""
    for lang in ("zh", "en"):
        ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN" if lang == "zh" else "en-US")
        page = ctx.new_page()
        try:
            page.goto(server + f"/?lang={lang}&page=counsellor", wait_until="domcontentloaded")
            box = page.locator("[data-testid='stFileUploaderDropzone']")
            box.wait_for(timeout=90_000)
            _wait_idle(page)
            button = box.locator("button[data-testid='stBaseButton-secondary']")
            assert button.count() == 1
            name = t("app.counsellor.load_button", lang)
            # the accessible name, as a screen reader reads it, holds the words drawn (WCAG 2.5.3); the
            # button keeps text of its own in the page (axe-core reads no name from CSS-drawn words)
            assert box.get_by_role("button", name=name, exact=lang == "en").count() == 1, button.evaluate("b => b.outerHTML")
            own = button.evaluate("""b => { const m = b.querySelector("[data-testid='stMarkdownContainer']");
                return [m.textContent.trim(), getComputedStyle(m).display, getComputedStyle(m).visibility]; }""")
            assert own[0] == "Upload" and own[1] != "none" and own[2] != "hidden", own
            # what is drawn: the button is wide enough for its words and nothing spills out of it
            drawn = button.evaluate("""b => { const inner = b.querySelector('[data-has-shortcut]');
                const after = getComputedStyle(inner, '::after');
                return {after: after.content, size: after.fontSize, width: b.getBoundingClientRect().width,
                        scroll: b.scrollWidth, client: b.clientWidth}; }""")
            other = page.locator("[data-testid='stDownloadButton'] button p").first.evaluate("p => getComputedStyle(p).fontSize")
            if lang == "zh":
                assert drawn["after"] == f'"{name}"', drawn
                assert drawn["size"] == other, (drawn, other)  # the words as large as the download buttons'
            else:
                assert drawn["after"] in ("none", "normal"), drawn
            assert drawn["scroll"] <= drawn["client"] + 1, drawn
        finally:
            ctx.close()
