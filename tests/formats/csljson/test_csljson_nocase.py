"""CSL-JSON case protection (issue 16, item 7): what BibTeX braces goes into ``<span class="nocase">``.

A title-case style (Chicago, or any ``text-case="title"``) capitalises every lowercase word:
``<i>Propionibacterium acnes</i>`` became "Propionibacterium Acnes". The writer protects italic runs
(species) and words with inner capitals (``mRNA``, ``HIV``) as BibTeX does with braces; the reader
takes the spans out again. Checked on a real record with citeproc-py rendering a title-case style,
and against the CSL schema.
"""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
from conftest import ROOT

import medbib

RECORD = "pubmed-xml/people.xml"  # PMID 32025781: <b><i>Propionibacterium acnes</i></b> Host Inflammatory…
TITLE_CASE_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0" default-locale="en-US">
  <info><title>Titles in title case</title><id>medbib-title-case</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text variable="title" text-case="title"/></layout></bibliography>
</style>
"""


def _items(fixtures_dir) -> list[dict]:  # type: ignore[no-untyped-def]
    out = subprocess.run([sys.executable, "-m", "medbib", "convert", str(fixtures_dir / RECORD), "--to", "csljson"],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_species_in_italics_is_protected(fixtures_dir):
    item = next(i for i in _items(fixtures_dir) if i["PMID"] == "32025781")
    assert item["title"].startswith('<b><i><span class="nocase">Propionibacterium acnes</span></i></b> ')


@pytest.mark.filterwarnings("ignore:The following arguments for Reference are unsupported")
def test_title_case_style_keeps_the_species(fixtures_dir, tmp_path):
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = [i for i in _items(fixtures_dir) if i["PMID"] == "32025781"]
    style_file = tmp_path / "title-case.csl"
    style_file.write_text(TITLE_CASE_STYLE, encoding="utf-8")
    bib = CitationStylesBibliography(CitationStylesStyle(str(style_file), validate=False), CiteProcJSON(items),
                                     formatter.plain)
    bib.register(Citation([CitationItem(items[0]["id"])]))
    text = " ".join(str(bib.bibliography()[0]).split())
    assert "Propionibacterium acnes" in text and "Host Inflammatory" in text


def test_words_with_inner_capitals_are_protected():
    rec = medbib.Record(title="Smoking in the UK: mRNA of a McDonald study")
    (item,) = json.loads(medbib.write([rec], "csljson"))
    assert item["title"] == ('Smoking in the <span class="nocase">UK</span>: <span class="nocase">mRNA</span> '
                             'of a <span class="nocase">McDonald</span> study')
    (back,) = medbib.read(json.dumps([item]).encode(), "csljson")
    assert (back.title, back.title_markup) == (rec.title, None)


def test_reader_takes_the_spans_out(fixtures_dir):
    records = list(medbib.read(fixtures_dir / RECORD))
    back = list(medbib.read(json.dumps(_items(fixtures_dir)).encode(), "csljson"))
    assert [(b.title, b.title_markup) for b in back] == [(r.title, r.title_markup) for r in records]
    assert all("span" not in (b.title or "") for b in back)


def test_small_caps_span_reads_as_markup():
    (rec,) = medbib.read(json.dumps([{"id": "x", "type": "book", "title":
                                       'A <span style="font-variant:small-caps;">Latin</span> word'}]).encode(), "csljson")
    assert (rec.title, rec.title_markup) == ("A Latin word", "A <sc>Latin</sc> word")


def test_protected_titles_are_valid_csl(fixtures_dir):
    schema = json.loads((ROOT / "tests" / "data" / "csl-data.json").read_text(encoding="utf-8"))
    jsonschema.validate(_items(fixtures_dir), schema)
