"""RIS writer and reader: the worked example, round trips, hostile text, tolerant reading."""

from __future__ import annotations

import copy
import io
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import medbib
from medbib.core.model import (
    AbstractSection,
    Date,
    Keyword,
    Link,
    MeshHeading,
    MeshQualifier,
    Person,
    PublicationType,
    Record,
    abstract_text,
)
from medbib.core.names import initials_to_given
from medbib.core.vocabulary import BOOK, CHAPTER
from medbib.format.ris import read as reader
from medbib.format.ris import write as writer
from medbib.format.ris.values import fold
from medbib.plugins.contexts import ReadContext, WriteContext, WriteOptions
from medbib.plugins.registry import registry

# mapping.md §7, the RIS block (the project's spec, reproduced here so tests run without ../shared)
WORKED_EXAMPLE = """TY  - JOUR
ID  - beckham2021metastasis
TI  - Metastasis-directed therapy for oligometastasis and beyond
AU  - Beckham, T. H.
AU  - Yang, T. J.
AU  - Gomez, D.
AU  - Tsai, C. J.
T2  - Br J Cancer
J2  - Br J Cancer
PY  - 2021
DA  - 2021/01//
VL  - 124
IS  - 1
SP  - 136
EP  - 141
DO  - 10.1038/s41416-020-01128-5
AN  - 33204024
C2  - PMC7782796
ER  - 
"""

LINE = re.compile(r"^[A-Z][A-Z0-9]  - .*$")


def write(records, **extra) -> tuple[str, WriteContext]:
    ctx = WriteContext(options=WriteOptions(extra=extra))
    out = io.StringIO(newline="")
    writer.write(records, out, ctx)
    return out.getvalue(), ctx


def read(text: str) -> tuple[list[Record], ReadContext]:
    ctx = ReadContext()
    return list(reader.read(io.BytesIO(text.encode("utf-8")), ctx)), ctx


def beckham(fixtures_dir) -> Record:
    return list(medbib.read(fixtures_dir / "csljson" / "beckham2021.json"))[0]


# --------------------------------------------------------------------------- worked example
def test_worked_example_exactly(fixtures_dir):
    text, _ = write([beckham(fixtures_dir)], zotero_extra=False, epub_et=False)
    assert text == WORKED_EXAMPLE.replace("\n", "\r\n") + "\r\n"


def test_default_adds_epub_and_zotero_extra_lines(fixtures_dir):
    text, _ = write([beckham(fixtures_dir)])
    lines = text.split("\r\n")
    expected = WORKED_EXAMPLE.split("\n")
    expected.insert(expected.index("DA  - 2021/01//") + 1, "ET  - 2020/11/18")
    at = expected.index("C2  - PMC7782796") + 1
    expected[at:at] = ["M2  - PMID: 33204024", "M2  - PMCID: PMC7782796"]
    assert lines == expected + [""]


def test_every_line_is_a_tag_line_crlf_and_records_are_separated(fixtures_dir):
    recs = list(medbib.read(fixtures_dir / "csljson" / "beckham2021.json"))
    text, _ = write(recs)
    assert "\n" not in text.replace("\r\n", "")
    blocks = text.split("\r\n\r\n")
    assert [b.split("\r\n")[0] for b in blocks if b] == ["TY  - JOUR", "TY  - BOOK"]
    for line in text.split("\r\n"):
        assert line == "" or LINE.match(line), line


