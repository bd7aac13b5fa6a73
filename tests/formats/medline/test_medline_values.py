"""MEDLINE value syntax: short names, abstract labels, MeSH headings, grants, links."""

from __future__ import annotations

import pytest

from medbib.format.medline.values import (
    parse_grant,
    parse_link,
    parse_mesh,
    person_from_short,
    split_abstract,
)


def test_person_from_short_forms():
    p = person_from_short("White AC Jr")
    assert (p.family, p.initials, p.given, p.suffix) == ("White", "AC", "A. C.", "Jr")
    p = person_from_short("Balkan II")  # initials, not a suffix
    assert (p.family, p.initials, p.suffix) == ("Balkan", "II", None)
    p = person_from_short("van Groen, Maaike M.")  # ERIC writes full names in AU
    assert (p.family, p.given) == ("van Groen", "Maaike M.")


@pytest.mark.parametrize(
    "text, labels",
    [
        ("BACKGROUND: a. METHODS: b. RESULTS: c.", ["BACKGROUND", "METHODS", "RESULTS"]),
        ("We used the ratio: 3 to 1. CONCLUSIONS: fine.", [None, "CONCLUSIONS"]),
        ("Background: a. Methods: b.", ["Background", "Methods"]),
        ("The aim was simple. Note: this is not a label.", [None]),
        ("Values were high (P: 0.01). DNA: was measured.", [None, "DNA"]),
    ],
)
def test_split_abstract_heuristic(text, labels):
    assert [s.label for s in split_abstract(text)] == labels


def test_parse_mesh_several_qualifiers():
    m = parse_mesh("*Aurovertins/*chemistry/metabolism")
    assert m.major and m.descriptor == "Aurovertins"
    assert [(q.name, q.major) for q in m.qualifiers] == [("chemistry", True), ("metabolism", False)]


@pytest.mark.parametrize(
    "raw, parts",
    [
        ("R01 CA197870/CA/NCI NIH HHS/United States", ("R01 CA197870", "CA", "NCI NIH HHS", "United States")),
        ("2021M691158/China Postdoctoral Science Foundation/", ("2021M691158", None,
                                                               "China Postdoctoral Science Foundation", None)),
        ("MR/K02325X/1/Medical Research Council/United Kingdom",
         ("MR/K02325X/1", None, "Medical Research Council", "United Kingdom")),
    ],
)
def test_parse_grant(raw, parts):
    g = parse_grant(raw)
    assert (g.id, g.acronym, g.agency, g.country) == parts


def test_parse_link_without_pmid():
    link = parse_link("CommentIn", "Kidney Int. 2020 May;97(5):1060. doi: 10.1016/j.kint.2020.01.030.")
    assert link.pmid is None and link.doi == "10.1016/j.kint.2020.01.030"
