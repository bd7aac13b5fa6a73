"""PubMed XML reader on the real record excerpts in fixtures/pubmed-xml/ (see its README): the fields of
journal articles, books and chapters; dates, people, markup; deletions, gzip, pages and ids."""

from __future__ import annotations

import gzip

import pytest
from conftest import FIXTURES

import medbib
from medbib.core.markup import plain
from medbib.format.pubmed_xml import FORMAT
from medbib.format.pubmed_xml import read as reader
from medbib.plugins.contexts import ReadContext
from medbib.plugins.registry import registry

FIX = FIXTURES / "pubmed-xml"


def read_bytes(data: bytes, strict: bool = False) -> tuple[list, medbib.FileSummary]:
    summary = medbib.FileSummary("<test>")
    recs = list(medbib.read(data, format="pubmed-xml", summary=summary, strict=strict))
    return recs, summary


def read_fixture(name: str) -> list:
    summary = medbib.FileSummary(name)
    recs = list(medbib.read(FIX / name, summary=summary))
    assert summary.errors == [], summary.errors
    return recs


def by_pmid(name: str) -> dict:
    return {r.pmid: r for r in read_fixture(name)}


# --------------------------------------------------------------------------- registry
def test_plugin_is_registered_with_aliases_and_suffixes():
    for alias in ("pubmed-xml", "medline-xml", "pubmed"):
        assert registry.reader(alias) is FORMAT
    assert registry.reader_for_suffix("pubmed25n0001.xml.gz") is FORMAT
    assert registry.sniff((FIX / "journal-article.xml").read_bytes()[:4096]) is FORMAT


# --------------------------------------------------------------------------- journal article
def test_journal_article_fields():
    (rec,) = read_fixture("journal-article.xml")
    assert rec.type == "article-journal"
    assert rec.pmid == "38534005"
    assert rec.title == "The EFLM European Urinalysis Guideline 2023"  # closing period dropped
    assert rec.container_title == "Clinical chemistry and laboratory medicine"
    assert rec.journal_abbrev == "Clin Chem Lab Med"
    assert rec.journal_iso_abbrev == "Clin Chem Lab Med"
    assert rec.issn_electronic == "1437-4331" and rec.issn_linking == "1434-6621"
    assert rec.nlm_id == "9806306" and rec.journal_country == "Germany"
    assert (rec.volume, rec.issue) == ("62", "9")
    assert (rec.pages, rec.page_first, rec.page_last) == ("1653-1786", "1653", "1786")
    assert (rec.issued.year, rec.issued.month, rec.issued.day) == (2024, 8, 27)
    assert (rec.epub.year, rec.epub.month, rec.epub.day) == (2024, 6, 5)
    assert rec.doi == "10.1515/cclm-2024-0070"
    assert rec.pii == "cclm-2024-0070"
    assert rec.languages == ["en"]
    assert rec.publication_status == "epublish"
    assert rec.indexing_status == "MEDLINE" and rec.owner == "NLM"
    assert rec.pub_model == "Electronic-Print"
    assert rec.copyright == "© 2024 Walter de Gruyter GmbH, Berlin/Boston."
    assert [p.name for p in rec.publication_types] == ["Journal Article"]
    assert rec.publication_types[0].ui == "D016428"
    statuses = {h.status for h in rec.history}
    assert {"medline", "pubmed", "entrez", "completed", "revised-record"} <= statuses
    entrez = next(h.date for h in rec.history if h.status == "entrez")
    assert (entrez.year, entrez.month, entrez.day, entrez.hour, entrez.minute) == (2024, 3, 27, 8, 4)
    assert rec.origin.line == 4 and rec.origin.index == 1


def test_structured_abstract_labels_categories_and_markup():
    (rec,) = read_fixture("journal-article.xml")
    labels = [s.label for s in rec.abstract]
    assert labels[:3] == ["BACKGROUND", "RECOMMENDATIONS", "MEDICAL NEEDS AND TEST REQUISITION"]
    assert [s.nlm_category for s in rec.abstract][:3] == ["BACKGROUND", "CONCLUSIONS", "UNASSIGNED"]
    assert len(rec.abstract) == 7
    assert rec.abstract_text.startswith("BACKGROUND: The EFLM Task and Finish Group")
    bact = rec.abstract[-1]
    assert "<i>Aerococcus urinae, A. sanguinicola</i> and <i>Actinotignum schaalii</i>" in bact.markup
    assert "Aerococcus urinae, A. sanguinicola and Actinotignum schaalii are" in bact.text
    assert plain(bact.markup) == bact.text
    assert rec.abstract[0].markup is None  # no markup -> no markup field
    assert "α1-microglobulin" in rec.abstract[4].text  # numeric character reference decoded


