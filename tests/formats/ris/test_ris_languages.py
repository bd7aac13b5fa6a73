"""RIS: every language of a record on one ``LA`` line (``en; pt``).

PubMed lists each language of a bilingual article (``LA  - eng`` / ``LA  - por``). Zotero's RIS
import and rispy keep only the first of several LA lines (checked), so the second language was lost;
on one line both keep them all. The record is real (fixtures, ruipintovascheck excerpt).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import rispy
from zotero import start_oracle, zotero_items

import medbib

SOURCE = "medline/ruipintovascheck-excerpt.nbib"
PMID = "26291252"  # LA eng, LA por


def _ris(fixtures_dir, tmp_path):  # type: ignore[no-untyped-def]
    recs = [r for r in medbib.read(fixtures_dir / SOURCE) if r.pmid == PMID]
    assert recs[0].languages == ["en", "pt"]
    out = tmp_path / "bilingual.ris"
    out.write_text(medbib.write(recs, "ris"), encoding="utf-8")
    return out


def test_languages_on_one_la_line(fixtures_dir, tmp_path):
    text = _ris(fixtures_dir, tmp_path).read_text(encoding="utf-8")
    assert [ln for ln in text.splitlines() if ln.startswith("LA  - ")] == ["LA  - en; pt"]


def test_every_reader_keeps_both_languages(fixtures_dir, tmp_path):
    path = _ris(fixtures_dir, tmp_path)
    (entry,) = rispy.load(path.open(encoding="utf-8"))
    assert entry["language"] == "en; pt"
    (rec,) = medbib.read(path)
    assert rec.languages == ["en", "pt"]
    proc = subprocess.run([sys.executable, "-m", "medbib", "convert", str(path), "-t", "bibtex"],
                          capture_output=True, text=True, check=True)
    assert "language    = {English, Portuguese}," in proc.stdout


def test_zotero_keeps_both_languages(fixtures_dir, tmp_path):
    oracle, why = start_oracle()
    if oracle is None:
        pytest.skip(why)
    (item,) = zotero_items(oracle, _ris(fixtures_dir, tmp_path))
    assert item["language"] == "en; pt"
