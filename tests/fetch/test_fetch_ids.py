"""The id shapes ``medbib fetch`` takes, and the ones it refuses."""

from __future__ import annotations

import pytest

from medbib.core.errors import UsageError
from medbib.pipeline.fetch.ids import ids_from_file, parse_id


@pytest.mark.parametrize("text, kind, value", [
    ("33204024", "pmid", "33204024"),
    ("PMID:33204024", "pmid", "33204024"),
    ("pmid: 33204024", "pmid", "33204024"),
    ("https://pubmed.ncbi.nlm.nih.gov/33204024/", "pmid", "33204024"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/33204024", "pmid", "33204024"),
    (" 33204024 ", "pmid", "33204024"),
    ("PMC7782796", "pmcid", "PMC7782796"),
    ("pmc7782796", "pmcid", "PMC7782796"),
    ("PMCID: PMC7782796", "pmcid", "PMC7782796"),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC7782796/", "pmcid", "PMC7782796"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC7782796/", "pmcid", "PMC7782796"),
    ("10.1038/s41416-020-01128-5", "doi", "10.1038/s41416-020-01128-5"),
    ("doi:10.1038/s41416-020-01128-5", "doi", "10.1038/s41416-020-01128-5"),
    ("DOI: 10.1038/s41416-020-01128-5", "doi", "10.1038/s41416-020-01128-5"),
    ("https://doi.org/10.1038/s41416-020-01128-5", "doi", "10.1038/s41416-020-01128-5"),
    ("http://dx.doi.org/10.1002/%28SICI%291097-4636", "doi", "10.1002/(SICI)1097-4636"),
    ("10.1002/(SICI)1097-4636(199706)35:4<455::AID-JBM6>3.0.CO;2-G",
     "doi", "10.1002/(SICI)1097-4636(199706)35:4<455::AID-JBM6>3.0.CO;2-G"),
])
def test_known_shapes(text, kind, value):
    ident = parse_id(text)
    assert (ident.kind, ident.value) == (kind, value)


@pytest.mark.parametrize("text", ["", "abc", "0", "PMC", "PMC0", "10.12/", "11.1038/x", "33204024x",
                                  "https://example.org/33204024", "PMID:", "1234567890"])
def test_unknown_shapes_are_usage_errors_naming_the_id(text):
    with pytest.raises(UsageError, match="not a PMID, PMCID or DOI"):
        parse_id(text)


def test_id_file_one_a_line_with_blank_lines_and_comments(tmp_path):
    f = tmp_path / "ids.txt"
    f.write_text("\ufeff# my list\n33204024\n\n  PMC7782796   # a comment\n10.1000/a#b\n", encoding="utf-8")
    assert ids_from_file(str(f)) == ["33204024", "PMC7782796", "10.1000/a#b"]
