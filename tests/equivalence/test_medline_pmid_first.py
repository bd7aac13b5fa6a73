"""A record's PMID: the reader looks only at the first entry, since a PMID line always starts a
record; it finds what a search through all the entries found, ERIC records included (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from medline_tools import MEDLINE_LINES

from medbib.format.medline.builder import TABLE
from medbib.format.medline.lexer import records
from medbib.format.medline.read import _record
from medbib.plugins.contexts import ReadContext


def _old_pmid(entries: list[list]) -> tuple[str | None, bool]:
    """The PMID and the ERIC mark as the reader found them before (the reference)."""
    eric = False
    for tag, value in entries:
        if tag == "PMID":
            return value.strip() or None, eric
        if tag == "OWN" and value.strip() == "ERIC":
            eric = True
    return None, eric


@settings(max_examples=2000)
@given(MEDLINE_LINES)
def test_pmid_is_found_in_the_first_entry(lines: list[str]) -> None:
    for n, lexed in enumerate(records(lines, TABLE.known), 1):
        entries = lexed[1]
        assert all(tag != "PMID" for tag, _value in entries[1:])
        pmid, eric = _old_pmid(entries)
        ctx = ReadContext("<pmid>")
        rec = _record(lexed, n, ctx)
        if lexed[2] is not None:  # a bad line: an error naming the PMID
            assert rec is None and ctx.errors[0].record_id == (f"PMID {pmid}" if pmid else None)
        elif pmid is None and not eric:
            assert rec is None and "no PMID" in ctx.errors[0].reason
        else:
            assert rec is not None or ctx.errors
