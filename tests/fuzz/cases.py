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
    ]


def random_query(rng: random.Random) -> dict[str, str]:
    """A page URL's query: both pages and languages, a few fields with hostile values."""
    names = [n for n in load_region("cn").parameters if n != "n_siblings"]
    q = {"lang": rng.choice(["en", "zh", "xx"]), "page": rng.choice(["parent", "counsellor"]),
         "region": rng.choice(["cn", "us", "??"])}
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(names + ["carriers", "sibling_count", "s1_condition", "s1_weight_kg", "s1_hla", "s11_hla", "zz"])
        q[key] = rng.choice(URL_VALUES + ["0.5", "0.00005", "12", "leukaemia", "match"])
    return q


#: A URL cannot carry a lone surrogate (percent-decoding gives U+FFFD instead).
URL_VALUES = [v for v in HOSTILE_VALUES if not any(0xD800 <= ord(c) <= 0xDFFF for c in v)]
