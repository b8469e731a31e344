"""The values step, the counsellor's record and the second offer in the app's state (issue 22):
kept through the link and the saved file, bad values refused with a notice naming the field and
what it allows, never a model input."""

from __future__ import annotations

import datetime as dt

import pytest

from calculator.app.counsellor_files import state_from_scenario_text
from calculator.app.state import AppState, answers, choose_second_offer, run_scenario, saved_scenario, set_record, set_value
from calculator.app.url_state import parse_query, to_query
from calculator.content.notices import notice_text
from calculator.inputs.offers import offers_for
from calculator.inputs.scenario import scenario_from_mapping
from calculator.inputs.scenario_files import dump_scenario
from calculator.inputs.scenario_values import MAX_RECORD_NOTE_CHARS, MAX_RECORD_NOTE_LINES, latest_consultation_date
from calculator.present.pdf import MAX_NOTE_CHARS, MAX_NOTE_LINES
from tests.app.states import family

NOTE = "Mother 32, G2P1.\nBrother (6 y) thalassaemia major; typing ordered. 中文备注：下周复诊。"


def _full() -> AppState:
    s = family(region="cn", relatives=(), mother="beta_thalassaemia", father="beta_thalassaemia")
    s = set_value(s, "own_use", "very")
    s = set_value(s, "money", "not")
    s = set_value(s, "others", "somewhat")
    s = set_record(s, consultation_date="2026-12-03", record_note=NOTE)
    return choose_second_offer(s, next(iter(offers_for("cn"))))


def test_the_link_keeps_the_values_the_record_and_the_second_offer():
    s = _full()
    q = to_query(s)
    assert q["v_own_use"] == "very" and q["v_money"] == "not" and q["date"] == "2026-12-03" and q["note"] == NOTE
    back, notices = parse_query(q)
    assert notices == []
    assert (answers(back), back.scenario.consultation_date, back.scenario.record_note, back.scenario.second_offer) == (
        answers(s), s.scenario.consultation_date, s.scenario.record_note, s.scenario.second_offer)
    assert "v_peace" not in q and "v_relative" not in q  # unanswered: not written


def test_the_saved_file_keeps_the_values_and_the_record_in_both_formats():
    s = _full()
    for fmt in ("yaml", "json"):
        text = dump_scenario(saved_scenario(s), fmt)
        back, notices = state_from_scenario_text(text, fmt=fmt)
        assert notices == []
        assert (answers(back), back.scenario.consultation_date, back.scenario.record_note, back.scenario.second_offer) == (
            answers(s), s.scenario.consultation_date, s.scenario.record_note, s.scenario.second_offer)


def test_the_model_never_reads_the_values_or_the_record():
    s = _full()
    assert run_scenario(s) == run_scenario(family(region="cn", mother="beta_thalassaemia", father="beta_thalassaemia"))
    assert "record_note" not in run_scenario(s).to_dict()
    assert saved_scenario(s).model_part() == run_scenario(s)


def test_a_default_state_writes_none_of_the_new_keys():
    q = to_query(family())
    assert not {"v_own_use", "date", "note", "offer2"} & set(q)
    assert "values" not in saved_scenario(family()).to_dict()


@pytest.mark.parametrize("key, raw, code, field", [
    ("v_money", "maybe", "bad_choice", "v_money"),
    ("v_peace", "1", "bad_choice", "v_peace"),
    ("date", "2026-13-01", "bad_date", "date"),
    ("date", "1999-12-31", "bad_date", "date"),
    ("date", "yesterday", "bad_date", "date"),
    ("note", "x" * (MAX_RECORD_NOTE_CHARS + 1), "bad_note", "note"),
    ("note", "\n".join(["a"] * (MAX_RECORD_NOTE_LINES + 1)), "bad_note", "note"),
    ("offer2", "cn_nowhere", "bad_choice", "offer2"),
])
def test_a_bad_value_in_a_link_gets_a_notice_naming_the_key_and_what_it_allows(key, raw, code, field):
    state, notices = parse_query({key: raw})
    assert [(n.code, n.field) for n in notices] == [(code, field)]
    assert answers(state) == {} and state.scenario.consultation_date is None and state.scenario.record_note is None and state.scenario.second_offer is None
    for lang in ("en", "zh"):
        text = notice_text(notices[0], lang)
        assert f"`{field}`" in text
        assert key not in ("v_money", "v_peace") or "`very`" in text
        assert key != "date" or "2000-01-01" in text
        assert key != "note" or f"{MAX_RECORD_NOTE_CHARS:,}" in text or str(MAX_RECORD_NOTE_CHARS) in text
    assert raw not in "".join(notice_text(n, "en") for n in notices) or raw in ("1",)


