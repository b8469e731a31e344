"""What to do next: one builder for the page, the PDF and both audiences (issue 23). The
verdict's own three steps come first, in order; then the background groups ordered for the
verdict, without a line that repeats one of the three steps."""

from __future__ import annotations

import pytest

from calculator.analysis import recommendation as rec
from calculator.content import common, parent
from calculator.content.blocks import Bullets, Heading
from calculator.content.i18n import t
from calculator.content.words import Words
from tests.system.test_parity import families


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_verdicts_steps_first_then_the_groups_without_repeats(lang):
    seen = set()
    for _, _, res in families()[::4]:
        code = res.recommendation.code
        seen.add(code)
        section = parent.document(res, lang).section("next_steps")
        assert section == common.next_steps(res, Words(lang, res.currency))
        first, *rest = section.blocks
        assert isinstance(first, Bullets) and first.ordered
        assert first.items == tuple(t(f"report.next_{code}_{i}", lang) for i in (1, 2, 3))
        lines = [x for b in rest if isinstance(b, Bullets) for x in b.items]
        assert [b for b in rest if isinstance(b, Heading)], code
        assert not set(lines) & set(first.items)
        if code == "prefer_public_donation":
            assert t("app.next.donate_ask", lang) not in lines and t("app.next.donate_birth", lang) in lines
        if code == "newborn_affected_no_use":
            assert [b.text for b in rest if isinstance(b, Heading)] == [t("app.next.treats_title", lang)]
    assert len(seen) >= 4, seen


def test_every_verdict_has_its_three_steps_in_both_languages():
    codes = (rec.PREFER_PUBLIC, rec.COLLECT_AND_TYPE, rec.COLLECT_TYPE_AND_TEST, rec.COLLECT_AND_TEST,
             rec.PRIVATE_CLEAR_VALUE, rec.KEEP_PRICE_ABOVE_VALUE, rec.NEWBORN_AFFECTED)
    for code in codes:
        for lang in ("en", "zh"):
            for i in (1, 2, 3):
                assert t(f"report.next_{code}_{i}", lang) != f"report.next_{code}_{i}"
