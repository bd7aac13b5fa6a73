"""The first-run experience: inspect, --report, typo hints, and every fixture kind converting."""

import json

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from medbib.cli import app
from medbib.plugins.registry import registry

FIX = ROOT / "fixtures"
runner = CliRunner()

KINDS = {
    "pubmed-text": FIX / "pubmed-text" / "seed-33204024.txt",
    "medline": FIX / "medline" / "blachlylab-excerpt.nbib",
    "pubmed-xml": FIX / "pubmed-xml" / "journal-article.xml",
    "pubmed-xml (gz)": FIX / "pubmed-xml" / "baseline-excerpt.xml.gz",
    "csljson": FIX / "csljson" / "beckham2021.json",
    "ris": FIX / "ris" / "tolerant.ris",
}


def run(*args):
    res = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output
    return res


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("to", sorted(registry.writers))
def test_every_fixture_kind_converts_to_every_writer(kind, to, tmp_path):
    out = tmp_path / "out"
    res = run("convert", KINDS[kind], "-t", to, "-o", out)
    assert out.stat().st_size > 0
    if kind == "ris":  # tolerant.ris holds one deliberately broken block (tags without TY)
        assert res.exit_code == 1 and "5 read, 4 written, 1 skipped" in res.stderr
        assert "record without TY" in res.stderr
    else:
        assert res.exit_code == 0, res.stderr
        assert " 0 skipped" in res.stderr


def test_inspect_shows_what_was_understood():
    res = run("inspect", KINDS["pubmed-text"])
    assert res.exit_code == 0
    for expected in ("Metastasis-directed therapy", "Beckham, T. H.", "PMID 33204024", "PMC7782796",
                     "10.1038/s41416-020-01128-5", "2021 Jan", "2020 Nov 18"):
        assert expected in res.stdout, expected
    assert "1 read, 0 skipped" in res.stderr


def test_inspect_json_is_the_record_model():
    res = run("inspect", KINDS["pubmed-xml"], "--json")
    assert res.exit_code == 0
    records = json.loads(res.stdout)
    assert records[0]["pmid"] == "38534005" and records[0]["authors"][0]["family"]


def test_report_lists_what_the_target_cannot_hold(tmp_path):
    report = tmp_path / "report.json"
    res = run("convert", KINDS["pubmed-xml"], "-t", "bibtex", "-o", tmp_path / "a.bib", "--report",
              "--report-json", report)
    assert res.exit_code == 0
    assert "report: 1 record checked against bibtex" in res.stderr and "no place in bibtex (lost)" in res.stderr
    data = json.loads(report.read_text())
    fields = {row["field"] for row in data["lost"]}
    # BibTeX has no field for ORCID or MeSH qualifiers as structure
    assert any("orcid" in f for f in fields)
    assert data["records_checked"] == 1
    # and CSL-JSON (with custom) carries everything
    res = run("convert", KINDS["pubmed-xml"], "-t", "csljson", "-o", tmp_path / "a.json", "--report")
    assert "every field of 1 records carried over to csljson" in res.stderr


def test_typo_in_a_format_name_suggests_the_nearest():
    res = run("convert", KINDS["medline"], "-t", "bibtx")
    assert res.exit_code == 2 and "did you mean 'bibtex'?" in res.stderr
    res = run("convert", KINDS["medline"], "-f", "medlin", "-t", "ris")
    assert res.exit_code == 2 and "did you mean 'medline'?" in res.stderr


def test_help_has_examples():
    for cmd in ("convert", "inspect"):
        res = run(cmd, "--help")
        assert res.exit_code == 0 and "Examples:" in res.stdout
