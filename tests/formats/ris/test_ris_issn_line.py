"""RIS: every ISSN on one ``SN`` line (issue 16, item 2), as Zotero's own RIS export writes them.

Zotero keeps only the first of several ``SN`` lines (../shared/zotero/README.md); one line
``SN  - 1538-957X, 1538-9588`` keeps both. The reader splits such a line back into the ISSNs and
still reads several SN lines.
"""

from __future__ import annotations

import subprocess
import sys

import medbib

RECORD = "medline/bioruby-20146148_modified.medline"  # a real MEDLINE record with print and electronic ISSNs


def _ris(path) -> str:  # type: ignore[no-untyped-def]
    proc = subprocess.run([sys.executable, "-m", "medbib", "convert", str(path), "--to", "ris"],
                          capture_output=True, text=True, check=True)
    return proc.stdout


def test_issns_on_one_sn_line(fixtures_dir):
    text = _ris(fixtures_dir / RECORD)
    sn = [line for line in text.splitlines() if line.startswith("SN  - ")]
    assert sn == ["SN  - 1538-957X, 1538-9588"]


def test_one_sn_line_reads_back_as_both_issns(fixtures_dir):
    text = _ris(fixtures_dir / RECORD)
    (rec,) = medbib.read(text.encode(), "ris")
    assert rec.issns == ["1538-957X", "1538-9588"]


def test_several_sn_lines_still_read():
    text = "TY  - JOUR\nTI  - T\nSN  - 1538-957X\nSN  - 1538-9588\nER  - \n"
    (rec,) = medbib.read(text.encode(), "ris")
    assert rec.issns == ["1538-957X", "1538-9588"]


def test_book_isbns_come_first():
    rec = medbib.Record(type="book", title="A book", isbns=["978-0-306-40615-7"], issn_other=["1234-5679"])
    text = medbib.write([rec], "ris")
    assert [ln for ln in text.splitlines() if ln.startswith("SN")] == ["SN  - 978-0-306-40615-7", "SN  - 1234-5679"]
