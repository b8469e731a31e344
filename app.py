"""Entry point of the web app: ``streamlit run app.py`` (or ``./dev app``); the code is in calculator/app/."""

from calculator.app.main import main

main()
