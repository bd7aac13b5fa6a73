"""PubMed "Abstract (text)" reader on the real record excerpts in fixtures/pubmed-text/."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import FIXTURES

import medbib
from medbib.core.model import Date
from medbib.format.pubmed_text import read as reader
from medbib.format.pubmed_text import sniff as sniffer
from medbib.plugins.contexts import ReadContext
from medbib.plugins.registry import registry

FIX = FIXTURES / "pubmed-text"
FILES = sorted(FIX.glob("*.txt"))


def read_bytes(data: bytes, name: str = "<test>") -> tuple[list, ReadContext]:
    ctx = ReadContext(name)
    return list(reader.read(io.BufferedReader(io.BytesIO(data)), ctx)), ctx


def read_file(name: str) -> tuple[dict, ReadContext]:
    recs, ctx = read_bytes((FIX / name).read_bytes(), name)
    return {r.pmid: r for r in recs}, ctx


# --------------------------------------------------------------------------- the seed record
def test_seed_record_every_field() -> None:
    recs, ctx = read_file("seed-33204024.txt")
    assert list(recs) == ["33204024"] and ctx.unclassified == 0 and not ctx.errors
    r = recs["33204024"]
    assert r.type == "article-journal"
    assert r.journal_abbrev == "Br J Cancer" and r.container_title == "Br J Cancer"
    assert (r.issued.year, r.issued.month, r.issued.day) == (2021, 1, None)
    assert (r.volume, r.issue, r.pages) == ("124", "1", "136-141")
    assert (r.page_first, r.page_last) == ("136", "141")
    assert r.doi == "10.1038/s41416-020-01128-5"
    assert (r.epub.year, r.epub.month, r.epub.day) == (2020, 11, 18)
    assert r.title == "Metastasis-directed therapy for oligometastasis and beyond"
    assert not r.title_translated
    assert [(p.family, p.initials, p.given) for p in r.authors] == [
        ("Beckham", "TH", "T. H."), ("Yang", "TJ", "T. J."), ("Gomez", "D", "D."), ("Tsai", "CJ", "C. J.")]
    aff = ("Department of Radiation Oncology, Memorial Sloan Kettering Cancer Center, Precision Radiation "
           "for Oligometastatic and Metastatic Disease (PROMISE) Program, New York, NY, USA.")
    assert [p.affiliations for p in r.authors[:3]] == [[aff]] * 3
    assert r.authors[3].affiliations == [aff + " tsaic@mskcc.org."]
    assert len(r.abstract) == 1 and r.abstract[0].label is None
    assert r.abstract[0].text.startswith("Metastasis-directed therapy (MDT)-local therapy that is intended to eradicate specific")
    assert r.abstract[0].text.endswith("how to optimally manage those who cannot.")
    assert r.pmcid == "PMC7782796" and r.pmid == "33204024"
    assert r.indexing_status == "MEDLINE" and r.extra["pubmed-text:pubmed-status"] == ["Indexed for MEDLINE"]
    assert r.conflict_of_interest.startswith("Dr Tsai serves as a consultant to Varian Medical, Inc. Dr Gomez")
    assert r.conflict_of_interest.endswith("Galera Therapeutics, and resTORbio outside the submitted work.")
    assert r.source == ("Br J Cancer. 2021 Jan;124(1):136-141. doi: 10.1038/s41416-020-01128-5. "
                        "Epub 2020 Nov 18.")
    assert r.languages == ["en"] and r.copyright is None and r.notes == [] and r.links == []
    assert r.origin.line == 1 and r.origin.format == "pubmed-text"


def test_seed_through_the_api_and_to_csl_json(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    summary = medbib.convert([FIX / "seed-33204024.txt"], "csljson", out) if hasattr(medbib, "convert") else None
    if summary is None:
        pytest.skip("medbib.convert not available")
    import json

    item = json.loads(out.read_text())[0]
    assert item["container-title"] == "Br J Cancer" and item["PMID"] == "33204024"
    assert item["author"][0] == {"family": "Beckham", "given": "T. H."}


# --------------------------------------------------------------------------- every fixture
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fixture_counts_and_nothing_unclassified(path: Path) -> None:
    recs, ctx = read_bytes(path.read_bytes(), path.name)
    assert len(recs) == path.read_text(encoding="utf-8").count("PMID:")
    assert ctx.unclassified == 0 and not ctx.errors and not ctx.warnings
    for r in recs:
        assert r.pmid and r.title and r.journal_abbrev and r.issued.year and r.source
        assert r.notes == []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_fixture_is_sniffed_and_crlf_gives_the_same_records(path: Path) -> None:
    data = path.read_bytes()
    assert sniffer.sniff(data[:32768])
    lf, _ = read_bytes(data)
    crlf, ctx = read_bytes(b"\xef\xbb\xbf\n" + data.replace(b"\n", b"\r\n"))
    assert [r.to_dict() for r in crlf] == [r.to_dict() for r in lf]
    assert ctx.unclassified == 0


# --------------------------------------------------------------------------- eras and blocks
def test_legacy_2014_in_process_embargo_and_first_author_only_marked() -> None:
    recs, _ = read_file("legacy-2014-excerpt.txt")
    r = recs["24000983"]
    assert r.doi == "10.7785/tcrtexpress.2013.600256"  # "doi:" at a line end, the DOI on the next line
    assert (r.epub.year, r.epub.month, r.epub.day) == (2013, 8, 31)
    assert r.indexing_status == "In-Process" and r.extra["pubmed-text:pubmed-status"] == ["PubMed - in process"]
    assert r.pmcid == "PMC3951712"
    assert [(h.status, h.date.year, h.date.month, h.date.day) for h in r.history] == [("pmc-release", 2014, 12, 1)]
    assert r.authors[0].affiliations and all(not p.affiliations for p in r.authors[1:])
    assert [p.family for p in r.authors][-2:] == ["Hauer-Jensen", "Corry"]
    r2 = recs["25011731"]
    assert r2.authors[0].family == "von Bonin"
    assert r2.copyright == "Copyright © 2014 Elsevier Ireland Ltd. All rights reserved."
    assert r2.abstract_text.endswith("less depressive moods.")
    assert r2.pmcid is None and r2.doi == "10.1016/j.psychres.2014.06.004"


def test_legacy_2015_run_together_affiliations_translated_title_structured() -> None:
    recs, _ = read_file("legacy-2015-excerpt.txt")
    r = recs["25529848"]
    assert r.indexing_status == "MEDLINE" and r.extra["pubmed-text:pubmed-status"] == ["PubMed - indexed for MEDLINE"]
    affs = [p.affiliations for p in r.authors]
    assert len(affs) == 5 and all(len(a) == 1 for a in affs)
    assert affs[0][0].endswith("Electronic address: xzhang38@buffalo.edu.")
    assert affs[1][0].startswith("Department of Ophthalmology") and affs[1][0].endswith("Guangzhou, China.")
    assert affs[4][0].endswith("The State University of New York, Buffalo, NY, USA.")
    t = recs["25543385"]
    assert t.title == "[Impact of anti-VEGF therapy on the cellular microenvironment in retinal angiogenesis]"
    assert t.title_translated and t.languages == ["ja"]
    s = recs["25411827"]
    assert [x.label for x in s.abstract] == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert s.abstract[0].text.startswith("Dexamethasone intravitreal implant (DEX implant, Ozurdex(®);")
    assert s.pages == "854-858" and s.pages_raw == "854-8"
    c = recs["24355922"]
    assert [(l.kind, l.citation) for l in c.links] == [("CommentIn", "J Clin Invest. 2014 Jan;124(1):76-9")]


def test_legacy_2018_ahead_of_print_errata_and_comments() -> None:
    recs, _ = read_file("legacy-2018-aiyane-excerpt.txt")
    a = recs["29471443"]
    assert a.publication_status == "aheadofprint"
    assert (a.issued.year, a.issued.month, a.issued.day) == (2018, 2, 17)
    assert (a.epub.year, a.epub.month, a.epub.day) == (2018, 2, 17)
    assert a.doi == "10.1093/jas/sky036" and a.volume is None and a.pages is None
    assert a.title.startswith("BOARD INVITED REVIEW: Immunomodulatory")
    d = recs["29204990"]  # "2017 Dec.;18(12):1101-1112."
    assert (d.issued.year, d.issued.month, d.volume, d.issue, d.pages) == (2017, 12, "18", "12", "1101-1112")
    e = recs["28430815"]
    assert [(l.kind, l.citation) for l in e.links] == [("ErratumIn", "PLoS One. 2017 Oct 11;12 (10 ):e0186533")]
    c = recs["28248181"]
    assert c.links[0].kind == "CommentOn" and c.abstract == []


def test_legacy_2018_groups_collaborators_equal_contribution_links() -> None:
    recs, _ = read_file("legacy-2018-tmax66-excerpt.txt")
    g = recs["26202246"]
    names = [p.literal or p.family for p in g.authors]
    i = names.index("ESNIP3 Consortium")
    assert g.authors[i].is_group and names[i - 1] == "Valls" and names[i + 1] == "Brown"
    assert g.authors[i + 1].affiliations  # Brown IH(2) keeps its marker after the group
    assert g.investigators[0].family == "Van der Meulen" and g.investigators[0].initials == "K"
    assert g.investigators[-1].family == "Vincent" and not any(p.is_group for p in g.investigators)
    e = recs["28405446"]
    assert [p.equal_contrib for p in e.authors[:5]] == [False, True, True, True, False]
    assert all(p.affiliations for p in e.authors)
    links = recs["28300530"].links
    assert [l.citation for l in links] == ["Euro Surveill. 2016 Dec 1;21(48):", "Euro Surveill. 2017 Feb;22(5):",
                                           "Euro Surveill. 2017 Mar 9;22(10 ):"]
    assert {l.kind for l in links} == {"CommentOn"}
    assert recs["25600342"].title.startswith("Comment on: Retrospective study of human cystic")
    note = recs["22402940"].links[0]
    assert (note.kind, note.citation, note.note) == (
        "ErratumIn", "Exp Appl Acarol. 2012 Jun;57(2):209", "Patrizia, Mulatto [corrected to Mulatto, Patrizia]")


def test_legacy_2020_groups_publisher_abstract_and_markers() -> None:
    recs, _ = read_file("legacy-2020-excerpt.txt")
    p = recs["31505069"]
    assert p.authors[-1].literal == "PIPARI Study Group"
    saun = next(a for a in p.authors if a.family == "Saunavaara")
    assert len(saun.affiliations) == 2
    assert p.investigators and p.investigators[0].family == "Ahtola"
    g = recs["32274774"]
    assert g.languages == ["de"] and g.title_translated
    assert [(o.type, o.language) for o in g.other_abstracts] == [("Publisher", "de")]
    assert g.other_abstracts[0].text.startswith("Die häufigsten menschlichen Coronaviren")
    s = recs["32281995"]  # "Staszewski T (1), Borówko M ."
    assert [(a.family, a.initials) for a in s.authors] == [("Staszewski", "T"), ("Borówko", "M")]
    assert s.authors[0].affiliations and s.authors[0].affiliations[0].endswith("staszewski@umcs.pl.")
    c = recs["32219814"]
    assert c.languages == ["zh"] and c.authors[0].is_group
    assert c.authors[0].literal.startswith("Specialized Committee Of Neurogenetics")
    assert c.authors[0].affiliations and [a.family for a in c.authors[1:]] == ["Jiang", "Tang"]
    n = recs["32307297"]
    assert n.publication_status == "aheadofprint" and n.abstract == []
    assert n.indexing_status == "PubMed-not-MEDLINE" and "pubmed-text:pubmed-status" not in n.extra


def test_new_site_glued_records_and_equal_contribution() -> None:
    recs, ctx = read_file("new-2020-excerpt.txt")
    assert list(recs) == ["31781111", "31603845", "30439946", "30425203", "30421340", "30126565",
                          "30121940", "29117614"]
    # record 61 was glued onto the COI line of record 60
    assert recs["30439946"].conflict_of_interest == "The authors have declared that no competing interests."
    assert recs["30425203"].journal_abbrev == "Chin Med J (Engl)"
    assert recs["30425203"].conflict_of_interest == "There are no conflicts of interest"
    # record 121 was glued onto the PMID line of record 120
    assert recs["30126565"].indexing_status == "MEDLINE" and recs["30126565"].notes == []
    assert recs["30121940"].journal_abbrev == "Endocr Pathol"
    assert recs["30121940"].source.startswith("Endocr Pathol. 2018 Dec;29(4):317-323.")
    k = recs["29117614"]
    assert [(a.family, a.equal_contrib) for a in k.authors] == [
        ("Krysiak", False), ("Szkróbka", True), ("Okopień", True)]
    assert all("Contributed equally" not in a for p in k.authors for a in p.affiliations)
    c = recs["31781111"]
    assert [(l.kind, l.doi) for l in c.links] == [("CommentIn", "10.3389/fimmu.2020.01976")]
    assert c.history and c.history[0].status == "ecollection" and c.history[0].date.year == 2019
    s = recs["31603845"]
    assert s.languages == ["es"] and s.other_abstracts[0].language == "es"
    assert recs["30421340"].authors[0].affiliations and len(recs["30421340"].authors[0].affiliations) == 2


def test_concatenated_single_fetches_all_numbered_one() -> None:
    recs, _ = read_file("concatenated-excerpt.txt")
    assert list(recs) == ["7026205", "7026897", "6982783"]
    r = recs["7026205"]
    assert r.title == "[Initial peak as a result of an adaptation (author's transl)]" and r.title_translated
    assert r.languages == ["de"] and r.abstract == [] and r.authors[0].family == "Kaemmerer"
    assert (r.issued.year, r.issued.month, r.issued.day, r.pages) == (1981, 6, 5, "211-214")
    assert recs["7026897"].doi == "10.1002/jsfa.2740320903"
    pip = recs["6982783"]
    assert pip.abstract == [] and [o.type for o in pip.other_abstracts] == ["PIP"]
    assert pip.other_abstracts[0].text.endswith("(author's)")
    assert pip.pmcid == "PMC2536091" and pip.pages == "605-613"


# --------------------------------------------------------------------------- citation shapes in records
def test_preprint_and_page_list_records() -> None:
    data = ("1. bioRxiv [Preprint]. 2025 Aug 2:2025.08.01.668168.\n\nA title.\n\nDoe J.\n\n"
            "PMID: 1\n\n\n2. Can Med Assoc J. 1981 Jun 15;124(12):1559-65, 1570.\n\nEssential tremor.\n\n"
            "Murray TJ.\n\nPMID: 7018658  [Indexed for MEDLINE]\n").encode()
    (pre, cma), ctx = read_bytes(data)
    assert pre.type == "article" and pre.publisher == "bioRxiv" and pre.pages == "2025.08.01.668168"
    assert cma.pages == "1559-1565, 1570" and cma.pages_raw == "1559-65, 1570"
    assert ctx.unclassified == 0


# --------------------------------------------------------------------------- detection
def test_detection_and_plugin_attributes() -> None:
    assert registry.reader("abstract-text") is registry.reader("pubmed-text")
    plugin = registry.reader("pubmed-text")
    assert plugin.reader.suffix_alone is False and ".txt" in plugin.suffixes
    assert registry.reader_for_suffix("pubmed-result.txt") is not plugin
    assert registry.sniff((FIX / "seed-33204024.txt").read_bytes()) is plugin


@pytest.mark.parametrize("head", [
    (FIX / "negative" / "summary-text-excerpt.txt").read_bytes(),
    b"PMID- 33204024\nOWN - NLM\nSTAT- MEDLINE\nTI  - Metastasis-directed therapy.\n",
    b"1. Introduction\n\nThis is a plain text file about PMID: handling.\n",
    b"Shopping list\n1. Eggs\n2. Milk\n",
    b"",
])
def test_sniff_rejects_other_text(head: bytes) -> None:
    assert sniffer.sniff(head) is False


def test_summary_text_fixture_is_not_taken_for_abstract_text() -> None:
    plugin = registry.sniff((FIX / "negative" / "summary-text-excerpt.txt").read_bytes())
    assert plugin is None or plugin.name != "pubmed-text"


# --------------------------------------------------------------------------- robustness
def test_streams_record_by_record() -> None:
    data = ((FIX / "new-2020-excerpt.txt").read_bytes() + b"\n\n") * 30

    class Counting(io.RawIOBase):
        def __init__(self) -> None:
            self.inner = io.BytesIO(data)
            self.read_bytes = 0

        def readable(self) -> bool:
            return True

        def readinto(self, b):  # type: ignore[no-untyped-def]
            chunk = self.inner.read(min(len(b), 4096))
            b[: len(chunk)] = chunk
            self.read_bytes += len(chunk)
            return len(chunk)

    raw = Counting()
    gen = reader.read(io.BufferedReader(raw, buffer_size=4096), ReadContext("<stream>"))
    first = next(gen)
    assert first.pmid == "31781111"
    assert raw.read_bytes < len(data) / 10
    assert sum(1 for _ in gen) == 8 * 30 - 1


def test_malformed_records_are_reported_and_skipped() -> None:
    good = (FIX / "seed-33204024.txt").read_bytes()
    bad = b"Some stray text\n\n1. Broken J. 2020 Jan;1(1):1-2.\n\nA title without a PMID.\n\n\n"
    recs, ctx = read_bytes(bad + good.replace(b"1. Br J", b"2. Br J", 1))
    assert [r.pmid for r in recs] == ["33204024"]
    assert len(ctx.errors) == 2 and ctx.skipped == 2
    assert ctx.errors[0].line == 1
    truncated, ctx2 = read_bytes(good[:700])
    assert truncated == [] and len(ctx2.errors) == 1 and "PMID" in ctx2.errors[0].reason


def test_unclassified_paragraph_is_kept_counted_and_warned() -> None:
    data = (FIX / "seed-33204024.txt").read_bytes() + b"\n\nSomething PubMed never writes here.\n"
    recs, ctx = read_bytes(data)
    assert recs[0].notes == ["Something PubMed never writes here."]
    assert ctx.unclassified == 1 and len(ctx.warnings) == 1 and ctx.warnings[0].line == 47


def test_html_entities_unescaped() -> None:
    data = (FIX / "seed-33204024.txt").read_bytes().replace(b"limited metastatic burden", b"p &lt; 0.01 burden")
    recs, _ = read_bytes(data)
    assert "p < 0.01 burden" in recs[0].abstract_text


def test_api_read_detects_and_counts() -> None:
    summary = medbib.FileSummary("x")
    recs = list(medbib.read(FIX / "legacy-2020-excerpt.txt", summary=summary))
    assert summary.format == "pubmed-text" and len(recs) == 6 == summary.read and summary.unclassified == 0
    assert recs[0].issued == Date(2020, 4) and recs[0].epub == Date(2019, 11, 7)
    assert (recs[0].volume, recs[0].issue, recs[0].pages, recs[0].doi) == ("109", "4", "738-745", "10.1111/apa.15004")


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_book_chapter_shape(sep: str) -> None:
    """No real Bookshelf record is in the corpus: this input follows formats.md §1.3 (books) with the
    GeneReviews citation elements quoted there; the date line in the same block or its own."""
    data = ("1. Alzheimer Disease Overview.\n\nBird TD.\n\n"
            "In: Adam MP, Bick S, Mirzaa GM, Wallace SE, Amemiya A, editors. GeneReviews® \n"
            "[Internet]. Seattle (WA): University of Washington, Seattle; 1993-2026." + sep +
            "1998 Oct 23 [updated 2018 Dec 20].\n\nPMID: 12345\n").encode()
    (r,), ctx = read_bytes(data)
    assert ctx.unclassified == 0 and not ctx.warnings
    assert r.type == "chapter" and r.title == "Alzheimer Disease Overview"
    assert [(p.family, p.initials) for p in r.authors] == [("Bird", "TD")]
    assert [p.family for p in r.editors] == ["Adam", "Bick", "Mirzaa", "Wallace", "Amemiya"]
    assert (r.container_title, r.medium) == ("GeneReviews®", "Internet")
    assert (r.publisher_place, r.publisher) == ("Seattle (WA)", "University of Washington, Seattle")
    assert (r.issued.year, r.issued.month, r.issued.day) == (1998, 10, 23)
    assert [(h.status, h.date.year, h.date.month, h.date.day) for h in r.history] == [("revised", 2018, 12, 20)]
    assert r.extra["pubmed-text:book-years"] == ["1993-2026"]


def test_no_authors_listed_is_no_author() -> None:
    recs, ctx = read_file("legacy-2020-excerpt.txt")
    r = recs["32332997"]
    assert r.title == "Science in the time of corona" and r.authors == [] and r.abstract == []
    assert r.extra["pubmed-text:authors-note"] == ["[No authors listed]"] and r.publication_status == "aheadofprint"
    assert r.doi == "10.1038/s41559-020-1205-7" and r.indexing_status == "PubMed-not-MEDLINE"
    assert ctx.unclassified == 0


def test_doi_only_link_entry_and_wrapped_entry() -> None:
    """formats.md §1.7: a 2025 DOI-only entry (``    doi: 10.1210/clinem/dgaf284.``) among others."""
    seed = (FIX / "seed-33204024.txt").read_bytes()
    block = (b"Comment in\n    doi: 10.1210/clinem/dgaf284.\n"
             b"    Exp Appl Acarol. 2012 Jun;57(2):209. Patrizia, Mulatto [corrected to Mulatto,\nPatrizia].\n\n")
    (r,), ctx = read_bytes(seed.replace(b"Metastasis-directed therapy (MDT)", block + b"Metastasis-directed therapy (MDT)", 1))
    assert [(l.kind, l.citation, l.doi, l.note) for l in r.links] == [
        ("CommentIn", "doi: 10.1210/clinem/dgaf284", "10.1210/clinem/dgaf284", None),
        ("CommentIn", "Exp Appl Acarol. 2012 Jun;57(2):209", None, "Patrizia, Mulatto [corrected to Mulatto, Patrizia]")]
    assert r.abstract_text.startswith("Metastasis-directed") and ctx.unclassified == 0


def test_glued_record_after_a_bare_pmid_line() -> None:
    """formats.md §1.1: with no status bracket the PMID digits and the next rank run together."""
    data = (FIX / "new-2020-excerpt.txt").read_bytes()
    glued = b"PMID: 30126565 [Indexed for MEDLINE]121. Endocr Pathol."
    assert glued in data
    recs, ctx = read_bytes(data.replace(glued, b"PMID: 30126565121. Endocr Pathol."))
    assert [r.pmid for r in recs][5:7] == ["30126565", "30121940"]
    assert recs[5].indexing_status == "PubMed-not-MEDLINE" and recs[6].journal_abbrev == "Endocr Pathol"
    assert ctx.unclassified == 0 and not ctx.errors
