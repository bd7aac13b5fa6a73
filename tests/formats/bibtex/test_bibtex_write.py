"""BibTeX/BibLaTeX writers, and what medbib's reader makes of their output: mapping.md §1–§5 and the
worked example of §7."""

from __future__ import annotations

import re

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medbib
from medbib.core.model import (
    AbstractSection,
    Date,
    Grant,
    Keyword,
    Link,
    MeshHeading,
    MeshQualifier,
    Person,
    Record,
)
from medbib.core.vocabulary import BOOK, CHAPTER, PREPRINT
from medbib.format.bibtex.ascii import exact, unencodable
from medbib.format.bibtex.latex import collapse  # ASCII whitespace only: Unicode spaces are data
from medbib.plugins.contexts import WriteContext, WriteOptions
from medbib.plugins.registry import registry


def fields_of(text: str) -> list[dict[str, str]]:
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks, [b.raw for b in lib.failed_blocks]
    return [{f.key: f.value for f in e.fields} | {"ID": e.key, "ENTRYTYPE": e.entry_type} for e in lib.entries]


def roundtrip(records: list[Record], fmt: str = "bibtex", ascii: bool = False) -> list[Record]:
    text = medbib.write(records, fmt, options=WriteOptions(ascii=ascii))
    return list(medbib.read(text.encode("utf-8"), "bibtex"))


def beckham(fixtures_dir):
    return list(medbib.read(fixtures_dir / "csljson" / "beckham2021.json"))[0]


# --------------------------------------------------------------------------- worked example (§7)
WORKED = """@article{beckham2021metastasis,
  author  = {Beckham, T. H. and Yang, T. J. and Gomez, D. and Tsai, C. J.},
  title   = {Metastasis-directed therapy for oligometastasis and beyond},
  journal = {Br J Cancer},
  year    = {2021},
  month   = jan,
  volume  = {124},
  number  = {1},
  pages   = {136--141},
  doi     = {10.1038/s41416-020-01128-5},
  pmid    = {33204024},
  pmcid   = {PMC7782796},
  note    = {Epub 2020 Nov 18},
}"""


def test_worked_example_exact(fixtures_dir):
    text = medbib.write([beckham(fixtures_dir)], "bibtex")
    lib = bibtexparser.parse_string(text, parse_stack=[])
    want = bibtexparser.parse_string(WORKED, parse_stack=[])
    (got_e,), (want_e,) = lib.entries, want.entries
    assert got_e.entry_type == want_e.entry_type and got_e.key == want_e.key
    # same fields, same raw values (month bare macro, pages with --), nothing else
    assert {f.key: f.value for f in got_e.fields} == {f.key: f.value for f in want_e.fields}
    assert re.search(r"^\s*month\s*=\s*jan,$", text, re.M)


def test_worked_example_biblatex(fixtures_dir):
    (e,) = fields_of(medbib.write([beckham(fixtures_dir)], "biblatex"))
    assert e["ENTRYTYPE"] == "article"
    assert e["journaltitle"] == "Br J Cancer" and "journal" not in e
    assert e["date"] == "2021-01" and "year" not in e and "month" not in e
    assert e["eprint"] == "33204024" and e["eprinttype"] == "pubmed"
    assert "pmid" not in e and "pmcid" not in e  # not in biber's data model
    assert "PMCID: PMC7782796" in e["note"] and "Epub 2020 Nov 18" in e["note"]
    back = roundtrip([beckham(fixtures_dir)], "biblatex")[0]
    assert (back.pmid, back.pmcid, back.epub) == ("33204024", "PMC7782796", Date(2020, 11, 18))


def test_suffix_bib_picks_plain_bibtex():
    assert registry.writer_for_suffix("refs.bib").name == "bibtex"
    assert registry.writer_for_suffix("refs.biblatex.bib").name == "biblatex"
    assert registry.reader_for_suffix("refs.bib").name == "bibtex"
    assert registry.reader("biblatex").reader.read is registry.reader("bibtex").reader.read


