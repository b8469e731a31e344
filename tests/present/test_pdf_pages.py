"""Issue 24: the report's pages over a set of families, both languages and both audiences:
within the page budget (:data:`calculator.present.pdf.build.PAGE_BUDGET`; the parents' copy at
most 8 pages since its compact appendix) and no near-empty last page (at least 25 % of the
page used, measured on the rendered page, or the document is a single page)."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from calculator.analysis.evaluate import evaluate_with_uncertainty
from calculator.inputs.scenario_files import load_scenario
from calculator.present.pdf import build_pdf
from calculator.present.pdf.build import PAGE_BUDGET
from tests.present.test_pdf_layout import TODAY

FAMILIES = Path(__file__).resolve().parents[1] / "golden" / "families"
#: No history; a sibling with thalassaemia who is HLA typed (a match); a parent with leukaemia.
CASES = ("healthy_cn", "thal_hla_match", "father_leukaemia")
#: The least share of the last page's height that must hold content (the lowest inked row).
MIN_LAST_PAGE_USED = 0.25


@pytest.fixture(scope="module", params=CASES)
def family(request):
    scenario = load_scenario(str(FAMILIES / f"{request.param}.yaml"))
    return request.param, evaluate_with_uncertainty(scenario, sensitivity=True, psa_draws=300, seed=1)


def last_page_used(data: bytes, tmp_path: Path) -> tuple[int, float]:
    """(pages, the lowest inked row of the last page above the footer as a share of its height)."""
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is needed: apt-get install poppler-utils")
    n = len(PdfReader(io.BytesIO(data)).pages)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", str(n), "-l", str(n), str(pdf), str(tmp_path / "p")], check=True)
    png = sorted(tmp_path.glob("p-*.png"))[-1]
    img = Image.open(png).convert("L")
    png.unlink()
    w, h = img.size
    footer = int(h * (297 - 13) / 297)
    rows = [y for y in range(footer) if any(img.getpixel((x, y)) < 200 for x in range(0, w, 2))]
    return n, (rows[-1] / h if rows else 0.0)


@pytest.mark.parametrize("audience", ["parent", "counsellor"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_budget_and_a_well_used_last_page(family, lang, audience, tmp_path):
    name, res = family
    pages, used = last_page_used(build_pdf(res, lang=lang, audience=audience, today=TODAY), tmp_path)
    lo, hi = PAGE_BUDGET[audience]
    assert lo <= pages <= hi, (name, lang, audience, pages)
    assert pages == 1 or used >= MIN_LAST_PAGE_USED, (name, lang, audience, pages, round(used, 2))
