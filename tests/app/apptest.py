"""Running the real app page in-process (Streamlit's AppTest) for the app tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
#: Seconds one page run may take: the first run of a session loads the model and draws the PSA.
TIMEOUT = 120


def run(query: dict[str, str] | None = None) -> AppTest:
    """The page for ``query`` (URL parameters), run once; fails on any page exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
