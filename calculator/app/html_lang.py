"""The page's language as HTML declares it, and the one small script that sets it.

Streamlit writes ``<html lang="en">`` on every page; screen readers read a Chinese page with an
English voice unless it is changed. The script is fixed text, one per language (never anything
a person typed), so the proxy's Content-Security-Policy can allow exactly these scripts by
their hashes (deploy/serve.py reads :data:`LANG_SCRIPTS`). No streamlit import here: serve.py
reads this module without starting Streamlit.
"""

from __future__ import annotations

#: The page's language as HTML declares it (BCP 47), by the app's language code.
HTML_LANG = {"zh": "zh-CN", "en": "en"}


def lang_script(lang: str) -> str:
    """The body of the ``<script>`` that sets ``<html lang>`` for the app's language ``lang``."""
    return f"document.documentElement.lang = {HTML_LANG[lang]!r};"


#: Every script the app puts in the page itself (the proxy's CSP allows these by hash).
LANG_SCRIPTS = tuple(lang_script(lang) for lang in HTML_LANG)
