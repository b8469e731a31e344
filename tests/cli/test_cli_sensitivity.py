"""Command line of the uncertainty analyses: ``sensitivity`` and ``evaluate --psa N --seed S``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "calculator", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


@pytest.mark.parametrize("value", ["0", "-1", "5000001", "1e9", "abc", "1.5", "", "nan", "inf"])
def test_bad_psa_value_is_one_line_and_exit_2(value):
    p = run("evaluate", "--region", "cn", "--psa", value)
    assert p.returncode == 2
    assert p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "--psa" in lines[0] and "1 to 5,000,000" in lines[0]
    assert "Traceback" not in p.stderr


def test_psa_upper_limit_is_accepted_by_the_parser():
    from calculator.cli import psa_draws

    assert psa_draws("5000000") == 5_000_000 and psa_draws("1_000") == 1000 and psa_draws("1e3") == 1000


@pytest.mark.parametrize("args", [["--seed", "-1", "--psa", "10"], ["--seed", "x", "--psa", "10"], ["--seed", "3"]])
def test_bad_seed_is_one_line_and_exit_2(args):
    p = run("evaluate", *args)
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and "--seed" in p.stderr
    assert "Traceback" not in p.stderr


def test_evaluate_psa_json_section(capsys):
    assert main(["evaluate", "--region", "cn", "--psa", "2000", "--seed", "5", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    psa = d["psa"]
    assert psa["n"] == 2000 and psa["seed"] == 5
    for name in ("p_child_use", "p_sibling_use", "p_family_use_private", "p_family_use_public",
                 "expected_patients_helped", "pv_cost_private", "qaly_private", "delta_qaly_vs_public",
                 "nmb_vs_public", "cost_per_family_use"):
        assert set(psa["summary"][name]) == {"mean", "median", "p2_5", "p97_5"}, name
    assert 0.0 <= psa["prob_private_cost_effective"] <= 1.0
    assert all(len(pair) == 2 for pair in psa["ceac"])
    assert psa["evpi"] >= 0
    # the deterministic sections are unchanged by --psa
    assert d["comparisons"]["private_vs_public"]["nmb"] < 0


def test_evaluate_psa_is_reproducible_from_the_command_line(capsys):
    outs = []
    for _ in range(2):
        main(["evaluate", "--psa", "1000", "--seed", "9", "--format", "json"])
        outs.append(json.loads(capsys.readouterr().out)["psa"])
    assert outs[0] == outs[1]


def test_evaluate_psa_text_shows_natural_frequency_ranges(capsys):
    assert main(["evaluate", "--region", "cn", "--psa", "5000", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "5,000 draws" in out and "starting number 1" in out
    assert " in 10,000 (95% of plausible values)" in out and "between" not in out


def test_evaluate_without_psa_has_no_psa_section(capsys):
    main(["evaluate", "--format", "json"])
    assert "psa" not in json.loads(capsys.readouterr().out)


def test_sensitivity_json_shape(capsys):
    assert main(["sensitivity", "--region", "cn", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert (d["region"], d["currency"]) == ("cn", "CNY")
    s = d["sensitivity"]
    assert set(s) == {"tornado_nmb", "tornado_cost_per_use", "two_way", "thresholds"}
    for key, output in (("tornado_nmb", "nmb_vs_public"), ("tornado_cost_per_use", "cost_per_family_use")):
        t = s[key]
        assert t["output"] == output and isinstance(t["base"], float)
        swings = [r["swing"] for r in t["rows"]]
        assert swings == sorted(swings, reverse=True)
        assert set(t["rows"][0]) == {"name", "low_value", "high_value", "output_low", "output_high", "swing",
                                     "flips", "flip_value"}
    tw = s["two_way"]
    assert tw["x_name"] == "p_family_use_private" and tw["y_name"] == "pv_cost_private"
    assert len(tw["nmb"]) == len(tw["y_values"]) and len(tw["nmb"][0]) == len(tw["x_values"])
    assert all(len(p) == 2 for p in tw["break_even"]) and tw["break_even"]
    names = [th["name"] for th in s["thresholds"]]
    assert names[:2] == ["max_fee_pv", "min_p_family_use"]
    for th in s["thresholds"]:
        assert set(th) >= {"name", "value", "within_range", "base_value", "direction"}


def test_sensitivity_set_and_scenario(tmp_path, capsys):
    scen = tmp_path / "thal.yaml"
    scen.write_text("region: cn\nsiblings:\n  - condition: thalassaemia_major\n    weight_kg: 18\n"
                    "parents_carriers: beta_thalassaemia\n", encoding="utf-8")
    assert main(["sensitivity", "--scenario", str(scen), "--set", "fee_upfront=3000", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["overridden"] == ["fee_upfront"]
    flips = {r["name"] for r in d["sensitivity"]["tornado_nmb"]["rows"] if r["flips"]}
    assert "p_hsct_thalassaemia_major" in flips


@pytest.mark.parametrize("lang,words", [("en", ["tornado", "Thresholds", "Two-way"]), ("zh", ["龙卷风图", "阈值", "双因素"])])
def test_sensitivity_text(capsys, lang, words):
    assert main(["sensitivity", "--region", "cn", "--lang", lang]) == 0
    out = capsys.readouterr().out
    for w in words:
        assert w in out


def test_sensitivity_bad_set_is_exit_2():
    p = run("sensitivity", "--set", "p_auto_use=2")
    assert p.returncode == 2 and "p_auto_use" in p.stderr and "Traceback" not in p.stderr


def test_reader_closing_the_pipe_early_is_not_a_traceback():
    # `evaluate --psa N --format json | head -c 3000`: the JSON (plane, CEAC) is larger than a
    # pipe's buffer, so the reader closes the pipe while the CLI is still writing
    p = subprocess.Popen([sys.executable, "-m", "calculator", "evaluate", "--psa", "20000", "--format", "json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    head = p.stdout.read(3000)
    p.stdout.close()
    err = p.stderr.read().decode()
    p.wait(timeout=120)
    assert head.startswith(b"{")
    assert "Traceback" not in err and "BrokenPipe" not in err
