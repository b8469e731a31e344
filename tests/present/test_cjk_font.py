"""The PDF's CJK font subset and the speed-ups of the PDF build: the subset covers every
text of the report and draws the full font's glyphs; a note (or text) with a character the
subset lacks is printed with the full font; remembered text widths and the raw chart images
are exactly fpdf2's and matplotlib's."""

from __future__ import annotations

import datetime as dt
import io
import random

import numpy as np
import pytest
from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont
from fpdf import FPDF
from PIL import Image

from calculator.content.chart_spec import cost_spec
from calculator.present import print_charts
from calculator.present.pdf import build, build_pdf, check_note, cjk_font, document, make_cjk_subset, texts
from calculator.present.pdf.cjk_font import SUBSET_PATH
from calculator.present.pdf.document import Doc, Page
from calculator.present.pdf.page_style import FONT, FONT_PATH
from tests.present.test_report import contains, pdf_text

TODAY = dt.date(2026, 11, 22)
#: Characters of the full font that are not in GB 2312 and in no text of the report.
RARE = "龘靐䶮"


@pytest.fixture(scope="module")
def full_cmap():
    return cjk_font.cmap_of(FONT_PATH)


@pytest.fixture(scope="module")
def subset_cmap():
    return cjk_font.cmap_of(SUBSET_PATH)


def test_the_full_font_is_the_charts_font():
    assert FONT_PATH == cjk_font.FULL_PATH == print_charts.FONT_PATH
    assert SUBSET_PATH.parent == FONT_PATH.parent


def test_subset_covers_every_character_of_the_reports_texts(full_cmap, subset_cmap):
    """A text that gains a character outside the subset fails here: rebuild the subset
    (``python -m calculator.present.pdf.make_cjk_subset``); the report itself would still be
    right (laid out again with the full font, see the test below)."""
    files = make_cjk_subset.text_files()
    assert any(f.name == "core.zh.yaml" for f in files) and any(f.name == "offers.yaml" for f in files)
    assert any(f.name == "cn.yaml" for f in files)
    needed = {ord(c) for c in make_cjk_subset.text_chars()} & full_cmap
    missing = sorted(needed - subset_cmap)
    assert not missing, "".join(map(chr, missing[:50]))
    gb = {ord(c) for c in make_cjk_subset.gb2312_chars()}
    assert len(gb) > 7400  # 6,763 hanzi and the symbols
    assert not (gb & full_cmap) - subset_cmap
    assert all(ord(c) in subset_cmap for c in "0123456789%‰，。、；：？！（）《》“”—…·□□")
    assert not {ord(c) for c in RARE} & subset_cmap and {ord(c) for c in RARE} <= full_cmap
    assert subset_cmap <= full_cmap


def test_subset_draws_the_full_fonts_glyphs():
    """Same outline, advance width and CID for a sample of characters; the name table
    (copyright, licence, font name) kept."""
    with TTFont(str(FONT_PATH), lazy=True) as full, TTFont(str(SUBSET_PATH), lazy=True) as sub:
        full_map, sub_map = full.getBestCmap(), sub.getBestCmap()
        full_set, sub_set = full.getGlyphSet(), sub.getGlyphSet()
        sample = list("中国脐带血存储 HLA Ab9,.%，。（）—€¥") + random.Random(1).sample(sorted(sub_map), 40)
        for ch in sample:
            cp = ord(ch) if isinstance(ch, str) else ch
            g_full, g_sub = full_map[cp], sub_map[cp]
            assert g_full == g_sub  # the glyph's name is its CID
            assert full["hmtx"][g_full] == sub["hmtx"][g_sub]
            pens = RecordingPen(), RecordingPen()
            full_set[g_full].draw(pens[0])
            sub_set[g_sub].draw(pens[1])
            assert pens[0].value == pens[1].value, chr(cp)
        for name_id in (0, 1, 4, 6, 7, 13, 14):
            assert full["name"].getDebugName(name_id) == sub["name"].getDebugName(name_id)
        assert full["CFF "].cff.topDictIndex[0].ROS == sub["CFF "].cff.topDictIndex[0].ROS


def test_the_font_for_a_note():
    assert cjk_font.font_path_for(None) == SUBSET_PATH
    assert cjk_font.font_path_for("请在分娩前为宝宝做HLA配型。 Ελληνικά café") == SUBSET_PATH
    assert cjk_font.font_path_for("שלום مرحبا ✓") == SUBSET_PATH  # the CJK font has none of them
    assert cjk_font.font_path_for("罕见字：" + RARE[0]) == FONT_PATH


@pytest.mark.parametrize("note, font", [("请在分娩前为宝宝做HLA配型。", SUBSET_PATH), ("罕见字：" + RARE, FONT_PATH)])
def test_report_with_a_note_uses_the_subset_unless_the_note_needs_the_full_font(thal_cn, note, font):
    p = Page(thal_cn, "zh", "counsellor", note, TODAY)
    assert p.font_path == font
    data = build_pdf(thal_cn, lang="zh", audience="counsellor", note=check_note(note), today=TODAY)
    assert contains(pdf_text(data), note)  # every character printed (a missing glyph is dropped)


