"""Curation as users run it (issue 18 items 10–12): --dedupe, --drop/--only, --journal, on the
command line (a subprocess) and through the documented API calls."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES

import medbib

NBIB = FIXTURES / "medline" / "pairs" / "38534005.nbib"  # the same article as XML below
XML = FIXTURES / "pubmed-xml" / "journal-article.xml"
TEXT = FIXTURES / "pubmed-text" / "seed-33204024.txt"  # Abstract (text): the journal only abbreviated
LINKED = FIXTURES / "medline" / "blachlylab-excerpt.nbib"  # Epub dates, "Comment in:" links


def medbib_cli(*args, cwd=None):
    exe = shutil.which("medbib", path=os.path.dirname(sys.executable))
    cmd = [exe] if exe else [sys.executable, "-m", "medbib"]
    return subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, timeout=120, cwd=cwd)


# --------------------------------------------------------------------------- 18.10 --dedupe
def test_without_dedupe_both_copies_are_written_and_the_duplicate_counted():
    proc = medbib_cli("convert", NBIB, XML, "-t", "bibtex")
    assert proc.returncode == 0, proc.stderr
    assert "@article{kouri2024eflm," in proc.stdout and "@article{kouri2024eflma," in proc.stdout
    assert "1 duplicate PMID" in proc.stderr


def test_dedupe_merges_the_same_pmid_from_two_exports_keeping_the_most_complete():
    proc = medbib_cli("convert", NBIB, XML, "-t", "bibtex", "--dedupe")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("@article{") == 1 and "kouri2024eflma" not in proc.stdout
    # one line per merge: the key, the kept record (the XML one: ORCIDs, affiliations…), the merged one
    lines = [line for line in proc.stderr.splitlines() if line.startswith("duplicate PMID 38534005")]
    assert len(lines) == 1
    assert f"kept {XML} record 1, merged {NBIB} record 1 into it" in lines[0]
    assert f"{NBIB} [medline]: 1 read, 0 written, 0 skipped, 1 merged into a duplicate" in proc.stderr
    assert "total: 2 read, 1 written, 0 skipped, 1 merged" in proc.stderr


def test_dedupe_fills_empty_fields_of_the_kept_record_from_the_others():
    proc = medbib_cli("convert", NBIB, XML, "-t", "csljson", "--dedupe")
    [item] = json.loads(proc.stdout)
    assert item["source"].startswith("Clin Chem Lab Med. 2024")  # the MEDLINE SO line: XML has none
    assert any(a.get("family") == "Kouri" for a in item["author"])
    assert "(filled: source" in proc.stderr


def _csl(tmp_path, name, items):
    path = tmp_path / name
    path.write_text(json.dumps(items), encoding="utf-8")
    return path


def test_dedupe_by_doi_when_there_is_no_pmid(tmp_path):
    a = _csl(tmp_path, "a.json", [{"id": "a", "type": "article-journal", "title": "One", "DOI": "10.1000/ABC"},
                                  {"id": "b", "type": "article-journal", "title": "Other", "DOI": "10.1000/xyz"}])
    b = _csl(tmp_path, "b.json", [{"id": "c", "type": "article-journal", "title": "One", "volume": "3",
                                   "DOI": "https://doi.org/10.1000/abc"}])
    proc = medbib_cli("convert", a, b, "-t", "csljson", "--dedupe")
    assert proc.returncode == 0, proc.stderr
    items = json.loads(proc.stdout)
    assert [i["title"] for i in items] == ["One", "Other"]
    assert items[0]["volume"] == "3"  # b's record had more fields: kept (with a's key filled in)
    assert f"duplicate DOI 10.1000/abc: kept {b} record 1, merged {a} record 1 into it" in proc.stderr


def test_different_pmids_sharing_a_doi_stay_apart(tmp_path):
    a = _csl(tmp_path, "a.json", [{"id": "a", "type": "article-journal", "PMID": "1", "DOI": "10.1/x"},
                                  {"id": "b", "type": "article-journal", "PMID": "2", "DOI": "10.1/x"}])
    proc = medbib_cli("convert", a, "-t", "csljson", "--dedupe")
    assert len(json.loads(proc.stdout)) == 2 and "duplicate" not in proc.stderr


def test_dedupe_with_an_output_directory_works_per_file(tmp_path):
    twice = tmp_path / "twice.nbib"
    twice.write_bytes(NBIB.read_bytes() + b"\r\n" + NBIB.read_bytes())
    proc = medbib_cli("convert", twice, XML, "-t", "csljson", "-o", f"{tmp_path / 'out'}/", "--dedupe")
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads((tmp_path / "out" / "twice.json").read_text())) == 1
    assert len(json.loads((tmp_path / "out" / "journal-article.json").read_text())) == 1  # not merged across files
    assert f"duplicate PMID 38534005: kept {twice} record 1, merged {twice} record 2 into it" in proc.stderr
    assert "1 merged into a duplicate" in proc.stderr


def test_api_convert_dedupe(tmp_path):
    summary = medbib.convert([NBIB, XML], to="ris", output=tmp_path / "one.ris", dedupe=True)
    assert (summary.read, summary.written) == (2, 1)
    assert [f.merged for f in summary.files] == [1, 0]
    assert [m.line() for m in summary.merges][0].startswith("duplicate PMID 38534005: kept")
    assert (tmp_path / "one.ris").read_text().count("ER  - ") == 1


# --------------------------------------------------------------------------- 18.11 --drop / --only
DROPPED = {  # what --drop abstract,keywords,mesh,issn removes, per writer
    "bibtex": ("abstract", "keywords", "issn"),
    "biblatex": ("abstract", "keywords", "issn"),
    "ris": ("AB", "KW", "SN"),
    "csljson": ("abstract", "keyword", "ISSN"),
}


def _fields(writer, text):
    if writer == "csljson":
        return {k for item in json.loads(text) for k in item}
    if writer == "ris":
        return {line[:2] for line in text.splitlines() if line[2:6] == "  - "}
    return {line.split("=")[0].strip() for line in text.splitlines() if "=" in line and line.startswith("  ")}


@pytest.mark.parametrize("writer", sorted(DROPPED))
def test_drop_removes_fields_in_every_writer(writer):
    before = medbib_cli("convert", XML, "-t", writer)
    after = medbib_cli("convert", XML, "-t", writer, "--drop", "abstract,keywords,mesh,issn")
    assert after.returncode == 0, after.stderr
    for name in DROPPED[writer]:
        assert name in _fields(writer, before.stdout)
        assert name not in _fields(writer, after.stdout)
    assert "Urinalysis Guideline" in after.stdout  # the rest is there


def test_drop_the_note_parts_plainnat_prints():
    """Epub date and "Comment in:" links are BibTeX's note; dropping them (and notes) leaves no note."""
    before = medbib_cli("convert", LINKED, "-t", "bibtex").stdout
    assert "Comment in:" in before and "Epub" in before
    after = medbib_cli("convert", LINKED, "-t", "bibtex", "--drop", "epub,links,notes,publication_status").stdout
    assert "note " not in after and "Comment in" not in after


