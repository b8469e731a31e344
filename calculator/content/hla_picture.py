"""The picture of HLA inheritance (the decision aid's HLA section): each parent has two sets
of HLA genes and passes one to each child, so a brother or sister gets the sick child's two
sets 1 time in 4. The spec holds the words (built once in the page's language); :func:`draw`
(:func:`calculator.present.pictures.draw_hla`) makes the PNG the page and the PDF both show."""

from __future__ import annotations

from dataclasses import dataclass

#: The children's sets, in the table's order; the sick child has a + c.
CHILDREN = (("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"))


@dataclass(frozen=True)
class HlaPicture:
    """The words of the picture: the two parents, the caption of each child (its match with
    the sick child) and the mark of the sick child's own sets."""

    mother: str
    father: str
    children: tuple[str, ...]  # one caption per entry of CHILDREN
    sick_child: str
