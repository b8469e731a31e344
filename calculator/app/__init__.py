"""The Streamlit app: the only package that imports streamlit (entry point: app.py at the root)."""
