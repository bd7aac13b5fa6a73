"""Tag lines: the lexer looks the known tags up by their padded form (``"TI  "``) and cuts the value
at column 7; every other line goes the general way (tag syntax checked, ERIC's ``ISSN - ``, ``TI  -``
without a value). Lexing with the lookup gives the same records as lexing without it (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.format.medline.builder import TABLE
from medbib.format.medline.lexer import records

_TAGS = st.sampled_from(sorted(TABLE.known) + ["XYZ", "AB1", "ab", "A", "ISSN", "TOOLONG", ""])
_VALUE = st.text(st.sampled_from(list("ab -:&;*/ \t\u00a0")), max_size=6)
_TAG_LINE = st.builds(lambda tag, sep, value: f"{tag}{sep}{value}", _TAGS,
                      st.sampled_from(["", " ", "  ", "   "]).map(lambda pad: pad + "- ") | st.sampled_from(
                          ["-", " -", " - ", "-x", "  -- "]), _VALUE)
_PADDED_LINE = st.builds(lambda tag, value: f"{tag:<4}- {value}", _TAGS, _VALUE)
_OTHER_LINE = st.sampled_from(["", "   ", "      continued text", "\tcontinued", "      ", "garbage here",
                               "PMID- 12345", "FAU - Doe, J", "AU  - Doe J", "OWN - ERIC"])
_LINES = st.lists(st.one_of(_TAG_LINE, _PADDED_LINE, _OTHER_LINE), max_size=25)


@settings(max_examples=2000)
@given(_LINES)
def test_padded_tag_lookup_gives_what_the_general_way_gives(lines: list[str]) -> None:
    assert list(records(lines, TABLE.known)) == list(records(lines, ()))
