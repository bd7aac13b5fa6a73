"""Corpus: every record of every ../shared/corpus input (formats whose reader is registered)
written as BibTeX and BibLaTeX, re-read by bibtexparser, medbib, bibtex, biber and pandoc; and
Zotero's BibTeX import cases read by our reader (tests/zotero.py compare).

Skipped when ../shared/corpus is absent; tool checks skip when the tool is missing.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import bibtexparser
import pytest
from bibtex_tools import BIBER, BIBTEX, INSTALL_HINT, pandoc_available, pandoc_items, run_biber, run_bibtex
from conftest import CORPUS
from zotero import compare

import medbib
from medbib.core.errors import MedbibError
from medbib.format.bibtex.ascii import exact
from medbib.format.bibtex.escape import strip_controls
from medbib.format.bibtex.latex import collapse
from medbib.format.bibtex.rules import BIBLATEX_INVALID, DEFAULT_WRITE_TYPE, WRITE_TYPES
from medbib.plugins.contexts import WriteOptions
from medbib.plugins.registry import registry

pytestmark = [pytest.mark.corpus, pytest.mark.skipif(CORPUS is None, reason="../shared/corpus not present")]

# corpus folder -> reader name
FOLDERS = {
    "pubmed-xml": "pubmed-xml",
    "medline": "medline",
    "pubmed-text": "pubmed-text",
    "zotero/pubmed-xml": "pubmed-xml",
    "zotero/medline-nbib": "medline",
    "zotero/ris": "ris",
    "zotero/csl-json": "csljson",
    "zotero/bibtex": "bibtex",
}


def _inputs() -> list[tuple[Path, str]]:
    out = []
    for folder, fmt in FOLDERS.items():
        if fmt not in registry.readers:
            continue
        for p in sorted((CORPUS / folder).glob("*")):
            if p.is_file() and ".expected." not in p.name:
                out.append((p, fmt))
    return out


def norm(text: str | None) -> str | None:
    """What BibTeX can hold: control characters (U+0000-001F, 007F-009F) dropped, ASCII space runs
    collapsed per line."""
    if not text:
        return None
    return "\n".join(collapse(strip_controls(line)) for line in text.split("\n")) or None


@pytest.fixture(scope="module")
def corpus_records():
    if CORPUS is None:
        pytest.skip("../shared/corpus not present")
    recs, per_file = [], {}
    for path, fmt in _inputs():
        try:
            got = list(medbib.read(path, fmt))
        except MedbibError as exc:  # a reader-level failure of someone else's reader: counted, not ours
            per_file[str(path.relative_to(CORPUS))] = f"unreadable: {exc}"
            continue
        per_file[str(path.relative_to(CORPUS))] = len(got)
        recs.extend(got)
    print("\nrecords read per corpus file:", json.dumps(per_file, indent=1))
    assert recs
    return recs


@pytest.fixture(scope="module")
def outputs(corpus_records):
    return {(fmt, ascii): medbib.write(corpus_records, fmt, options=WriteOptions(ascii=ascii))
            for fmt in ("bibtex", "biblatex") for ascii in (False, True)}


def nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text) if text else text


def _exact_in_ascii(text: str | None) -> bool:
    """Whether --ascii writes every character of ``text`` exactly (ascii.py's first kind)."""
    return exact(text or "")


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii", [False, True])
def test_corpus_rereads_exactly(corpus_records, outputs, fmt, ascii):
    text = outputs[(fmt, ascii)]
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks and len(lib.entries) == len(corpus_records)
    back = list(medbib.read(text.encode("utf-8"), "bibtex"))
    assert len(back) == len(corpus_records)
    for rec, b in zip(corpus_records, back):
        journal = rec.container_title or (rec.journal_abbrev or rec.journal_iso_abbrev
                                          if rec.type == "article-journal" else None)
        if rec.type in ("book", "report", "thesis"):
            journal = None  # no container field there (reported as a loss)
        # BibLaTeX volume is split into integer + issue; the space before "(" may not come back
        # (a volume not starting with a number goes to issue and is reported lost)
        vol = (lambda v: v and v[:1].isdigit() and v.replace(" ", "") or None) if fmt == "biblatex" else (
            lambda v: v)
        # fields biber's data model does not allow for the entry type are dropped (and reported)
        etype = WRITE_TYPES.get(rec.type, DEFAULT_WRITE_TYPE)[1]
        invalid = BIBLATEX_INVALID.get(etype, frozenset()) if fmt == "biblatex" else frozenset()
        pages = rec.pages or (rec.article_number if fmt == "bibtex" else None)
        # --ascii writes some characters as an equivalent or an approximation (ascii.py; the
        # approximations are named in a warning): text holding one is not compared character for character
        same = (lambda ours, theirs: _exact_in_ascii(theirs) is False or nfc(ours) == nfc(theirs)) if ascii else (
            lambda ours, theirs: ours == theirs)
        assert (b.doi, b.pmid) == (rec.doi, rec.pmid)
        assert same(b.title, norm(rec.title)) and same(b.container_title, norm(journal)), rec.pmid
        if "volume" not in invalid:
            assert vol(b.volume) == vol(norm(rec.volume)), rec.pmid
        if "pages" not in invalid:
            # BibTeX has no eid: an article number without pages goes to pages (mapping.md §1)
            assert b.pages == pages, rec.pmid
        if fmt == "biblatex" and "eid" not in invalid:
            # eid holds an article number beside real pages; one that is the pages already is written
            # once, in pages (biblatex's styles print both fields)
            assert b.article_number == (rec.article_number if rec.article_number != rec.pages else None)
        assert len(b.authors) == len(rec.authors), rec.pmid
        assert same(b.abstract_text, norm(rec.abstract_text)), rec.pmid
        assert b.issued is None or rec.issued is None or b.issued.year == rec.issued.year


@pytest.mark.tools
@pytest.mark.skipif(BIBTEX is None, reason=f"TeX's bibtex not installed ({INSTALL_HINT})")
@pytest.mark.parametrize("style", ["plain", "unsrt"])
def test_corpus_bibtex_accepts(outputs, tmp_path, style):
    for ascii in (False, True):
        assert run_bibtex(outputs[("bibtex", ascii)], style, tmp_path / str(ascii)) == []


@pytest.mark.tools
@pytest.mark.skipif(BIBER is None, reason=f"biber not installed ({INSTALL_HINT})")
def test_corpus_biber_validates(outputs, tmp_path):
    assert run_biber(outputs[("biblatex", False)], tmp_path) == []


@pytest.mark.tools
@pytest.mark.skipif(not pandoc_available(), reason="pandoc not available (pip install pypandoc-binary)")
@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
def test_corpus_pandoc_reads_all(corpus_records, outputs, fmt):
    items = pandoc_items(outputs[(fmt, False)])
    assert len(items) == len(corpus_records)
    with_doi = [r for r in corpus_records if r.doi]
    dois = {i.get("DOI") for i in items}
    assert sum(r.doi in dois for r in with_doi) == len(with_doi)
    titled = sum(1 for i in items if i.get("title"))
    assert titled == sum(1 for r in corpus_records if r.title)


# --------------------------------------------------------------------------- Zotero's BibTeX import cases
# (case, entry index) -> fields where we deliberately differ from Zotero, with the reason
DELIBERATE = {
    ("003", 0): {"creators": "we apply crossref (editors inherited from the proceedings)",
                 "pages": "pages normalised to a hyphen range (330—331 -> 330-331)"},
    ("006", 0): {"title": "a lone \\~ is a combining tilde in LaTeX; Zotero guesses the ∼ operator"},
    ("007", 0): {"title": "title is plain text; italics/bold/small caps are kept in title_markup",
                 "publicationTitle": "math superscript kept as text (^) in the plain field"},
    ("008", 0): {"creators": "BibTeX name rule: lowercase 'at' is a von part (family 'at Work')"},
    ("009", 5): {"title": "a missing comma between fields: bibtexparser reads one value, Zotero guesses"},
    ("010", 0): {"title": "a value with a doubled backslash before a brace: TeX reads it as a line break"},
    ("018", 0): {"creators": "BibTeX name rule: lowercase 'for' is a von part"},
    ("019", 0): {"title": "TEL---book: --- is an em dash in TeX; Zotero maps TEL to ℡",
                 "creators": "@string with \\\\' (escaped backslash): TeX reads a line break, not an accent",
                 "publisher": "same doubled backslash; $_{eee}$ is kept as plain text"},
    ("022", 0): {"creators": "\\textquotesingle eats the following space as every TeX macro does"},
    ("023", 0): {"title": "math ^{0} kept as ^0 in plain text (Zotero writes Unicode superscripts)"},
}


def _zotero_cases():
    if CORPUS is None:
        return []
    return sorted((CORPUS / "zotero" / "bibtex").glob("*.input.bib"))


@pytest.mark.parametrize("path", _zotero_cases(), ids=lambda p: p.name[:3])
def test_zotero_bibtex_import_cases(path):
    expected = json.loads(path.with_name(path.name.replace(".input.bib", ".expected.json")).read_text())
    recs = list(medbib.read(path, "bibtex"))
    assert len(recs) == len(expected)
    case = path.name[:3]
    for i, (rec, item) in enumerate(zip(recs, expected)):
        diffs = compare(rec, item)
        allowed = DELIBERATE.get((case, i), {})
        assert set(diffs) <= set(allowed), {k: v for k, v in diffs.items() if k not in allowed}
