"""One rule for every reader (issue 16, items 1, 5, 6, 10), on real records, run as users run it.

- Item 1: without pagination the e-location is the article's location (pages); a DOI is never a
  page; only a page range gets a dash (``--``) or a ``page-first``.
- Item 5: one suffix rule (``FAU - Carson, William E 3rd`` -> suffix ``3rd``).
- Item 6: a range of years (``DP - 2004-2005``) gives BibTeX a year and BibLaTeX a date.
- Item 10: an author line ending in a group and its e-mail is read; one that cannot be read is
  kept and reported, never dropped silently.

Each conversion runs the CLI in a subprocess.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medbib.core.model import Person
from medbib.format.bibtex.values import parse_people as bibtex_people
from medbib.format.ris.values import parse_person as ris_person

import bibtex_tools
from conftest import FIXTURES


def convert(src: Path, to: str, *extra: str) -> tuple[str, str]:
    """``medbib convert SRC --to TO`` -> (stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "medbib", "convert", str(src), "--to", to, *extra],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout, proc.stderr


def csl(src: Path) -> dict[str, dict]:
    out, _ = convert(src, "csljson")
    return {item["PMID"]: item for item in json.loads(out)}


def bib_fields(text: str, field: str) -> list[str]:
    return [ln.split("=", 1)[1].strip().rstrip(",") for ln in text.splitlines()
            if ln.strip().startswith(field + " ") or ln.strip().startswith(field + "=")]


def ris_values(text: str, tag: str) -> list[str]:
    return [ln[6:] for ln in text.splitlines() if ln.startswith(f"{tag}  - ")]


# --------------------------------------------------------------------------- item 1: e-locations
NEFRO = FIXTURES / "medline" / "ruipintovascheck-elocation.nbib"  # 33867160: LID S0211-6995(21)00064-3 [pii]
JCI = FIXTURES / "medline" / "blachlylab-elocation-suffix.nbib"  # 32554930: LID 134973 [pii], LID e134973
FEMS = FIXTURES / "pubmed-xml" / "metapub-38866711.xml"  # ELocationID pii fnae046, no Pagination
NUTRIENTS = FIXTURES / "pubmed-text" / "legacy-2018-aiyane-elocation.txt"  # "10(1). pii: E43."


def test_medline_lid_pii_is_the_location_and_no_range():
    """PubMed cites 33867160 as ``2021 Apr 15:S0211-6995(21)00064-3``: a pii, no page range."""
    item = csl(NEFRO)["33867160"]
    assert item["page"] == "S0211-6995(21)00064-3"
    assert "page-first" not in item  # main: no page at all; the Abstract-text reader gave "S0035"
    bib, _ = convert(NEFRO, "bibtex")
    assert bib_fields(bib, "pages") == ["{S0211-6995(21)00064-3}"]  # not S0211--6995(21)00064--3
    ris, _ = convert(NEFRO, "ris")
    assert ris_values(ris, "SP") == ["S0211-6995(21)00064-3"] and ris_values(ris, "EP") == []


def test_medline_article_number_as_pubmed_cites_it():
    """32554930: ``SO - JCI Insight. 2020 Jun 18;5(12):e134973.``: the untyped LID, not the pii."""
    item = csl(JCI)["32554930"]
    assert item["page"] == "e134973"
    assert item["DOI"] == "10.1172/jci.insight.134973"


def test_xml_elocation_pii_is_the_location():
    """38866711 has no Pagination: its ELocationID pii, not the ArticleIdList pii nor the DOI."""
    item = csl(FEMS)["38866711"]
    assert item["page"] == "fnae046"
    bib, _ = convert(FEMS, "bibtex")
    assert bib_fields(bib, "pages") == ["{fnae046}"]


def test_abstract_text_pii_tail_is_the_location():
    """Legacy site: ``Nutrients. 2018 Jan 5;10(1). pii: E43.`` -> pages E43."""
    item = csl(NUTRIENTS)["29304010"]
    assert item["page"] == "E43"


