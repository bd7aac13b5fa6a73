"""The BibTeX and BibLaTeX field tables: one reader for both, every line well-formed."""

from __future__ import annotations

import dataclasses

import pytest

from medbib.core.model import Record
from medbib.format.bibtex import rules
from medbib.plugins.rules import Rule

TABLES = {"bibtex": rules.BIBTEX, "biblatex": rules.BIBLATEX}


def _reading(rule: Rule) -> tuple:
    return rule.source, rule.also, rule.read, rule.types, tuple(rule.skip_types)


def test_both_tables_read_alike():
    """The reader runs the BibTeX table on BibLaTeX files too: both tables must read the same
    fields with the same converters in the same order."""
    bibtex = [_reading(r) for r in rules.BIBTEX.rules if r.read]
    biblatex = [_reading(r) for r in rules.BIBLATEX.rules if r.read]
    assert bibtex == biblatex


def test_reading_rules_apply_to_every_type():
    """What the reader consumes (the rest goes to extra) cannot depend on the entry's type."""
    for table in TABLES.values():
        for r in table.rules:
            if r.read:
                assert r.types is None and not r.skip_types, r.source


def test_fields_read():
    consumed = rules.BIBTEX.sources("article-journal")
    assert consumed == rules.BIBTEX.sources("no-such-type") == rules.BIBLATEX.sources("book")
    assert consumed == {
        "author", "editor", "translator", "title", "subtitle", "booktitle", "journal", "journaltitle", "fjournal",
        "year", "month", "day", "date", "pages", "doi", "pmid", "pmcid", "eprint", "eprinttype", "url", "issn",
        "isbn", "abstract", "keywords", "language", "langid", "note", "addendum", "pubstate", "howpublished",
        "organization", "institution", "school", "issue", "key", "volume", "number", "edition", "publisher",
        "address", "location", "series", "shorttitle", "shortjournal", "origtitle", "eid", "pagetotal",
        "copyright"}


@pytest.mark.parametrize("name", TABLES)
def test_lines_name_record_fields(name):
    fields = {f.name for f in dataclasses.fields(Record)} | {"issns"}
    table = TABLES[name]
    for r in table.rules:
        assert set(r.fields) <= fields, r
    for lost in table.lost:
        if lost.when is None:  # noted when the record has a value in that field
            assert lost.field in fields, lost


@pytest.mark.parametrize("name", TABLES)
def test_entry_type_comes_first(name):
    """The writer takes the entry type from the table's first line."""
    first = TABLES[name].rules[0]
    assert first.source == "@type" and first.types is None and not first.skip_types and first.when is None
    for rtype, pair in rules.WRITE_TYPES.items():
        assert first.write(rtype, None) == pair[list(TABLES).index(name)]
    assert first.write("no-such-type", None) == "misc"


def test_type_restrictions_cover_unknown_types():
    """A record type medbib does not know is written as @misc: lines for @misc apply to it."""
    assert "no-such-type" not in rules.BIBTEX_TYPES.only("misc")["skip_types"]
    # a preprint is an @article too (issue 16: Zotero keeps its server, ISSN and DOI)
    assert rules.BIBTEX_TYPES.only("article") == {"types": frozenset({"article-journal", "article"})}
    assert rules.BIBLATEX_TYPES.besides("online", "dataset", "misc")["types"] == frozenset(
        t for t, (_, bl) in rules.WRITE_TYPES.items() if bl not in ("online", "dataset", "misc"))
