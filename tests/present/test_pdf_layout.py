"""The PDF read back: plain words in the parents' copy (health economics only in its titled
section), the two HLA answers for a thalassaemia family, directed donation in the
counsellor's comparison, readable sources, no near-empty page, full tornado labels, chart
axes that match the contract."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from calculator.analysis.evaluate import evaluate, evaluate_with_uncertainty
from calculator.analysis.tornado import Tornado, TornadoRow
from calculator.content.chart_spec import ceac_spec, cost_spec, tornado_spec
from calculator.content.i18n import t
from calculator.inputs.scenario_files import load_scenario
from calculator.present import print_charts
from calculator.present.pdf import build_pdf, charts, page_style
from calculator.present.pdf.document import Page

TODAY = dt.date(2026, 11, 22)
THAL = Path(__file__).resolve().parents[1] / "golden" / "families" / "thal_hla_unknown.yaml"
#: Health-economics words that the parents' copy keeps inside its titled section.
JARGON = {"en": ("QALY", "ICER", "net monetary benefit", "willingness to pay", "present value"),
          "zh": ("QALY", "ICER", "质量调整", "净货币效益", "支付意愿", "现值")}


def flat(text: str) -> str:
    return re.sub(r"[\s\x00]+", "", text)


@pytest.fixture(scope="module")
def thal():
    return evaluate_with_uncertainty(load_scenario(str(THAL)), sensitivity=True, psa_draws=400, seed=1)


@pytest.fixture(scope="module")
def default():
    return evaluate_with_uncertainty(None, sensitivity=True, psa_draws=400, seed=1)


@pytest.fixture(scope="module")
def pdfs(thal, default):
    return {(fam, lang, aud): build_pdf(res, lang=lang, audience=aud, today=TODAY)
            for fam, res in (("thal", thal), ("default", default))
            for lang in ("en", "zh") for aud in ("parent", "counsellor")}


def text_of(data: bytes) -> str:
    """The PDF's text by poppler's pdftotext (clean CJK; pypdf garbles the subset font)."""
    import shutil
    import subprocess

    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    return subprocess.run([exe, "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fam", ["thal", "default"])
def test_parents_main_body_has_no_health_economics_jargon(pdfs, fam, lang):
    text = flat(text_of(pdfs[fam, lang, "parent"]))
    title = flat(t("app.parent.he_title", lang))
    assert text.count(title) == 1, "the titled section is there once"
    body = text[:text.index(title)]
    for word in JARGON[lang]:
        assert flat(word).lower() not in body.lower(), (fam, lang, word)
    # and the section does hold them
    section = text[text.index(title):text.index(flat(t("report.h_disclaimer", lang)))]
    assert "QALY" in section


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_parents_numbers_are_natural_frequencies_with_one_denominator(pdfs, lang):
    text = flat(text_of(pdfs["thal", lang, "parent"]))
    phrase = "of every 10,000 families like yours" if lang == "en" else "每1万个像您这样的家庭中约"
    assert flat(phrase) in text
    assert flat(t("app.when.header", lang)) in text and flat(t("app.next.header", lang)) in text
    assert flat(t("red_flag.cord_tissue", lang))[:20] in text  # one list of red flags, one wording


@pytest.mark.parametrize("aud", ["parent", "counsellor"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_conditional_answers_side_by_side_for_hla_unknown(pdfs, thal, lang, aud):
    """The PDF prints the page's answers by HLA result (one builder, one wording)."""
    from calculator.content.blocks import Bullets, Heading, Paragraph, SideBySide
    from calculator.content.common import hla_answers
    from calculator.content.words import Words
    from calculator.present.pdf.draw import plain

    assert thal.conditional is not None
    text = flat(text_of(pdfs["thal", lang, aud]))
    section = hla_answers(thal, Words(lang, thal.currency), aud)
    assert section is not None
    pair = section.blocks[-1]
    assert isinstance(pair, SideBySide) and len(pair.panels) == 2
    wanted = [section.title] + [b.text for b in section.blocks if isinstance(b, Paragraph)]
    for panel in pair.panels:
        for b in panel:
            if isinstance(b, (Heading, Paragraph)):
                wanted += b.text.split("\n")
            elif isinstance(b, Bullets):
                wanted += list(b.items)
    assert len(wanted) >= 5
    for x in wanted:
        assert flat(plain(x)) in text, x


def test_no_conditional_block_for_the_default_family(pdfs):
    assert flat(t("app.when.depends", "en")) not in flat(text_of(pdfs["default", "en", "parent"]))
    assert flat(t("app.when.if_match", "en")) not in flat(text_of(pdfs["default", "en", "parent"]))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_counsellor_compares_directed_donation(pdfs, thal, lang):
    assert "directed" in thal.strategies
    text = flat(text_of(pdfs["thal", lang, "counsellor"]))
    compare = text[text.index(flat(t("report.h_compare", lang, years=thal.horizon_years))):]
    assert flat(t("strategy.directed", lang)) in compare[:600]
    for key in ("app.counsellor.relatives_table", "report.h_validation", "report.h_family"):
        assert flat(t(key, lang)) in text, key