def test_abstract_text_location_after_the_colon(tmp_path):
    """The issue's ahead-of-print citation (``2025 Aug 6:S0035-3787(25)00576-4. doi: …``) and a
    DOI where the pages would be: the pii is the location without a page-first; a DOI is the DOI."""
    from medbib.core.model import Record
    from medbib.format.pubmed_text.citation import apply_citation, parse_citation

    rec = Record()
    apply_citation(rec, parse_citation("Rev Neurol (Paris). 2025 Aug 6:S0035-3787(25)00576-4. "
                                       "doi: 10.1016/j.neurol.2025.07.004. Online ahead of print."))
    assert (rec.pages, rec.page_first, rec.page_last) == ("S0035-3787(25)00576-4", None, None)
    rec = Record()
    apply_citation(rec, parse_citation("Small. 2020 Apr 6:10.1002/smll.201907574. Online ahead of print."))
    assert rec.pages is None and rec.doi == "10.1002/smll.201907574"


# --------------------------------------------------------------------------- item 5: suffixes
def _carson(people: list[dict]) -> dict:
    return next(p for p in people if p.get("family") == "Carson")


def test_medline_fau_ordinal_suffix():
    """``FAU - Carson, William E 3rd``: suffix 3rd (main kept "William E 3rd" as the given name)."""
    item = csl(JCI)["27780867"]
    assert _carson(item["author"]) == {"family": "Carson", "given": "William E", "suffix": "3rd"}
    benson = next(p for p in item["author"] if p.get("family") == "Benson")
    assert benson["suffix"] == "Jr"
    bib, _ = convert(JCI, "bibtex")
    assert "Carson, 3rd, William E." in bib or "Carson, 3rd, William E" in bib


def test_abstract_text_suffix_after_wrapped_initials():
    item = csl(FIXTURES / "pubmed-text" / "new-2020-suffix.txt")["29083097"]
    williams = next(p for p in item["author"] if p.get("family") == "Williams")
    assert williams["suffix"] == "3rd" and williams["given"] == "L. A."


@pytest.mark.parametrize("reader", ["ris", "bibtex", "xml-forename"])
def test_every_reader_splits_a_glued_suffix(reader):
    """The name as the MEDLINE record gives it, glued the way other tools write it (Zotero keeps
    "William E 3rd" as the first name and exports ``AU  - Carson, William E 3rd``)."""
    if reader == "ris":
        p = ris_person("Carson, William E 3rd")
    elif reader == "bibtex":
        p = bibtex_people("Carson, William E 3rd and Ivanov, Ivan V")[0][0]
        assert bibtex_people("Ivanov, Ivan V")[0][0].given == "Ivan V"  # a single letter is an initial
    else:
        from lxml import etree

        from medbib.format.pubmed_xml.parts import person

        p = person(etree.fromstring("<Author><LastName>Carson</LastName><ForeName>William E 3rd</ForeName>"
                                    "<Initials>WE</Initials></Author>"))
    assert isinstance(p, Person)
    assert (p.family, p.given, p.suffix) == ("Carson", "William E", "3rd")


def test_short_names_keep_roman_initials():
    """``Ivanov II`` are initials, ``White AC Jr`` has a suffix (MEDLINE AU, Abstract text)."""
    from medbib.format.medline.values import person_from_short
    from medbib.format.pubmed_text.people import parse_name

    assert person_from_short("Ivanov II").suffix is None
    assert person_from_short("White AC Jr").suffix == "Jr"
    assert parse_name("Ivanov II(1)").initials == "II"
    assert parse_name("Black JH 3rd").suffix == "3rd"


# --------------------------------------------------------------------------- item 6: year ranges
def _year_range_record(tmp_path: Path) -> Path:
    """A real record (3954858, buendiaenr1 excerpt) with its DP written as a year range, the form
    PubMed uses for volumes spanning two years (``DP  - 1985-1986``)."""
    raw = (FIXTURES / "medline" / "buendiaenr1-excerpt.nbib").read_bytes()
    start = raw.index(b"PMID- 3954858")
    end = raw.index(b"PMID-", start + 5)
    rec = raw[start:end].replace(b"DP  - 1986 Jan", b"DP  - 1985-1986")
    assert b"DP  - 1985-1986" in rec
    out = tmp_path / "year-range.nbib"
    out.write_bytes(rec)
    return out


