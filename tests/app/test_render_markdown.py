"""A section's title and its notes (captions) go into the Markdown of the text around them, so a
section is one element where it can be (each element costs the server a little on every page
run: docs/measurements.md). A note is Streamlit's ``:small[...]``, each paragraph on its own;
a note with a square bracket, which would end it early, stays a caption of its own."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from calculator.app.render import is_text, markdown, small
from calculator.content.blocks import Paragraph
from tests.app.apptest import run


def test_a_note_is_small_text_paragraph_by_paragraph():
    assert small("One line.\nAnother.\n\nA second paragraph.") == ":small[One line.  \nAnother.]\n\n:small[A second paragraph.]"
    assert markdown(Paragraph("**HLA** is a tissue type.", role="caption")) == ":small[**HLA** is a tissue type.]"
    assert is_text(Paragraph("a note", role="caption"))
    assert not is_text(Paragraph("a note [with a bracket]", role="caption"))


def _draw() -> None:
    from calculator.app.render import draw_blocks
    from calculator.content.blocks import Bullets, Paragraph, Section

    draw_blocks(Section("s", "The title", (Paragraph("Intro.", role="caption"), Bullets(("one", "two")),
                                           Paragraph("A note [1]", role="caption"))), title=True)


def test_a_titled_section_with_notes_is_one_markdown_element_and_a_bracketed_note_its_own_caption():
    at = AppTest.from_function(_draw).run()
    assert [m.value for m in at.markdown] == ["### The title\n\n:small[Intro.]\n\n- one\n- two"]
    assert [c.value for c in at.caption] == ["A note [1]"]
    assert not at.subheader


def test_the_parents_results_are_at_most_twenty_elements():
    """The elements a change in the side panel sends again (the page's results, every folded part
    closed): 27 before titles and notes joined the Markdown around them."""
    at = run({"lang": "en"}, expanded=False)
    results = next(el for el in at.main if el.type == "flex_container" and len(el.info))  # the verdict's box is in it
    sent = list(results)[1:]  # the container itself not counted
    assert len(sent) <= 20, [el.type for el in sent]
