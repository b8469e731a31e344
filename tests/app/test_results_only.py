"""A change in the side panel reruns only the page's results (calculator.app.panel).

What must hold: the results shown after such a run are exactly those of the whole page opened
from the same link, and the side panel on screen is always the one the inputs call for (a
question that now matters, a relative added, a warning: the whole page runs again).
"""

from __future__ import annotations

import random

import pytest
from streamlit.testing.v1 import AppTest

from calculator.app.panel import Drawn, Read, Stale, _entry
from calculator.content.i18n import t
from tests.app.apptest import run, side

WIDGETS = ("number_input", "selectbox", "radio")
#: The raw choices of the side panel's radios (AppTest sets a radio by its value).
RADIOS = {"w_first_": ("yes", "no"), "w_sick_": ("no", "yes"), "w_tested_": ("no", "yes")}


def results_block(at: AppTest):
    """The page's results: the one container of the main area (outside it: title, subtitle,
    notices and the page's style sheet)."""
    blocks = [n for n in at.main.children.values() if n.type == "flex_container"]
    assert len(blocks) == 1, [n.type for n in at.main.children.values()]
    return blocks[0]


def flat(node, out: list) -> list:
    """Every element of ``node`` in order: a widget by its key, label and value, the PDF button
    by its label (its file carries a date stamp), anything else by its whole message."""
    children = getattr(node, "children", None)
    if children is not None and (getattr(node, "proto", None) is None or node.type in ("flex_container", "expander", "tab")):
        out.append(("block", node.type, getattr(node, "label", None)))
        for child in children.values():
            flat(child, out)
    elif node.type == "download_button":
        out.append((node.type, node.proto.label))
    elif getattr(node, "key", None) is not None or node.type == "button_group":
        out.append((node.type, getattr(node, "key", None), getattr(node, "label", None), repr(getattr(node, "value", None))))
    else:
        out.append((node.type, node.proto.SerializeToString(deterministic=True)))
    return out


def panel_of(at: AppTest) -> list:
    """What the side panel shows, values left out: each element's kind, key, label and choices."""
    out = []
    for node in flat(at.sidebar, []):
        out.append(node[:3] if node[0] in (*WIDGETS, "button_group") else node)
    return out


def results_only(at: AppTest) -> bool:
    """The last run was the results' alone (AppTest then holds only their elements)."""
    return len(at.sidebar) == 0


def same_as_a_fresh_page(at: AppTest, *, expanded: bool = True) -> None:
    """The results on screen are those of the whole page opened from the same link (with the
    same folded parts open)."""
    fresh = run(dict(at.query_params), expanded=expanded)
    assert flat(results_block(at), []) == flat(results_block(fresh), [])


def test_a_fee_change_reruns_only_the_results_and_they_are_the_whole_pages():
    at = run({"lang": "en"})
    shown = panel_of(at)
    at.number_input(key="w_offer_fee_upfront").set_value(20_000).run()
    assert not at.exception
    assert results_only(at)
    assert at.query_params["fee_upfront"] == "20000"
    same_as_a_fresh_page(at)
    assert panel_of(side(at)) == shown


def test_a_question_that_now_matters_redraws_the_side_panel():
    at = run({"lang": "en"}, expanded=False)
    at.radio(key="w_sick_en").set_value("yes").run()
    assert not results_only(at)
    assert at.selectbox(key="w_r1_condition_en").value == "thalassaemia_major"
    # the thalassaemia brother makes the baby's own test matter: asked at once
    at.selectbox(key="w_r1_relation_en").select("full_sibling").run()
    assert not at.exception
    assert at.selectbox(key="w_newborn_en")


@pytest.mark.parametrize("key", ["w_lang", "w_page_en", "w_region_en"])
def test_language_page_and_region_run_the_whole_page(key):
    at = run({"lang": "en"}, expanded=False)
    new = {"w_lang": "zh", "w_page_en": "counsellor", "w_region_en": "us"}[key]
    widget = at.segmented_control(key=key) if key != "w_region_en" else at.selectbox(key=key)
    widget.set_value(new).run()
    assert not at.exception and not results_only(at)
    assert at.title[0].value == t("app.title", "zh" if key == "w_lang" else "en")


def test_a_warning_in_the_side_panel_redraws_it():
    # a first payment so small the model cannot use it: the side panel says so at once
    at = run({"lang": "en"}, expanded=False)
    at.number_input(key="w_offer_fee_upfront").set_value(5e-324).run()
    assert not at.exception
    assert not results_only(at)
    assert at.sidebar.get("warning")


@pytest.mark.parametrize(("lang", "page", "seed"), [("en", "parent", 1), ("zh", "parent", 2), ("en", "counsellor", 3)])
def test_a_walk_through_the_side_panel(lang, page, seed):
    """25 random changes of the side panel's own inputs: after each, the results are those of
    the whole page from the same link, and where only the results ran, a whole run draws the
    very side panel that was on screen."""
    rng = random.Random(seed)
    at = run({"lang": lang, "page": page}, expanded=page == "parent")
    shown = panel_of(at)
    kinds = {"results only": 0, "whole page": 0}
    for _ in range(25):
        side(at)
        shown = panel_of(at)
        widgets = [w for kind in WIDGETS for w in at.sidebar.get(kind)
                   if w.key and w.key.startswith("w_") and not w.key.startswith("w_region_")]
        w = rng.choice(widgets)
        if w.type == "number_input":
            lo, hi = w.min, w.max
            value = rng.uniform(lo, lo + (hi - lo) * rng.choice((0.02, 0.1, 0.5)))
            w.set_value(round(value) if w.proto.data_type == w.proto.INT else round(value, 1))
        elif w.type == "radio":
            w.set_value(rng.choice(next(v for k, v in RADIOS.items() if w.key.startswith(k))))
        else:
            w.select_index(rng.randrange(len(w.options)))
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        only = results_only(at)
        kinds["results only" if only else "whole page"] += 1
        same_as_a_fresh_page(at, expanded=page == "parent")
        if only:
            assert panel_of(side(at)) == shown, f"the side panel was stale after a change of {w.key}"
    assert min(kinds.values()) >= 3, kinds


def test_read_and_drawn_write_the_same_layout():
    """The two targets of :mod:`calculator.app.panel` write one layout for one call (option
    texts written out, callbacks left out), so comparing them means the same panel."""
    entry = _entry("selectbox", ("Who", ("a", "b")), {"key": "k", "format_func": str.upper, "on_change": print})
    assert entry == ("selectbox", ("Who", (("a", "A"), ("b", "B"))), (("key", "k"),))
    assert Drawn.changes() is None
    with pytest.raises(Stale):
        Read.changes()
