"""Streamlit page code (the only place that imports streamlit besides app.py)."""
