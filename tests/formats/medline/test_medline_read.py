"""MEDLINE / PubMed tagged text (.nbib) reader, on real records in fixtures/medline/."""

from __future__ import annotations

import pytest
from medline_tools import FILES, MEDLINE, by_pmid, read_bytes, read_path

import medbib
from medbib.core.model import Date
from medbib.core.vocabulary import BOOK, CHAPTER, LINK_HEADERS, PREPRINT
from medbib.format.medline.builder import LINK_TAGS


@pytest.fixture(scope="module")
def rui() -> dict:
    return by_pmid(MEDLINE / "ruipintovascheck-excerpt.nbib")


@pytest.fixture(scope="module")
def blachly() -> dict:
    return by_pmid(MEDLINE / "blachlylab-excerpt.nbib")


@pytest.fixture(scope="module")
def buendia() -> dict:
    return by_pmid(MEDLINE / "buendiaenr1-excerpt.nbib")


@pytest.fixture(scope="module")
def biopython() -> dict:
    return by_pmid(MEDLINE / "biopython-pubmed_result2.txt")


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_record_read_without_error(path):
    recs, ctx = read_path(path)
    expected = sum(1 for line in path.read_bytes().splitlines() if line.startswith(b"PMID- "))
    assert len(recs) == expected > 0
    assert not ctx.errors and not ctx.warnings
    assert [r.origin.index for r in recs] == list(range(1, expected + 1))
    for r in recs:
        assert r.pmid and r.pmid.isdigit()
        assert r.title and not r.title.endswith(".")
        assert r.origin.format == "medline"


def test_api_read_detects_format(tmp_path):
    target = tmp_path / "export.txt"  # no telling suffix: the sniffer decides
    target.write_bytes((MEDLINE / "blachlylab-excerpt.nbib").read_bytes())
    recs = list(medbib.read(str(target)))
    assert [r.pmid for r in recs] == ["34480107", "30592587", "25678431"]


# --------------------------------------------------------------------------- authors


def test_group_author_kept_in_its_place(rui):
    rec = rui["33097747"]
    names = [a.literal or a.family for a in rec.authors]
    assert names[-2:] == ["CREMERE Group", "Foong"]  # CN sits between two FAU blocks
    group = rec.authors[-2]
    assert group.is_group and group.family is None
    # the group's position is exactly where CN is in the file
    assert names.index("CREMERE Group") == 5


def test_group_author_at_end(rui):
    rec = rui["32778223"]
    assert rec.authors[-1].literal == "National Kidney Foundation"
    assert all(not a.is_group for a in rec.authors[:-1])


def test_investigators_are_not_authors(rui):
    rec = rui["33097747"]
    inv = rec.investigators
    assert [(p.family, p.given, p.initials) for p in inv[:3]] == [
        ("Roy", "Debajyoti Malakar", "DM"),
        ("Koduri", "Sreekanth", "S"),
        ("Ng", "Alvin Kok Heong", "AKH"),
    ]
    assert not {p.family for p in inv} & {a.family for a in rec.authors if a.family}


def test_full_names_initials_and_affiliations(rui):
    rec = rui["33097747"]
    first = rec.authors[0]
    assert (first.family, first.given, first.initials) == ("Chionh", "Chang Yin", "CY")
    assert first.affiliations and all(a.strip() == a for a in first.affiliations)


def test_orcid_attached_to_its_author(blachly):
    rec = blachly["34480107"]
    with_orcid = {a.family: a.orcid for a in rec.authors if a.orcid}
    assert with_orcid["Saygin"] == "https://orcid.org/0000-0001-7617-8356"
    assert with_orcid["Blachly"] == "https://orcid.org/0000-0002-4275-5562"
    assert rec.authors[1].orcid is None  # Hu has none: ORCIDs do not leak to the next author


def test_suffix_split_from_full_name(rui, buendia):
    ohara = next(a for a in rui["17014554"].authors if a.family == "O'Hara")
    assert (ohara.given, ohara.suffix) == ("Jerome", "Jr")
    nadruz = next(a for a in buendia["29361428"].authors if a.family == "Nadruz")
    assert (nadruz.given, nadruz.suffix, nadruz.initials) == ("W.", "Jr", "W")


def test_spaced_initials_in_full_name_get_periods(biopython):
    de_hoon = biopython["14871861"].authors[0]
    assert (de_hoon.family, de_hoon.given) == ("de Hoon", "M. J. L.")


def test_affiliation_before_authors_goes_to_first_author(biopython):
    rec = biopython["16403221"]
    assert rec.authors[0].affiliations[0].startswith("Bioinformatics, Institute of Cell")
    assert rec.authors[0].affiliations[0].endswith("j.a.casbon@qmul.ac.uk")
    assert all(not a.affiliations for a in rec.authors[1:])


def test_bioruby_affiliation_before_first_fau():
    recs, ctx = read_path(MEDLINE / "bioruby-20146148_modified.medline")
    (rec,) = recs
    assert rec.authors[0].affiliations == [
        "Traffic Research Unit, Department of Psychology, University of Helsinki, Finland. "
        "markus.mattsson@helsinki.fi"
    ]
    # a wrapped MH value is joined with one space
    assert "Motorcycles/classification/legislation & jurisprudence/*statistics & numerical data" in [
        m.as_string() for m in rec.mesh
    ]