# --------------------------------------------------------------------------- round trip
def rich_records() -> list[Record]:
    art = Record(
        title="[Lung cancer & EGFR: a review]", title_translated=True,
        title_markup="[Lung cancer &amp; <i>EGFR</i>: a review]",
        original_title="Lungenkrebs", languages=["de", "en"],
        authors=[
            Person(family="van Raaij", given=None, initials="MJ", affiliations=["Dept A, Univ B"]),
            Person(family="Smith", given="John A", suffix="Jr", orcid="https://orcid.org/0000-0002-1825-0097"),
            Person(literal="SONAR trial group, Dept. of X"),
            Person(literal="World Health Organization"),
        ],
        container_title="The British journal of cancer", journal_abbrev="Br J Cancer",
        issn_print="0007-0920", issn_electronic="1532-1827",
        volume="97 Suppl", issue="3-4", pages="1559-1565, 1570",
        issued=Date(2010, 9, end=Date(2010, 10)), epub=Date(2010, 8, 2),
        doi="10.1000/a;b(c)<d>", pmid="20000001", pmcid="PMC100", mid="NIHMS123",
        urls=["https://example.org/a?b=1;c=2"],
        abstract=[AbstractSection("Why.", label="BACKGROUND", nlm_category="BACKGROUND"),
                  AbstractSection("How.", label="METHODS", nlm_category="METHODS")],
        keywords=[Keyword("oligometastasis", owner="NOTNLM"), Keyword("Crystallography, X-Ray")],
        mesh=[MeshHeading("Neoplasms", major=True, qualifiers=[MeshQualifier("therapy", major=True)]),
              MeshHeading("Humans")],
        publication_types=[PublicationType("Journal Article", ui="D016428"), PublicationType("Review")],
        conflict_of_interest="None declared.", copyright="(c) 2010 The Authors",
        links=[Link("ErratumIn", citation="Br J Cancer. 2011;98(1):10", pmid="21000000"),
               Link("RetractionIn", citation="Br J Cancer. 2012;1:1", doi="10.1/x")],
        notes=["A free note"], extra={"ris:XY": ["kept", "twice"], "ris:Y2": ["2020/01/01"]},
    )
    season = Record(title="Seasonal", authors=[Person(family="Doe", given="Jane")],
                    container_title="J Seasons", issued=Date(2016, season="Summer"), pages="e0179990")
    raw = Record(title="Odd date", container_title="J Odd", issued=Date(2018, 7, end=Date(2018, 8), raw="2018 Jul-Ago"),
                 pages="136-141")
    chapter = Record(type=CHAPTER, title="A chapter", authors=[Person(family="Doe", given="J.")],
                     editors=[Person(family="Editor", given="Erin")], container_title="The Book",
                     collection_title="Series X", publisher="NCBI", publisher_place="Bethesda (MD)",
                     edition="2nd", isbns=["978-0-000-00000-2"], issued=Date(2001), pages="10-20",
                     pmid="20301295", pmcid="PMC5")
    book = Record(type=BOOK, title="A book", editors=[Person(family="Editor", given="Ed")],
                  collection_title="Lecture notes", collection_number="12", number_of_pages="250",
                  publisher="Springer", isbns=["978-3-642-32156-6"], issued=Date(2013, 1, 1),
                  extra={"ris:TY": ["EDBOOK"]})
    return [art, season, raw, chapter, book]


def _person(p: Person) -> Person:
    if p.is_group or not p.family:
        return Person(literal=p.literal or p.family)
    given = p.given or (initials_to_given(p.initials) if p.initials else None)
    if not given and not p.suffix:  # "Family" alone reads as a one-field (group) name everywhere
        return Person(literal=p.family)
    return Person(family=p.family, given=given, suffix=p.suffix)


def ris_view(rec: Record, key: str) -> Record:
    """What RIS can hold of a record: the record medbib's reader must give back."""
    r = copy.deepcopy(rec)
    r.id = key
    r.origin = None
    r.title_markup = None
    r.authors = [_person(p) for p in rec.authors]
    r.editors = [_person(p) for p in rec.editors]
    r.translators = [_person(p) for p in rec.translators]
    r.investigators, r.authors_truncated = [], False
    if not r.container_title and rec.type not in (BOOK, CHAPTER):
        r.container_title = rec.journal_abbrev
    r.journal_abbrev = rec.journal_abbrev or rec.journal_iso_abbrev
    r.journal_iso_abbrev = None
    r.issn_other = rec.issns
    r.issn_print = r.issn_electronic = r.issn_linking = None
    r.page_first = r.page_last = r.pages_raw = None
    text = fold(abstract_text(rec.abstract))
    r.abstract = [AbstractSection(text)] if text else []
    r.keywords = [Keyword(k.term) for k in rec.keywords] + [Keyword(m.as_string()) for m in rec.mesh]
    r.mesh = []
    r.publication_types = [PublicationType(p.name) for p in rec.publication_types]
    for name in ("grants", "chemicals", "history", "other_abstracts", "other_ids", "sections"):
        setattr(r, name, [])
    for name in ("pii", "nlm_id", "journal_country", "volume_title", "medium", "source",
                 "publication_status", "indexing_status", "pub_model", "owner"):
        setattr(r, name, None)
    if rec.type == BOOK:
        r.container_title = None
        r.epub = None
    if rec.type == CHAPTER:
        r.epub = None
    ads = [a for p in rec.authors + rec.editors for a in p.affiliations]
    r.extra = {k: v for k, v in rec.extra.items() if re.fullmatch(r"ris:[A-Z][A-Z0-9]", k)}
    if ads:
        r.extra = {**r.extra, "ris:AD": list(dict.fromkeys(ads))}
    return r


def _key_order(extra):
    return {k: extra[k] for k in sorted(extra)}


