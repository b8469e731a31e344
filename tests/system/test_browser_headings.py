"""Chinese headings on a phone: no heading's last line is one character alone.

Both pages in Chinese at 390 px, a family with no history and a family with a sick brother or
sister (thalassaemia, HLA typed), every expander open. Each heading (h1-h6: titles, subheaders,
markdown headings, the option cards' names), each expander label, and each line that is bold
and nothing else (the verdict's headline, "来源…" lines) is measured character by character
(``Range.getClientRects``): when it wraps, its last line must hold at least two characters
that are not punctuation ("…合同期" / "内" and "…12 月 3" / "日）" fail). The fix is
:mod:`calculator.app.typography` (``text-wrap`` on headings and paragraphs). English is not
checked: a single word on a last line is ordinary there.
"""

from __future__ import annotations

import pytest

from tests.system.test_browser import _wait_idle, browser, server  # noqa: F401  (fixtures shared with the app test)
from tests.system.test_browser_parent import _open_every_expander

PHONE = (390, 844)
FAMILIES = {"default": "", "sick_typed": "&r1_relation=full_sibling&r1_condition=thalassaemia_major&r1_hla=match"}

#: Every heading-like element on screen that contains Chinese, as {kind, text, lines}: the
#: text of each rendered line (whitespace left out; the heading's link icon is not text).
LINES_JS = r"""() => {
  const HAN = /\p{Script=Han}/u;
  const seen = new Set(), targets = [];
  const add = (el, kind) => { if (el && !seen.has(el)) { seen.add(el); targets.push([el, kind]); } };
  for (const el of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) add(el, el.tagName.toLowerCase());
  for (const el of document.querySelectorAll("[data-testid='stExpander'] summary [data-testid='stMarkdownContainer']"))
    add(el, 'expander label');
  for (const el of document.querySelectorAll('strong')) {
    const block = el.closest('p, li');
    if (block && block.textContent.trim() === el.textContent.trim()) add(el, 'bold line');
  }
  const out = [];
  for (const [el, kind] of targets) {
    const box = el.getBoundingClientRect();
    // off screen: the phone's closed side panel
    if (!box.width || box.right <= 0 || box.left >= innerWidth || !HAN.test(el.textContent)) continue;
    const lines = [];
    let prev = null;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("[data-testid='stHeaderActionElements'], svg, [data-testid='stIconMaterial']")) continue;
      for (let i = 0; i < node.length; i++) {
        if (/\s/.test(node.data[i])) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const r = range.getClientRects()[0];
        if (!r || !r.width) continue;
        if (!prev || r.top >= prev.bottom - 2) lines.push('');  // below the previous character: a new line
        lines[lines.length - 1] += node.data[i];
        prev = r;
      }
    }
    out.push({kind, text: el.textContent.trim().slice(0, 80), lines});
  }
  return out;
}"""


def lone_last_line(lines: list[str]) -> bool:
    """A wrapped text whose last line has fewer than two characters that are not punctuation."""
    if len(lines) < 2:
        return False
    return sum(ch.isalnum() for ch in lines[-1]) < 2


def test_lone_last_line_rule():
    assert lone_last_line(["像您这样的1万个家庭，在22年合同期", "内"])
    assert lone_last_line(["来源（网页和名单核对日期：2026年12月3", "日）"])
    assert not lone_last_line(["像您这样的1万个家", "庭，在22年合同期内"])
    assert not lone_last_line(["内"])  # one line: nothing wrapped


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("which", ["parent", "counsellor"])
def test_chinese_headings_keep_two_characters_on_their_last_line(server, browser, which, family):  # noqa: F811
    width, height = PHONE
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{server}/?lang=zh{FAMILIES[family]}" + ("&page=counsellor" if which == "counsellor" else ""))
        page.wait_for_selector("h1", timeout=60_000)
        _wait_idle(page)
        _open_every_expander(page, width)
        found = page.evaluate(LINES_JS)
        # the check sees the page: many headings, and some of them wrap on a phone
        assert len(found) >= 10 and any(len(f["lines"]) > 1 for f in found), f"too few headings to check: {found}"
        lone = [f"{f['kind']}: {' / '.join(f['lines'])}" for f in found if lone_last_line(f["lines"])]
        assert not lone, f"{which} page, {family} family, 390 px: one character alone on a last line: {lone}"
    finally:
        page.close()


#: The project's own tables on the counsellor's page: each header cell and each first-column
#: cell of the validation table, as {kind, text, lines} (see :data:`LINES_JS`).
TABLE_LINES_JS = LINES_JS.replace(
    "for (const el of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) add(el, el.tagName.toLowerCase());",
    "for (const el of document.querySelectorAll('.cb-table th')) add(el, 'table header');"
    " for (const el of document.querySelectorAll('.cb-validation td:first-child')) add(el, 'validation row');"
    " if (false)").replace("for (const el of document.querySelectorAll(\"[data-testid='stExpander'] summary",
                           "if (false) for (const el of document.querySelectorAll(\"[data-testid='stExpander'] summary"
                           ).replace("for (const el of document.querySelectorAll('strong'))",
                                     "if (false) for (const el of document.querySelectorAll('strong'))"
                                     ).replace(  # not the headers a card layout hides (a 1 px box)
    "if (!box.width ||", "if (!box.width || (el.closest('thead') && el.closest('thead').getBoundingClientRect().width < 20) ||")


def test_counsellor_table_headers_on_a_laptop_keep_two_characters_on_their_last_line(server, browser):  # noqa: F811
    """Read in the 1366 px Chinese counsellor screenshot: the validation table's header "是否相符"
    wrapped as "是否相" / "符", the comparison's "家庭使用的概" / "率". No header leaves one
    character alone. (Its first column, about 75 px, runs each check's name over 7-8 lines; a
    wider one squeezed the English sources column out of the box, so it is left as it is.)"""
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    try:
        page.goto(f"{server}/?lang=zh&page=counsellor{FAMILIES['sick_typed']}")
        page.wait_for_selector(".cb-validation", timeout=90_000)
        _wait_idle(page)
        found = page.evaluate(TABLE_LINES_JS)
        rows = [f for f in found if f["kind"] == "validation row"]
        assert len(rows) >= 8 and any(f["kind"] == "table header" for f in found), found
        lone = [" / ".join(f["lines"]) for f in found if f["kind"] == "table header" and lone_last_line(f["lines"])]
        assert not lone, lone
    finally:
        page.close()