def test_a_date_a_year_ahead_is_kept_and_a_day_later_refused():
    last = latest_consultation_date()
    assert parse_query({"date": last.isoformat()})[0].scenario.consultation_date == last
    _, notices = parse_query({"date": (last + dt.timedelta(days=1)).isoformat()})
    assert [n.code for n in notices] == ["bad_date"]


def test_bad_values_in_a_file_get_a_notice_and_the_rest_is_read():
    text = ("region: cn\nvalues: {own_use: very, money: lots, colour: red}\n"
            "consultation_date: 1890-01-01\nrecord_note: fine\n")
    state, notices = state_from_scenario_text(text)
    assert answers(state) == {"own_use": "very"} and state.scenario.record_note == "fine" and state.scenario.consultation_date is None
    assert sorted((n.code, n.field) for n in notices) == [
        ("bad_choice", "v_money"), ("bad_date", "consultation_date"), ("unknown_key", "colour")]
    with pytest.raises(Exception, match="values, money: allowed: not | somewhat | very"):
        scenario_from_mapping({"values": {"money": "lots"}}, source="f.yaml")


def test_a_yaml_date_and_a_text_date_read_alike():
    a, _ = state_from_scenario_text("consultation_date: 2026-12-03\n")
    b, _ = state_from_scenario_text('{"consultation_date": "2026-12-03"}', fmt="json")
    assert str(a.scenario.consultation_date) == str(b.scenario.consultation_date) == "2026-12-03"


def test_control_characters_are_taken_out_of_the_note_and_line_ends_kept():
    s = set_record(family(), consultation_date=None, record_note="a\x00b\x1b[31mc\u202ed\r\ne\tf")
    assert s.scenario.record_note == "ab[31mcd\ne    f"
    assert set_record(family(), consultation_date=None, record_note=" \n ").scenario.record_note is None


def test_a_bad_record_keeps_the_previous_value():
    s = set_record(family(), consultation_date="2026-12-03", record_note="ok")
    s2 = set_record(s, consultation_date="3000-01-01", record_note="x" * (MAX_RECORD_NOTE_CHARS + 1))
    assert (str(s2.scenario.consultation_date), s2.scenario.record_note) == ("2026-12-03", "ok")


def test_the_record_note_has_the_pdf_notes_limits():
    assert (MAX_RECORD_NOTE_CHARS, MAX_RECORD_NOTE_LINES) == (MAX_NOTE_CHARS, MAX_NOTE_LINES)


def test_the_second_offer_is_cleared_by_a_region_change_and_refused_from_another_region():
    from calculator.app.family_form import region_changed

    s = choose_second_offer(family(region="cn"), next(iter(offers_for("cn"))))
    assert region_changed(s, "us").scenario.second_offer is None
    assert choose_second_offer(family(region="cn"), next(iter(offers_for("us")))).scenario.second_offer is None
    _, notices = parse_query({"region": "us", "offer2": next(iter(offers_for("cn")))})
    assert [(n.code, n.field) for n in notices] == [("bad_choice", "offer2")]


def test_answers_keep_the_order_asked_and_can_be_cleared():
    s = set_value(set_value(family(), "peace", "very"), "own_use", "not")
    assert list(answers(s)) == ["own_use", "peace"]
    assert answers(set_value(s, "peace", None)) == {"own_use": "not"}
    with pytest.raises(ValueError):
        set_value(s, "peace", "extremely")


def test_a_chinese_note_keeps_a_link_short_enough_for_a_proxy():
    """A full note of Chinese characters, percent-encoded: the request line a browser sends on
    reload (measured here; the deploy's proxy must accept it)."""
    from urllib.parse import urlencode

    s = set_record(family(), consultation_date=None, record_note=("备" * 60 + "\n") * 14 + "备" * 100)
    assert len(s.scenario.record_note or "") <= MAX_RECORD_NOTE_CHARS
    assert len(urlencode(to_query(s))) < 16 * 1024


def test_the_new_link_keys_never_shadow_a_parameter():
    from calculator.app.url_state import _TOP_KEYS
    from calculator.inputs.assumptions import load_region

    for region in ("cn", "us"):
        assert not set(load_region(region).parameters) & set(_TOP_KEYS)


def test_a_second_offer_of_another_region_in_a_file_is_refused_naming_the_regions_offers():
    cn, us = next(iter(offers_for("cn"))), tuple(offers_for("us"))
    state, notices = state_from_scenario_text(f"region: us\nsecond_offer: {cn}\n")
    assert state.scenario.second_offer is None
    assert [(n.code, n.field, n.values["choices"]) for n in notices] == [("bad_choice", "second_offer", us)]
    with pytest.raises(Exception, match=f"second_offer: allowed: {' [|] '.join(us)}"):
        scenario_from_mapping({"region": "us", "second_offer": cn}, source="f.yaml")
    assert scenario_from_mapping({"region": "us", "second_offer": us[0]}).second_offer == us[0]