def test_authors_orcid_affiliations_and_group():
    (rec,) = read_fixture("journal-article.xml")
    first = rec.authors[0]
    assert (first.family, first.given, first.initials) == ("Kouri", "Timo T", "TT")
    assert first.orcid == "https://orcid.org/0000-0002-3282-232X"
    assert len(first.affiliations) == 2 and first.affiliations[1].startswith("HUSLAB")
    assert rec.authors[1].orcid is None
    assert rec.authors[4].given == "Sören"
    group = rec.authors[-1]
    assert group.is_group and group.literal.startswith("Task and Finish Group for Urinalysis")
    assert len(rec.authors) == 9


def test_mesh_keywords():
    (rec,) = read_fixture("journal-article.xml")
    heads = {m.descriptor: m for m in rec.mesh}
    assert heads["Urinalysis"].major and heads["Urinalysis"].ui == "D016482"
    assert [q.name for q in heads["Urinalysis"].qualifiers] == ["standards", "methods"]
    assert heads["Europe"].type == "Geographic"
    assert heads["Urinary Tract Infections"].as_string() == "Urinary Tract Infections/diagnosis/urine/microbiology"
    assert [k.term for k in rec.keywords][:2] == ["bacteriological techniques", "kidney diseases"]
    assert {k.owner for k in rec.keywords} == {"NOTNLM"}


def test_invalid_author_excluded():
    data = (FIX / "journal-article.xml").read_bytes().replace(b'<Author ValidYN="Y">', b'<Author ValidYN="N">', 1)
    (rec,), summary = read_bytes(data)
    assert summary.errors == []
    assert len(rec.authors) == 8
    assert "Kouri" not in [a.family for a in rec.authors]


@pytest.mark.parametrize("pt, kind", [("Preprint", "article"), ("Dataset", "dataset")])
def test_publication_type_decides_item_type(pt, kind):
    data = (FIX / "journal-article.xml").read_bytes().replace(
        b'<PublicationType UI="D016428">Journal Article</PublicationType>',
        f'<PublicationType UI="D0">{pt}</PublicationType>'.encode())
    (rec,), _ = read_bytes(data)
    assert rec.type == kind


# --------------------------------------------------------------------------- dates and titles
def test_medline_date_season_and_translated_title():
    recs = by_pmid("dates-titles.xml")
    d = recs["10030405"].issued  # MedlineDate "1999 Jan-Feb"
    assert (d.year, d.month, d.end.year, d.end.month) == (1999, 1, 1999, 2)
    d = recs["1010707"].issued  # "1976 Nov-Dec"
    assert (d.month, d.end.month) == (11, 12)
    assert recs["39364306"].issued.season == "Winter-Spring" and recs["39364306"].issued.month is None
    d = recs["32490903"].issued  # <Season>Apr-Jun</Season> is a month range
    assert (d.year, d.month, d.end.month) == (2020, 4, 6)
    assert recs["12091962"].issued.season == "Spring" and recs["12091962"].issued.year == 1990
    de = recs["10065510"]
    assert de.title == "[CA19-9 has no value as a tumor marker in obstructive jaundice]"
    assert de.title_translated
    assert de.original_title == "CA19-9 hat bei Verschlussikterus als Tumormarker keine Bedeutung"
    assert de.languages == ["de"]


def test_medline_date_across_years_and_numeric_month():
    data = (FIX / "dates-titles.xml").read_bytes()
    data = data.replace(b"<MedlineDate>1999 Jan-Feb</MedlineDate>", b"<MedlineDate>1998 Dec-1999 Jan</MedlineDate>", 1)
    data = data.replace(b"<Month>Sep</Month>", b"<Month>09</Month>")
    recs = {r.pmid: r for r in read_bytes(data)[0]}
    d = recs["10030405"].issued
    assert (d.year, d.month, d.end.year, d.end.month) == (1998, 12, 1999, 1)
    assert recs["9997"].issued.month == 9


