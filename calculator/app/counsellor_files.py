"""The counsellors' page: saving the scenario to a file, loading one back (a refused or
partly read file is reported, never a traceback) and the share link that reproduces the page.

A file is the command line's scenario format, read leniently
(:func:`calculator.inputs.scenario.scenario_from_mapping_lenient`): each bad field (text where
a number goes, out of range, unknown key, over-long value) becomes a notice naming the field and
what is allowed, and keeps its default; the scenario read becomes the app's state as it is
(:func:`calculator.app.family_form.adopt`)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from calculator.app import sidebar as inputs
from calculator.app.common import T
from calculator.app.family_form import adopt
from calculator.app.state import AppState, View, default_state, saved_scenario
from calculator.app.url_state import to_query
from calculator.content.i18n import t
from calculator.content.notices import Notice, notice_of, notice_text
from calculator.inputs.assumptions import load_region
from calculator.inputs.errors import InputError
from calculator.inputs.scenario import scenario_from_mapping_lenient
from calculator.inputs.scenario_files import dump_scenario, parse_scenario_text
from calculator.inputs.scenario_values import MAX_SCENARIO_BYTES
from calculator.inputs.strict_yaml import LimitError

#: Notices that mean a scenario file was not read at all (the page is left as it was).
REFUSED = frozenset({"file_too_large", "file_too_deep", "file_too_many_items", "file_number_too_long",
                     "file_unreadable", "file_not_mapping"})


def scenario_file_name(ext: str, today: dt.date | None = None) -> str:
    """The download's file name, dated: ``cord-blood-scenario-2026-11-30.yaml``."""
    return f"cord-blood-scenario-{(today or dt.date.today()).isoformat()}.{ext}"


def load_outcome(notices: list[Notice]) -> str:
    """What loading a file did: ``loaded``, ``loaded_with_dropped`` (some fields kept their
    defaults) or ``refused`` (nothing read; the page is unchanged)."""
    if any(n.code in REFUSED for n in notices):
        return "refused"
    return "loaded_with_dropped" if notices else "loaded"


def state_from_scenario_mapping(data: Any, *, lang: str = "en", page: str = "parent") -> tuple[AppState, list[Notice]]:
    """Read a parsed scenario file (CLI format) field by field; bad fields keep defaults."""
    scenario, dropped = scenario_from_mapping_lenient(data, source="file")
    a = load_region(scenario.region)
    notices = [notice_of(d, a, carriers_field="parents_carriers") for d in dropped]
    return adopt(scenario, View(lang=lang, page=page)), notices


def state_from_scenario_text(text: str, *, lang: str = "en", page: str = "parent",
                             fmt: str = "auto") -> tuple[AppState, list[Notice]]:
    """Read an uploaded scenario file (YAML or JSON text); never raises.

    A file that cannot be parsed at all, or is over a limit (size, nesting, keys, digits of a
    number: checked before parsing), gives the defaults and one notice naming the limit (or,
    for a syntax error, saying the file is not valid YAML or JSON; never echoing content).
    ``fmt`` is ``json`` for a ``.json`` file, ``yaml`` for ``.yaml``/``.yml``.
    """
    defaults = default_state(lang=lang).with_(page=page)
    try:
        data = parse_scenario_text(text, source="file", fmt=fmt)
    except LimitError as exc:
        code = {"bytes": "file_too_large", "depth": "file_too_deep", "items": "file_too_many_items",
                "number_chars": "file_number_too_long"}[exc.kind]
        value = exc.limit // 1024 if exc.kind == "bytes" else exc.limit
        return defaults, [Notice(code, "", {"kib" if exc.kind == "bytes" else "max": value})]
    except InputError:
        return defaults, [Notice("file_unreadable")]
    return state_from_scenario_mapping(data if data is not None else {}, lang=lang, page=page)


#: Hides the file uploader's own size line (it shows the server's 1 MB minimum, not the real limit).
_HIDE_UPLOADER_LIMIT = "<style>[data-testid='stFileUploaderDropzoneInstructions'] {display:none}</style>"

#: The uploader's button text is fixed to "Upload" in Streamlit's front end (no option in 1.67): on
#: a page in another language that text is hidden from sight only (a button whose words are all
#: drawn by CSS has no name for axe-core: a critical finding), and the page's words are drawn after
#: the icon at the size of the other buttons' words. Screen readers read "Upload 上传文件": the
#: visible words are in the name (WCAG 2.5.3).
_UPLOADER_BUTTON = "[data-testid='stFileUploaderDropzone'] button[data-testid='stBaseButton-secondary']"
_VISUALLY_HIDDEN = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"


