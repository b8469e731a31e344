"""Chinese texts use Chinese punctuation: no ASCII , ; : ( ) ? ! inside Chinese sentences."""

from __future__ import annotations

import re

import pytest

from calculator.analysis.evaluate import evaluate
from calculator.content.i18n import catalogue, t
from calculator.inputs.assumptions import load_region
from calculator.inputs.scenario import scenario_from_mapping

CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# ASCII sentence punctuation touching a Chinese character (placeholders removed first)
BAD = re.compile(f"[{CJK}]\\s*[,;:()?!]|[,;:()?!]\\s*[{CJK}]")


def _plain(text: str) -> str:
    return re.sub(r"\{[^{}]*\}", "X", text)


def test_zh_locale_texts_use_full_width_punctuation():
    bad = {k: v for k, v in catalogue("zh").items() if BAD.search(_plain(v))}
    assert not bad, f"{len(bad)} texts, e.g. {next(iter(bad.items()))}"


@pytest.mark.parametrize("region", ["cn", "us"])
def test_zh_parameter_labels_use_full_width_punctuation(region):
    bad = [p.name for p in load_region(region).parameters.values() if BAD.search(p.label_zh)]
    assert not bad


def test_no_space_between_chinese_characters_after_formatting():
    res = evaluate(scenario_from_mapping({"siblings": [{"condition": "thalassaemia_major", "weight_kg": 18}]}))
    texts = [t(f"reason.{r.id}", "zh", currency=res.currency, **r.values) for r in res.recommendation.reasons]
    joined = "\n".join(texts)
    assert "万元 计算" not in joined and "287,247 元计算" in joined  # digit-CJK space is house style
    assert not re.search(f"[{CJK}] [{CJK}]", joined)