# --------------------------------------------------------------------------- people
def test_equal_contrib_and_investigators():
    recs = by_pmid("people.xml")
    eq = recs["37693885"]
    flags = [a.equal_contrib for a in eq.authors]
    assert any(flags) and not all(flags)
    inv = recs["32025781"]
    assert len(inv.investigators) > 5
    assert all(p.family for p in inv.investigators)
    author_names = {a.family for a in inv.authors}
    assert not author_names & {p.family for p in inv.investigators[:3]} - author_names
    assert inv.title_markup.startswith("<b><i>Propionibacterium acnes</i></b> Host")
    assert inv.title.startswith("Propionibacterium acnes Host Inflammatory Response")


# --------------------------------------------------------------------------- markup and MathML
def test_mathml_prescripts_and_accents():
    recs = by_pmid("markup.xml")
    lung = recs["29963580"]
    text = " ".join(s.text for s in lung.abstract)
    markup = " ".join(s.markup or s.text for s in lung.abstract)
    assert "inhaled 3He/129Xe MRI" in text  # prescripts before the base, no stray spaces
    assert "He3" not in text
    assert "<sup>3</sup>He/<sup>129</sup>Xe" in markup
    assert lung.authors[-1].literal == "Canadian Respiratory Research Network"
    runners = recs["30108519"]
    section = runners.abstract[0]
    assert "maximal oxygen uptake ( V\u0307O2max ) 67.6" in section.text  # mover accent + msub
    assert "V\u0307O<sub>2max</sub>" in section.markup
    assert "km·h<sup>-1</sup>" in section.markup and "<i>P</i> &lt; 0.001" in section.markup
    assert "(P < 0.001" in section.text


def test_plain_text_always_equals_plain_of_markup():
    for name in ("markup.xml", "journal-article.xml", "people.xml", "chapter.xml"):
        for rec in read_fixture(name):
            pairs = [(rec.title, rec.title_markup), (rec.container_title, rec.container_title_markup)]
            pairs += [(s.text, s.markup) for s in rec.abstract]
            for text, markup in pairs:
                if markup:
                    assert plain(markup) == text
                if text:
                    assert "  " not in text and text == text.strip()


# --------------------------------------------------------------------------- books
def test_chapter():
    (rec,) = read_fixture("chapter.xml")
    assert rec.type == "chapter"
    assert rec.title == "Hereditary Motor and Sensory Neuropathy with Agenesis of the Corpus Callosum"
    assert rec.container_title == "GeneReviews®"
    assert rec.container_title_markup == "GeneReviews<sup>®</sup>"
    assert [a.family for a in rec.authors] == ["Gauvreau", "Brisson", "Dupré"]
    assert [e.family for e in rec.editors][:2] == ["Adam", "Bick"] and len(rec.editors) == 6
    assert (rec.publisher, rec.publisher_place) == ("University of Washington, Seattle", "Seattle (WA)")
    assert rec.medium == "Internet"
    assert rec.issued.year == 1993
    assert any(i.kind == "bookaccession" and i.value == "NBK1372" for i in rec.other_ids)
    assert rec.sections == ["Summary", "Diagnosis", "Management"]
    assert rec.abstract[1].label == "DIAGNOSIS/TESTING"
    assert {h.status for h in rec.history} >= {"contribution", "revised", "entrez"}
    assert rec.copyright.startswith("Copyright © 1993-2026")
    assert rec.extra["pubmed-xml:item-synonyms"] == ["Agenesis of Corpus Callosum with Peripheral Neuropathy (ACCPN)",
                                          "Andermann Syndrome"]


def test_whole_book():
    (rec,) = read_fixture("book.xml")
    assert rec.type == "book"
    assert rec.title == "Safer Healthcare: Strategies for the Real World"
    assert rec.container_title is None
    assert [a.family for a in rec.authors] == ["Vincent", "Amalberti"]
    assert rec.authors[1].given == "René"
    assert rec.isbns == ["9783319255576", "9783319255590"]
    assert rec.doi == "10.1007/978-3-319-25559-0"
    assert (rec.publisher, rec.publisher_place) == ("Springer", "Cham (CH)")
    assert rec.sections[2] == "1: Progress and Challenges for Patient Safety"
    assert rec.issued.year == 2016


