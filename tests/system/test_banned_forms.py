"""Number and wording forms a reader must never see (ZH-REVIEW.md; issue 24), checked where
people read them: every locale string, the command line's text for every golden family (Chinese
and English), and the text of the PDF reports.

A form is banned when it is not natural Chinese or English or when a sentence broke while being
composed: "约 100 分之 38", "约 7,100 分之一" (above 1 in 100 only "约万分之 N" is natural),
"着色", "概率无", fractional families ("0.49 个家庭", "1.2 个", "0.25 of 10,000"), two range marks
in one range ("1.3%（约 270 分之一至 4.8%）", "5～8 至 9"), "假设: 假设", "Assumption: Assumption",
"square(s)", "child(ren)", "Parent 1", "(here: free)", "预计未填写后移植", "likely between",
a percentage repeated in its own brackets ("约 47%（47%）").
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from calculator.cli import main
from calculator.content.i18n import catalogue

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "families"
FAMILIES = sorted(p.stem for p in GOLDEN.glob("*.yaml"))
#: Families whose reports are read (a sick relative with HLA unknown, and a healthy family).
PDF_FAMILIES = ("thal_hla_unknown", "father_leukaemia", "healthy_cn")

_MARKS = "\uff5e\u2013\u2014至到~"
#: (name, pattern) of forms banned in Chinese text.
BANNED_ZH = (
    ("100 分之 N", re.compile(r"100\s*分之\s*\d")),
    ("着色", re.compile(r"着色")),
    ("概率无", re.compile(r"概率\s*[:：]?\s*无(?![法关])")),
    ("fractional family", re.compile(r"\d\.\d+[ \t]*个(?!健康日|质量调整日|百分点|细胞)")),
    ("fractional family", re.compile(r"\d\.\d+[ \t]*个?家庭")),
    ("two range marks in one range", re.compile(rf"\d[^\n，。；（）()]{{0,12}}?[{_MARKS}][^\n，。；（）()]{{0,12}}?[{_MARKS}][ \t]*\d")),
    ("two range marks in one range", re.compile(r"[～至到][^，。；]{0,14}（约[^）]{0,14}[～至到]")),
    ("假设: 假设", re.compile(r"假设\s*[:：]\s*假设|\[假设\]\s*假设\s*[:：]")),
    ("预计未填写后移植", re.compile(r"预计\s*未填写")),
    ("relation then number", re.compile(r"(?:父亲或母亲|其他亲属|无血缘关系的孩子（如领养）|同父异母或同母异父的兄弟姐妹)\s*\d")),
    ("他/她", re.compile(r"他/她")),
    ("a percentage repeated in its brackets", re.compile(r"(\d[\d.]*%)（\1）")),
)
#: (name, pattern) of forms banned in English text.
BANNED_EN = (
    ("fractional family", re.compile(r"\b\d+\.\d+\s+(?:of|in)\s+(?:every\s+)?10,000")),
    ("fractional family", re.compile(r"\b\d+\.\d+\s+families")),
    ("likely between", re.compile(r"likely between")),
    ("none as a chance", re.compile(r"(?:chance|use)[^.;:\n]{0,40}:?\s+none\b")),
    ("Assumption: Assumption", re.compile(r"Assumption\s*:\s*Assumption|\[Assumption\]\s*Assumption\s*:")),
    ("(s)", re.compile(r"\w\((?:s|ren|es)\)")),
    ("Parent 1", re.compile(r"\b(?:Parent|Other relative|Brother or sister|Half-brother or half-sister)\s+\d")),
    ("(here: free)", re.compile(r"\(here: ")),
)


def _zh_one_in_above_100(text: str) -> list[str]:
    """"约 N 分之一" is natural only from 1 % up (N up to 100); below, "约万分之 N"."""
    out = []
    for m in re.finditer(r"([\d,]+)\s*分之一", text):
        if int(m.group(1).replace(",", "")) > 100:
            out.append(m.group(0))
    return out


def banned(text: str, lang: str) -> list[tuple[str, str]]:
    """(name, what was found) of each banned form in ``text``."""
    found = []
    for name, pattern in (BANNED_ZH if lang == "zh" else BANNED_EN):
        found += [(name, m.group(0)) for m in pattern.finditer(text)]
    if lang == "zh":
        found += [("约 N 分之一 above 100", x) for x in _zh_one_in_above_100(text)]
    return found


# --------------------------------------------------------------------------- the checker can fail


@pytest.mark.parametrize("text, lang", [
    ("概率约 100 分之 38", "zh"), ("1 万个中 3 个着色", "zh"), ("用于他/她的概率无", "zh"),
    ("每 1 万个家庭中约 0.49 个", "zh"), ("约 1.2 个家庭", "zh"), ("1.3%（约 270 分之一至 4.8%）", "zh"),
    ("假设: 假设：2023 年价格表", "zh"), ("[假设] 假设：默认", "zh"), ("预计未填写后移植", "zh"),
    ("父亲或母亲 1 患有白血病", "zh"), ("约 7,100 分之一", "zh"), ("范围 5～8 至 9", "zh"),
    ("需要移植：约 47%（47%）", "zh"),
    ("About 0.25 of 10,000 families", "en"), ("likely between 1 and 4.2", "en"),
    ("Assumption: Assumption: the contracts", "en"), ("3 coloured square(s)", "en"),
    ("You plan 1 more child(ren)", "en"), ("Parent 1 has leukaemia", "en"), ("(here: free)", "en"),
    ("chance the unit is used for them none", "en"),
])
def test_the_checker_finds_each_banned_form(text, lang):
    assert banned(text, lang), text


@pytest.mark.parametrize("text, lang", [
    ("约 100 分之一", "zh"), ("约万分之 1.4～4", "zh"), ("约 3%～11%", "zh"), ("每 10 万个家庭中约 12 个", "zh"),
    ("0.035 QALY（约 13 个健康日）", "zh"), ("约万分之 1.4（0.014%）", "zh"), ("每个新生儿约 0.03 个质量调整日", "zh"), ("约 14 分之一", "zh"),
    ("about 5 to 33 in 10,000", "en"), ("about 1 in 20,000", "en"), ("Parent (relative 1) has leukaemia", "en"),
])
def test_the_checker_passes_natural_forms(text, lang):
    assert not banned(text, lang), banned(text, lang)


# --------------------------------------------------------------------------- where people read


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_locale_string_has_a_banned_form(lang):
    bad = {k: banned(v, lang) for k, v in catalogue(lang).items() if banned(v, lang)}
    assert not bad, bad


def _cli(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


@pytest.mark.parametrize("family", FAMILIES)
def test_command_line_text_of_every_golden_family(family):
    scenario = str(GOLDEN / f"{family}.yaml")
    found = {}
    for lang, command in (("zh", "evaluate"), ("zh", "sensitivity"), ("en", "evaluate")):
        text = _cli(command, "--lang", lang, "--scenario", scenario)
        if banned(text, lang):
            found[lang, command] = banned(text, lang)
    assert not found, found


def _pdf_text(data: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe:
        return subprocess.run([exe, "-", "-"], input=data, capture_output=True, check=True).stdout.decode("utf-8")
    from pypdf import PdfReader

    # pypdf may put spaces between CJK glyphs: remove them between two Chinese characters
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)


@pytest.mark.parametrize("family", PDF_FAMILIES)
def test_report_text_has_no_banned_form(family):
    from calculator.analysis.evaluate import evaluate_with_uncertainty
    from calculator.inputs.scenario_files import load_scenario
    from calculator.present.pdf import PSA_SEED, build_pdf

    scenario = load_scenario(GOLDEN / f"{family}.yaml")
    res = evaluate_with_uncertainty(scenario, psa_draws=200, seed=PSA_SEED)
    found = {}
    for lang in ("zh", "en"):
        for audience in ("parent", "counsellor"):
            text = _pdf_text(build_pdf(res, lang=lang, audience=audience))
            text = re.sub(r"-\n", "-", text)  # a line broken after a hyphen
            text = re.sub(r"(?<=[\u4e00-\u9fff])\n+(?=[\u4e00-\u9fff])", "", text)  # or inside a Chinese word
            if banned(text, lang):
                found[lang, audience] = banned(text, lang)
    assert not found, found
