"""The command line: names other tools rely on, JSON shape, and every bad-input class."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_params_json_lists_every_parameter_with_provenance(capsys):
    assert main(["params", "--region", "us", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    names = {r["name"] for r in rows}
    assert {"p_auto_use", "p_sibling_hsct", "n_siblings", "fee_upfront", "fee_annual", "storage_years",
            "discount_rate", "wtp_per_qaly"} <= names
    for r in rows:
        for key in ("name", "value", "unit", "low", "high", "distribution", "source"):
            assert r[key] is not None and r[key] != "", (r["name"], key)


@pytest.mark.parametrize("region", ["cn", "us"])
def test_params_text_is_in_the_chosen_language(capsys, region):
    """The list of parameters in Chinese has no English label or unit word, and no number in
    exponent form (it said 'range 5e-05 to 0.0004', 'source:', 'reviewed', 'probability')."""
    assert main(["params", "--region", region, "--format", "text", "--lang", "zh"]) == 0
    zh = capsys.readouterr().out
    assert main(["params", "--region", region, "--format", "text", "--lang", "en"]) == 0
    en = capsys.readouterr().out
    assert zh.count("\n") == en.count("\n") and zh.count("来源：") == en.count("source: ") > 10
    labels = re.compile(r"^\s+(range |source: |reviewed )|(probability|per year|Assumption|\(假设\))$", re.M)
    assert labels.search(en) and not labels.search(zh), labels.findall(zh)[:3]
    numbers = [line for line in (zh + en).splitlines() if " = " in line or line.lstrip().startswith(("范围", "range"))]
    assert len(numbers) > 20 and not [line for line in numbers if re.search(r"\d[eE][-+]?\d", line)]


def test_every_listed_parameter_can_be_set(capsys):
    main(["params", "--format", "json"])
    rows = json.loads(capsys.readouterr().out)
    for r in rows:
        assert main(["evaluate", "--set", f"{r['name']}={r['value']}", "--format", "json"]) == 0, r["name"]
        capsys.readouterr()


def test_evaluate_json_shape(capsys):
    assert main(["evaluate", "--region", "cn", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    for key in ("model_version", "region", "currency", "horizon_years", "cost_per_family_use",
                "newborn_inherited_risk"):
        assert key in d
    for s in ("private", "public", "none"):
        for key in ("p_family_use", "pv_cost", "nominal_cost", "life_years_gained", "qalys_gained"):
            assert key in d["strategies"][s]
    assert {"p_child_use", "p_sibling_use"} <= set(d["strategies"]["private"])
    assert "expected_patients_helped" in d["strategies"]["public"]
    for c in ("private_vs_public", "private_vs_none"):
        assert set(d["comparisons"][c]) >= {"delta_cost", "delta_qaly", "icer", "nmb"}
    assert set(d["thresholds"]) >= {"max_fee_pv", "min_p_family_use"}
    assert d["recommendation"]["code"] == "prefer_public_donation"
    assert d["recommendation"]["reasons"] and all(r["text"] for r in d["recommendation"]["reasons"])
    assert (d["region"], d["currency"]) == ("cn", "CNY")


def test_scenario_file_changes_the_verdict(tmp_path, capsys):
    f = tmp_path / "thal.yaml"
    f.write_text("region: cn\nsiblings:\n  - condition: thalassaemia_major\n    weight_kg: 18\n"
                 "    hla_match: unknown\nparents_carriers: beta_thalassaemia\nparameters:\n  fee_upfront: 5700\n",
                 encoding="utf-8")
    assert main(["evaluate", "--scenario", str(f), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    # HLA type and the baby's status not known yet: collect, type and test, keep through directed donation
    assert d["recommendation"]["code"] == "collect_type_and_test"
    assert d["newborn_inherited_risk"]["probability"] == 0.25
    assert d["newborn_inherited_risk"]["status"] == "unknown"
    assert d["conditional"]["if_match"]["code"] == "private_storage_clear_value"
    assert d["conditional"]["if_mismatch"]["code"] == "prefer_public_donation"
    assert "directed" in d["strategies"] and "private_vs_directed" in d["comparisons"]
    rel = d["relatives"][0]
    assert rel["relation"] == "full_sibling" and rel["p_within_contract"] == 1.0
    assert d["strategies"]["private"]["p_relative_use"] == pytest.approx(rel["p_use"], rel=1e-12)


def test_cli_text_shows_relatives_newborn_conditional_and_directed(tmp_path, capsys):
    f = tmp_path / "thal.yaml"
    f.write_text("relatives:\n  - {relation: full_sibling, condition: thalassaemia_major, weight_kg: 18}\n"
                 "carriers: {mother: beta_thalassaemia, father: beta_thalassaemia}\n", encoding="utf-8")
    for lang, words in (("en", ("Relatives as the model counts them:\n  Brother or sister (relative 1)\n"
                                "    Condition: thalassaemia major\n", "The baby: not tested",
                                "If the baby's HLA type is known", "Directed (family) donation")),
                        ("zh", ("模型如何计入每位亲属：\n  亲属 1（亲兄弟姐妹）\n    疾病：重型β地中海贫血\n", "宝宝：未检测",
                                "宝宝的 HLA 分型结果出来后", "亲属定向储存"))):
        assert main(["evaluate", "--scenario", str(f), "--lang", lang]) == 0
        out = capsys.readouterr().out
        assert all(w in out for w in words), lang


def test_set_fee_lump_sum_still_accepted(capsys):
    assert main(["evaluate", "--set", "fee_lump_sum=5000", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["parameters"]["fee_package_price"] == 5000


def test_text_output_readable_in_both_languages(capsys):
    assert main(["evaluate", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "建议优先将脐带血捐献给公共库" in out and "约万分之 1.4" in out and "分之一" not in out
    assert main(["evaluate", "--region", "us"]) == 0
    out = capsys.readouterr().out
    assert "Prefer donating" in out and "USD " in out and "about 1 in" in out


@pytest.mark.parametrize(
    "args, must_name",
    [
        (["evaluate", "--set", "p_auto_use=1.5"], "p_auto_use"),
        (["evaluate", "--set", "p_sibling_hsct=-0.1"], "p_sibling_hsct"),
        (["evaluate", "--set", "fee_upfront=-100"], "fee_upfront"),
        (["evaluate", "--set", "no_such_parameter=1"], "no_such_parameter"),
        (["evaluate", "--set", "fee_upfront=lots"], "fee_upfront"),
        (["evaluate", "--set", "fee_upfront"], "NAME=VALUE"),
        (["evaluate", "--set", "storage_years=18.5"], "storage_years"),
        (["evaluate", "--set", "discount_rate=nan"], "discount_rate"),
        (["evaluate", "--region", "eu"], "--region"),
        (["evaluate", "--format", "xml"], "--format"),
        (["evaluate", "--scenario", "/nonexistent/family.yaml"], "--scenario"),
        (["params", "--region", "mars"], "--region"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_input_exits_2_with_one_line(args, must_name):
    r = run(*args)
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert must_name in lines[0]
    assert "Traceback" not in r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize(
    "content, must_name",
    [
        ("siblings: [{condition: cancer}]", "condition"),
        ("region: cn\nsiblings: [\n", "not valid YAML"),
        ("{\"region\": \"cn\", \"parameters\": {\"p_auto_use\": 2}}", "p_auto_use"),
        ("a: &x [1]\nb: *x\n", "aliases"),
        ("region: cn\n" + "x" * 70_000, "larger than 64 KiB"),
    ],
)
def test_bad_scenario_files_exit_2_with_one_line(tmp_path, content, must_name):
    f = tmp_path / "family.yaml"
    f.write_text(content, encoding="utf-8")
    r = run("evaluate", "--scenario", str(f))
    assert r.returncode == 2
    assert len(r.stderr.strip().splitlines()) == 1 and must_name in r.stderr, r.stderr
    assert "Traceback" not in r.stderr
