"""Cord blood storage decision calculator: the model (pure Python, no UI).

Start with :func:`calculator.analysis.evaluate.evaluate`; it returns the one
:class:`calculator.analysis.results.Results` object that the app, the command line and the PDF read.
"""

MODEL_VERSION = "1.0.0"

__all__ = ["MODEL_VERSION"]
