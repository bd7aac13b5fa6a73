"""One article read from PubMed XML and from MEDLINE gives equal values (fixtures/medline/pairs/)."""

from __future__ import annotations

from pathlib import Path

import pytest
from medline_tools import MEDLINE, pair_differences, read_path

from medbib.core.streams import open_input
from medbib.plugins.contexts import ReadContext
from medbib.plugins.registry import registry

PAIRS = MEDLINE / "pairs"
XML = MEDLINE.parent / "pubmed-xml"


def _xml_records(path: Path) -> dict:
    try:
        xml_reader = registry.reader("pubmed-xml")
    except Exception:
        pytest.skip("the PubMed XML reader is not registered")
    ctx = ReadContext(path.name)
    return {r.pmid: r for r in xml_reader.reader.read(open_input(path).stream, ctx)}


@pytest.mark.parametrize(
    "nbib, xml",
    [("38534005.nbib", "journal-article.xml"), ("9997.nbib", "update-with-deletions.xml")],
)
def test_same_article_from_xml_and_medline_is_equal(nbib, xml):
    (rec,) = read_path(PAIRS / nbib)[0]
    other = _xml_records(XML / xml)[rec.pmid]
    assert pair_differences(rec, other) == {}
