"""The one colour palette of the app's charts and the PDF: the Okabe-Ito set (Okabe & Ito 2008,
"Color Universal Design"), distinguishable with the common colour-vision deficiencies, and a few
neutral greys. Every chart also differs by shape or label, not colour alone.
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

#: Every colour of the charts and icon arrays, by the role it plays: one map for the web
#: charts (plotly), the print charts (matplotlib) and the PDF's icon arrays. A chart spec
#: (:mod:`calculator.content.chart_spec`) names roles, never colours.
ROLES = {
    # the options, in every chart: a family's own unit in the private colour, donation in blue
    "private": OKABE_ITO["vermillion"],
    "directed": OKABE_ITO["sky_blue"],
    "public": OKABE_ITO["blue"],
    "none": GREY,
    # the expected-value chart
    "cost": OKABE_ITO["vermillion"],
    "health": OKABE_ITO["green"],
    "net": OKABE_ITO["black"],
    # the cost chart: payments, total paid, present value
    "payment": OKABE_ITO["sky_blue"],
    "nominal": OKABE_ITO["vermillion"],
    "pv": OKABE_ITO["blue"],
    # a chance by the child's age: any family member, the child
    "family_use": OKABE_ITO["vermillion"],
    "child_use": OKABE_ITO["blue"],
    # the two ends of a one-way sensitivity bar
    "low": OKABE_ITO["blue"],
    "high": OKABE_ITO["orange"],
    # uncertainty: simulated draws, the willingness-to-pay line, a reference line, a shaded band,
    # this family's own point, a curve of options (cost per use)
    "draws": OKABE_ITO["blue"],
    "threshold": OKABE_ITO["vermillion"],
    "reference": OKABE_ITO["black"],
    "band": OKABE_ITO["yellow"],
    "family": OKABE_ITO["yellow"],
    "curve": GREY,
    # icon arrays (PDF) and natural-frequency rows (app)
    "child": OKABE_ITO["vermillion"],
    "sibling": OKABE_ITO["orange"],
    "helped": OKABE_ITO["blue"],
    "family_back": OKABE_ITO["green"],
    "private_family_use": OKABE_ITO["vermillion"],
    "public_helps": OKABE_ITO["blue"],
    "public_family_use": OKABE_ITO["sky_blue"],
    "empty": EMPTY_ICON,
    "grid": GRID,
}


def colour(role: str) -> str:
    """The colour of ``role`` (:data:`ROLES`); an unknown role is an error, not a default."""
    return ROLES[role]


def text_on(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (for a label inside a bar)."""
    return "#FFFFFF" if contrast("#FFFFFF", fill) > contrast("#000000", fill) else "#000000"


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