def test_sources_are_at_least_7_pt(pdfs):
    assert page_style.SOURCE_PT >= 7.0
    # every text in the content streams is set at >= 7 pt: sources, footer, captions
    for data in (pdfs["thal", "en", "parent"], pdfs["thal", "zh", "counsellor"]):
        for page in PdfReader(io.BytesIO(data)).pages:
            sizes = [float(m) for m in re.findall(rb"/F\d+ ([\d.]+) Tf", page.get_contents().get_data())]
            assert sizes and min(sizes) >= 7.0, min(sizes)


def test_page_budget_and_no_near_empty_page(pdfs, tmp_path):
    """Every page (the last included) uses at least 15 % of its height: rendered with poppler,
    the lowest inked row above the footer is below 15 % of the page."""
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed: apt-get install poppler-utils")
    from calculator.present.pdf.build import PAGE_BUDGET

    for key, data in pdfs.items():
        n = len(PdfReader(io.BytesIO(data)).pages)
        lo, hi = PAGE_BUDGET[key[2]]
        assert lo <= n <= hi, (key, n)
        pdf = tmp_path / "x.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", str(n), "-l", str(n), str(pdf), str(tmp_path / "p")],
                       check=True)
        png = sorted(tmp_path.glob("p-*.png"))[-1]
        img = Image.open(png).convert("L")
        w, h = img.size
        footer = int(h * (297 - 13) / 297)
        rows = [y for y in range(footer) if any(img.getpixel((x, y)) < 200 for x in range(0, w, 2))]
        assert rows and rows[-1] / h >= 0.15, (key, rows[-1] / h if rows else 0)
        png.unlink()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_tornado_labels_are_full(thal, lang):
    p = Page(thal, lang, "counsellor", None, TODAY)
    _image, labels = charts.tornado_image(p)
    from calculator.inputs.assumptions import load_region

    params = load_region(thal.region).parameters
    full = {params[r.name].label_in(lang) for r in thal.sensitivity.tornado_nmb.rows if r.name in params}
    flips = {params[r.name].label_in(lang) for r in thal.sensitivity.tornado_nmb.rows if r.name in params and r.flips}
    for label in labels:
        joined = label.replace("\n", " " if lang == "en" else "")
        if joined.endswith(" *"):  # a number that changes the decision within its range (the caption says so)
            joined = joined[:-2]
            assert joined in flips or joined.replace(" ", "") in {f.replace(" ", "") for f in flips}, label
        assert joined in full or joined.replace(" ", "") in {f.replace(" ", "") for f in full}, label
        assert "…" not in label and "..." not in label


def test_tornado_legend_below_the_bars():
    rows = (_row("a", 1.0, 3.0), _row("b", -1.0, 0.5))
    spec = tornado_spec(Tornado(output="nmb_vs_public", base=0.0, rows=rows), labels={"a": "a long label " * 4},
                        lang="en", currency="CNY")
    fig = print_charts.draw(spec)
    assert fig.legends and not fig.axes[0].get_legend()


def _row(name, lo, hi):
    return TornadoRow(name=name, low_value=0.0, high_value=1.0, output_low=lo, output_high=hi, swing=abs(hi - lo),
                      flips=False, flip_value=None)


def test_cost_chart_axis_ends_at_the_contract():
    years = list(range(18))
    schedule = {"year": years, "payment": [10.0] * 18, "cumulative_nominal": [i * 10.0 for i in years],
                "cumulative_pv": [i * 8.0 for i in years]}
    fig = print_charts.draw(cost_spec(schedule, currency="CNY", lang="en"))
    lo, hi = fig.axes[0].get_xlim()
    assert 18 <= hi <= 18.5


def test_ceac_is_a_true_log_axis_with_the_family_point():
    pts = [[10.0 ** k, min(1.0, k / 7)] for k in range(1, 8)]
    fig = print_charts.draw(ceac_spec(pts, wtp=3e5, lang="en", currency="CNY"))
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    assert any(len(line.get_xdata()) == 1 and line.get_xdata()[0] == 3e5 for line in ax.get_lines())


def test_verdict_colours_match_the_app():
    from calculator.present.palette import OKABE_ITO, rgb

    assert page_style.verdict_colour("private_storage_clear_value") == rgb(OKABE_ITO["green"])
    assert page_style.verdict_colour("prefer_public_donation") == rgb(OKABE_ITO["blue"])


def test_evaluate_without_uncertainty_still_builds():
    data = build_pdf(evaluate(load_scenario(str(THAL))), lang="zh", audience="counsellor", today=TODAY)
    assert data.startswith(b"%PDF")


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("fam", ["thal", "default"])
def test_a_section_heading_stays_with_its_table(pdfs, fam, lang):
    """Read in the English parents' PDF of a family with no history: page 1 ended with "The
    four choices side by side" and its one-line intro, the table starting on page 2 (fpdf2
    never splits a row, and the first row is tall). The heading is kept with its intro and
    the table's heading row and first row."""
    pages = text_of(pdfs[(fam, lang, "parent")]).split("\f")
    title = flat(t("aid.options.title", lang))
    head = flat(t("aid.options.col_harms", lang))
    at = [i for i, page in enumerate(pages) if title in flat(page)]
    assert at, "the options section is missing"
    assert head in flat(pages[at[0]]), f"'{t('aid.options.title', lang)}' on page {at[0] + 1}, its table on the next"