def uploader_button_style(lang: str) -> str:
    """The ``<style>`` that puts the page's word on the uploader's button ("" in English)."""
    if lang == "en":
        return ""
    word = t("app.counsellor.load_button", lang).replace("\\", "").replace('"', "")
    return (f"<style>{_UPLOADER_BUTTON} [data-testid='stMarkdownContainer'] {{{_VISUALLY_HIDDEN}}}"
            f'{_UPLOADER_BUTTON} [data-has-shortcut]::after {{content:"{word}";font-size:0.875rem}}</style>')


def read_upload(name: str, data: bytes, state: AppState) -> tuple[AppState, list[Notice], str]:
    """A scenario file's bytes as (new state, notices, outcome); a refused file leaves ``state`` as it was."""
    if len(data) > MAX_SCENARIO_BYTES:
        return state, [Notice("file_too_large", "", {"kib": MAX_SCENARIO_BYTES // 1024})], "refused"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return state, [Notice("file_unreadable")], "refused"
    fmt = {"json": "json", "yaml": "yaml", "yml": "yaml"}.get((name or "").rsplit(".", 1)[-1].lower(), "auto")
    new, notices = state_from_scenario_text(text, lang=state.lang, page=state.page, fmt=fmt)
    outcome = load_outcome(notices)
    return (state if outcome == "refused" else new), notices, outcome


def show_load_outcome(state: AppState) -> None:
    """Exactly what the last file load did: loaded; loaded with fields dropped (which, why); or refused."""
    got = st.session_state.pop("_load_outcome", None)
    if not got:
        return
    outcome, notices = got
    lines = "\n".join(f"- {notice_text(n, state.lang, state.region)}" for n in notices)
    if outcome == "loaded":
        st.success(T("app.counsellor.load_ok", state), icon=":material/check_circle:")
    elif outcome == "loaded_with_dropped":
        fields = ", ".join(f"`{n.field}`" for n in notices if n.field) or "\u2014"
        st.warning(T("app.counsellor.load_dropped", state, n=len(notices), fields=fields) + "\n\n" + lines,
                   icon=":material/warning:")
    else:
        st.error(T("app.counsellor.load_refused", state) + "\n\n" + lines, icon=":material/block:")


def save_load_share(state: AppState) -> None:
    """Download the scenario (CLI format), load one back, and the shareable link."""
    st.subheader(T("app.counsellor.save", state))
    scenario = saved_scenario(state)  # with the family's values and the counsellor's record
    for col, (fmt, mime) in zip(st.columns(2), (("yaml", "application/x-yaml"), ("json", "application/json")), strict=True):
        col.download_button(T(f"app.counsellor.save_{fmt}", state), dump_scenario(scenario, fmt),
                            file_name=scenario_file_name(fmt), mime=mime, key=f"save_{fmt}", icon=":material/download:")
    st.markdown(_HIDE_UPLOADER_LIMIT + uploader_button_style(state.lang), unsafe_allow_html=True)
    up = st.file_uploader(T("app.counsellor.load", state), type=["yaml", "yml", "json"], key="upload_scenario",
                          max_upload_size=1, help=T("app.counsellor.load_help", state))
    st.caption(T("app.counsellor.load_limit", state, kib=MAX_SCENARIO_BYTES // 1024))
    if up is not None and st.session_state.get("_loaded_file") != up.file_id:
        st.session_state["_loaded_file"] = up.file_id
        new, notices, outcome = read_upload(up.name or "", up.getvalue()[: MAX_SCENARIO_BYTES + 1], state)
        st.session_state["_load_outcome"] = (outcome, notices)
        if outcome != "refused":
            inputs.replace_state(new, notices)
        st.rerun()
    show_load_outcome(state)
    st.markdown(f"**{T('app.counsellor.share', state)}**")
    st.caption(T("app.counsellor.share_help", state))
    st.code(share_link(state), language=None, wrap_lines=True)


def share_link(state: AppState) -> str:
    """The page's address with every input in its query string."""
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001
        base = ""
    parts, query = urlsplit(base), urlencode(to_query(state))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")) if parts.scheme else "?" + query

