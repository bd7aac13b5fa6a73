"""CSL-JSON reader and writer: round trip, the official schema, citeproc-py, hostile shapes."""

import json

import jsonschema
import pytest
from conftest import ROOT

import medbib
from medbib.core.model import (
    AbstractSection,
    Chemical,
    Date,
    Grant,
    HistoryDate,
    Keyword,
    Link,
    MeshHeading,
    MeshQualifier,
    OtherAbstract,
    Person,
    PublicationType,
    Record,
)

SCHEMA = json.loads((ROOT / "tests" / "data" / "csl-data.json").read_text())


def rich_record() -> Record:
    """A record shaped like a real MEDLINE article with every kind of field filled."""
    return Record(
        type="article-journal",
        title="Ibrutinib regimens versus chemoimmunotherapy in older patients with untreated CLL",
        title_markup=None,
        original_title="Ibrutinib-Schemata bei älteren Patienten",
        languages=["en", "de"],
        authors=[
            Person(family="Woyach", given="Jennifer A", initials="JA",
                   orcid="https://orcid.org/0000-0003-3724-9945",
                   affiliations=["Ohio State University, Columbus, OH, USA.", "Second place"],
                   equal_contrib=True),
            Person(family="White", given="A Clinton", initials="AC", suffix="Jr"),
            Person(literal="Alliance for Clinical Trials in Oncology"),
            Person(family="Byrd", initials="JC"),
        ],
        investigators=[Person(family="Smith", given="Jane")],
        container_title="The New England journal of medicine",
        journal_abbrev="N Engl J Med",
        journal_iso_abbrev="N. Engl. J. Med.",
        issn_print="0028-4793", issn_electronic="1533-4406", issn_linking="0028-4793",
        nlm_id="0255562", journal_country="United States",
        volume="379", issue="26", pages="2517-2528", page_first="2517", page_last="2528",
        issued=Date(2018, 12, 27), epub=Date(2018, 12, 1),
        history=[HistoryDate("received", Date(2018, 9, 1)),
                 HistoryDate("entrez", Date(2018, 12, 2, hour=6, minute=0))],
        doi="10.1056/NEJMoa1812836", pmid="30501481", pmcid="PMC6325637", mid="NIHMS1001234",
        abstract=[AbstractSection("Ibrutinib has been approved.", label="BACKGROUND", nlm_category="BACKGROUND"),
                  AbstractSection("Patients 65 years of age or older.", label="METHODS", nlm_category="METHODS")],
        other_abstracts=[OtherAbstract([AbstractSection("Zusammenfassung.")], type="Publisher", language="de")],
        copyright="Copyright 2018 Massachusetts Medical Society.",
        keywords=[Keyword("CLL", owner="NOTNLM")],
        mesh=[MeshHeading("Aged", ui="D000368"),
              MeshHeading("Antineoplastic Combined Chemotherapy Protocols", ui="D000971",
                          qualifiers=[MeshQualifier("therapeutic use", ui="Q000627", major=True)])],
        publication_types=[PublicationType("Journal Article", "D016428"),
                           PublicationType("Randomized Controlled Trial", "D016449")],
        chemicals=[Chemical("ibrutinib", "1X70OSD4VX", "C551803")],
        grants=[Grant("U10 CA180821", "CA", "NCI NIH HHS", "United States")],
        conflict_of_interest="Dr. Woyach reports grants.",
        links=[Link("CommentIn", "N Engl J Med. 2019 Apr 18;380(16):1579-1580", pmid="30995384")],
        publication_status="ppublish", indexing_status="MEDLINE", owner="NLM",
        source="N Engl J Med. 2018 Dec 27;379(26):2517-2528.",
        extra={"SB": ["IM"]},
    )


def roundtrip(records):
    text = medbib.write(records, "csljson")
    return json.loads(text), list(medbib.read(text.encode(), "csljson"))


def test_rich_record_round_trips_and_validates():
    rec = rich_record()
    items, back = roundtrip([rec])
    jsonschema.validate(items, SCHEMA)
    assert len(back) == 1
    got = back[0]
    got.id = rec.id = None
    assert got.to_dict() == rec.to_dict()


def test_written_fields_are_where_csl_consumers_look():
    items, _ = roundtrip([rich_record()])
    item = items[0]
    assert item["id"] == "woyach2018ibrutinib"
    assert item["author"][1] == {"family": "White", "given": "A Clinton", "suffix": "Jr"}
    assert item["author"][2] == {"literal": "Alliance for Clinical Trials in Oncology"}
    assert item["author"][3] == {"family": "Byrd", "given": "J. C."}
    assert item["issued"] == {"date-parts": [[2018, 12, 27]]}
    assert item["available-date"] == {"date-parts": [[2018, 12, 1]]}
    assert item["container-title-short"] == item["journalAbbreviation"] == "N Engl J Med"
    assert item["PMID"] == "30501481" and item["PMCID"] == "PMC6325637"
    # Zotero's CSL import drops PMID/PMCID but keeps these lines of note in Extra
    assert item["note"].splitlines()[:2] == ["PMID: 30501481", "PMCID: PMC6325637"]
    assert item["abstract"].startswith("BACKGROUND: Ibrutinib")
    assert "Antineoplastic Combined Chemotherapy Protocols/*therapeutic use" in item["keyword"]
    assert item["language"] == "en"