# --------------------------------------------------------------------------- writer details
def test_names_suffix_group_initials():
    rec = Record(title="T", authors=[
        Person(family="Smith", given="John A", suffix="Jr"),
        Person(literal="SONAR trial group and friends, inc."),
        Person(family="Doe", initials="JQ"),
        Person(family="van Raaij", given="M J"),
    ], authors_truncated=True)
    (e,) = fields_of(medbib.write([rec], "bibtex"))
    assert e["author"] == ("Smith, Jr, John A and {SONAR trial group and friends, inc.} and Doe, J. Q."
                           " and van Raaij, M J and others")
    back = roundtrip([rec])[0]
    assert [(p.family, p.given, p.suffix, p.literal) for p in back.authors] == [
        ("Smith", "John A", "Jr", None), (None, None, None, "SONAR trial group and friends, inc."),
        ("Doe", "J. Q.", None, None), ("van Raaij", "M J", None, None)]
    assert back.authors_truncated


def test_case_protection_and_markup():
    rec = Record(title="mRNA of SARS-CoV-2 in HIV (CO2) patients: a McDonald study",
                 title_markup="mRNA of SARS-CoV-2 in HIV (CO<sub>2</sub>) patients: a <i>McDonald</i> study")
    (e,) = fields_of(medbib.write([rec], "bibtex"))
    t = e["title"]
    for word in ("{mRNA}", "{SARS-CoV-2}", "{HIV}"):
        assert word in t
    # the forms Zotero's BibTeX import reads as well (issue 16, item 4)
    assert "{CO}$_{\\textrm{2}}$" in t and "\\textit{McDonald}" in t
    assert "{patients" not in t and "{a}" not in t
    back = roundtrip([rec])[0]
    assert back.title == rec.title and back.title_markup == rec.title_markup


def test_month_forms():
    cases = [
        (Date(2010, 9, end=Date(2010, 10)), 'sep # {--} # oct'),
        (Date(2016, season="Summer"), "{Summer}"),
        (Date(1998, 12, end=Date(1999, 1)), "dec # {--1999 } # jan"),
    ]
    for d, month in cases:
        text = medbib.write([Record(title="x", issued=d)], "bibtex")
        raw = bibtexparser.parse_string(text, parse_stack=[]).entries[0].fields_dict["month"].value
        assert raw == month
        assert roundtrip([Record(title="x", issued=d)])[0].issued == d
        assert roundtrip([Record(title="x", issued=d)], "biblatex")[0].issued == d


def test_biblatex_dates_iso():
    for d, iso in [(Date(2016, season="Summer"), "2016-22"), (Date(2010, 9, end=Date(2010, 10)), "2010-09/2010-10"),
                   (Date(2021, 1, 18), "2021-01-18")]:
        (e,) = fields_of(medbib.write([Record(title="x", issued=d)], "biblatex"))
        assert e["date"] == iso


def test_entry_types():
    recs = [Record(type=BOOK, title="B", publisher="Springer", publisher_place="Heidelberg", isbns=["978-3-642-32156-6"]),
            Record(type=CHAPTER, title="C", container_title="The Book", editors=[Person("Poe", "E")]),
            Record(type=PREPRINT, title="P", container_title="bioRxiv")]
    bt = fields_of(medbib.write(recs, "bibtex"))
    bl = fields_of(medbib.write(recs, "biblatex"))
    # a preprint is an @article in its server with pubstate (issue 16: Zotero keeps server, ISSN, DOI)
    assert [e["ENTRYTYPE"] for e in bt] == ["book", "incollection", "article"]
    assert [e["ENTRYTYPE"] for e in bl] == ["book", "incollection", "article"]
    assert bt[0]["address"] == "Heidelberg" and bl[0]["location"] == "Heidelberg"
    assert bt[1]["booktitle"] == "The Book" and bt[2]["journal"] == "bioRxiv" and bl[2]["journaltitle"] == "bioRxiv"
    assert bt[2]["pubstate"] == bl[2]["pubstate"] == "prepublished"
    for fmt in ("bibtex", "biblatex"):
        back = roundtrip(recs, fmt)
        assert [r.type for r in back] == [BOOK, CHAPTER, PREPRINT]
        assert back[1].container_title == "The Book" and back[2].container_title == "bioRxiv"


def test_losses_reported():
    rec = Record(title="x", authors=[Person("Doe", "J", orcid="https://orcid.org/0000-0002-1825-0097",
                                            affiliations=["Somewhere"])],
                 grants=[Grant(id="R01")], mesh=[MeshHeading("Humans", ui="D006801")])
    ctx = WriteContext()
    registry.writer("bibtex").writer.write([rec], __import__("io").StringIO(), ctx)
    lost = {x.field for x in ctx.losses}
    assert {"orcid", "affiliations", "grants", "mesh"} <= lost