# --------------------------------------------------------------------------- deletions, gzip, pages, ids
def test_delete_citation_reported():
    summary = medbib.FileSummary("u")
    recs = list(medbib.read(FIX / "update-with-deletions.xml", summary=summary))
    assert [r.pmid for r in recs] == ["9997"]
    assert summary.deleted == ["12091962", "20301546"]
    ctx = ReadContext("u")
    with open(FIX / "update-with-deletions.xml", "rb") as fh:
        list(reader.read(fh, ctx))
    assert ctx.deleted == ["12091962", "20301546"]


def test_gzip_pages_and_doi_from_article_id_list():
    recs = by_pmid("baseline-excerpt.xml.gz")
    assert len(recs) == 4
    west = recs["2930949"]
    assert (west.pages, west.pages_raw, west.page_last) == ("259-265", "259-65", "265")
    assert west.pmcid == "PMC1306303"
    clin = recs["11446611"]
    assert clin.doi == "10.7861/clinmedicine.1-3-188"  # only in ArticleIdList
    assert (clin.pages, clin.page_first, clin.page_last) == ("188-189", "188", "189")
    assert any(i.kind == "sici" for i in clin.other_ids)
    plos = recs["28786991"]
    assert plos.pages == "e0180707" and plos.page_last is None
    assert plos.pii == "e0180707"  # ELocationID pii wins over ArticleId pii
    assert plos.grants[0].id == "U38 PS004649" and plos.grants[0].agency == "NCHHSTP CDC HHS"
    assert plos.conflict_of_interest == "Competing Interests: The authors have declared that no competing interests exist."
    assert plos.authors[0].orcid == "https://orcid.org/0000-0002-5721-6764"
    assert plos.abstract[0].label == "OBJECTIVE"


def test_start_end_page_without_medline_pgn_and_untyped_elocation():
    raw = gzip.decompress((FIX / "baseline-excerpt.xml.gz").read_bytes())
    raw = raw.replace(b"<MedlinePgn>188-9</MedlinePgn>", b"")
    raw = raw.replace(b'<ELocationID EIdType="pii" ValidYN="Y">e0180707</ELocationID>',
                      b"<ELocationID>e0180707</ELocationID>")
    recs = {r.pmid: r for r in read_bytes(raw)[0]}
    assert recs["11446611"].pages == "188-189"
    assert (recs["11446611"].page_first, recs["11446611"].page_last) == ("188", "189")
    assert recs["28786991"].article_number == "e0180707"
    assert recs["28786991"].pii == "PONE-D-17-13346"


# --------------------------------------------------------------------------- an author with no name
def test_author_with_no_name_part_is_left_out_with_a_warning(tmp_path):
    """Issue 16, item 10 ("wherever a reader cannot make sense of an author line, it warns"): an
    <Author> with only an affiliation (no LastName, ForeName or CollectiveName) cannot be written as
    a name; it is left out, and the warning names the file, the line and the PMID."""
    raw = (FIX / "people.xml").read_text(encoding="utf-8")
    first = raw.index('<Author ValidYN="Y"><LastName>Zeng</LastName>')
    broken = raw[:first] + '\n<Author ValidYN="Y"><AffiliationInfo><Affiliation>Chengdu.</Affiliation>' \
                           '</AffiliationInfo></Author>' + raw[first:]
    src = tmp_path / "nameless.xml"
    src.write_text(broken, encoding="utf-8")
    summary = medbib.FileSummary(str(src))
    recs = {r.pmid: r for r in medbib.read(src, summary=summary)}
    assert [a.family for a in recs["37693885"].authors] == [
        "Mu", "Li", "Zeng", "You", "Li", "Qin", "Liu", "Yan", "Zhou"]
    (warning,) = summary.warnings
    text = str(warning)
    assert text.startswith(f"{src}:{broken[:first].count(chr(10)) + 2}: record PMID 37693885: ")
    assert "<Author> with no LastName, ForeName or CollectiveName left out" in text
    with pytest.raises(medbib.ParseError):
        list(medbib.read(src, strict=True))


def test_invalid_author_is_left_out_silently():
    """ValidYN="N" marks an author NLM has withdrawn: no warning for it."""
    xml = (FIX / "people.xml").read_bytes().replace(b'<Author ValidYN="Y"><LastName>Zeng', b'<Author ValidYN="N"><LastName>Zeng')
    recs, summary = read_bytes(xml)
    assert "Zeng" not in [a.family for r in recs for a in r.authors]
    assert summary.warnings == []
