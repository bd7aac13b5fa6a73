"""The RIS writer joins its lines itself (for speed); they must equal rispy's writer's, byte for byte."""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
import rispy
from conftest import FIXTURES

import medbib
from medbib.format.ris.tags import WriteEnv
from medbib.format.ris.write import format_ref, record_to_tags

INPUTS = sorted(
    p for d in ("pubmed-xml", "medline", "pubmed-text", "ris", "csljson")
    for p in (FIXTURES / d).glob("*") if p.is_file() and p.name != "README.md"
)
_ALL_TAGS = [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase + string.digits]


class _RisWriter(rispy.RisWriter):
    """rispy's writer with RIS's CRLF line ends and no ``1.`` record header (what medbib writes)."""

    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


def _rispy(ty: str, tags: dict[str, list[str]]) -> str:
    mapping = {"TY": "type_of_reference", **{t: t.lower() for t in _ALL_TAGS if t != "TY"}}
    writer = _RisWriter(mapping=mapping, list_tags=frozenset(t for t in _ALL_TAGS if t != "TY"))
    ref = {"type_of_reference": ty, **{tag.lower(): values for tag, values in tags.items()}}
    buf = io.StringIO()
    writer.format_lines(buf, [ref])
    buf.write(writer.NEWLINE)
    return buf.getvalue()


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: p.name)
def test_lines_equal_rispy_writer(path: Path) -> None:
    records = list(medbib.read(path, strict=False))
    assert records, f"no records read from {path.name}"
    for rec in records:
        ty, tags = record_to_tags(rec, WriteEnv(key="k"))
        assert format_ref(ty, tags) + "\r\n" == _rispy(ty, tags)
