"""The floor of a page run: a plain one-input Streamlit page, for ``benchmarks/load.py --floor``.

What any Streamlit page costs the server per run, whatever it shows: the websocket message,
the script thread, one widget's state, one text element, the end-of-run messages. It runs
with the project's ``.streamlit/config.toml`` (served from the repository root, as ``app.py``
is), so the comparison with the parents' page is of the pages, not of the settings. Its one
input is keyed ``fee_upfront``, like the parents' page's first payment, so the load client
changes it the same way. ``?floor_elements=N`` adds N - 1 more lines of text (one element
each): the floor of a page with as many elements as another (``load.py --floor-elements N``).
"""

import streamlit as st

fee = st.number_input("First payment (fee_upfront)", min_value=0.0, max_value=100_000.0, value=5_000.0,
                      step=100.0, key="fee_upfront")
st.markdown(f"Ten years of it: **{10 * fee:,.0f}**")
try:
    more = min(max(int(st.query_params.get("floor_elements", "1")), 1), 500) - 1
except ValueError:
    more = 0
for i in range(more):
    st.markdown(f"Line {i + 2}: {i * fee:,.0f}")
