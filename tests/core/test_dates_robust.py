"""Dates never sink a record: digits that are not decimal (superscripts like "²") used to make
``int()`` raise, and the whole record was skipped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

import medbib
from medbib.core.dates import parse_date

DATE_PARTS = ["2020", "1999", "Jan", "Feb-Mar", "Spring", "12", "1", "0", "²", "1²", "0²", "³⁴", "١٢", "１９９９",
              "/", "-", " ", ":", "20200131", "2020/01/31 10:30", "Summer-Fall", "Dec"]


@settings(max_examples=600)
@given(st.lists(st.sampled_from(DATE_PARTS), max_size=6).map(" ".join) | st.text(max_size=20))
def test_parse_date_never_raises(text) -> None:
    d = parse_date(text)
    assert d is None or d.year is None or isinstance(d.year, int)


def test_superscript_digit_in_a_date_keeps_the_record() -> None:
    nbib = "PMID- 1\nTI  - A title.\nDP  - 2020 Jan 1\u00b2\nEDAT- 2020/01/01 00:00\nAU  - Doe J\n\n"
    recs = list(medbib.read(nbib.encode(), "medline"))
    assert len(recs) == 1 and recs[0].issued.year == 2020
    xml = ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><JournalIssue>"
           "<PubDate><Year>2020</Year><Month>Jan</Month><Day>1\u00b2</Day></PubDate></JournalIssue></Journal>"
           "<ArticleTitle>T</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>")
    recs = list(medbib.read(xml.encode(), "pubmed-xml"))
    assert len(recs) == 1 and recs[0].issued.year == 2020 and recs[0].issued.day is None
