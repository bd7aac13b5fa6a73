"""PubMed XML reader on broken input: the records before a truncated, malformed or damaged part are
kept (and streamed before the rest is read); the error names the broken record."""

from __future__ import annotations

import gzip
import io

import pytest
from conftest import FIXTURES

import medbib
from medbib.core.errors import ParseError
from medbib.format.pubmed_xml import read as reader
from medbib.plugins.contexts import ReadContext

FIX = FIXTURES / "pubmed-xml"


def read_bytes(data: bytes, strict: bool = False) -> tuple[list, medbib.FileSummary]:
    summary = medbib.FileSummary("<test>")
    recs = list(medbib.read(data, format="pubmed-xml", summary=summary, strict=strict))
    return recs, summary



# --------------------------------------------------------------------------- broken input
def _baseline() -> bytes:
    return gzip.decompress((FIX / "baseline-excerpt.xml.gz").read_bytes())


def test_truncated_file_keeps_records_before_and_names_the_broken_one():
    raw = _baseline()
    cut = raw.index(b"<ArticleTitle>Acute back pain.")  # inside the third record, after its PMID
    recs, summary = read_bytes(raw[:cut])
    assert [r.pmid for r in recs] == ["36400559", "2930949"]
    assert len(summary.errors) == 1
    err = summary.errors[0]
    assert isinstance(err, ParseError)
    assert err.record_id == "PMID 11446611"
    assert err.line is not None and err.line >= 4
    assert "11446611" in str(err)


def test_malformed_xml_in_the_middle():
    raw = _baseline().replace(b"<Title>Clinical medicine (London, England)</Title>",
                              b"<Title>Clinical medicine (London, England)</Titel>")
    recs, summary = read_bytes(raw)
    assert [r.pmid for r in recs] == ["36400559", "2930949"]
    assert len(summary.errors) == 1 and summary.errors[0].record_id == "PMID 11446611"
    with pytest.raises(ParseError):
        read_bytes(raw, strict=True)


def test_truncated_gzip_keeps_records_before():
    big = (FIX / "dates-titles.xml").read_bytes()
    head, _, rest = big.partition(b"<PubmedArticle>")
    body, _, tail = rest.rpartition(b"</PubmedArticleSet>")
    many = head + (b"<PubmedArticle>" + body) * 8 + b"</PubmedArticleSet>" + tail  # 56 records, ~300 kB
    packed = gzip.compress(many)
    recs, summary = read_bytes(packed[: int(len(packed) * 0.8)])
    assert 20 < len(recs) < 56
    order = ["10030405", "1010707", "10065510", "39364306", "32490903", "12091962", "9997"] * 8
    assert [r.pmid for r in recs] == order[: len(recs)]
    assert len(summary.errors) == 1
    assert "truncated gzip" in str(summary.errors[0])
    assert summary.errors[0].record == len(recs) + 1


def test_reader_streams_records_before_reading_the_rest():
    raw = _baseline()
    cut = raw.index(b"<ArticleTitle>Acute back pain.")
    ctx = ReadContext("<s>")
    gen = reader.read(io.BytesIO(raw[:cut] + b"\x00garbage"), ctx)
    first = next(gen)
    assert first.pmid == "36400559" and ctx.errors == []
    rest = list(gen)
    assert [r.pmid for r in rest] == ["2930949"] and len(ctx.errors) == 1


def test_empty_set_reads_no_records():
    recs, summary = read_bytes(b'<?xml version="1.0"?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n')
    assert recs == [] and summary.errors == []