def test_only_keeps_the_named_fields_with_type_and_key():
    proc = medbib_cli("convert", XML, "-t", "csljson", "--only", "title,authors")
    assert proc.returncode == 0, proc.stderr
    [item] = json.loads(proc.stdout)
    assert set(item) == {"id", "type", "title", "author", "custom"}
    assert set(item["custom"]) == {"authors_extra"}  # the authors' ORCIDs and affiliations are part of them


@pytest.mark.parametrize("args", [["--drop", "abstrakt"], ["--only", "title,jornal"]])
def test_unknown_field_is_a_usage_error_listing_the_valid_ones(tmp_path, args):
    out = tmp_path / "x.ris"
    proc = medbib_cli("convert", XML, "-o", out, *args)
    assert proc.returncode == 2
    assert "unknown field" in proc.stderr and "valid: abstract, article_number, authors" in proc.stderr
    assert "issn" in proc.stderr and "mesh" in proc.stderr
    assert not out.exists()


def test_drop_and_only_together_is_a_usage_error():
    proc = medbib_cli("convert", XML, "-t", "ris", "--drop", "abstract", "--only", "title")
    assert proc.returncode == 2 and "cannot be used together" in proc.stderr


def test_api_write_and_convert_drop_and_only(tmp_path):
    records = list(medbib.read(XML))
    text = medbib.write(records, "ris", drop=["abstract", "mesh"])
    assert "AB  - " not in text and "TI  - " in text
    assert records[0].abstract and records[0].mesh  # the caller's records are left alone
    summary = medbib.convert([XML], to="csljson", output=tmp_path / "o.json", only="title")
    assert summary.written == 1
    assert set(json.loads((tmp_path / "o.json").read_text())[0]) == {"id", "type", "title"}
    with pytest.raises(medbib.UsageError, match="unknown field 'abstrct'"):
        medbib.write(records, "ris", drop="abstrct")


