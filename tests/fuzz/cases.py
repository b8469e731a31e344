"""Hostile inputs shared by the fuzz tests (tests/system/test_fuzz.py) and ``./dev fuzz N`` (run.py)."""

from __future__ import annotations

import random

from calculator.inputs.assumptions import load_region

#: Values a fuzz run puts in every field: numbers Python writes in odd ways, huge and tiny
#: numbers, integers past the float range and the int-string limit, markup, control
#: characters, right-to-left text, emoji, very long text.
HOSTILE_VALUES: list[str] = [
    "5e-05", "0.00005", "1e-300", "1e300", "1E5", "-0", "-1", "0", "1", "nan", "inf", "-inf", "NaN", "1_000",
    "6,200", "0x1F", "1e", ".", "", " ", "9" * 40, "9" * 400, "9" * 5000, "1" + "0" * 309, "true", "null", "~",
    "<script>alert(1)</script>", "**bold** [x](javascript:alert(1))", "\x00", "\x07\x1b[31m", "\u202eevil",
    "مرحبا", "שלום", "😀👶", "e\u0301", "\ud800", "a" * 300, "[1, 2]", "{a: 1}", "&x *x", "%00", "../../etc/passwd",
    # issue 19: subnormal, tiny and huge numbers, decimal commas, thousands
    "5e-324", "-5e-324", "1e-310", "2.2250738585072014e-308", "1e-13", "1e-12", "1e308", "1.7976931348623157e308",
    "2,5", "0,00005", "1,5e3", "62,00", "6,200", "1,000,000", "\x1b]0;title\x07", "\x1b[2J\x1b[H",
]


def hostile_scenario_texts() -> list[str]:
    """Scenario files (under 64 KiB) that once crashed the CLI or the upload."""
    return [
        "[" * 900 + "]" * 900,
        "a:\n" + "".join("  " * i + "- \n" for i in range(200)),
        "parameters:\n  p_auto_use: " + "9" * 400 + "\n",
        '{"parameters": {"p_auto_use": ' + "9" * 5000 + "}}",
        '{"parameters": {"p_auto_use": 5e-05}}',
        "parameters:\n  p_auto_use: 5e-05\n",
        "{" * 5000,
        "- " * 3000 + "1",
        "a: &x [1]\nb: *x\n",
        "a: 1\na: 2\n",
        "\x00\x01",
        '{"parameters": {"p_auto_use": NaN}}',
        "region: " + "x" * 60000,
        "[" + "1," * 20000 + "1]",
        "\ufeffregion: us\n",
        "siblings: " + "[{}, " * 20 + "]",
        # issue 19: keys that are not text (the reader looped forever), shifted lists (an IndexError)
        "1.5: 1\n", "null: 1\n", "~: 1\n", "2020-01-01: 1\n", "true: 1\n", "3: x\n", "relatives: [{1: 2}]\n",
        "carriers: {null: none}\n", "parameters: {1: 2}\n", "? [a, b]\n: 1\n", "? {a: 1}\n: 1\n",
        "relatives:\n- {relation: parent}\n- {relation: other_relative}\n"
        "- {relation: full_sibling, condition: leukaemia, hla_match: match}\n",
        "relatives: [{relation: parent}, {relation: unrelated}]\n",
        "parameters: {p_auto_use: 5e-324}\n", "parameters: {wtp_per_qaly: 5e-324}\n", "parameters: {fee_upfront: 2,5}\n",
        "parameters: {p_public_kept: 1e-310}\n", "parameters: {fee_annual: 1e308}\n",
        "a: !secret-tag x\n", "root:x:0:0:root:/root:/bin/bash\n",
    ]


#: Keys YAML reads as something else than text.
NON_TEXT_KEYS = ["1.5", "null", "~", "2020-01-01", "true", "no", "3", "-7", ".inf", "0x1F", "2001-12-14t21:59:43.10-05:00"]
#: Relatives that can stand for nobody (left out whole) and good ones.
BAD_RELATIVES = ["{relation: parent}", "{relation: other_relative}", "{relation: unrelated}", "x", "5", "null",
                 "{relation: cousin, condition: leukaemia}", "[1, 2]", "{relation: parent, condition: flu}",
                 "{relation: full_sibling, weight_kg: 900}", "{hla_match: maybe}", "{1: 2}"]
GOOD_RELATIVES = ["{relation: full_sibling, condition: leukaemia, hla_match: match}", "{relation: half_sibling}",
                  "{relation: parent, condition: aplastic_anaemia}", "{}", "{relation: full_sibling, weight_kg: 20}"]


def random_scenario_text(rng: random.Random) -> str:
    """A scenario file of one of the issue-19 classes: keys that are not text (top level or
    nested), a list with bad entries among good ones, tiny/huge numbers, decimal commas."""
    kind = rng.randrange(4)
    if kind == 0:
        key = rng.choice(NON_TEXT_KEYS)
        return rng.choice([f"{key}: 1\n", f"region: cn\n{key}: x\n", f"relatives:\n- {{{key}: 1}}\n",
                           f"carriers: {{{key}: none}}\n", f"parameters: {{{key}: 1}}\n"])
    if kind == 1:
        rows = [rng.choice(BAD_RELATIVES if rng.random() < 0.5 else GOOD_RELATIVES) for _ in range(rng.randint(1, 12))]
        return f"{rng.choice(['relatives', 'siblings'])}:\n" + "".join(f"- {r}\n" for r in rows)
    name = rng.choice(_PARAMETER_NAMES)
    value = rng.choice(["5e-324", "-5e-324", "1e-310", "1e-300", "1e-13", "1e-12", "1e308", "-1e308", "2,5", "6,200",
                        "0,0001", ".nan", ".inf", "1e-400", "4.9e-324"])
    return f"parameters:\n  {name}: {value}\n"


_PARAMETER_NAMES = [n for n in load_region("cn").parameters]


def random_query(rng: random.Random) -> dict[str, str]:
    """A page URL's query: both pages and languages, a few fields with hostile values."""
    names = [n for n in load_region("cn").parameters if n != "n_siblings"]
    q = {"lang": rng.choice(["en", "zh", "xx"]), "page": rng.choice(["parent", "counsellor"]),
         "region": rng.choice(["cn", "us", "??"])}
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(names + ["carriers", "sibling_count", "s1_condition", "s1_weight_kg", "s1_hla", "s11_hla", "zz",
                                  "r1_relation", "r1_condition", "r1_weight_kg", "r1_years", "r2_relation", "siblings",
                                  "planned"])
        q[key] = rng.choice(URL_VALUES + ["0.5", "0.00005", "12", "leukaemia", "match", "parent", "full_sibling",
                                          "5e-324", "1e-310", "2,5", "1e308"])
    return q


#: A URL cannot carry a lone surrogate (percent-decoding gives U+FFFD instead).
URL_VALUES = [v for v in HOSTILE_VALUES if not any(0xD800 <= ord(c) <= 0xDFFF for c in v)]
