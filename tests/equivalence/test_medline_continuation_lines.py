"""Continuation lines: the lexer drops the space ending the line before when it joins the next one
(PubMed leaves one at the end of a wrapped line); the record built gives the same value as with
plain joining (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.format.medline.builder import build_record

_PIECE = st.lists(st.sampled_from(["&amp", "&amp;", "&#32;", "&#1", "2;", "&lt", "gt;", "a", "B", " ", "  ",
                                   "\t", "\u00a0", "\u2028", "\x0b", "\r", ".", "&", ";"]), max_size=8).map("".join)


@settings(max_examples=1500)
@given(_PIECE, st.lists(_PIECE.map(str.strip).filter(bool), max_size=4))
def test_continuation_join_same_value(first: str, rest: list[str]) -> None:
    old = new = first
    for text in rest:  # text: a continuation line as the reader strips it
        old = old + " " + text
        new = new.rstrip(" ") + " " + text
    for tag, attr in (("CI", "copyright"), ("PMID", "pmid")):
        assert getattr(build_record([[tag, new]], False), attr) == getattr(build_record([[tag, old]], False), attr)
