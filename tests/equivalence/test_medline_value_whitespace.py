"""A value's white space: the lexer drops the space ending a line before it joins the next one
(PubMed leaves one at the end of a wrapped line), and the builder collapses a value only when it
holds two spaces in a row or a non-printable character. Both give the value that plain joining
and collapsing give (hypothesis)."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.core.text import collapse
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
        assert getattr(build_record([[tag, new]]), attr) == getattr(build_record([[tag, old]]), attr)


@settings(max_examples=1500)
@given(_PIECE)
def test_value_collapsed_as_text_collapse(value: str) -> None:
    assert build_record([["CI", value]]).copyright == (collapse(html.unescape(value)) or None)
