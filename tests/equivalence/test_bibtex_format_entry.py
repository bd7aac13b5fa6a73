"""The BibTeX writer joins its entry text itself (for speed); it must equal bibtexparser's writer's,
byte for byte, with the format medbib used it with."""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from bibtexparser import Library
from bibtexparser.model import Entry, Field
from bibtexparser.writer import BibtexFormat
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from record_strategies import records

import medbib
from medbib.format.bibtex.rules import BIBLATEX_DIALECT, BIBTEX_DIALECT, WriteEnv
from medbib.format.bibtex.write import format_entry, record_to_entry
from medbib.plugins.contexts import WriteContext, WriteOptions

INPUTS = sorted(
    p for d in ("pubmed-xml", "medline", "pubmed-text", "ris", "csljson", "bibtex")
    for p in (FIXTURES / d).glob("*") if p.is_file() and p.name != "README.md"
)
WRITERS = [(BIBTEX_DIALECT, False), (BIBTEX_DIALECT, True), (BIBLATEX_DIALECT, False)]


def _bibtexparser(etype: str, key: str, items: list[tuple[str, str]]) -> str:
    fmt = BibtexFormat()
    fmt.indent = "  "
    fmt.value_column = 14
    fmt.trailing_comma = True
    entry = Entry(etype, key, [Field(k, v) for k, v in items])
    return bibtexparser.write_string(Library([entry]), unparse_stack=[], bibtex_format=fmt)


def _assert_entries_equal(recs, w, ascii: bool) -> None:  # type: ignore[no-untyped-def]
    ctx = WriteContext(options=WriteOptions(ascii=ascii))
    used: set[str] = set()
    for rec in recs:
        etype, key, items = record_to_entry(rec, w, WriteEnv(ascii=ascii), ctx, used)
        assert format_entry(etype, key, items) == _bibtexparser(etype, key, items)


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_entries_equal_bibtexparser_writer(path: Path) -> None:
    recs = list(medbib.read(path, strict=False))
    if not recs:
        pytest.skip(f"no records read from {path.name}")
    for w, ascii in WRITERS:
        _assert_entries_equal(recs, w, ascii)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=st.lists(records(), min_size=1, max_size=3))
def test_generated_records_equal_bibtexparser_writer(recs) -> None:  # type: ignore[no-untyped-def]
    for w, ascii in WRITERS:
        _assert_entries_equal(recs, w, ascii)


field_name = st.from_regex(r"[a-z][a-z0-9_-]{0,20}", fullmatch=True)  # shorter and longer than the value column


@settings(max_examples=200, deadline=None)
@given(etype=field_name, key=st.from_regex(r"[A-Za-z0-9_:.+/-]{1,20}", fullmatch=True),
       items=st.lists(st.tuples(field_name, st.text(min_size=1, max_size=30)), max_size=8))
def test_any_fields_equal_bibtexparser_writer(etype: str, key: str, items: list[tuple[str, str]]) -> None:
    assert format_entry(etype, key, items) == _bibtexparser(etype, key, items)