def test_ascii_mode():
    rec = Record(title="Müller’s γ-test ± 5", authors=[Person("Østergaard", "Søren")])
    text = medbib.write([rec], "bibtex", options=WriteOptions(ascii=True))
    assert text.isascii()
    assert '{\\"u}' in text and "{\\O}" in text
    back = roundtrip([rec], ascii=True)[0]
    assert back.title == rec.title and back.authors[0].family == "Østergaard"


# --------------------------------------------------------------------------- round trip
def rich_record() -> Record:
    return Record(
        title="[Effect of IL-6 on T cells: a 50% rise & more]",
        title_markup="[Effect of IL-6 on <i>T</i> cells: a 50% rise &amp; more]",
        title_translated=True,
        authors=[Person("García-López", "María José"), Person("O'Brien", "T. C.", suffix="3rd"),
                 Person(literal="Writing Committee for the {X} Trial")],
        container_title="Journal of Things & Stuff", journal_abbrev="J Things Stuff",
        volume="18 Suppl 2", issue="Suppl 2", pages="1559-1565, 1570",
        issued=Date(2019, 7, 9, end=Date(2019, 7, 15)), epub=Date(2019, 6, 1),
        doi="10.1002/(SICI)1097-0258(19980815/30)17:15/16<1661::AID-SIM968>3.0.CO;2-2",
        pmid="12345678", pmcid="PMC1234567", issn_print="0028-0836", issn_electronic="1476-4687",
        urls=["https://example.org/a_b%20c?x=1#frag"],
        abstract=[AbstractSection("We did ~things^ with $5 and #tags.", label="BACKGROUND"),
                  AbstractSection("It worked -- mostly.", label="RESULTS")],
        keywords=[Keyword("obesity"), Keyword("x, y; z")],
        mesh=[MeshHeading("Crystallography, X-Ray", major=True, qualifiers=[MeshQualifier("methods", major=True)])],
        languages=["de", "fr"], publication_status="aheadofprint",
        links=[Link("ErratumIn", citation="J Things Stuff. 2020;19(1):2", pmid="23456789"),
               Link("RetractionIn", citation="J Things Stuff. 2021;20:3")],
        notes=["A free note; with a semicolon"],
    )


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii", [False, True])
def test_roundtrip_every_field_bibtex_holds(fmt, ascii):
    rec = rich_record()
    (back,) = roundtrip([rec], fmt, ascii)
    for attr in ("title", "title_markup", "title_translated", "container_title", "journal_abbrev", "volume",
                 "issue", "pages", "issued", "epub", "doi", "pmid", "pmcid", "languages",
                 "publication_status", "notes"):
        assert getattr(back, attr) == getattr(rec, attr), attr
    assert [(p.family, p.given, p.suffix, p.literal) for p in back.authors] == [
        (p.family, p.given, p.suffix, p.literal) for p in rec.authors]
    assert back.abstract_text == rec.abstract_text
    assert [k.term for k in back.keywords] == ["obesity", "x, y; z", "*Crystallography, X-Ray/*methods"]
    assert [(l.kind, l.citation, l.pmid) for l in back.links] == [(l.kind, l.citation, l.pmid) for l in rec.links]
    if fmt == "bibtex":
        assert back.issns == rec.issns
    else:
        assert back.issns == rec.issns[:1]  # biber validates a single ISSN


def test_hostile_values_cannot_escape_their_field():
    hostile = ["A } title", "}", "{", "}}{{", "@comment{x}", "x}\n@article{evil, title={pwned}", r"\input{/etc/passwd}",
               r"\write18{rm -rf /}", "100% # $ & _ ~ ^ \\", "ends with backslash \\", '"quoted"', "and", "x and y"]
    recs = [Record(title=h, authors=[Person(h, h), Person(literal=h)], container_title=h, notes=[h],
                   keywords=[Keyword(h)], abstract=[AbstractSection(h)], doi=f"10.1/{h}", urls=[f"http://x/{h}"])
            for h in hostile]
    for fmt in ("bibtex", "biblatex"):
        text = medbib.write(recs, fmt)
        assert "\\input{" not in text and "\\write18{" not in text
        entries = fields_of(text)
        assert len(entries) == len(recs)
        back = list(medbib.read(text.encode(), "bibtex"))
        assert len(back) == len(recs)
        for r, b in zip(recs, back):
            want = collapse(r.title)
            assert b.title == want and b.container_title == want and b.notes == [want]
            assert [k.term for k in b.keywords] == [want] and b.abstract_text == want
            assert [p.display() for p in b.authors] == [f"{want}, {want}", want]


