"""The shared normalisation helpers every reader relies on."""

import pytest

from medbib.core import languages
from medbib.core.dates import format_date, iso_date, parse_date
from medbib.core.errors import UsageError
from medbib.core.identifiers import normalize_doi, normalize_orcid, normalize_pmcid
from medbib.core.keys import KeyMaker, render, validate
from medbib.core.model import Date, Person, Record
from medbib.core.names import given_from_forename, initials_to_given, split_suffix
from medbib.core.pages import expand_pages, split_pages
from medbib.core.text import ascii_fold, clean_title


@pytest.mark.parametrize(
    "text, ymd, end, season",
    [
        ("2021 Jan 18", (2021, 1, 18), None, None),
        ("2021 Jan", (2021, 1, None), None, None),
        ("2016 Summer", (2016, None, None), None, "Summer"),
        ("2016 Winter-Spring", (2016, None, None), None, "Winter-Spring"),
        ("2010 Sep-Oct", (2010, 9, None), (2010, 10, None), None),
        ("1998 Dec-1999 Jan", (1998, 12, None), (1999, 1, None), None),
        ("2018 Jul-Ago", (2018, 7, None), (2018, 8, None), None),
        ("2005 Apr-June", (2005, 4, None), (2005, 6, None), None),
        ("2016 Oct-Nov/", (2016, 10, None), (2016, 11, None), None),
        ("1996 Jul 9-15", (1996, 7, 9), (1996, 7, 15), None),
        ("20190111", (2019, 1, 11), None, None),
        ("2025/05/13 20:53", (2025, 5, 13), None, None),
        ("2021 06", (2021, 6, None), None, None),
    ],
)
def test_parse_date_pubmed_forms(text, ymd, end, season):
    d = parse_date(text)
    assert (d.year, d.month, d.day) == ymd
    assert ((d.end.year, d.end.month, d.end.day) if d.end else None) == end
    assert d.season == season


def test_parse_date_keeps_raw_only_when_it_cannot_represent_the_text():
    assert parse_date("2021 Jan 18").raw is None  # equal to what XML's structured date gives
    assert parse_date("2018 Jul-Ago").raw == "2018 Jul-Ago"  # normalised to Aug: keep what was written
    bad = parse_date("Unknown date")
    assert bad.year is None and bad.raw == "Unknown date"
    assert parse_date("") is None


def test_date_formats():
    assert iso_date(parse_date("2010 Sep-Oct")) == "2010-09/2010-10"
    assert iso_date(parse_date("2016 Summer")) == "2016-22"
    assert iso_date(parse_date("2021 Jan 18")) == "2021-01-18"
    assert format_date(parse_date("1998 Dec-1999 Jan")) == "1998 Dec-1999 Jan"
    assert format_date(Date(2020, 11, 18)) == "2020 Nov 18"


@pytest.mark.parametrize(
    "raw, expanded, first, last",
    [
        ("136-41", "136-141", "136", "141"),
        ("1123-45", "1123-1145", "1123", "1145"),
        ("6913-7", "6913-6917", "6913", "6917"),
        ("1559-65, 1570", "1559-1565, 1570", "1559", "1570"),
        ("e0179990", "e0179990", "e0179990", None),
        ("2517-2528", "2517-2528", "2517", "2528"),
        ("S78-85", "S78-85", "S78", "85"),
        # piis are no ranges: no first/last page, nothing expanded (issue 16, item 1)
        ("S0211-6995(21)00064-3", "S0211-6995(21)00064-3", None, None),
        ("e01360-18", "e01360-18", None, None),  # ASM's pii, not "e01360-01318"
        ("2024-vol4", "2024-vol4", None, None),
        ("iii-iv", "iii-iv", "iii", "iv"),
        ("449-53; quiz 454", "449-53; quiz 454", "449", None),  # main: page_last "53; quiz 454"
    ],
)
def test_pages(raw, expanded, first, last):
    assert expand_pages(raw) == expanded
    assert split_pages(expanded) == (first, last)


def test_only_page_ranges_get_a_dash():
    from medbib.core.pages import dash_ranges

    assert dash_ranges("136-141", "--") == "136--141"
    assert dash_ranges("1559-1565, 1570", "--") == "1559--1565, 1570"
    assert dash_ranges("S0035-3787(25)00576-4", "--") == "S0035-3787(25)00576-4"
    assert dash_ranges("e01360-18", "--") == "e01360-18"


def test_titles_and_ids():
    assert clean_title("Metastasis-directed therapy for oligometastasis and beyond.") == (
        "Metastasis-directed therapy for oligometastasis and beyond"
    )
    assert clean_title("[Initial peak (author's transl)].") == "[Initial peak (author's transl)]"
    assert clean_title("Is it?") == "Is it?"
    assert normalize_doi("https://doi.org/10.1038/s41416-020-01128-5") == "10.1038/s41416-020-01128-5"
    assert normalize_pmcid("PMC3951712 [Available on 2014/12/1]") == "PMC3951712"
    assert normalize_orcid("ORCID: 0000-0003-3724-9945") == "https://orcid.org/0000-0003-3724-9945"
    assert normalize_orcid("http://orcid.org/0000000337249945") == "https://orcid.org/0000-0003-3724-9945"
    # malformed values are kept as written, never invented
    assert normalize_orcid("000-0002-1118-498X") == "000-0002-1118-498X"


def test_names():
    assert split_suffix("A Clinton Jr") == ("A Clinton", "Jr")
    assert split_suffix("John R 2nd") == ("John R", "2nd")
    assert split_suffix("Ii") == ("Ii", None)
    assert initials_to_given("TH") == "T. H."
    assert given_from_forename("T C") == "T. C."
    assert given_from_forename("Gavin J") == "Gavin J"
    assert ascii_fold("Łukasz Müller-Straße Ørsted") == "Lukasz Muller-Strasse Orsted"


def test_languages():
    assert languages.to_bcp47("ger") == "de"
    assert languages.to_bcp47("German") == "de"
    assert languages.to_bcp47("english") == "en"
    assert languages.to_bcp47("en-US") == "en-US"
    assert languages.langid("fr") == "french"
    assert languages.to_bcp47("klingon") == "klingon"  # unknown: kept, never dropped


def test_citation_keys_default_and_collisions():
    rec = Record(title="Metastasis-directed therapy for oligometastasis and beyond",
                 authors=[Person(family="Beckham", initials="TH")], issued=Date(2021, 1))
    keys = KeyMaker()
    assert [keys.key(rec) for _ in range(3)] == [
        "beckham2021metastasis", "beckham2021metastasisa", "beckham2021metastasisb"]
    group = Record(title="The effect of things", authors=[Person(literal="The SONAR trial group")])
    assert render("{family}{year}{word}", group) == "sonarndeffect"
    accented = Record(title="Über die Wirkung", authors=[Person(family="Ñúñez-Ørsted")], issued=Date(1999))
    assert render("{family}{year}{word}", accented) == "nunezorsted1999uber"
    assert render("pmid{pmid}", Record(pmid="33204024")) == "pmid33204024"


def test_existing_keys_kept_unless_a_format_is_asked():
    rec = Record(id="myKey", title="A title", authors=[Person(family="Doe")], issued=Date(2000))
    assert KeyMaker().key(rec) == "myKey"
    assert KeyMaker("{family}{year}").key(rec) == "doe2000"


def test_bad_key_format_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown placeholder"):
        validate("{author}{year}")
