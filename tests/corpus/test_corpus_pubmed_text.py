"""The Abstract (text) reader on every file of ../shared/corpus/pubmed-text (skipped without it).

The expectations are computed from the raw file independently of the reader: PMID occurrences
are counted in the text, and each record's ``DOI:``/``PMCID:`` lines and author line are found
by simple line patterns.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import CORPUS, requires_corpus

import medbib
from medbib.format.pubmed_text import read as reader
from medbib.format.pubmed_text import sniff as sniffer
from medbib.plugins.contexts import ReadContext
from medbib.plugins.registry import registry

FILES = sorted((CORPUS / "pubmed-text").glob("*.txt")) if CORPUS else []
NAME = re.compile(r"^[^\s,.;()][^,.;()]*? [A-Z\u00c0-\u00de]{1,4}(?:\([\d#]+\))*$")


def raw_records(path: Path) -> dict[str, dict]:
    """PMID -> {doi, pmcid, first_author} read from the raw text by line patterns alone."""
    txt = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    # cut at each PMID line (also glued ones), the record's text is what precedes it
    out: dict[str, dict] = {}
    start = 0
    for m in re.finditer(r"PMID: (\d+)", txt):
        chunk = txt[start:m.start()]
        start = m.end()
        # the record begins at the last "N. " line start that is followed by a citation
        begins = list(re.finditer(r"(?:^|\n|\]|\.)\d+\. \S[^\n]*?\.\s\d{4}", chunk))
        body = chunk[begins[-1].start():] if begins else chunk
        doi = re.findall(r"^DOI: (\S+)", body, re.M)
        pmcid = re.findall(r"^PMCID: (PMC\d+)", body, re.M)
        paras = [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]
        # the author line: the block after the title (and language note), a list with names in it
        names: list[str] = []
        rest = [p for p in paras[2:] if not p.startswith("[Article in")]
        if rest:
            line = re.sub(r" (?=\(\d+\)|\.$|,)", "", " ".join(rest[0].split()))  # "Staszewski T (1), Borówko M ."
            if line.endswith(".") and ". " not in line:
                items = re.split(r", |; ", line[:-1])
                names = [re.sub(r"(\([\d#]+\))+$", "", i).rsplit(" ", 1)[0] for i in items if NAME.match(i)]
        citation = " ".join(paras[0].split()) if paras else ""
        ahead = "[Epub ahead of print]" in citation or "Online ahead of print" in citation
        out[m.group(1)] = {"doi": doi[-1] if doi else None, "pmcid": pmcid[-1] if pmcid else None,
                           "names": names, "ahead": ahead}
    return out


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_record_of_the_file(path: Path) -> None:
    expected = raw_records(path)
    occurrences = path.read_text(encoding="utf-8").count("PMID:")
    ctx = ReadContext(str(path))
    with path.open("rb") as fh:
        records = list(reader.read(fh, ctx))
    assert len(records) == occurrences == len(expected)
    assert ctx.errors == []
    assert ctx.unclassified == 0
    assert [r.pmid for r in records] == list(expected)
    for rec in records:
        exp = expected[rec.pmid]
        assert rec.title, rec.pmid
        assert rec.journal_abbrev and rec.container_title, rec.pmid
        assert rec.issued is not None and rec.issued.year and 1900 < rec.issued.year < 2100, rec.pmid
        assert rec.doi == exp["doi"] or (exp["doi"] is None and rec.doi), rec.pmid
        assert rec.pmcid == exp["pmcid"], rec.pmid
        if exp["names"]:
            families = [p.family for p in rec.authors if not p.is_group]
            assert set(exp["names"]) <= set(families), rec.pmid
        else:
            assert not any(p.affiliations for p in rec.authors), rec.pmid
        for p in rec.authors:
            assert p.is_group or (p.family and (p.given or not p.initials)), (rec.pmid, p)
        assert rec.notes == [], rec.pmid
        assert (rec.publication_status == "aheadofprint") == exp["ahead"], rec.pmid
        assert "pubmed-text:citation-unparsed" not in rec.extra, (rec.pmid, rec.extra.get("pubmed-text:citation-unparsed"))


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_corpus_file_is_detected_as_abstract_text(path: Path) -> None:
    if registry.readers.get("pubmed-text") is None:
        pytest.skip("pubmed-text entry point not installed")
    summary = medbib.FileSummary(str(path))
    n = sum(1 for _ in medbib.read(path, summary=summary))
    assert summary.format == "pubmed-text"
    assert n == summary.read and summary.unclassified == 0


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("name", ["legacy-2019-summary.txt", "new-2020-summary.txt"])
def test_summary_text_is_not_abstract_text(name: str) -> None:
    head = (CORPUS / "other-formats" / "summary-text" / name).read_bytes()[:32768]
    assert sniffer.sniff(head) is False


def _medline_files() -> list[Path]:
    if CORPUS is None:
        return []
    return sorted(p for p in (CORPUS / "medline").iterdir() if p.is_file())


@requires_corpus
@pytest.mark.corpus
def test_medline_corpus_is_not_abstract_text() -> None:
    for p in _medline_files():
        assert sniffer.sniff(p.read_bytes()[:32768]) is False, p.name


def _other_format_records() -> dict[str, list]:
    """PMID -> records read by the MEDLINE / XML / CSL-JSON readers, where installed."""
    from conftest import FIXTURES

    found: dict[str, list] = {}
    dirs = [(FIXTURES, "*")]
    if CORPUS:
        dirs += [(CORPUS / "medline", "*"), (CORPUS / "pubmed-xml", "*")]
    for fmt in ("medline", "pubmed-xml", "csljson"):
        if fmt not in registry.readers:
            continue
        for base, pattern in dirs:
            for p in sorted(base.rglob(pattern)):
                if not p.is_file() or "pubmed-text" in p.parts or p.suffix == ".md":
                    continue
                head = p.read_bytes()[:32768]
                plug = registry.readers[fmt]
                if not plug.reader.sniff(head if not head.startswith(b"\x1f\x8b") else b""):
                    continue
                try:
                    for rec in medbib.read(p, fmt):
                        if rec.pmid:
                            found.setdefault(rec.pmid, []).append((fmt, p.name, rec))
                except Exception:  # another helper's reader in progress must not fail this test
                    continue
    return found


def _at_records() -> list:
    from conftest import FIXTURES

    paths = sorted((FIXTURES / "pubmed-text").glob("*.txt"))
    paths += FILES
    out = []
    for p in paths:
        with p.open("rb") as fh:
            out.extend(reader.read(fh, ReadContext(str(p))))
    return out


def test_fields_agree_with_other_formats() -> None:
    """Where the same PMID is read from another format (fixtures or corpus), shared fields agree."""
    others = _other_format_records()
    compared = 0
    for rec in _at_records():
        for fmt, name, other in others.get(rec.pmid, []):
            compared += 1
            where = (rec.pmid, fmt, name)
            if other.title:
                assert rec.title == other.title, where
            if other.doi:
                assert (rec.doi or "").lower() == other.doi.lower(), where
            if other.pmcid:
                assert rec.pmcid == other.pmcid, where
            if other.volume:
                assert rec.volume == other.volume, where
            if other.issue:
                assert rec.issue == other.issue, where
            if other.pages:
                assert rec.pages == other.pages, where
            if other.issued and other.issued.year:
                assert (rec.issued.year, rec.issued.month) == (other.issued.year, other.issued.month), where
            if other.epub and other.epub.year:
                assert rec.epub is not None
                assert (rec.epub.year, rec.epub.month, rec.epub.day) == (
                    other.epub.year, other.epub.month, other.epub.day), where
            if other.journal_abbrev:
                assert rec.journal_abbrev == other.journal_abbrev, where
            people = [p for p in other.authors if not p.is_group]
            if people:
                mine = [p for p in rec.authors if not p.is_group]
                assert [p.family for p in mine] == [p.family for p in people], where
                if all(p.given for p in people) and fmt == "csljson":
                    assert [p.given for p in mine] == [p.given for p in people], where
                if all(p.initials for p in people):
                    assert [p.initials for p in mine] == [p.initials for p in people], where
            if other.languages and fmt != "csljson":
                assert rec.languages == other.languages, where
            if other.abstract and fmt != "csljson":
                assert rec.abstract_text == other.abstract_text, where
    if compared == 0:
        pytest.skip("no PMID of the Abstract-text data is read from another format here")