def _noncharacter(c: str) -> bool:
    """U+FDD0–FDEF and U+xFFFE/xFFFF are not for interchange (medbib drops them); private use is data."""
    return 0xFDD0 <= ord(c) <= 0xFDEF or (ord(c) & 0xFFFE) == 0xFFFE


_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")).filter(lambda c: not _noncharacter(c)),
                min_size=1, max_size=40).filter(lambda s: collapse(s) != "")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(_text, min_size=1, max_size=3), family=_text, given_=_text, group=_text,
       fmt=st.sampled_from(["bibtex", "biblatex"]), ascii=st.booleans())
def test_property_random_unicode_reparses_exactly(titles, family, given_, group, fmt, ascii):
    """UTF-8 output reads back exactly. --ascii output is ASCII; it reads back exactly where every
    character has an exact LaTeX form, and every character it approximates or leaves out is named
    in a warning (issue 16, item 8)."""
    recs = [Record(title=t, authors=[Person(family=family, given=given_), Person(literal=group)]) for t in titles]
    warnings: list[str] = []
    text = medbib.write(recs, fmt, options=WriteOptions(ascii=ascii), on_problem=lambda e, k: warnings.append(str(e)))
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks and len(lib.entries) == len(recs)
    back = list(medbib.read(text.encode(), "bibtex"))
    assert len(back) == len(recs)
    if ascii:
        assert text.isascii()
        texts = [*titles, family, given_, group]
        for c in {c for t in texts for c in unencodable(t)}:
            assert any(f"U+{ord(c):04X}" in w for w in warnings), c
        if not all(exact(t) for t in texts):
            return
    assert [b.title for b in back] == [collapse(t) for t in titles]
    for b in back:
        assert [(p.family, p.given, p.literal) for p in b.authors] == [
            (collapse(family), collapse(given_), None), (None, None, collapse(group))]


def test_name_part_that_is_only_an_escaped_special_survives():
    """Found by hypothesis: bibtexparser's name splitter dropped a given name ``\\_`` before `` and``."""
    import medbib

    recs = [Record(title="t", authors=[Person(family="Doe", given="_"), Person(family="Roe", given="&"),
                                       Person(literal="Group")])]
    back = list(medbib.read(medbib.write(recs, "bibtex").encode(), "bibtex"))
    assert [(p.family, p.given, p.literal) for p in back[0].authors] == [
        ("Doe", "_", None), ("Roe", "&", None), (None, None, "Group")]


def test_private_use_characters_are_data():
    """Found by hypothesis: U+E000 served as an internal placeholder and vanished from titles."""
    import medbib

    rec = Record(title="\ue000 glyph \uf8ff", authors=[Person(family="Doe", given="J")])
    for fmt in ("bibtex", "biblatex"):
        back = list(medbib.read(medbib.write([rec], fmt).encode(), "bibtex"))
        assert back[0].title == "\ue000 glyph \uf8ff"


# --------------------------------------------------------------------------- article numbers in BibLaTeX
def test_biblatex_article_number_is_written_once(fixtures_dir):
    """A real article without pagination (JCI Insight, ``LID - e134973``): its article number is the
    pages (issue 16, item 1), which Zotero, JabRef and pandoc read. BibLaTeX's ``eid`` is not written
    as well: biblatex's standard styles print both fields ("5.12, e134973 (2020), e134973")."""
    (rec,) = [r for r in medbib.read(fixtures_dir / "medline" / "blachlylab-elocation-suffix.nbib")
              if r.pmid == "32554930"]
    (entry,) = fields_of(medbib.write([rec], "biblatex"))
    assert entry["pages"] == "e134973"
    assert "eid" not in entry


def test_biblatex_article_number_beside_pages_goes_to_eid():
    """An article with both pagination and an article number keeps both: pages, and the number in ``eid``."""
    rec = Record(title="T", container_title="J", volume="5", pages="101-109", page_first="101",
                 page_last="109", article_number="e134973")
    (entry,) = fields_of(medbib.write([rec], "biblatex"))
    assert (entry["pages"], entry["eid"]) == ("101--109", "e134973")
    (back,) = medbib.read(medbib.write([rec], "biblatex").encode(), "bibtex")
    assert (back.pages, back.article_number) == ("101-109", "e134973")
