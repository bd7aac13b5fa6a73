"""The RIS writer joins its lines itself (for speed); they must equal rispy's writer's, byte for byte."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest

import medbib
from medbib.registry import WriteContext
from medbib.writers.ris import _writer, format_ref, record_to_tags

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INPUTS = sorted(
    p for d in ("pubmed-xml", "medline", "pubmed-text", "ris", "csljson")
    for p in (FIXTURES / d).glob("*") if p.is_file() and p.name != "README.md"
)


def _rispy(ref: dict) -> str:
    buf = io.StringIO()
    w = _writer()
    w.format_lines(buf, [ref])
    buf.write(w.NEWLINE)
    return buf.getvalue()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_lines_equal_rispy_writer(path: Path) -> None:
    records = list(medbib.read(path, strict=False))
    assert records, f"no records read from {path.name}"
    ctx = WriteContext()
    for rec in records:
        ref = record_to_tags(rec, ctx.key(rec), ctx)
        assert format_ref(ref) + "\r\n" == _rispy(ref)


def test_unknown_label_left_out_as_rispy_does() -> None:
    ref = {"type_of_reference": "JOUR", "ti": ["A title"], "ab\n": ["x"], "au": ["Doe, J"]}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ours = format_ref(ref) + "\r\n"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert ours == _rispy(ref)
    assert ours == "TY  - JOUR\r\nTI  - A title\r\nAU  - Doe, J\r\nER  - \r\n\r\n"
    assert any("not exported" in str(w.message) for w in caught)