def assert_round_trip(records):
    text, ctx = write(records)
    back, rctx = read(text)
    assert not rctx.errors
    assert len(back) == len(records)
    for rec, got in zip(records, back):
        want = ris_view(rec, got.id)
        got.origin = None
        got.extra = _key_order(got.extra)
        want.extra = _key_order(want.extra)
        assert got == want


def test_round_trip_fixture_records(fixtures_dir):
    assert_round_trip(list(medbib.read(fixtures_dir / "csljson" / "beckham2021.json")))


def test_round_trip_rich_records():
    assert_round_trip(rich_records())


def test_group_name_with_comma_stays_one_name_for_zotero():
    text, _ = write(rich_records()[:1])
    au = [line[6:] for line in text.split("\r\n") if line.startswith("AU  - ")]
    group = [a for a in au if a.startswith("SONAR")]
    assert group == ["SONAR trial group\u201a Dept. of X"]  # Zotero splits AU only at an ASCII comma
    assert "Smith, John A, Jr" in au and "van Raaij, M. J." in au


def test_dates_ranges_seasons_and_raw_text_in_da():
    text, _ = write(rich_records()[:3])
    das = [line[6:] for line in text.split("\r\n") if line.startswith("DA  - ")]
    assert das == ["2010/09//Sep-Oct", "2016///Summer", "2018/07//2018 Jul-Ago"]
    assert "undefined" not in text


def test_chapter_editors_a2_book_editors_a3_and_no_c2_for_chapters():
    text, _ = write(rich_records()[3:])
    chap, book = text.split("\r\n\r\n")[:2]
    assert "A2  - Editor, Erin" in chap and "C2  - " not in chap and "M2  - PMCID: PMC5" in chap
    assert "A3  - Editor, Ed" in book and "TY  - EDBOOK" in book and "SP  - 250" in book


def test_losses_are_reported():
    _, ctx = write(rich_records()[:1])
    lost = {loss.field for loss in ctx.losses}
    assert {"affiliations", "orcid", "mesh", "abstract sections", "issn kinds"} <= lost


# --------------------------------------------------------------------------- hostile text
HOSTILE = st.lists(
    st.sampled_from(list("aZ9 ,;:-/.*[]()<>&é\u2028\u2029\t\r\n\x0b\x0c\x85"))
    | st.sampled_from(["\nER  - ", "\r\nTY  - BOOK\r\n", "AU  - ", "\nKW  - x"]),
    min_size=1, max_size=30,
).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=HOSTILE, family=HOSTILE, given_=HOSTILE, group=HOSTILE, journal=HOSTILE,
       abstract=HOSTILE, keyword=HOSTILE, note=HOSTILE, volume=HOSTILE)
def test_hostile_values_stay_on_their_line(title, family, given_, group, journal, abstract, keyword,
                                          note, volume):
    # a comma inside a family or given name cannot survive "Family, Given" (any RIS reader);
    # periods are dropped so that the reader's "S.A." -> "S. A." does not apply
    fam, giv, grp = fold(family.replace(",", "")), fold(given_.replace(",", "").replace(".", "")), fold(group)
    rec = Record(
        title=title, authors=[Person(family=fam or "X", given=giv or None), Person(literal=grp or "G")],
        container_title=journal, volume=volume, abstract=[AbstractSection(abstract)],
        keywords=[Keyword(keyword)], notes=[note], issued=Date(2020),
    )
    text, _ = write([rec, Record(title="next", issued=Date(2021))])
    for line in text.split("\r\n"):
        assert line == "" or LINE.match(line), line
    back, ctx = read(text)
    assert not ctx.errors and len(back) == 2 and back[1].title == "next"
    got = back[0]
    from medbib.core.text import clean_title
    assert got.title == clean_title(fold(title))
    assert got.authors == [_person(p) for p in ris_view(rec, "k").authors]
    assert got.container_title == (fold(journal) or None)
    assert got.volume == (fold(volume) or None)
    assert got.abstract_text == (fold(abstract) or None)
    assert [k.term for k in got.keywords] == ([fold(keyword)] if fold(keyword) else [])
    if fold(note) != got.title:  # a note repeating the title is skipped (EndNote habit)
        assert got.notes == ([fold(note)] if fold(note) else [])


