"""Hypothesis strategies for plausible journal-article records (every field a writer and its
reader keep), shared by the round-trip property test and the equivalence tests."""

from __future__ import annotations

from hypothesis import strategies as st

from medbib.core.model import Date, Person, Record

# noncharacters (U+FDD0–FDEF, U+xFFFE/xFFFF) are not for interchange and are dropped by writers
words = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Z")).filter(
    lambda c: not (0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFE) == 0xFFFE)), min_size=1, max_size=12)
title = st.lists(words, min_size=1, max_size=12).map(" ".join).filter(lambda t: not t.endswith("."))
family = st.from_regex(r"[A-Z][a-zà-öø-ÿ]{1,10}(?:[- ][A-Z][a-z]{1,8})?", fullmatch=True)
given_name = st.from_regex(r"[A-Z][a-z]{1,8}(?: [A-Z]\.)?", fullmatch=True)
person = st.builds(Person, family=family, given=given_name)
group = st.builds(Person, literal=st.from_regex(r"[A-Z][A-Za-z]{2,10}(?: [A-Za-z]{2,10}){0,3} (?:Group|Consortium)",
                                                fullmatch=True))


@st.composite
def records(draw):
    year = draw(st.integers(1800, 2099))
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    first = draw(st.integers(1, 9999))
    return Record(
        type="article-journal",
        title=draw(title),
        authors=draw(st.lists(st.one_of(person, group), min_size=1, max_size=5)),
        container_title=draw(st.lists(words, min_size=1, max_size=5).map(" ".join)),
        volume=str(draw(st.integers(1, 999))),
        issue=str(draw(st.integers(1, 12))),
        pages=f"{first}-{first + draw(st.integers(0, 50))}",
        issued=Date(year, month),
        doi="10." + str(draw(st.integers(1000, 99999))) + "/" + draw(st.from_regex(r"[a-z0-9.()<>;-]{1,20}", fullmatch=True)),
        pmid=str(draw(st.integers(1, 99_999_999))),
    )