def test_text_the_subset_lacks_lays_the_report_out_again_with_the_full_font(healthy_cn, monkeypatch):
    T = texts.Texts.T
    monkeypatch.setattr(texts.Texts, "T", lambda self, key, **k: T(self, key, **k) + (RARE if key == "text.title" else ""))
    fonts = []
    page = document.Page

    def spy(*a, **k):
        p = page(*a, **k)
        fonts.append(p.font_path)
        return p

    monkeypatch.setattr(document, "Page", spy)  # render() takes Page from document
    data = build.render(spy(healthy_cn, "en", "parent", None, TODAY))
    # the subset first, then the full font (a more compact layout after it, if the last page is
    # near-empty, keeps the full font)
    assert fonts[:2] == [SUBSET_PATH, FONT_PATH] and set(fonts[2:]) <= {FONT_PATH}
    assert RARE in pdf_text(data)
    assert not build.lacks_glyphs(Page(healthy_cn, "en", "parent", None, TODAY))  # not laid out yet


def test_remembered_widths_are_fpdf2s(healthy_cn):
    """Doc.text_width and the font's remembered widths give exactly fpdf2's widths."""
    doc = Doc(lambda page: "", SUBSET_PATH)
    doc.add_page()
    plain = FPDF()
    plain.add_font(FONT, fname=str(SUBSET_PATH))
    plain.add_page()
    texts = ["", " ", "a", "HLA", "14,200 元", "中文（测试）：脐带血", "x" * 300, "{nb} pages", "✓ ü"]
    texts += [t[:i] for t in ("Cord blood stored privately, 中文混排 text", "一二三四五") for i in range(1, 12)]
    for size in (7.0, 8.5, 9.0, 11.5):
        doc.set_font(FONT, size=size)
        plain.set_font(FONT, size=size)
        for text in texts * 2:  # the second time from memory
            assert doc.text_width(text) == plain.get_string_width(text), (text, size)
            assert doc.get_string_width(text) == plain.get_string_width(text), (text, size)
            font = doc.current_font
            assert font.get_text_width(text, size, None) == plain.current_font.get_text_width(text, size, None)


def test_chart_image_has_the_pngs_pixels(thal_cn):
    cs = thal_cn.cost_schedule
    fig = print_charts.draw(cost_spec(cs, currency="CNY", lang="zh"))
    png = np.asarray(Image.open(io.BytesIO(print_charts.figure_png(fig))))
    img = print_charts.figure_image(fig)
    assert img.mode == "RGBA" and img.size == (png.shape[1], png.shape[0])
    assert (np.asarray(img) == png).all()


def _written(write: str, pieces: list[tuple[float, float, str]], font_path=SUBSET_PATH) -> tuple:
    """Page contents and position after writing ``pieces`` (size, x, text) with ``write``."""
    doc = Doc(lambda page: "", font_path)
    doc.add_page()
    out = []
    for size, x, text in pieces:
        doc.set_font(FONT, size=size)
        doc.set_x(x)
        out.append(getattr(doc, write)(size * 0.45, text))
        out.append((doc.page, round(doc.get_x(), 9), round(doc.get_y(), 9)))
    return out, [bytes(page.contents) for page in doc.pages.values()]


def test_write_plain_is_fpdf2s_write():
    """Same lines, same page content, same position, for plain text of every kind: words,
    Chinese (broken per character), long words and URLs (forced breaks), runs and leading
    spaces, a start near the right margin, text with line breaks (left to fpdf2)."""
    rng = random.Random(7)
    words = ["cord", "blood", "HLA", "14,200", "https://www.example.org/a/very/long/path/to/a/source/document.pdf",
             "脐带血", "造血干细胞移植", "（2023）", "；", "—", "x" * 120, "", " ", "ü", "1:10,000"]
    pieces = []
    for _ in range(150):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.3:
            text = " " + text
        if rng.random() < 0.05:
            text += "\nnext line"
        pieces.append((rng.choice([6.0, 7.0, 8.5, 12.0, 30.0]), rng.choice([15.0, 60.0, 150.0, 190.0, 194.5]), text))
    assert _written("write_plain", pieces) == _written("write", pieces)
    long_cjk = [(7.0, 15.0, "估计" * 400), (7.0, 120.0, " " + "字" * 300 + " end")]
    assert _written("write_plain", long_cjk) == _written("write", long_cjk)
    assert _written("write_plain", long_cjk, FONT_PATH) == _written("write", long_cjk, FONT_PATH)
    with pytest.raises(Exception, match="Not enough horizontal space"):  # as fpdf2: a glyph wider than a line
        _written("write_plain", [(900.0, 15.0, "字字")])
