"""Tag lines: the lexer looks the known tags up by their padded form (``"TI  "``) and cuts the value
at column 7; every other line goes the general way (tag syntax checked, ERIC's ``ISSN - ``, ``TI  -``
without a value). Lexing with the lookup gives the same records as lexing without it (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from medline_tools import MEDLINE_LINES

from medbib.format.medline.builder import TABLE
from medbib.format.medline.lexer import records


@settings(max_examples=2000)
@given(MEDLINE_LINES)
def test_padded_tag_lookup_gives_what_the_general_way_gives(lines: list[str]) -> None:
    assert list(records(lines, TABLE.known)) == list(records(lines, ()))
