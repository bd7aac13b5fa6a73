"""Preprints (issue 16, item 3): what keeps the server, its ISSN and the DOI in Zotero.

Zotero imports a BibTeX @misc as a "document" (no DOI, no ISSN) and an @online as a web page; its
CSL-JSON import makes CSL's ``article`` a "preprint" item, which has no journal and no ISSN. So a
preprint is written as a journal article in its server: BibTeX/BibLaTeX ``@article`` with
``pubstate = {prepublished}``, CSL-JSON ``article-journal`` with ``genre: preprint``; RIS keeps
``EJOUR`` (Zotero reads it as a journal article with T2 and SN). Every reader of medbib reads them
back as preprints. The record is real: a bioRxiv preprint from a MEDLINE export (fixtures).
"""

from __future__ import annotations

import json
import subprocess
import sys

import bibtexparser
import pytest
from bibtex_tools import BIBER, INSTALL_HINT, pandoc_available, pandoc_items, run_biber
from zotero import start_oracle, zotero_items

import medbib
from medbib.core.vocabulary import PREPRINT

PREPRINT_FILE = "medline/ruipintovascheck-preprint.nbib"
SERVER = "bioRxiv : the preprint server for biology"
DOI = "10.1101/2023.02.02.526859"


def _convert(fixtures_dir, to: str) -> str:  # type: ignore[no-untyped-def]
    proc = subprocess.run([sys.executable, "-m", "medbib", "convert", str(fixtures_dir / PREPRINT_FILE), "--to", to],
                          capture_output=True, text=True, check=True)
    return proc.stdout


@pytest.mark.parametrize("to,journal", [("bibtex", "journal"), ("biblatex", "journaltitle")])
def test_bibtex_preprint_is_an_article_in_its_server(fixtures_dir, to, journal):
    (entry,) = bibtexparser.parse_string(_convert(fixtures_dir, to)).entries
    fields = {f.key: f.value for f in entry.fields}
    assert entry.entry_type == "article"
    assert fields[journal] == SERVER
    assert fields["issn"] == "2692-8205" and fields["doi"] == DOI
    assert fields["pubstate"] == "prepublished"


def test_csljson_preprint_is_a_journal_article_with_genre(fixtures_dir):
    (item,) = json.loads(_convert(fixtures_dir, "csljson"))
    assert (item["type"], item["genre"]) == ("article-journal", "preprint")
    assert (item["container-title"], item["ISSN"], item["DOI"]) == (SERVER, "2692-8205", DOI)


@pytest.mark.parametrize("to", ["bibtex", "biblatex", "csljson", "ris"])
def test_preprint_reads_back_as_a_preprint(fixtures_dir, to):
    (rec,) = medbib.read(_convert(fixtures_dir, to).encode(), "bibtex" if to == "biblatex" else to)
    assert rec.type == PREPRINT
    assert (rec.container_title, rec.issns, rec.doi) == (SERVER, ["2692-8205"], DOI)


@pytest.mark.tools
@pytest.mark.skipif(BIBER is None, reason=f"biber not installed ({INSTALL_HINT})")
def test_biblatex_preprint_validates(fixtures_dir, tmp_path):
    assert run_biber(_convert(fixtures_dir, "biblatex"), tmp_path) == []


@pytest.mark.tools
@pytest.mark.skipif(not pandoc_available(), reason="pandoc not available (pip install pypandoc-binary)")
@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_pandoc_reads_the_server_and_doi(fixtures_dir, to):
    (item,) = pandoc_items(_convert(fixtures_dir, to))
    assert (item["container-title"], item["DOI"]) == (SERVER, DOI)


@pytest.mark.tools
@pytest.mark.parametrize("to,suffix", [("bibtex", ".bib"), ("biblatex", ".bib"), ("csljson", ".json"), ("ris", ".ris")])
def test_zotero_keeps_server_issn_and_doi(fixtures_dir, tmp_path, to, suffix):
    oracle, why = start_oracle()
    if oracle is None:
        pytest.skip(why)
    out = tmp_path / ("out" + suffix)
    out.write_text(_convert(fixtures_dir, to), encoding="utf-8")
    (item,) = zotero_items(oracle, out)
    assert item["itemType"] == "journalArticle"
    assert (item["publicationTitle"], item["ISSN"], item["DOI"]) == (SERVER, "2692-8205", DOI)
