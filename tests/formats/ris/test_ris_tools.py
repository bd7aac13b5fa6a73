"""medbib's RIS re-read by rispy and by pandoc (pypandoc-binary): same count, same core fields."""

from __future__ import annotations

import pytest
from ris_check import compare_pandoc, compare_rispy, to_ris
from test_ris import rich_records

import medbib
from medbib.core.model import Record

pytestmark = pytest.mark.tools


def _records(fixtures_dir) -> list[Record]:
    return list(medbib.read(fixtures_dir / "csljson" / "beckham2021.json")) + rich_records()


def test_rispy_reads_the_same_records(fixtures_dir):
    recs = _records(fixtures_dir)
    assert compare_rispy(recs, to_ris(recs)) == []


def test_pandoc_reads_the_same_records(fixtures_dir):
    pytest.importorskip("pypandoc")
    recs = _records(fixtures_dir)
    assert compare_pandoc(recs, to_ris(recs)) == []