def test_au_only_record_gets_initials_as_given_names():
    src = (MEDLINE / "biopython-pubmed_result2.txt").read_bytes()
    # the same record without its FAU lines: PubMed's pre-2002 form
    old = b"\n".join(line for line in src.splitlines() if not line.startswith(b"FAU - "))
    recs, ctx = read_bytes(old)
    assert not ctx.errors
    a = recs[0].authors
    assert [(p.family, p.given, p.initials) for p in a] == [
        ("Casbon", "J. A.", "JA"), ("Crooks", "G. E.", "GE"), ("Saqi", "M. A.", "MA")]
    assert a[0].affiliations and not a[1].affiliations



# --------------------------------------------------------------------------- ids, journal, dates


def test_identifiers_and_journal(rui):
    rec = rui["32778223"]
    assert rec.doi == "10.1053/j.ajkd.2019.12.001"
    assert rec.pii == "S0272-6386(19)31137-0"
    assert (rec.issn_electronic, rec.issn_linking) == ("1523-6838", "0272-6386")
    assert rec.journal_abbrev == "Am J Kidney Dis"
    assert rec.container_title.startswith("American journal of kidney diseases")
    assert rec.nlm_id == "8110075"
    assert rec.journal_country == "United States" and rec.publisher_place is None
    assert (rec.volume, rec.issue) == ("75", "4 Suppl 2")
    assert (rec.pages, rec.page_first, rec.page_last) == ("S1-S164", "S1", "S164")


def test_pmc_and_manuscript_id(rui):
    rec = rui["25802137"]
    assert rec.mid == "NIHMS636074"
    assert rec.pmcid and rec.pmcid.startswith("PMC")


def test_untyped_lid_is_the_article_number(buendia):
    rec = buendia["31332776"]
    assert rec.article_number == "CD001871" and rec.pages == "CD001871"
    assert rec.doi == "10.1002/14651858.CD001871.pub4"


def test_abbreviated_pages_expanded(blachly):
    rec = blachly["25678431"]
    assert (rec.pages, rec.pages_raw, rec.page_last) == ("1051-1052", "1051-2", "1052")


def test_dates(rui, buendia, blachly):
    assert rui["11778253"].issued.year == 1999 and rui["11778253"].issued.season == "Spring"
    rng = buendia["29361428"].issued
    assert (rng.year, rng.month, rng.end.month) == (2018, 4, 6)
    ago = buendia["30137949"].issued  # "2018 Jul-Ago": Spanish month abbreviation
    assert (ago.month, ago.end.month) == (7, 8)
    rec = blachly["34480107"]
    assert rec.issued == Date(2021, 9, 3) and rec.epub == Date(2021, 9, 3)
    assert rec.publication_status == "aheadofprint" and rec.indexing_status == "Publisher"


def test_history_from_phst_and_date_tags(rui):
    rec = rui["40360242"]
    statuses = [h.status for h in rec.history]
    for s in ("medline", "pubmed", "entrez", "pmc-release", "revised-record"):
        assert s in statuses
    # EDAT/MHDA/CRDT repeat PHST entries: one entry each
    assert statuses.count("entrez") == 1 and statuses.count("pubmed") == 1
    entrez = next(h.date for h in rec.history if h.status == "entrez")
    assert (entrez.year, entrez.month, entrez.day, entrez.hour, entrez.minute) == (2025, 5, 13, 20, 53)


# --------------------------------------------------------------------------- text fields


def test_title_translated_and_original_title(buendia):
    rec = buendia["3954858"]
    assert rec.title == "[Obesity in childhood and adolescence: risk factors]"
    assert rec.title_translated
    assert rec.original_title == "Obesidad en la niñez y adolescencia: factores de riesgo"
    assert rec.languages == ["es"]


def test_several_languages_in_bcp47(rui):
    assert rui["26291252"].languages == ["en", "pt"]


def test_structured_abstract_split(rui):
    rec = rui["23474008"]
    labels = [s.label for s in rec.abstract]
    assert labels[:4] == ["BACKGROUND", "STUDY DESIGN", "SETTING & PARTICIPANTS", "INTERVENTION"]
    assert rec.abstract[1].text == "Randomized controlled study."
    # nothing lost: the sections joined are the AB text
    assert " ".join(f"{s.label}: {s.text}" for s in rec.abstract).startswith("BACKGROUND: Malfunction")


def test_unstructured_abstract_kept_whole(rui):
    rec = rui["33097747"]
    assert len(rec.abstract) == 1 and rec.abstract[0].label is None
    assert rec.abstract[0].text.startswith("Post-procedural wound haemorrhage")



def test_other_abstract_with_language(rui):
    rec = rui["40360242"]
    (oab,) = rec.other_abstracts
    assert oab.language == "en"
    assert oab.text.startswith("This study established a nomogram")


