"""Start Streamlit so that it contacts no outside host when it refuses a websocket (an adapter).

    python -m calculator.app.streamlit_offline run app.py [streamlit options]

is ``streamlit run app.py`` with one change made first. deploy/serve.py starts its workers
this way, and so does the container (deploy/Dockerfile).

Why (measured with streamlit 1.67.0, ``strace -f -e trace=network``): when a websocket to
``/_stcore/stream`` comes from another site's page (an Origin that is not the Host, e.g. any
web page a family has open running ``new WebSocket("ws://127.0.0.1:8501/_stcore/stream")``),
Streamlit refuses it (403), but first, synchronously in the handler, walks its list of allowed
hosts in ``streamlit/web/server/server_util.py`` (``is_url_from_allowed_origins``): after
localhost and ``browser.serverAddress`` it calls ``net_util.get_internal_ip()``, which
connects a UDP socket to 8.8.8.8 (once per process), and ``net_util.get_external_ip()``,
which asks http://checkip.amazonaws.com and then https://... (a DNS look-up and a connection,
1 s time-out each) and does not keep a failure, so it asks again on every refused attempt.
Three refused attempts made one connect() to 8.8.8.8 and six DNS queries.

No public option stops it: ``browser.serverAddress`` and ``server.address`` (set in
.streamlit/config.toml) stop only the look-up at start; ``server.corsAllowedOrigins`` and
``server.allowedHosts`` are checked after or before it without ending the walk for another
site's origin; ``server.enableCORS = false`` skips it by accepting every origin, which would let
any page drive a family's session. Both functions keep their answer in a module-level value
(``net_util._internal_ip``, ``net_util._external_ip``) and return it when set; this sets both
to the loopback address before the server starts. That address is already on the allowed list,
so nothing more is allowed than before, and nothing else in a served app uses them (the start
banner, where the addresses would be printed, is not shown with ``server.address`` set).

Private names of Streamlit: tests/system/test_outside_contact.py pins the version and checks
under strace that the server contacts no outside host while refusing such websockets and bad
XSRF tokens, and that Streamlit without this adapter still does (so that the adapter is
dropped when Streamlit stops needing it).
"""

from __future__ import annotations

import sys

from streamlit import net_util

LOOPBACK = "127.0.0.1"
STREAMLIT_VERSION = "1.67.0"  # the version this was measured with (pinned in pyproject.toml)


def keep_streamlit_local() -> None:
    """Fill Streamlit's cached internal and external address with the loopback address."""
    # private module-level caches of streamlit.net_util: see the module docstring
    if net_util._internal_ip is None:
        net_util._internal_ip = LOOPBACK
    if net_util._external_ip is None:
        net_util._external_ip = LOOPBACK


def main() -> int:
    keep_streamlit_local()
    from streamlit.web import cli

    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
