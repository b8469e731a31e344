"""The one colour palette of the app's charts and the PDF.

Colours are the Okabe-Ito set (Okabe & Ito 2008, "Color Universal Design"), which stays
distinguishable with the common colour-vision deficiencies, plus a few neutral greys that
are deliberately not part of it. Every chart also differs by shape or label, not colour
alone. Colours are hex strings; :func:`rgb` gives the 0-255 triple fpdf2 wants and
:func:`rgb01` the 0-1 triple matplotlib wants.
"""

from __future__ import annotations

#: Okabe & Ito (2008): exactly the eight colours of the published set.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
}

#: Neutral greys (not Okabe-Ito colours): an option that does nothing, empty icons, grids.
GREY = "#999999"
EMPTY_ICON = "#E4E4E4"
GRID = "#E1E1E1"

#: Text on the page and in the web charts (the Streamlit theme's ``textColor`` in
#: .streamlit/config.toml, checked by a test). Streamlit draws captions in the text colour at
#: 60 % opacity: with this text colour a caption is #707070 on white, 4.95:1 (WCAG AA needs
#: 4.5:1); Streamlit's default text colour gave #828180, 3.88:1.
TEXT = "#111111"

#: The page's accent (the theme's ``primaryColor``): a darker shade of the Okabe-Ito blue, so
#: that a selected button's text on its light tint reaches 4.5:1 (the Okabe-Ito blue itself:
#: 4.26:1). Charts keep the Okabe-Ito blue: a filled shape needs 3:1, not 4.5:1.
ACCENT = "#005A8C"

#: One colour per strategy, in every chart and in the PDF.
STRATEGY_COLOURS = {"private": OKABE_ITO["vermillion"], "public": OKABE_ITO["blue"], "none": GREY}

#: Icon-array groups (PDF) and natural-frequency rows (app): a family's own unit in the
#: private colour, donation in the public colours.
ICON_COLOURS = {
    "child": OKABE_ITO["vermillion"],
    "sibling": OKABE_ITO["orange"],
    "helped": OKABE_ITO["blue"],
    "family_back": OKABE_ITO["green"],
    "private_family_use": OKABE_ITO["vermillion"],
    "public_helps": OKABE_ITO["blue"],
    "public_family_use": OKABE_ITO["sky_blue"],
}

#: The two ends of a one-way sensitivity bar and the two cost lines.
LOW, HIGH = OKABE_ITO["blue"], OKABE_ITO["orange"]
NOMINAL, PRESENT_VALUE = OKABE_ITO["vermillion"], OKABE_ITO["blue"]

#: The verdict's colour: the strategy it points to.
VERDICT_COLOURS = {"prefer_public_donation": STRATEGY_COLOURS["public"],
                   "private_storage_clear_value": STRATEGY_COLOURS["private"]}


def rgb(colour: str) -> tuple[int, int, int]:
    """``"#D55E00"`` -> ``(213, 94, 0)``."""
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def rgb01(colour: str) -> tuple[float, float, float]:
    """``"#D55E00"`` -> ``(0.835, 0.369, 0.0)`` (matplotlib)."""
    r, g, b = rgb(colour)
    return r / 255, g / 255, b / 255


def _linear(c: int) -> float:
    x = c / 255
    return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4


def contrast(fg: str, bg: str = "#FFFFFF") -> float:
    """WCAG 2 contrast ratio of two opaque colours ("#767676" on white: 4.54)."""
    lum = [0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b) for r, g, b in (rgb(fg), rgb(bg))]
    hi, lo = max(lum), min(lum)
    return (hi + 0.05) / (lo + 0.05)
