"""The ``report`` command's chart helper process: the PDF is the one :func:`build_pdf` makes,
whether the helper draws the charts, fails, hangs or cannot be forked; the helper never
outlives the report; importing the PDF package loads neither fpdf2 nor matplotlib."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from calculator.analysis.evaluate import evaluate_with_uncertainty
from calculator.present import print_charts
from calculator.present.pdf import PSA_DRAWS, PSA_SEED, build_pdf, chart_helper, charts, make_report

TODAY = dt.date(2026, 11, 22)
NOTE = "请在分娩前为宝宝做HLA配型。 Discuss HLA typing."
ROOT = Path(__file__).resolve().parents[2]
needs_fork = pytest.mark.skipif(not chart_helper.can_fork(), reason="no fork or a single core")


def parts(data: bytes) -> list:
    """What a reader sees of a PDF: each page's content stream, images and embedded fonts
    (the file itself differs in its creation date)."""
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        resources = page["/Resources"]
        images = [hashlib.sha256(x.get_object()._data).hexdigest() for x in (resources.get("/XObject") or {}).values()]
        fonts = []
        for ref in (resources.get("/Font") or {}).values():
            descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            program = next(descriptor[k] for k in ("/FontFile3", "/FontFile2") if k in descriptor)
            fonts.append(hashlib.sha256(program.get_object().get_data()).hexdigest())
        out.append((page.get_contents().get_data(), images, sorted(fonts)))
    return out


@pytest.fixture(scope="module")
def expected(thal_scenario):
    """The counsellor's report drawn in this process (build_pdf)."""
    res = evaluate_with_uncertainty(thal_scenario, sensitivity=True, psa_draws=PSA_DRAWS, seed=PSA_SEED)
    return parts(build_pdf(res, lang="zh", audience="counsellor", note=NOTE, today=TODAY))


@pytest.fixture
def helpers(monkeypatch):
    """The pids of the helpers forked (each checked to be waited for after the report)."""
    pids = []
    start = chart_helper.HelperCharts.start

    def spy(self):
        ok = start(self)
        if ok:
            pids.append(self.pid)
        return ok

    monkeypatch.setattr(chart_helper.HelperCharts, "start", spy)
    yield pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already waited for: no zombie left


def in_helper_only(monkeypatch, action):
    """Charts drawn in the parent fail the test; in the helper, ``action`` runs first."""
    parent = os.getpid()
    for name, make in dict(charts.CHARTS).items():
        def wrapped(p, make=make, name=name):
            if os.getpid() == parent:
                raise AssertionError(f"chart {name} drawn in the report's own process")
            action(name)
            return make(p)
        monkeypatch.setitem(charts.CHARTS, name, wrapped)


@needs_fork
def test_the_helper_draws_every_chart_and_the_pdf_is_build_pdfs(thal_scenario, expected, helpers, monkeypatch):
    in_helper_only(monkeypatch, lambda name: None)
    data = make_report(thal_scenario, lang="zh", audience="counsellor", note=NOTE, today=TODAY)
    assert len(helpers) == 1
    assert parts(data) == expected


def _drawn_here(monkeypatch):
    """Charts drawn in the parent, counted; in the helper they fail or hang (set by the test)."""
    drawn = []
    parent = os.getpid()
    for name, make in dict(charts.CHARTS).items():
        def wrapped(p, make=make, name=name):
            if os.getpid() == parent:
                drawn.append(name)
            return make(p)
        monkeypatch.setitem(charts.CHARTS, name, wrapped)
    return drawn


@needs_fork
def test_a_failing_helper_leaves_the_charts_to_the_report(thal_scenario, expected, helpers, monkeypatch):
    drawn = _drawn_here(monkeypatch)
    parent = os.getpid()
    prepare = print_charts.font_family

    def broken() -> str:
        if os.getpid() != parent:
            raise RuntimeError("helper broken")
        return prepare()

    monkeypatch.setattr(print_charts, "font_family", broken)
    data = make_report(thal_scenario, lang="zh", audience="counsellor", note=NOTE, today=TODAY)
    assert len(helpers) == 1
    assert drawn == ["pedigree", "value", "cost", "tornado", "ceac"]
    assert parts(data) == expected


@needs_fork
def test_a_hanging_helper_is_ended_after_the_timeout(thal_scenario, expected, helpers, monkeypatch):
    drawn = _drawn_here(monkeypatch)
    parent = os.getpid()
    prepare = print_charts.font_family

    def hangs() -> str:
        if os.getpid() != parent:
            time.sleep(60)
        return prepare()

    monkeypatch.setattr(print_charts, "font_family", hangs)
    monkeypatch.setattr(chart_helper, "TIMEOUT_S", 1.0)
    t0 = time.monotonic()
    data = make_report(thal_scenario, lang="zh", audience="counsellor", note=NOTE, today=TODAY)
    assert time.monotonic() - t0 < 30
    assert len(helpers) == 1
    assert drawn == ["pedigree", "value", "cost", "tornado", "ceac"]
    assert parts(data) == expected


def test_without_fork_the_report_draws_its_charts(thal_scenario, expected, helpers, monkeypatch):
    monkeypatch.setattr(chart_helper, "can_fork", lambda: False)
    drawn = _drawn_here(monkeypatch)
    data = make_report(thal_scenario, lang="zh", audience="counsellor", note=NOTE, today=TODAY)
    assert helpers == []
    assert drawn == ["pedigree", "value", "cost", "tornado", "ceac"]
    assert parts(data) == expected


def test_charts_are_drawn_once_per_report_also_when_laid_out_again(healthy_cn, monkeypatch):
    """The parents' copy draws its two charts once, although a near-empty last page or a
    character the font subset lacks lays the report out again."""
    drawn = _drawn_here(monkeypatch)
    from calculator.present.pdf import build
    from calculator.present.pdf.document import Page

    p = Page(healthy_cn, "en", "parent", None, TODAY)
    build.layout(p)
    again = Page(healthy_cn, "en", "parent", None, TODAY, compact=1, charts=p.charts)
    build.layout(again)
    assert drawn == ["cost", "value", "hla_inheritance"]
    assert charts.chart_names(healthy_cn, "parent") == ["cost", "value", "hla_inheritance"]


@needs_fork
def test_the_report_command_loads_matplotlib_only_in_its_helper(tmp_path):
    code = ("import sys\n"
            "import calculator.present.pdf as pdf\n"
            "assert 'fpdf' not in sys.modules and 'matplotlib' not in sys.modules, 'imported with the package'\n"
            "from calculator.cli import main\n"
            f"main(['report', '--out', {str(tmp_path / 'r.pdf')!r}])\n"
            "print('matplotlib' in sys.modules, 'fpdf' in sys.modules)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["False", "True"], out.stdout + out.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