def test_fixture_round_trips(fixtures_dir):
    path = fixtures_dir / "csljson" / "beckham2021.json"
    first = list(medbib.read(path))
    assert [r.pmid for r in first] == ["33204024", None]
    assert first[0].authors[0].family == "Beckham" and first[0].epub == Date(2020, 11, 18)
    assert first[1].issued == Date(2013, 1, 1)  # string year "2013" read as a number
    items, again = roundtrip(first)
    jsonschema.validate(items, SCHEMA)
    assert [r.to_dict() for r in again] == [r.to_dict() for r in first]


def test_seasons_and_ranges():
    rec = Record(title="t", issued=Date(2016, season="Summer"))
    items, back = roundtrip([rec])
    assert items[0]["issued"] == {"date-parts": [[2016, 22]], "season": "Summer"}
    assert back[0].issued == Date(2016, season="Summer")
    rec = Record(title="t", issued=Date(1998, 12, end=Date(1999, 1)))
    items, back = roundtrip([rec])
    assert items[0]["issued"] == {"date-parts": [[1998, 12], [1999, 1]]}
    assert back[0].issued == rec.issued
    jsonschema.validate(items, SCHEMA)


def test_markup_is_csl_markup():
    rec = Record(title="Role of Escherichia coli in p < 0.05 cases",
                 title_markup="Role of <i>Escherichia coli</i> in p &lt; 0.05 cases")
    items, back = roundtrip([rec])
    # the italic species in a nocase span (issue 16, item 7), read back without it
    assert items[0]["title"] == 'Role of <i><span class="nocase">Escherichia coli</span></i> in p < 0.05 cases'
    assert back[0].title == rec.title
    assert back[0].title_markup == rec.title_markup


# citeproc-py warns that it ignores journalAbbreviation, custom and available-date: valid CSL it has no use for
@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_citeproc_py_renders_our_output():
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items, _ = roundtrip([rich_record()])
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    bib.register(Citation([CitationItem(items[0]["id"])]))
    text = str(bib.bibliography()[0])
    assert "Woyach" in text and "2018" in text and "Ibrutinib regimens" in text


def test_single_object_and_zotero_style_input():
    obj = {"id": "http://zotero.org/users/1/items/X", "type": "article-journal", "title": "T",
           "journalAbbreviation": "J Abbr", "note": "PMID: 123\nPMCID: PMC45\nRead later",
           "issued": {"date-parts": [["2013", 1, 1]]}}
    recs = list(medbib.read(json.dumps(obj).encode(), "csljson"))
    assert recs[0].pmid == "123" and recs[0].pmcid == "PMC45"
    assert recs[0].journal_abbrev == "J Abbr" and recs[0].notes == ["Read later"]


def test_wrong_types_are_skipped_with_a_clear_error():
    data = json.dumps([
        {"id": "ok", "type": "book", "title": "Fine"},
        {"id": "bad1", "type": "book", "author": "x"},
        {"id": "bad2", "type": "book", "issued": {"date-parts": [["abc"]]}},
        "not an object",
    ]).encode()
    summary = medbib.FileSummary("x")
    problems = []
    recs = list(medbib.read(data, "csljson", summary=summary, on_problem=lambda e, k: problems.append(str(e))))
    assert [r.id for r in recs] == ["ok"]
    assert summary.read == 4 and summary.skipped == 3
    assert any("record id bad1" in p and "'author' must be a list" in p for p in problems)
    assert any("'abc' is not a number" in p for p in problems)
    with pytest.raises(medbib.ParseError):
        list(medbib.read(data, "csljson", strict=True))


def test_person_affiliations_that_are_not_a_list_are_an_error_not_letters():
    """``custom.authors_extra[i].affiliations`` is a list of texts; a text or an object there is the
    item's error, as any other wrong type (a text was once read as its letters: ['H', 'a', …])."""
    for wrong in ("Harvard", {"Harvard": 1}):
        item = {"id": "a", "type": "article-journal", "title": "T", "author": [{"family": "Doe", "given": "J"}],
                "custom": {"authors_extra": [{"affiliations": wrong}]}}
        problems = []
        recs = list(medbib.read(json.dumps([item]).encode(), "csljson", on_problem=lambda e, k: problems.append(str(e))))
        assert recs == []
        assert problems == ["<bytes>: record id a: custom.authors_extra[0].affiliations: expected a list, got "
                            + ("text" if isinstance(wrong, str) else "an object")]
    good = {"id": "a", "type": "article-journal", "author": [{"family": "Doe", "given": "J"}],
            "custom": {"authors_extra": [{"affiliations": ["Harvard"]}]}}
    (rec,) = medbib.read(json.dumps([good]).encode(), "csljson")
    assert rec.authors[0].affiliations == ["Harvard"]


def test_invalid_json_is_one_error():
    problems = []
    recs = list(medbib.read(b'[{"id": "a", ', "csljson", on_problem=lambda e, k: problems.append(str(e))))
    assert recs == [] and len(problems) == 1 and "invalid JSON" in problems[0]
