"""BibTeX markup in forms both LaTeX and Zotero read (issue 16, item 4), on real records.

Zotero's BibTeX import turns ``\\textit{}`` into ``<i>`` and ``$_{…}$`` / ``$^{…}$`` into subscripts
and superscripts, but leaves ``\\textsubscript{2}``, ``\\textsuperscript``, ``\\emph`` and
``\\textasciitilde`` as text, and its abstract is plain text. So titles use ``\\textit``/``\\textbf``/
``\\textsc`` and ``$_{\\textrm{…}}$``, abstracts are plain text, a tilde is ``\\~{}``. With Zotero's
own import code (../shared/zotero, where node is installed) the test also checks what Zotero shows:
no LaTeX command in a title or an abstract, no tag in an abstract.
"""

from __future__ import annotations

import re
import subprocess
import sys

import bibtexparser
import pytest
from zotero import start_oracle, zotero_items

import medbib

FILES = ["pubmed-xml/markup.xml", "pubmed-xml/journal-article.xml"]  # sub/sup/i in titles and abstracts
UNREAD_BY_ZOTERO = re.compile(r"\\(textsubscript|textsuperscript|emph|textasciitilde|textasciicircum)\b")
LATEX_COMMAND = re.compile(r"\\[A-Za-z]+")
ZOTERO_TITLE_TAGS = re.compile(r"</?(i|b|sub|sup)>|<span style=\"[^\"]*\">|</span>")


def _bib(path, to: str = "bibtex") -> str:  # type: ignore[no-untyped-def]
    return subprocess.run([sys.executable, "-m", "medbib", "convert", str(path), "--to", to],
                          capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
@pytest.mark.parametrize("name", FILES)
def test_no_markup_zotero_cannot_read(fixtures_dir, name, to):
    text = _bib(fixtures_dir / name, to)
    assert not UNREAD_BY_ZOTERO.search(text)
    for entry in bibtexparser.parse_string(text).entries:
        abstract = entry.fields_dict["abstract"].value if "abstract" in entry.fields_dict else ""
        assert not re.search(r"\\text(it|bf|sc)\b|\$", abstract), entry.key  # plain text


@pytest.mark.parametrize("name", FILES)
def test_markup_forms_read_back(fixtures_dir, name):
    records = list(medbib.read(fixtures_dir / name))
    back = list(medbib.read(_bib(fixtures_dir / name).encode(), "bibtex"))
    assert [b.title for b in back] == [r.title for r in records]
    assert [b.title_markup for b in back] == [r.title_markup for r in records]
    assert [b.abstract_text for b in back] == [r.abstract_text for r in records]


def test_title_scripts_as_math_and_tilde():
    rec = medbib.Record(title="Na+ and CO2 at ~5 K", title_markup="Na<sup>+</sup> and CO<sub>2</sub> at ~5 K")
    (entry,) = bibtexparser.parse_string(medbib.write([rec], "bibtex")).entries
    assert entry.fields_dict["title"].value == "Na$^{\\textrm{+}}$ and {CO}$_{\\textrm{2}}$ at \\~{}5 K"


@pytest.mark.parametrize("name", FILES)
def test_zotero_shows_no_latex_and_no_tags_in_abstracts(fixtures_dir, tmp_path, name):
    oracle, why = start_oracle()
    if oracle is None:
        pytest.skip(why)
    out = tmp_path / "out.bib"
    out.write_text(_bib(fixtures_dir / name), encoding="utf-8")
    items = zotero_items(oracle, out)
    assert len(items) == len(list(medbib.read(fixtures_dir / name)))
    for item in items:
        title, abstract = item.get("title", ""), item.get("abstractNote", "")
        assert not LATEX_COMMAND.search(title) and not LATEX_COMMAND.search(abstract), item.get("title")
        assert not re.search(r"<[^>]+>", ZOTERO_TITLE_TAGS.sub("", title)), title
        assert not re.search(r"<[^>]+>", abstract), abstract[:200]
