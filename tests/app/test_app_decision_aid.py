"""The decision aid on the pages (AppTest): the options in balance before the source's advice,
the values step read from the link with how each option fits, the 'before you decide' group;
on the counsellor's page the record from the link, the pedigree and two offers side by side."""

from __future__ import annotations

import pytest

from calculator.content.i18n import t
from tests.app.apptest import headings, html_texts, run


def _texts(at) -> str:
    out = []
    for kind in ("markdown", "caption", "info", "success", "warning", "subheader", "header", "title", "table"):
        out += [str(getattr(e, "value", "")) for e in getattr(at.main, kind)]
    return "\n".join(out + html_texts(at.main))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_parents_page_shows_the_options_before_the_advice_and_the_fit_of_what_they_said(lang):
    at = run({"lang": lang, "v_relative": "very", "v_money": "somewhat"})
    subheaders = headings(at)
    options = t("aid.options.title", lang)
    assert options in subheaders
    assert subheaders.index(options) < subheaders.index(t("app.when.header", lang))  # before the source's advice
    text = _texts(at)
    assert t("values.fit.title", lang) in subheaders
    assert t("values.statement.relative", lang) in text  # the answered statement heads its column
    assert t("aid.group_title", lang) in [e.label for e in at.main.expander]
    for key in ("aid.conditions.title", "aid.about.title"):
        assert t(key, lang) in subheaders


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_counsellors_page_keeps_the_record_from_the_link_and_draws_the_pedigree(lang):
    at = run({"lang": lang, "page": "counsellor", "r1_relation": "full_sibling", "r1_condition": "thalassaemia_major",
              "date": "2026-12-01", "note": "Discussed directed donation", "offer2": "cn_beijing"})
    subheaders = headings(at)
    for key in ("record.title", "aid.pedigree.title", "offers2.title"):
        assert any(t(key, lang) in s for s in subheaders), (key, subheaders)
    assert "Discussed directed donation" in _texts(at)
    assert any("data:image/png;base64," in h.proto.body for h in at.main.get("html"))  # the pedigree picture
