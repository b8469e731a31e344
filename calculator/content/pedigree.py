"""A pedigree (family tree) for counsellors, laid out from the scenario: a pure function.

The symbols follow the standard human pedigree nomenclature (Bennett et al., J Genet Couns
2008;17:424, doi 10.1007/s10897-008-9169-9): a square is male, a circle female, a diamond a
person whose sex is not recorded; a filled symbol is affected, a half-filled one a carrier; the
pregnancy is its symbol (a diamond while the sex is not known) with "P" inside; an arrow marks the
sick relative(s) the family came about; a child not related by blood (adopted in) is drawn in
brackets. HLA results are written under each relative.

What the scenario does not say is not invented: a relative's sex is not entered, so relatives
are diamonds; which parent a half-brother or half-sister shares, which side a grandparent, aunt,
uncle or cousin is on, and which parent a sick "parent" is are not entered either: such people
are placed on the father's side (the mother's side for the second grandparent pair) and their
label says the side was not recorded. People drawn only to connect others (a cousin's parent, a
half-sibling's other parent, grandparents above an aunt or uncle) are ``implicit``: unaffected,
unlabelled except for their role.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from calculator.content.blocks import Chart, Column, Paragraph, Section, Table
from calculator.content.decision_aid_sources import sources_block
from calculator.content.i18n import t
from calculator.content.words import colon
from calculator.inputs.scenario_schema import Relative, Scenario

Shape = Literal["square", "circle", "diamond"]
Fill = Literal["none", "affected", "carrier"]
#: Carrier statuses of a parent drawn half-filled.
CARRIER_STATUSES = frozenset({"carrier", "beta_thalassaemia", "alpha_thalassaemia", "sickle_cell"})


@dataclass(frozen=True)
class Person:
    """One symbol: ``generation`` 0 (grandparents) to 2 (the pregnancy's), ``x`` its column."""

    id: str
    generation: int
    x: float
    shape: Shape
    fill: Fill = "none"
    pregnancy: bool = False
    marked: bool = False
    adopted: bool = False
    implicit: bool = False
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pedigree:
    """People, couples (pairs of ids) and sibships (a couple and its children's ids)."""

    people: tuple[Person, ...]
    couples: tuple[tuple[str, str], ...]
    sibships: tuple[tuple[tuple[str, str], tuple[str, ...]], ...]
    legend: tuple[tuple[str, str], ...]

    def person(self, pid: str) -> Person:
        for p in self.people:
            if p.id == pid:
                return p
        raise KeyError(pid)


def _fill(condition: str) -> Fill:
    return "none" if condition == "none" else "affected"


def _relative_labels(r: Relative, lang: str, side_unknown: bool = False) -> tuple[str, ...]:
    out = [t(f"relation.{r.relation}", lang)]
    if side_unknown:
        out.append(t("aid.pedigree.side_unknown", lang))
    if r.condition != "none":
        out.append(t(f"aid.pedigree.condition.{r.condition}", lang))
    out.append(t(f"aid.pedigree.hla.{r.hla_match}", lang))
    return tuple(out)


def _parent_status(status: str) -> Fill:
    if status == "affected":
        return "affected"
    return "carrier" if status in CARRIER_STATUSES else "none"


def pedigree(scenario: Scenario, lang: str) -> Pedigree:
    """The pedigree of ``scenario``: who is drawn where, with which symbol and labels."""
    family = scenario.family or ()
    by_rel: dict[str, list[Relative]] = {}
    for r in family:
        by_rel.setdefault(r.relation, []).append(r)
    carriers = scenario.parent_carriers
    people: list[Person] = []
    couples: list[tuple[str, str]] = []
    sibships: list[tuple[tuple[str, str], tuple[str, ...]]] = []

    # generation II: the parents, with what they carry or have
    father = Person("father", 1, 0.0, "square", _parent_status(carriers.father),
                    labels=(t("aid.pedigree.father", lang), *_carrier_label(carriers.father, lang)))
    mother = Person("mother", 1, 1.0, "circle", _parent_status(carriers.mother),
                    labels=(t("aid.pedigree.mother", lang), *_carrier_label(carriers.mother, lang)))
    # a sick "parent": the one entered as affected first, then the father, then the mother
    # (which parent it is is not entered otherwise, and the label says so)
    entered = [w for w in ("father", "mother") if getattr(carriers, w) == "affected"]
    targets = entered + [w for w in ("father", "mother") if w not in entered]
    sick_parents = [r for r in by_rel.get("parent", []) if r.condition != "none"]
    for r, target in zip(sick_parents, targets, strict=False):
        cur = father if target == "father" else mother
        upd = replace(cur, fill="affected", marked=True,
                      labels=cur.labels + _relative_labels(r, lang, side_unknown=target not in entered)[1:])
        father, mother = (upd, mother) if target == "father" else (father, upd)
    people += [father, mother]
    couples.append(("father", "mother"))

    # generation III: the pregnancy and the full brothers and sisters, then others of the couple
    children: list[str] = []
    n_couple = len(by_rel.get("full_sibling", [])) + 1 + len(by_rel.get("unrelated", []))
    x = 0.5 - (n_couple - 1) / 2 if n_couple <= 2 else 0.0  # one or two children: under the couple
    for i, r in enumerate(by_rel.get("full_sibling", [])):
        pid = f"sibling{i + 1}"
        people.append(Person(pid, 2, x, "diamond", _fill(r.condition), marked=r.condition != "none",
                             labels=_relative_labels(r, lang)))
        children.append(pid)
        x += 1
    people.append(_pregnancy(scenario, x, lang))
    children.append("pregnancy")
    x += 1
    for i, r in enumerate(by_rel.get("unrelated", [])):
        pid = f"adopted{i + 1}"
        people.append(Person(pid, 2, x, "diamond", _fill(r.condition), marked=r.condition != "none", adopted=True,
                             labels=_relative_labels(r, lang)))
        children.append(pid)
        x += 1
    sibships.append((("father", "mother"), tuple(children)))
    right = max(x - 1, 1.0)

    # half brothers and sisters: the mother and another partner (which parent is not entered)
    halves = by_rel.get("half_sibling", [])
    if halves:
        px = right + 1.5
        people.append(Person("other_partner", 1, px, "diamond", implicit=True,
                             labels=(t("aid.pedigree.other_partner", lang),)))
        couples.append(("mother", "other_partner"))
        ids = []
        for i, r in enumerate(halves):
            pid = f"half_sibling{i + 1}"
            people.append(Person(pid, 2, px + i, "diamond", _fill(r.condition), marked=r.condition != "none",
                                 labels=_relative_labels(r, lang, side_unknown=True)))
            ids.append(pid)
        sibships.append((("mother", "other_partner"), tuple(ids)))
        right = px + len(halves) - 1

    # the father's side: grandparents, aunts and uncles, first cousins
    gps, aunts, cousins = by_rel.get("grandparent", []), by_rel.get("aunt_uncle", []), by_rel.get("first_cousin", [])
    if gps or aunts or cousins:
        n_aunts = max(len(aunts), 1 if cousins else 0)
        left = -0.5 - max(n_aunts, len(cousins)) if n_aunts else 0.0
        centre = left / 2 if n_aunts else 0.0
        g1 = Person("grandparent1", 0, centre - 0.5, "diamond", implicit=True,
                    labels=(t("aid.pedigree.grandparent", lang),))
        g2 = replace(g1, id="grandparent2", x=centre + 0.5)
        for i, r in enumerate(gps[:2]):
            g = replace(g1 if i == 0 else g2, fill=_fill(r.condition), marked=r.condition != "none",
                        implicit=False, labels=_relative_labels(r, lang, side_unknown=True))
            g1, g2 = (g, g2) if i == 0 else (g1, g)
        people += [g1, g2]
        couples.append(("grandparent1", "grandparent2"))
        sibs = ["father"]
        for i in range(n_aunts):
            pid = f"aunt_uncle{i + 1}"
            aunt = aunts[i] if i < len(aunts) else None
            people.append(Person(pid, 1, left + i, "diamond",
                                 _fill(aunt.condition) if aunt else "none", marked=bool(aunt and aunt.condition != "none"),
                                 implicit=aunt is None,
                                 labels=_relative_labels(aunt, lang, side_unknown=True) if aunt
                                 else (t("aid.pedigree.cousins_parent", lang),)))
            sibs.insert(0, pid)
        sibships.append((("grandparent1", "grandparent2"), tuple(sibs)))
        if cousins:
            # a cousin's other parent is not drawn (married in, not related): a single line of descent
            ids = []
            for i, r in enumerate(cousins):
                pid = f"cousin{i + 1}"
                people.append(Person(pid, 2, left + i - 0.5 * (len(cousins) > 1), "diamond", _fill(r.condition),
                                     marked=r.condition != "none", labels=_relative_labels(r, lang, side_unknown=True)))
                ids.append(pid)
            sibships.append((("aunt_uncle1", "aunt_uncle1"), tuple(ids)))
        if len(gps) > 2:  # a second grandparent pair: above the mother
            g3 = Person("grandparent3", 0, 1.5, "diamond", _fill(gps[2].condition), marked=gps[2].condition != "none",
                        labels=_relative_labels(gps[2], lang, side_unknown=True))
            g4 = (Person("grandparent4", 0, 2.5, "diamond", _fill(gps[3].condition), marked=gps[3].condition != "none",
                         labels=_relative_labels(gps[3], lang, side_unknown=True)) if len(gps) > 3
                  else replace(g3, id="grandparent4", x=2.5, fill="none", marked=False, implicit=True,
                               labels=(t("aid.pedigree.grandparent", lang),)))
            people += [g3, g4]
            couples.append(("grandparent3", "grandparent4"))
            sibships.append((("grandparent3", "grandparent4"), ("mother",)))

    # anyone else: to the right, not connected
    extra = by_rel.get("other_relative", []) + sick_parents[2:] + gps[4:]
    for i, r in enumerate(extra):
        people.append(Person(f"other{i + 1}", 1, right + 2 + i, "diamond", _fill(r.condition),
                             marked=r.condition != "none", labels=_relative_labels(r, lang)))
    return Pedigree(tuple(people), tuple(couples), tuple(sibships), _legend(lang))


def _carrier_label(status: str, lang: str) -> tuple[str, ...]:
    if status == "none":
        return ()
    return (t(f"carrier.{status}", lang),)


def _pregnancy(scenario: Scenario, x: float, lang: str) -> Person:
    shape: Shape = {"male": "square", "female": "circle"}.get(scenario.newborn_sex, "diamond")  # type: ignore[assignment]
    fill: Fill = "affected" if scenario.newborn_status == "affected" else "none"
    labels = (t("aid.pedigree.pregnancy", lang), t(f"aid.pedigree.newborn.{scenario.newborn_status}", lang))
    return Person("pregnancy", 2, x, shape, fill, pregnancy=True, labels=labels)


def _legend(lang: str) -> tuple[tuple[str, str], ...]:
    return tuple((k, t(f"aid.pedigree.legend.{k}", lang))
                 for k in ("affected", "carrier", "unknown_sex", "pregnancy", "marked", "adopted"))


def pedigree_table(ped: Pedigree, lang: str) -> Table:
    """The pedigree as a table (for screen readers and as the chart's data in print)."""
    rows = []
    for p in ped.people:
        if p.implicit:
            continue
        symbol = t(f"aid.pedigree.symbol.{p.shape}", lang)
        status = t(f"aid.pedigree.fill.{p.fill}", lang)
        rows.append(("; ".join(p.labels[:1]) if lang == "en" else "；".join(p.labels[:1]),
                     f"{symbol}, {status}" if lang == "en" else f"{symbol}，{status}",
                     ("; " if lang == "en" else "；").join(p.labels[1:])))
    return Table(columns=(Column(t("aid.pedigree.col_person", lang)), Column(t("aid.pedigree.col_symbol", lang)),
                          Column(t("aid.pedigree.col_notes", lang))), rows=tuple(rows),
                 colon=colon(lang))


def pedigree_section(scenario: Scenario, lang: str) -> Section:
    """The counsellor's pedigree: the chart (spec: the :class:`Pedigree`, drawn by :func:`calculator.present.pictures.draw_pedigree`),
    its table, the caption and the nomenclature's source."""
    ped = pedigree(scenario, lang)
    n = sum(not p.implicit for p in ped.people)
    generations = len({p.generation for p in ped.people})
    chart = Chart(kind="pedigree", spec=ped, alt=t("aid.pedigree.alt", lang, n=n, generations=generations),
                  table=pedigree_table(ped, lang))
    return Section(key="aid_pedigree", title=t("aid.pedigree.title", lang),
                   blocks=(chart, Paragraph(t("aid.pedigree.caption", lang), role="caption"),
                           sources_block(("bennett_2008",), lang)))
