"""Every text exists in Chinese and English with the same placeholders, across all locale files."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from calculator.content.i18n import LANGS, LOCALES_DIR, _flatten, catalogue
from calculator.inputs.strict_yaml import load_strict

ROOT = Path(__file__).resolve().parents[2]


def placeholders(template: str) -> set[tuple[str, str]]:
    """The (name, kind) of every ``{name:kind}`` in a template."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(template) if name is not None}


def parts() -> dict[str, set[str]]:
    """Locale part name -> languages it exists in (``core`` -> {zh, en})."""
    out: dict[str, set[str]] = {}
    for path in LOCALES_DIR.glob("*.yaml"):
        part, lang, _ = path.name.rsplit(".", 2)
        out.setdefault(part, set()).add(lang)
    return out


def test_every_locale_part_exists_in_both_languages():
    for part, langs in parts().items():
        assert langs == set(LANGS), f"locales/{part}: languages {sorted(langs)}, need {list(LANGS)}"


@pytest.mark.parametrize("part", sorted(parts()))
def test_each_part_has_the_same_keys_in_both_languages(part):
    keys = {}
    for lang in LANGS:
        path = LOCALES_DIR / f"{part}.{lang}.yaml"
        keys[lang] = dict(_flatten(load_strict(path.read_text(encoding="utf-8"), source=path.name) or {}))
    missing_zh = sorted(set(keys["en"]) - set(keys["zh"]))
    missing_en = sorted(set(keys["zh"]) - set(keys["en"]))
    assert not missing_zh, f"{part}: missing in zh: {missing_zh}"
    assert not missing_en, f"{part}: missing in en: {missing_en}"


def test_catalogues_match_and_placeholders_agree():
    en, zh = catalogue("en"), catalogue("zh")  # raises if a key is defined in two parts
    assert set(en) == set(zh)
    bad = {k: (placeholders(en[k]), placeholders(zh[k])) for k in en if placeholders(en[k]) != placeholders(zh[k])}
    assert not bad, f"placeholders differ between languages: {bad}"


def test_no_empty_texts_and_chinese_texts_are_chinese():
    en, zh = catalogue("en"), catalogue("zh")
    assert not [k for k, v in {**en, **zh}.items() if not v.strip() and not k.startswith("basis.none")]
    # a Chinese text that is identical to the English one is usually a forgotten translation
    same = [k for k in en if en[k] == zh[k] and re.search(r"[a-z]{4,} [a-z]{4,}", en[k])]
    assert not same, f"not translated: {same}"


def _literal_keys(path: Path) -> set[str]:
    """String literals that look like app text keys (``"app.x.y"``) in a source file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and re.fullmatch(r"app(\.[a-z_0-9]+)+", n.value) and not n.value.endswith("_")}


def test_every_text_key_used_by_the_app_exists():
    charts = [ROOT / "calculator" / "present" / "web_draw.py", ROOT / "calculator" / "content" / "page_charts.py"]
    files = [ROOT / "app.py", *charts, *sorted((ROOT / "calculator" / "app").glob("*.py"))]
    used = set().union(*(_literal_keys(f) for f in files))
    assert len(used) > 50
    for lang in LANGS:
        cat = catalogue(lang)
        # a key may also be the prefix of a family of keys ("app.lang" -> "app.lang.zh")
        missing = sorted(k for k in used if k not in cat and not any(c.startswith(k + ".") for c in cat))
        assert not missing, f"{lang}: {missing}"


def _placeholder_keys() -> set[str]:
    """Text keys the sidebar shows inside an empty number box (``placeholder=t("app...")``)."""
    keys = set()
    for path in sorted((ROOT / "calculator" / "app").glob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            for kw in call.keywords:
                if (kw.arg == "placeholder" and isinstance(kw.value, ast.Call) and kw.value.args
                        and isinstance(kw.value.args[0], ast.Constant)):
                    keys.add(kw.value.args[0].value)
    return keys


def _columns(text: str) -> int:
    """Display width: a Chinese character or full-width mark takes two columns."""
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_number_box_shows_its_whole_placeholder(lang):
    """A placeholder is cut after about 20 columns in the sidebar's number boxes (1366 px laptop:
    "Not answered yet: please e", "不清楚：按 25 公斤i" were read in the screenshots); what is
    assumed for an empty box is said in the caption below it, so the box itself says only that
    nothing was entered."""
    keys = _placeholder_keys()
    assert len(keys) >= 2
    cat = catalogue(lang)
    long = {k: cat[k] for k in keys if _columns(cat[k]) > 16}
    assert not long, long
