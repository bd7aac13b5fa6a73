"""MEDLINE (.nbib) reader on ../shared/corpus: every file, Zotero's import cases, XML pairs.

Skipped when ../shared/corpus is absent (the default test run uses fixtures/ only).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import CORPUS, requires_corpus
from medline_tools import pair_differences
from zotero import compare, expected_view

from medbib.core.streams import open_input
from medbib.format.medline import read as reader
from medbib.plugins.contexts import ReadContext
from medbib.plugins.registry import registry

pytestmark = [requires_corpus, pytest.mark.corpus]

MEDLINE_FILES = sorted((CORPUS / "medline").iterdir()) if CORPUS else []
ZOTERO_DIR = CORPUS / "zotero" / "medline-nbib" if CORPUS else None
ZOTERO_CASES = sorted(ZOTERO_DIR.glob("*.input.nbib")) if ZOTERO_DIR else []


def read(path: Path) -> tuple[list, ReadContext]:
    ctx = ReadContext(path.name)
    return list(reader.read(open_input(str(path)).stream, ctx)), ctx


def expected_count(path: Path) -> int:
    """Records counted without the reader: ``PMID- `` lines, plus ERIC records (``OWN - ERIC``
    with no PMID), which the reader reads too (formats.md §2.1: same syntax, not PubMed data)."""
    text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
    n = 0
    for chunk in re.split(r"\n\s*\n", text):
        if re.search(r"^PMID- ", chunk, re.M):
            n += len(re.findall(r"^PMID- ", chunk, re.M))
        elif re.search(r"^OWN - ERIC\s*$", chunk, re.M):
            n += 1
    return n


@pytest.mark.parametrize("path", MEDLINE_FILES + ZOTERO_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_reads_completely(path):
    recs, ctx = read(path)
    assert not ctx.errors, [str(e) for e in ctx.errors[:3]]
    assert len(recs) == expected_count(path)
    pmids = len(re.findall(rb"^PMID- ", path.read_bytes(), re.M))
    assert sum(1 for r in recs if r.pmid) == pmids
    for r in recs:
        assert r.title, r.pmid
        if r.pmid:
            assert r.pmid.isdigit()


def test_corpus_values_are_clean():
    """Across the MEDLINE corpus: no entity left, no double space, titles without closing period,
    every author a person or a group, every ORCID normalised, every CN kept."""
    for path in MEDLINE_FILES:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        cn_lines = len(re.findall(r"^CN  - ", raw, re.M))
        recs, _ = read(path)
        groups = 0
        for r in recs:
            assert "&amp;" not in (r.title or "") and "  " not in (r.title or "")
            assert not r.title.endswith(".") or r.title.endswith("..")
            for a in r.authors:
                assert a.family or a.literal
                groups += a.is_group
                if a.orcid and len(a.orcid) > 30:
                    assert re.fullmatch(r"https://orcid\.org/\d{4}-\d{4}-\d{4}-\d{3}[\dX]", a.orcid)
            for s in r.abstract:
                assert s.text and "  " not in s.text
        assert groups == cn_lines, path.name


# --------------------------------------------------------------------------- Zotero

#: Deliberate differences from Zotero's MEDLINE import, each with its reason (mapping.md §6).
DELIBERATE = {
    "title": "Zotero keeps the closing period of TI (mapping.md §6.13); the model drops it",
    "tags": "Zotero stores each MH line as one raw string; we parse descriptor, qualifiers and major "
            "flags (§6.5) — compared below through MeshHeading.as_string(), which gives the MH text back",
    "pages": "Zotero copies a pii into pages when PG is absent (§6.9); a pii is no page number",
    "ISBN": "Zotero strips the hyphens of ISBNs; we keep the ISBN as written",
    "creators-order": "Zotero lists editors before authors; the comparison view lists authors first "
                      "(order within each role is compared)",
    "creators-groups": "Zotero drops CN group authors (§6.1); we keep them in author order",
    "creators-suffix": "Zotero glues the suffix to the given name (§6.4); we split it into Person.suffix",
}


def _zotero_pairs():
    for case in ZOTERO_CASES:
        items = json.loads(case.with_name(case.name.replace(".input.nbib", ".expected.json")).read_text())
        recs, ctx = read(case)
        assert len(recs) == len(items), case.name
        yield from ((case, i, r, it) for i, (r, it) in enumerate(zip(recs, items)))


def _explain(record, item, field, ours, theirs) -> str | None:
    """The name of the deliberate difference that explains (ours, theirs), or None."""
    if field == "title":
        return "title" if theirs == (ours or "") + "." else None
    if field == "tags":
        mh_strings = {m.as_string() for m in record.mesh}
        kw = {k.term for k in record.keywords}
        return "tags" if theirs == mh_strings | kw else None
    if field == "ISBN":
        return "ISBN" if {x.replace("-", "") for x in ours} == theirs else None
    if field == "creators":
        def norm(creators):  # authors first (stable: order within a role kept), given without periods
            out = [(r, f, re.sub(r"[.\s,]", "", g)) for r, f, g in creators]
            return sorted(out, key=lambda c: c[0] != "author")

        persons = [c for c in ours if not _is_group_of(record, c)]
        if norm(persons) == norm(theirs):
            if len(persons) != len(ours):
                return "creators-groups"
            return "creators-suffix" if any(p.suffix for p in record.authors) else "creators-order"
        return None
    return None


def _is_group_of(record, creator) -> bool:
    return any(p.is_group and p.literal == creator[1] for p in record.authors + record.editors)


def test_zotero_agreement_field_by_field():
    compared = agreed = 0
    unexplained = []
    used = set()
    for case, i, rec, item in _zotero_pairs():
        diffs = compare(rec, item)
        fields = [k for k, v in expected_view(item).items() if v not in (None, "", [], {}, set())]
        compared += len(fields)
        for field, (ours, theirs) in diffs.items():
            reason = _explain(rec, item, field, ours, theirs)
            if reason is None:
                unexplained.append(f"{case.name}[{i}] {field}: ours={ours!r} zotero={theirs!r}")
            else:
                used.add(reason)
        agreed += len(fields) - len(diffs)
    assert not unexplained, "\n".join(unexplained)
    # each deliberate difference named above is seen in the corpus, or it would be a dead excuse
    # (no "pages" any more: without PG, the LID pii is the pages for us too, issue 16 item 1)
    assert used >= {"title", "tags", "creators-order"}, used
    # measured: 160 fields compared over 19 items, 147 equal, 13 deliberate differences
    assert compared >= 150 and agreed >= compared - 15


def test_zotero_book_chapter_case():
    """The one book chapter among Zotero's cases: BTI is the container, PL the place, PB the publisher,
    editors from FED."""
    chapters = [(r, it) for _c, _i, r, it in _zotero_pairs() if it["itemType"] == "bookSection"]
    assert chapters
    for rec, item in chapters:
        assert rec.type == "chapter"
        assert rec.container_title == item["bookTitle"]
        assert rec.publisher == item["publisher"] and rec.publisher_place == item["place"]
        assert rec.copyright == item["rights"]
        editors = [(c["lastName"], re.sub(r"[.\s]", "", c["firstName"])) for c in item["creators"]
                   if c["creatorType"] == "editor"]
        assert [(p.family, re.sub(r"[.\s]", "", p.given or "")) for p in rec.editors] == editors
        assert rec.journal_country is None


# --------------------------------------------------------------------------- XML pairs


def test_same_pmid_in_corpus_xml_and_medline_is_equal():
    try:
        xml_reader = registry.reader("pubmed-xml")
    except Exception:
        pytest.skip("the PubMed XML reader is not registered")
    xml = {}
    for path in sorted((CORPUS / "pubmed-xml").iterdir()) + sorted((CORPUS / "zotero" / "pubmed-xml").glob("*.xml")):
        ctx = ReadContext(path.name)
        for r in xml_reader.reader.read(open_input(str(path)).stream, ctx):
            xml.setdefault(r.pmid, r)
    pairs = []
    for path in MEDLINE_FILES + ZOTERO_CASES:
        for r in read(path)[0]:
            if r.pmid in xml:
                pairs.append((r, xml[r.pmid]))
    if not pairs:
        pytest.skip("no PMID is in both the MEDLINE and the XML corpus (the pair fixtures in "
                    "fixtures/medline/pairs/ carry this check)")
    for nbib, x in pairs:
        assert pair_differences(nbib, x) == {}, nbib.pmid
