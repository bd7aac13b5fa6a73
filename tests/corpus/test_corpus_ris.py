"""RIS against ../shared/corpus (skipped where it is absent).

1. Zotero's RIS import cases (zotero/ris/, AGPL test data read in place, never copied): medbib's
   reader gets the fields Zotero gets for journal articles, books and chapters.
2. Every record of every corpus input whose reader is registered, written as RIS, re-reads with
   medbib's reader, rispy and pandoc with the same count and the same core fields.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, requires_corpus
from ris_check import compare_pandoc, compare_rispy, expected_core, to_ris
from zotero import compare

import medbib
from medbib.core.errors import MedbibError
from medbib.format.ris import read as reader
from medbib.plugins.contexts import ReadContext

pytestmark = [requires_corpus, pytest.mark.corpus]

ZOTERO_RIS = CORPUS / "zotero" / "ris" if CORPUS else Path("/nonexistent")
IN_SCOPE = ("journalArticle", "book", "bookSection")

# Deliberate differences from Zotero, per case and field, each with its reason.
DELIBERATE: dict[tuple[str, int], dict[str, str]] = {
    ("012", 0): {"itemType": "TY GEN is a generic item: medbib reads 'document' (CSL), Zotero "
                             "defaults to journalArticle"},
}
# Cases that are not bibliographic data: EndNote's and ProCite's reference-type templates whose
# values are the field names ("Date Accessed", "ISSN/ISBN", "Volume ID: …" ProCite notes) for
# every item type, incl. patents, bills, artwork, film. Compared: record count and titles only.
TEMPLATE_CASES = {"003", "005"}
# Out-of-scope item types (no PubMed record has them): 002 patent, 011 dataset → count + title only.


def _cases():
    if not ZOTERO_RIS.is_dir():
        return []
    return sorted(p.name.split(".")[0] for p in ZOTERO_RIS.glob("*.input.ris"))


@pytest.mark.parametrize("case", _cases())
def test_zotero_ris_import_cases(case):
    items = json.loads((ZOTERO_RIS / f"{case}.expected.json").read_text(encoding="utf-8"))
    ctx = ReadContext()
    with open(ZOTERO_RIS / f"{case}.input.ris", "rb") as fh:
        recs = list(reader.read(fh, ctx))
    assert not ctx.errors
    assert len(recs) == len(items)
    for i, (rec, item) in enumerate(zip(recs, items)):
        if item.get("title"):
            assert rec.title == " ".join(item["title"].split()).rstrip("."), (case, i)
        if case in TEMPLATE_CASES or item["itemType"] not in IN_SCOPE:
            continue
        diffs = compare(rec, item)
        allowed = DELIBERATE.get((case, i), {})
        assert set(diffs) == set(allowed), (case, i, diffs)


def _corpus_inputs():
    if CORPUS is None:
        return []
    out = []
    for p in sorted(CORPUS.rglob("*")):
        if not p.is_file() or p.name.endswith((".expected.json", ".md", ".txt.md")) or p.name in ("README.md", "README.txt"):
            continue
        out.append(p)
    return out


@pytest.mark.parametrize("path", _corpus_inputs(), ids=lambda p: str(p.relative_to(CORPUS)) if CORPUS else str(p))
def test_corpus_to_ris_rereads(path):
    try:
        records = list(medbib.read(path))
    except MedbibError as exc:  # no registered reader for this input (yet)
        pytest.skip(f"not readable by medbib: {exc}")
    if not records:
        pytest.skip("no records")
    text = to_ris(records)
    # medbib's own reader: same count, same core fields
    back = list(reader.read(__import__("io").BytesIO(text.encode("utf-8")), ReadContext()))
    assert len(back) == len(records)
    for rec, got in zip(records, back):
        want = expected_core(rec)
        have = expected_core(got)
        assert have["title"] == (want["title"].rstrip(".") if want["title"] else None) or have == want
        assert {k: v for k, v in have.items() if k != "title"} == {k: v for k, v in want.items() if k != "title"}, rec.pmid
    assert compare_rispy(records, text) == []
    assert compare_pandoc(records, text) == []
