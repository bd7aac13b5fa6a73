"""Property-based tests across formats (hypothesis):

- every reader, fed arbitrary bytes, yields records or reports problems — nothing but MedbibError
  ever escapes;
- random records written by every writer and read back by the matching reader keep the values
  the format holds;
- inputs the fuzzers found (tests/data/fuzz/<reader>/) are replayed.
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from record_strategies import records

import medbib
from medbib.core.errors import MedbibError
from medbib.core.model import Record
from medbib.core.text import collapse
from medbib.plugins.registry import registry

READERS = sorted(registry.readers)
ROUND_TRIPS = [(w, "bibtex" if w == "biblatex" else w) for w in ("csljson", "bibtex", "biblatex", "ris")
               if w in registry.writers]
FUZZ = ROOT / "tests" / "data" / "fuzz"


def read_all(data: bytes, fmt: str) -> list[Record]:
    try:
        return list(medbib.read(data, fmt))
    except MedbibError:
        return []


# --------------------------------------------------------------------------- readers never crash
PREFIXES = [b"", b"PMID- 1\n", b"1. J Test. 2020;1:1.\n\n", b"TY  - JOUR\n", b"@article{x,\n",
            b'<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>', b"[{"]


@pytest.mark.parametrize("fmt", READERS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600))
def test_readers_raise_only_medbib_errors(fmt, prefix, body):
    for rec in read_all(prefix + body, fmt):
        rec.to_dict()


TEXTY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)


@pytest.mark.parametrize("fmt", READERS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=TEXTY)
def test_readers_on_arbitrary_text(fmt, prefix, body):
    for rec in read_all(prefix + body.encode("utf-8"), fmt):
        rec.to_dict()


@pytest.mark.parametrize("path", sorted(FUZZ.glob("*/*")) or [None], ids=lambda p: p.name if p else "none")
def test_fuzzer_findings_replay(path):
    if path is None:
        pytest.skip("no fuzzer findings stored")
    for rec in read_all(path.read_bytes(), path.parent.name):
        rec.to_dict()
        for w in registry.writers:
            medbib.write([rec], w)


# --------------------------------------------------------------------------- write -> read keeps values
def core(rec: Record) -> dict:
    return {
        "title": collapse(rec.title),
        "authors": [(p.family, p.given) if not p.is_group else p.literal for p in rec.authors],
        "journal": collapse(rec.container_title),
        "year": rec.issued.year if rec.issued else None,
        "month": rec.issued.month if rec.issued else None,
        "volume": rec.volume,
        "issue": rec.issue,
        "pages": rec.pages,
        "doi": rec.doi,
        "pmid": rec.pmid,
    }


@pytest.mark.parametrize("writer, reader", ROUND_TRIPS)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(recs=st.lists(records(), min_size=1, max_size=3))
def test_write_then_read_keeps_core_values(writer, reader, recs):
    text = medbib.write(recs, writer)
    back = list(medbib.read(text.encode("utf-8"), reader, strict=True))
    assert [core(r) for r in back] == [core(r) for r in recs]
