"""No input crashes anything, and nothing leaves the machine (issue 13).

Numbers round-trip through every file format; limits (size, nesting, keys, digits) are
checked before parsing and named; reading and writing errors are one line; the counsellor's
note is printed exactly as written or refused naming the characters; the server contacts no
outside host at start.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calculator.app.counsellor_files import state_from_scenario_text
from calculator.app.url_state import parse_query
from calculator.cli import main
from calculator.inputs.assumptions import load_region
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import scenario_from_mapping
from calculator.inputs.scenario_files import dump_scenario, load_scenario, read_scenario_text
from calculator.inputs.scenario_values import MAX_SCENARIO_BYTES
from calculator.inputs.strict_yaml import load_strict
from calculator.present.pdf.note import NoteError, check_note
from tests.app.states import relatives
from tests.fuzz.cases import hostile_scenario_texts

ROOT = Path(__file__).resolve().parents[2]


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            rc = main(list(argv))
        except SystemExit as exc:
            rc = exc.code
    return rc, out.getvalue(), err.getvalue()


# ----------------------------------------------------------------- numbers round-trip


@pytest.mark.parametrize("text", ["5e-05", "5E-05", "1e3", "-2.5e-7", ".5", "1.", "5.0e-05"])
def test_yaml_reads_exponent_numbers_as_numbers(text):
    assert load_strict(f"a: {text}", source="t") == {"a": float(text)}


def test_yaml_keeps_ints_and_text():
    assert load_strict("a: 5\nb: '5e-05'\nc: e5\nd: 1_000", source="t") == {"a": 5, "b": "5e-05", "c": "e5", "d": 1000}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_small_probability_round_trips(fmt):
    s = scenario_from_mapping({"region": "cn", "parameters": {"p_auto_use": 0.00005}})
    back = read_scenario_text(dump_scenario(s, fmt), source=f"s.{fmt}", fmt=fmt)
    assert back == s and back.parameters["p_auto_use"] == 0.00005


def test_cli_reads_json_with_exponent(tmp_path):
    f = tmp_path / "s.json"
    f.write_text('{"region": "cn", "parameters": {"p_auto_use": 5e-05}}')
    rc, out, err = cli("evaluate", "--scenario", str(f), "--format", "json")
    assert rc == 0, err


def _param_values(region: str):
    a = load_region(region)
    names = [n for n in a.parameters if n != "n_siblings"]

    def value(name):
        p = a[name]
        lo, hi = p.bounds
        fixed = [v for v in (p.low, p.value, p.high) if v is not None and lo <= v <= hi]
        rnd = st.floats(min_value=lo, max_value=hi, allow_nan=False, allow_infinity=False)
        if p.unit in ("years", "count") or float(p.value).is_integer() and p.unit not in ("probability", "probability per year"):
            rnd = rnd.map(round).filter(lambda v: lo <= v <= hi).map(float)
        return st.sampled_from(fixed) | rnd

    return st.fixed_dictionaries({}, optional={n: value(n) for n in names})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=st.sampled_from(["cn", "us"]), data=st.data(), fmt=st.sampled_from(["yaml", "json"]))
def test_scenarios_round_trip_through_files(region, data, fmt, tmp_path_factory):
    params = data.draw(_param_values(region))
    try:
        s = scenario_from_mapping({"region": region, "parameters": params})
    except InputError:
        return  # a combination the schema refuses (e.g. low > high of a pair) is not a file to save
    path = tmp_path_factory.mktemp("rt") / f"s.{fmt}"
    path.write_text(dump_scenario(s, fmt), encoding="utf-8")
    assert load_scenario(path) == s


# ----------------------------------------------------------------- limits before parsing


@pytest.mark.parametrize("text", hostile_scenario_texts())
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_hostile_files_give_one_line_exit_2(tmp_path, text, suffix):
    f = tmp_path / f"s{suffix}"
    f.write_text(text, encoding="utf-8")
    rc, out, err = cli("evaluate", "--scenario", str(f))
    assert rc in (0, 2)
    if rc == 2:
        assert err.startswith("error: ") and len(err.strip().splitlines()) == 1, err


@pytest.mark.parametrize("text,named", [
    ("[" * 900 + "]" * 900, "levels deep"),
    ("parameters:\n  p_auto_use: " + "9" * 400, "a number of 400 characters"),
    ('{"parameters": {"p_auto_use": ' + "9" * 5000 + "}}", "a number of 5,000 characters"),
    ("[" + "1," * 2500 + "1]\n", "keys and values"),
])
def test_limits_are_named(text, named):
    with pytest.raises(InputError, match=named):
        read_scenario_text(text, source="s")
    state, notices = state_from_scenario_text(text)
    assert len(notices) == 1 and notices[0].code.startswith("file_")


@pytest.mark.parametrize("path,kind", [("/dev/zero", "device"), ("DIR", "directory"), ("FIFO", "named pipe")])
def test_only_regular_files_are_read(tmp_path, path, kind):
    if path == "DIR":
        path = str(tmp_path)
    elif path == "FIFO":
        path = str(tmp_path / "fifo")
        os.mkfifo(path)
    t0 = time.perf_counter()
    rc, _, err = cli("evaluate", "--scenario", path)
    # a guard against hanging on /dev/zero or a FIFO with no writer (either would block for
    # ever), not a speed goal: generous, so that a loaded machine cannot fail it
    assert rc == 2 and kind in err and time.perf_counter() - t0 < 60


def test_too_large_file_read_no_further(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_text("#" * (MAX_SCENARIO_BYTES + 10))
    rc, _, err = cli("evaluate", "--scenario", str(f))
    assert rc == 2 and "KiB" in err


def test_long_out_name_and_full_disk(tmp_path):
    rc, _, err = cli("report", "--out", str(tmp_path / ("a" * 300 + ".pdf")))
    assert rc == 2 and "255 bytes" in err and len(err.strip().splitlines()) == 1
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        r = subprocess.run([sys.executable, "-m", "calculator", "params"], stdout=full,
                           stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 2 and r.stderr.strip().count("\n") == 0 and "No space left" in r.stderr


@pytest.mark.parametrize("value", ["0.00005", "5e-05", "5E-5"])
def test_url_small_probability(value):
    state, notices = parse_query({"p_auto_use": value})
    assert not notices and state.params["p_auto_use"] == pytest.approx(5e-05)


# ----------------------------------------------------------------- the counsellor's note


def test_note_limits():
    with pytest.raises(NoteError, match="16 lines"):
        check_note("x\n" * 15 + "x")
    with pytest.raises(NoteError, match="1,001 characters"):
        check_note("x" * 1001)
    assert check_note("x\n" * 14 + "x")


@pytest.mark.parametrize("text,named", [("a\x07b", "U+0007"), ("smile 😀", "U+1F600"), ("x\u202ey", "U+202E")])
def test_note_refuses_what_cannot_print_naming_it(text, named):
    with pytest.raises(NoteError, match=re.escape(named)):
        check_note(text)


def test_note_scripts_print(tmp_path):
    """Latin, Greek, Cyrillic, accents, Hebrew, Arabic and symbols reach the PDF's text."""
    from calculator.present.pdf import make_report
    from calculator.present.pdf.page_style import can_shape

    if not shutil.which("pdftotext"):
        if os.environ.get("REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail("pdftotext (poppler-utils) is required")
        pytest.skip("pdftotext (poppler-utils) not installed")
    note = "café naïve Ελληνικά Русский 中文 ★ ✓ →\nשלום\nمرحبا"
    if not can_shape():
        with pytest.raises(NoteError, match="right-to-left"):
            check_note(note)
        note = note.split("\n")[0]
    f = tmp_path / "n.pdf"
    f.write_bytes(make_report(None, region="cn", lang="en", audience="parent", note=note, psa_draws=100))
    text = subprocess.run(["pdftotext", str(f), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("café", "Ελληνικά", "Русский", "★"):
        assert word in text
    if can_shape():
        assert "שלום" in text
        assert "\u25a1" not in text


# ----------------------------------------------------------------- nothing leaves the machine


def test_config_is_local():
    import tomllib

    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["address"] == "127.0.0.1"
    assert cfg["browser"]["serverAddress"] in ("127.0.0.1", "localhost")
    assert cfg["browser"]["gatherUsageStats"] is False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_start_contacts_no_host(tmp_path):
    """``streamlit run app.py`` under strace: no connect/sendto to a non-loopback address."""
    if not shutil.which("strace"):
        if os.environ.get("REQUIRE_SYSTEM_TOOLS") == "1":
            pytest.fail("strace is required (apt-get install strace)")
        pytest.skip("strace not installed")
    log = tmp_path / "strace.log"
    proc = subprocess.Popen(
        ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
         sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(_free_port())],
        # its own process group: stopping strace alone would leave the traced server running
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.time() + 30
        while time.time() < deadline and "URL" not in (log.read_text() if False else ""):
            line = proc.stdout.readline()
            if not line or "URL:" in line:
                break
        time.sleep(3)  # what Streamlit does right after it starts (address lookup, statistics)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)  # strace and the server it traces
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
    calls = [ln for ln in log.read_text().splitlines() if "AF_INET" in ln]
    outside = [ln for ln in calls
               if not re.search(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"|inet_pton\(AF_INET6, "::ffff:127\.', ln)]
    dns = [ln for ln in calls if "htons(53)" in ln]
    assert not outside and not dns, "\n".join(outside + dns)[:2000]


# ----------------------------------------------------------------- the app


def _app(query: dict[str, str]):
    from streamlit.testing.v1 import AppTest

    from tests.app.apptest import open_expanders

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    return open_expanders(at) if not at.exception else at


@pytest.mark.parametrize("page,lang", [("parent", "en"), ("counsellor", "zh")])
def test_app_small_probability_in_url(page, lang):
    at = _app({"page": page, "lang": lang, "p_auto_use": "0.00005"})
    assert not at.exception


def test_app_saved_json_loads_back():
    s = scenario_from_mapping({"region": "us", "parameters": {"p_auto_use": 0.00005}})
    state, notices = state_from_scenario_text(dump_scenario(s, "json"), fmt="json")
    assert not notices and state.params["p_auto_use"] == 0.00005


def test_app_note_of_16_lines_says_why():
    """The PDF's note is the consultation record's note: 16 lines are refused there, by name,
    with the count under the field."""
    at = _app({"page": "counsellor", "lang": "en"})
    at.text_area(key="w_record_note_en").input("line\n" * 15 + "line").run()
    assert not at.exception
    assert any("16 lines" in e.value for e in at.error)
    assert any("16 of 15 lines" in c.value for c in at.caption)


# ----------------------------------------------------------------- issue 19: hostile numbers and lists in the app


def _page(query: dict[str, str]):
    from tests.app.apptest import run as run_page

    return run_page(query)


@pytest.mark.parametrize("page", ["parent", "counsellor"])
def test_a_tiny_probability_in_the_link_is_refused_and_leaves_the_link(page):
    """5e-324 in any of about 20 probabilities crashed the page and stayed in the share link."""
    at = _page({"page": page, "lang": "en", "p_auto_use": "5e-324", "p_public_kept": "1e-310", "wtp_per_qaly": "5e-324"})
    warning = " ".join(w.value for w in at.warning)
    assert "must be 0 or a number from 1e-12 to" in warning
    assert not {"p_auto_use", "p_public_kept", "wtp_per_qaly"} & set(at.query_params)


def test_every_parameter_at_its_edges_and_tiny_parses_or_is_refused_by_name():
    """Each numeric URL parameter: 5e-324, 1e-310, 1e308, inf, nan, its bounds: accepted when
    usable, else a notice naming it; never an exception."""
    for region in ("cn", "us"):
        a = load_region(region)
        for name, p in a.parameters.items():
            if name == "n_siblings":
                continue
            lo, hi = p.bounds
            for raw in ("5e-324", "1e-310", "2.2250738585072014e-308", "1e308", "inf", "nan", "-0", f"{lo!r}", f"{hi!r}"):
                state, notices = parse_query({"region": region, name: raw})
                if name in state.params:
                    assert not p.problem(state.params[name])
                else:
                    assert [n.field for n in notices] in ([name], []), (name, raw, notices)


def test_a_decimal_comma_in_the_link_is_refused_not_read_as_25():
    state, notices = parse_query({"r1_relation": "full_sibling", "r1_condition": "leukaemia", "r1_years": "2,5",
                                  "fee_upfront": "6,200", "p_auto_use": "0,0002"})
    assert relatives(state)[0].years_to_transplant is None and state.params["fee_upfront"] == 6200
    assert {(n.code, n.field) for n in notices} == {("decimal_comma", "r1_years"), ("decimal_comma", "p_auto_use")}


def test_an_upload_with_two_bad_relatives_keeps_the_sick_brother():
    text = ("relatives:\n  - {relation: parent}\n  - {relation: other_relative}\n"
            "  - {relation: full_sibling, condition: leukaemia, hla_match: match}\n")
    state, notices = state_from_scenario_text(text)
    assert [(r.relation, r.condition, r.hla_match) for r in relatives(state)] == [("full_sibling", "leukaemia", "match")]
    assert [(n.code, n.values.get("n")) for n in notices] == [("relative_left_out", 1), ("relative_left_out", 2)]


@pytest.mark.parametrize("text", ["1.5: 1\n", "null: 1\n", "2020-01-01: 1\n", "relatives: [{1: 2}]\n"])
def test_an_upload_with_keys_that_are_not_text_gives_a_notice(text):
    state, notices = state_from_scenario_text(text)
    assert [n.code for n in notices] == ["key_not_text"]


@pytest.mark.parametrize("raw", ["100000000", "1e400", "-5", "2,5", "99", "nan"])
def test_the_psa_draws_of_a_link_are_bounded(raw):
    """A link cannot ask a worker for unbounded work: out of 100 to 100,000 draws it is refused by name."""
    state, notices = parse_query({"psa_draws": raw, "page": "counsellor"})
    assert state.view.psa_draws is None and [(n.code, n.field, n.values) for n in notices] == [
        ("bad_whole", "psa_draws", {"lo": "100", "hi": "100000"})]


def test_the_psa_settings_come_back_from_the_link():
    at = _page({"page": "counsellor", "lang": "en", "psa_draws": "2000", "psa_seed": "7"})
    assert at.number_input(key="psa_n").value == 2000 and at.number_input(key="psa_seed").value == 7
    assert at.query_params["psa_draws"] == ["2000"] or at.query_params["psa_draws"] == "2000"
    big = _page({"page": "counsellor", "lang": "en", "psa_draws": "100000000"})
    assert big.number_input(key="psa_n").value == 5000 and "psa_draws" not in big.query_params
    assert any("psa_draws" in w.value and "100000" in w.value for w in big.warning)