def test_year_range_bibtex_and_biblatex(tmp_path):
    src = _year_range_record(tmp_path)
    bib, _ = convert(src, "bibtex")
    assert bib_fields(bib, "year") == ["{1985--1986}"]
    biblatex, _ = convert(src, "biblatex")
    assert bib_fields(biblatex, "date") == ["{1985/1986}"]
    item = json.loads(convert(src, "csljson")[0])[0]
    assert item["issued"] == {"date-parts": [[1985], [1986]]}
    if bibtex_tools.BIBTEX:
        bad = bibtex_tools.run_bibtex(bib, "plain", tmp_path / "bibtex")
        assert not [ln for ln in bad if "year" in ln], bad
        log = (tmp_path / "bibtex" / "doc.blg").read_text(errors="replace")
        assert "empty year" not in log
    if bibtex_tools.BIBER:
        (tmp_path / "l.bib").write_text(biblatex, encoding="utf-8")
        proc = subprocess.run([bibtex_tools.BIBER, "--tool", "--validate-datamodel", "--output-file",
                               str(tmp_path / "o.bib"), str(tmp_path / "l.bib")],
                              capture_output=True, text=True, cwd=tmp_path, timeout=600)
        assert "Missing mandatory field" not in proc.stdout + proc.stderr, proc.stdout


def test_year_range_ris_date_reads_back_whole(tmp_path):
    """RIS ``DA`` has no place for a second year: ``1985-1986`` is written as PubMed gives it (Zotero
    keeps it whole; from ``1985///-1986`` it kept only 1985, and so did our own reader), and ``PY`` holds
    the first year, the four digits every RIS reader expects."""
    ris, _ = convert(_year_range_record(tmp_path), "ris")
    assert (ris_values(ris, "PY"), ris_values(ris, "DA")) == (["1985"], ["1985-1986"])
    (tmp_path / "r.ris").write_text(ris, encoding="utf-8")
    item = json.loads(convert(tmp_path / "r.ris", "csljson")[0])[0]
    assert item["issued"] == {"date-parts": [[1985], [1986]]}


# --------------------------------------------------------------------------- item 10: author lines
def test_abstract_text_group_with_email():
    """``…; ACMG Secondary Findings Working Group. Electronic address: documents@acmg.net.``:
    14 persons and the group (its name with the e-mail, as PubMed's CollectiveName has it)."""
    src = FIXTURES / "pubmed-text" / "acmg-group-email.txt"
    out, err = convert(src, "csljson")
    item = json.loads(out)[0]
    assert len(item["author"]) == 15
    assert item["author"][0] == {"family": "Miller", "given": "D. T."}
    assert item["author"][-1] == {"literal": "ACMG Secondary Findings Working Group. "
                                             "Electronic address: documents@acmg.net"}
    assert "abstract" not in item  # main read the author line as the abstract
    assert "warning" not in err


def test_group_email_with_marker():
    """The issue's line: the group keeps its affiliation marker."""
    from medbib.format.pubmed_text.people import looks_like_author_list, parse_people

    line = ("Rehder C(1), Bean LJH(2); ACMG Laboratory Quality Assurance Committee. "
            "Electronic address: documents@acmg.net(7).")
    assert looks_like_author_list(line)
    people = parse_people(line)
    assert people[-1].literal == "ACMG Laboratory Quality Assurance Committee. Electronic address: documents@acmg.net"
    assert [i.value for i in people[-1].identifiers] == ["7"]


def test_unreadable_author_line_is_kept_and_reported(tmp_path):
    """An author line the reader cannot make sense of: a warning naming the record, the text in
    extra (CSL-JSON ``custom``), nothing read as the abstract."""
    src = tmp_path / "broken.txt"
    text = (FIXTURES / "pubmed-text" / "acmg-group-email.txt").read_text()
    src.write_text(text.replace("Electronic address: ", "Electronic address: see: "))
    out, err = convert(src, "csljson")
    assert "author line not understood" in err and "PMID 35802134" in err
    item = json.loads(out)[0]
    assert "abstract" not in item
    assert "Miller DT, Lee K" in json.dumps(item["custom"])