def test_copyright_and_conflict_of_interest(rui, buendia):
    assert rui["32778223"].copyright == "Copyright © 2019. Published by Elsevier Inc."
    assert rui["40360242"].conflict_of_interest == "No potential conflict of interest was reported by the author(s)."
    assert buendia["31332776"].conflict_of_interest.startswith("Tamara Brown: no conflicts")


def test_mesh_with_qualifiers_and_major_flags(biopython):
    rec = biopython["16403221"]
    info = next(m for m in rec.mesh if m.descriptor == "Information Storage and Retrieval")
    assert not info.major and [(q.name, q.major) for q in info.qualifiers] == [("methods", True)]
    assert next(m for m in rec.mesh if m.descriptor == "Software").major
    # the string form gives back the MH line
    assert "Sequence Analysis, Protein/*methods" in [m.as_string() for m in rec.mesh]



def test_keywords_with_owner(rui):
    kws = rui["23474008"].keywords
    assert kws[0].term == "Arteriovenous fistula (AVF)" and kws[0].owner == "NOTNLM"


def test_publication_types_chemicals_subsets(rui):
    rec = rui["17014554"]
    assert "Journal Article" in [p.name for p in rec.publication_types]
    assert ("Oxygen", "S88TT14065") in [(c.name, c.registry_number) for c in rec.chemicals]
    assert rec.extra["medline:SB"] == ["IM"]  # no model field: kept in extra


def test_databank_link_kept(rui):
    assert rui["23474008"].extra["medline:SI"] == ["ClinicalTrials.gov/NCT01138254"]


def test_grant_with_slashes_in_its_id(buendia):
    (g,) = buendia["31332776"].grants
    assert (g.id, g.acronym, g.agency, g.country) == (
        "MR/K02325X/1", "MRC_", "Medical Research Council", "United Kingdom")
    assert g.raw == "MR/K02325X/1/MRC_/Medical Research Council/United Kingdom"



def test_links(blachly, buendia, rui):
    (efr,) = blachly["34480107"].links
    assert (efr.kind, efr.pmid, efr.citation) == ("ErratumFor", "34021247", "Leukemia. 2021 May 21;:")
    kinds = [(l.kind, l.pmid) for l in blachly["30592587"].links]
    assert kinds == [("CommentOn", "30207921"), ("CommentIn", "30575470")]
    (uof,) = buendia["31332776"].links
    assert (uof.kind, uof.pmid) == ("UpdateOf", "22161367")
    ein = next(l for l in rui["32778223"].links if l.kind == "ErratumIn")
    assert ein.doi == "10.1053/j.ajkd.2021.02.002" and ein.pmid
    assert not ein.citation.endswith(".")



def test_source_string_kept(blachly):
    assert blachly["25678431"].source == "Blood. 2015 Feb 12;125(7):1051-2. doi: 10.1182/blood-2014-12-617555."


# --------------------------------------------------------------------------- item types


def _retyped(pt_lines: bytes, extra: bytes = b"") -> object:
    src = (MEDLINE / "bioruby-20146148_modified.medline").read_bytes()
    lines = [line for line in src.splitlines() if not line.startswith(b"PT  - ")]
    i = next(n for n, line in enumerate(lines) if line.startswith(b"LA  - "))
    lines[i + 1:i + 1] = pt_lines.splitlines() + extra.splitlines()
    recs, ctx = read_bytes(b"\n".join(lines) + b"\n")
    assert not ctx.errors
    return recs[0]


def test_item_type_from_publication_type():
    assert _retyped(b"PT  - Journal Article").type == "article-journal"
    assert _retyped(b"PT  - Preprint").type == PREPRINT
    assert _retyped(b"PT  - Dataset").type == "dataset"
    chapter = _retyped(b"PT  - Book Chapter", b"BTI - Cancer Syndromes")
    assert chapter.type == CHAPTER
    assert chapter.container_title == "Cancer Syndromes"  # the book, not the journal
    assert chapter.publisher_place == "England" and chapter.journal_country is None


def test_whole_book_takes_the_book_title():
    rec = _retyped(b"PT  - Book", b"PB  - National Center for Biotechnology Information (US)")
    assert rec.type == BOOK and rec.publisher.startswith("National Center")



@pytest.mark.parametrize("tag", sorted(LINK_TAGS))
def test_every_link_tag_becomes_its_link_kind(tag):
    kind = LINK_TAGS[tag]
    assert kind in LINK_HEADERS  # a kind the other formats can write
    src = (MEDLINE / "blachlylab-excerpt.nbib").read_bytes()
    line = f"{tag:<4}- Blood. 2015 Feb 12;125(7):1061-72. doi: 10.1182/blood-2014-09-603134. PMID: 25488972".encode()
    src = src.replace(b"CON - Blood. 2015 Feb 12;125(7):1061-72. PMID: 25488972", line)
    recs, ctx = read_bytes(src)
    (link,) = recs[2].links
    assert (link.kind, link.pmid, link.doi) == (kind, "25488972", "10.1182/blood-2014-09-603134")
    assert link.citation == "Blood. 2015 Feb 12;125(7):1061-72. doi: 10.1182/blood-2014-09-603134"
