"""Chart kinds drawn as a PNG picture in every medium (the page shows the image with its text
alternative, the PDF places it): the ``kind`` of a :class:`~calculator.content.blocks.Chart`
block -> its drawer (spec -> PNG bytes). One registry for the page and the PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from calculator.content import hla_picture, pedigree_draw

PICTURES: dict[str, Callable[[Any], bytes]] = {"pedigree": pedigree_draw.draw, "hla_inheritance": hla_picture.draw}