# --------------------------------------------------------------------------- reading
def test_tolerant_reading(fixtures_dir):
    ctx = ReadContext()
    with open(fixtures_dir / "ris" / "tolerant.ris", "rb") as fh:
        recs = list(reader.read(fh, ctx))
    assert len(recs) == 4
    first, second, chapter, book = recs
    assert first.title == "Blood-brain barrier breach following cortical contusion in the rat"
    assert [(p.family, p.given) for p in first.authors] == [("Baldwin", "S. A."), ("Fugaccia", "I.")]
    assert first.container_title == first.journal_abbrev == "J.Neurosurg."
    assert (first.issued.year, first.issued.season) == (1998, "Spring")
    assert first.pages == "476-481"
    assert [k.term for k in first.keywords] == ["cortical contusion", "rat", "hippocampus"]
    assert first.abstract_text == "First line of an abstract that wraps onto a second line."
    assert first.extra == {"ris:XY": ["an unknown tag", "repeated"]}
    # the block without TY is reported with its line, the others are read
    assert len(ctx.errors) == 1 and ctx.errors[0].line == 22
    assert [(p.family, p.given, p.suffix, p.literal) for p in second.authors] == [
        ("Smith", "John A.", "Jr", None), (None, None, None, "World Health Organization"),
        ("Doe", "J. Q.", None, None)]
    assert (second.issued.year, second.issued.month, second.issued.end.month) == (2010, 9, 10)
    assert second.container_title == "Journal of Things" and second.journal_abbrev == "J. Things"
    assert second.pages == "136-141"  # SP 136 + EP 41, expanded
    assert second.issns == ["1476-5616", "0033-3506"]
    assert (second.pmid, second.pmcid, second.doi) == ("12345678", "PMC7782796", "10.1000/xyz123")
    assert second.languages == ["de"] and second.extra == {"ris:M2": ["some other text"]}
    assert chapter.type == CHAPTER and chapter.container_title == "The Book"
    assert [p.family for p in chapter.editors] == ["Editor"]
    assert book.type == BOOK and book.collection_title == "A Series" and book.number_of_pages == "250"
    assert book.isbns == ["978-3-642-32156-6"]


def test_sniffer_tells_ris_from_medline():
    ris = registry.readers["ris"]
    sniff = ris.reader.sniff
    assert sniff(b"\xef\xbb\xbf\r\nTY  - JOUR\r\nTI  - x\r\nER  - \r\n")
    assert sniff(b"TY - JOUR\nTI - x\n")
    medline = b"\nPMID- 33204024\nOWN - NLM\nSTAT- MEDLINE\nTI  - Metastasis-directed therapy\nTA  - Br J Cancer\n"
    assert not sniff(medline)
    assert not sniff(b"PMID- 1\nTY  - JOUR\n")
    assert registry.sniff(b"TY  - JOUR\r\nER  - \r\n") is ris


def test_identifiers_in_endnote_tags_win_over_m2_lines_the_other_is_kept():
    """The tag table is read in the order RIS is written: AN and C2 (EndNote's tags) before the M2
    lines medbib writes for Zotero. Where they disagree the tag wins and the M2 line is kept."""
    text = ("TY  - JOUR\r\nTI  - x\r\nAN  - 111\r\nC2  - PMC222\r\nM2  - PMID: 999\r\nM2  - PMCID: PMC888\r\n"
            "ER  - \r\n")
    (rec,), ctx = read(text)
    assert (rec.pmid, rec.pmcid) == ("111", "PMC222")
    assert rec.extra["ris:M2"] == ["PMID: 999", "PMCID: PMC888"]
    assert not ctx.errors


def test_medline_tags_kept_in_extra_are_not_written_as_ris_tags():
    """MEDLINE's SB (journal subset), RF (number of references) and SI (databank) are MEDLINE
    tags, not RIS ones: in RIS, SI or RF would be nobody's field (and SB nothing Zotero knows).
    Kept in extra as medline:<tag>, they go to CSL-JSON's custom.extra, not into RIS."""
    from conftest import FIXTURES

    path = FIXTURES / "medline" / "ruipintovascheck-excerpt.nbib"
    records = list(medbib.read(path))
    assert any(k.startswith("medline:") for r in records for k in r.extra)
    ris = medbib.write(records, "ris")
    assert not re.search(r"^(SB|RF|SI|OWN|STAT)  - ", ris, re.MULTILINE)
    summary = medbib.convert([path], to="ris", output=io.StringIO())
    assert "only RIS tags read from RIS" in {loss.reason.split(" (")[0] for loss in summary.losses if loss.field == "extra"}


def test_unknown_ris_tags_survive_a_trip_through_csljson():
    text = "TY  - JOUR\r\nTI  - x\r\nXY  - an unknown tag\r\nER  - \r\n"
    (rec,), _ = read(text)
    assert rec.extra == {"ris:XY": ["an unknown tag"]}
    back = list(medbib.read(medbib.write([rec], "csljson").encode(), "csljson"))
    assert back[0].extra == {"ris:XY": ["an unknown tag"]}
    assert "XY  - an unknown tag" in medbib.write(back, "ris")
