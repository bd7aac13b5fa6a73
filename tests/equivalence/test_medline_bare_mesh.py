"""MeSH headings: a bare descriptor (no ``/``, no ``*``: most headings) is taken as it is, and gives
what parsing it gives (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from medline_tools import TEXT

from medbib.core.model import MeshHeading, MeshQualifier
from medbib.format.medline.builder import TABLE, _State
from medbib.format.medline.values import parse_mesh


def _old_parse_mesh(value: str):
    parts = value.split("/")
    desc = parts[0].strip()
    major = desc.startswith("*")
    heading = MeshHeading(descriptor=desc.lstrip("*").strip(), major=major)
    for q in parts[1:]:
        q = q.strip()
        if q:
            heading.qualifiers.append(MeshQualifier(name=q.lstrip("*").strip(), major=q.startswith("*")))
    return heading


@settings(max_examples=1000)
@given(TEXT)
def test_parse_mesh_fast_path(value: str) -> None:
    assert parse_mesh(value) == _old_parse_mesh(value)
    v = " ".join(value.split())  # an MH value as the builder hands it on: collapsed, not empty
    if v:
        st = _State([["MH", v]])
        TABLE.handlers["MH"](st, v)
        assert st.rec.mesh == [_old_parse_mesh(v)]