# --------------------------------------------------------------------------- 18.12 --journal
JOURNAL = {  # what the XML record's journal becomes, by form
    "full": "Clinical chemistry and laboratory medicine",
    "abbrev": "Clin Chem Lab Med",
    "iso": "Clin. Chem. Lab. Med.",
}
MAIN_FIELD = {"bibtex": r"journal\s*= \{(.*)\}", "biblatex": r"journaltitle\s*= \{(.*)\}", "ris": r"T2  - (.*)"}


@pytest.mark.parametrize("form", sorted(JOURNAL))
@pytest.mark.parametrize("writer", ["bibtex", "biblatex", "ris", "csljson"])
def test_journal_form_in_every_writer(form, writer):
    import re

    proc = medbib_cli("convert", XML, "-t", writer, "--journal", form)
    assert proc.returncode == 0, proc.stderr
    if writer == "csljson":
        item = json.loads(proc.stdout)[0]
        assert item["container-title"] == JOURNAL[form]
        assert item["container-title-short"] == "Clin Chem Lab Med"  # the NLM abbreviation stays the short form
    else:
        assert re.search(MAIN_FIELD[writer], proc.stdout).group(1) == JOURNAL[form]
    assert "warning" not in proc.stderr


def test_journal_iso_uses_a_dotted_iso_abbreviation_as_given():
    proc = medbib_cli("convert", FIXTURES / "pubmed-xml" / "dates-titles.xml", "-t", "ris", "--journal", "iso")
    assert "T2  - Ann. Surg. Oncol." in proc.stdout


def test_journal_full_from_abstract_text_falls_back_with_one_counted_warning(tmp_path):
    proc = medbib_cli("convert", TEXT, FIXTURES / "pubmed-text" / "legacy-2020-excerpt.txt", XML, "-t", "ris",
                      "--journal", "full")
    assert proc.returncode == 0, proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("warning: --journal full")]
    assert len(warnings) == 1
    assert "had no full title; the abbreviation was written" in warnings[0]
    assert "T2  - Br J Cancer" in proc.stdout and "T2  - Clinical chemistry and laboratory medicine" in proc.stdout
    strict = medbib_cli("convert", TEXT, "-o", tmp_path / "s.ris", "--journal", "full", "--strict")
    assert strict.returncode == 1 and "no full title" in strict.stderr
    assert not (tmp_path / "s.ris").exists()


def test_journal_unknown_form_is_a_usage_error():
    proc = medbib_cli("convert", XML, "-t", "ris", "--journal", "short")
    assert proc.returncode == 2 and "valid: full, abbrev, iso" in proc.stderr


def test_api_convert_journal(tmp_path):
    medbib.convert([XML], to="bibtex", output=tmp_path / "j.bib", journal="iso")
    assert "journal     = {Clin. Chem. Lab. Med.}" in (tmp_path / "j.bib").read_text()
    assert "journal     = {Clin Chem Lab Med}" in medbib.write(medbib.read(XML), "bibtex", journal="abbrev")


def test_iso_abbreviation_made_from_the_nlm_one_matches_the_dotted_iso_given():
    """Where PubMed XML gives a dotted ISOAbbreviation, the one --journal iso makes from MedlineTA
    and the title (for records without it) is the same."""
    from medbib.pipeline.curate import iso_from

    checked = [(iso_from(r.journal_abbrev, r.container_title), r.journal_iso_abbrev)
               for path in sorted((FIXTURES / "pubmed-xml").glob("*.xml*")) for r in medbib.read(path)
               if r.journal_iso_abbrev and "." in r.journal_iso_abbrev]
    assert checked and all(made == given for made, given in checked)
    assert iso_from("Br J Cancer", "British journal of cancer") == "Br. J. Cancer"
    assert iso_from("Cell Mol Life Sci", "Cellular and molecular life sciences : CMLS") == "Cell. Mol. Life Sci."
    assert iso_from("J Med Imaging (Bellingham)", "Journal of medical imaging (Bellingham, Wash.)") == \
        "J. Med. Imaging (Bellingham)"
    assert iso_from("PLoS One", "PloS one") == "PLoS One"
