"""Running the real app page in-process (Streamlit's AppTest) for the app tests."""

from __future__ import annotations

import html
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
#: Seconds one page run may take: the first run of a session loads the model and draws the PSA.
TIMEOUT = 120


def open_expanders(at: AppTest) -> AppTest:
    """Open every expander that makes its content only when open (``x_`` keys, as a person
    clicking each one does) and run the page again; fails on any page exception."""
    closed = [k for k in at.session_state if str(k).startswith("x_") and not at.session_state[k]]
    if closed:
        for k in closed:
            at.session_state[k] = True
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run(query: dict[str, str] | None = None, *, expanded: bool = True) -> AppTest:
    """The page for ``query`` (URL parameters), run once (then with every expander open unless
    ``expanded`` is False); fails on any page exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return open_expanders(at) if expanded else at


def side(at: AppTest) -> AppTest:
    """The page with its side panel. A change in the side panel reruns only the page's results
    (:mod:`calculator.app.panel`), and AppTest then holds only the elements of that run, where
    a browser keeps the side panel on screen; running the page again with no change runs it whole."""
    if not len(at.sidebar):
        at.run()
        assert len(at.sidebar), "a run with no change draws the whole page, side panel included"
    return at


def html_texts(node) -> list[str]:
    """The text a person reads in the page's own HTML elements (``st.html``: the icon arrays with
    their words), tags taken out, one text per paragraph or caption; a picture's name (``alt``)
    too, as a screen reader reads it."""
    out = []
    for el in node.get("html"):
        body = el.proto.body
        if "<script" in body or body.lstrip().startswith("<style"):
            continue
        out += [html.unescape(x) for x in re.findall(r'alt="([^"]*)"', body)]
        for part in re.findall(r"<(?:p|figcaption)\b[^>]*>(.*?)</(?:p|figcaption)>", body, flags=re.S):
            text = re.sub(r"<br\s*/?>", " ", part)
            text = re.sub(r"</?strong>", "**", text)
            out.append(html.unescape(re.sub(r"<[^>]+>", "", text)))
    return out


def headings(node) -> list[str]:
    """The section titles of ``node`` (an AppTest: its main area) in order: Streamlit subheaders
    and the level-3 headings in Markdown (:func:`calculator.app.render.draw_blocks` puts a
    section's title in the Markdown of the text under it)."""
    out = []
    for el in getattr(node, "main", node):
        if el.type == "subheader":
            out.append(el.value)
        elif el.type == "markdown":
            out += re.findall(r"^### (.+)$", el.value, flags=re.M)
    return out


def captions(node) -> list[str]:
    """The small notes of ``node`` (an AppTest: its main area) in order: Streamlit captions and
    each ``:small[...]`` paragraph of its Markdown (:func:`calculator.app.render.small`)."""
    out = []
    for el in getattr(node, "main", node):
        if el.type == "caption":
            out.append(el.value)
        elif el.type == "markdown":
            out += [m.replace("  \n", "\n") for m in re.findall(r"^:small\[(.*?)\]$", el.value, flags=re.M | re.S)]
    return out
