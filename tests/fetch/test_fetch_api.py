"""``medbib.fetch`` (the documented Python API) against the local E-utilities server."""

from __future__ import annotations

import pytest

import medbib

from .eutils_server import UNKNOWN, first_records_xml


def _fields(rec: medbib.Record) -> dict:
    d = rec.to_dict()
    d.pop("origin", None)  # where it was read from: a file here, PubMed there
    return d


def test_records_equal_the_readers_records_of_the_same_xml(eutils, records):
    pmids = [r.pmid for r in records[:80]]
    problems = []
    summary = medbib.FileSummary("PubMed")
    got = list(medbib.fetch(pmids + UNKNOWN, on_problem=lambda e, k: problems.append((k, str(e))),
                            summary=summary))
    expected = list(medbib.read(first_records_xml(80)))
    assert [_fields(r) for r in got] == [_fields(r) for r in expected]
    assert problems == [("error", f"PMID {p}: not found in PubMed") for p in UNKNOWN]
    assert (summary.read, len(summary.errors)) == (80, 3)
    assert got[0].origin.file == "PubMed"


def test_nothing_is_requested_before_the_first_record_and_strict_raises(eutils, records):
    stream = medbib.fetch([records[0].pmid, UNKNOWN[0]], strict=True)
    assert not eutils.requests
    with pytest.raises(medbib.MedbibError, match="1 id not found"):
        next(stream)


def test_query_max_key_email_and_cache_arguments(eutils, records, tmp_path, monkeypatch):
    eutils.searches["heart"] = [r.pmid for r in records[10:40]]
    got = list(medbib.fetch(query="heart", max=12, api_key="abc", email="a@b.org", cache_dir=tmp_path / "c"))
    assert [r.pmid for r in got] == [r.pmid for r in records[10:22]]
    assert all(q.params["api_key"] == "abc" and q.params["email"] == "a@b.org" for q in eutils.requests)
    assert len(list((tmp_path / "c" / "pubmed").iterdir())) == 12
    n = len(eutils.requests)
    assert [r.pmid for r in medbib.fetch([records[10].pmid], cache_dir=tmp_path / "c")] == [records[10].pmid]
    assert len(eutils.requests) == n  # from the cache
    assert [r.pmid for r in medbib.fetch(records[10].pmid, cache=False)] == [records[10].pmid]
    assert len(eutils.requests) == n + 1
    monkeypatch.setenv("NCBI_API_KEY", "from-env")
    list(medbib.fetch(records[11].pmid, refresh=True))
    assert eutils.requests[-1].params["api_key"] == "from-env"


@pytest.mark.parametrize("kwargs, message", [
    ({}, "nothing to fetch"),
    ({"ids": ["x1"]}, "not a PMID, PMCID or DOI: 'x1'"),
    ({"query": "a", "max": 10_001}, "between 1 and 10,000"),
    ({"ids": ["1"], "max": 5}, "--max goes with --query"),
    ({"query": "  "}, "is empty"),
])
def test_bad_requests_are_usage_errors_before_any_request(eutils, kwargs, message):
    with pytest.raises(medbib.UsageError, match=message):
        list(medbib.fetch(**kwargs))
    assert not eutils.requests


def test_ids_and_a_search_together_each_record_once_and_an_empty_search_is_an_error(eutils, records):
    eutils.searches["lung"] = [r.pmid for r in records[2:6]]
    problems = []
    got = list(medbib.fetch([records[3].pmid, records[0].pmid], query="lung",
                            on_problem=lambda e, k: problems.append(str(e))))
    assert [r.pmid for r in got] == [records[3].pmid, records[0].pmid, records[2].pmid, records[4].pmid,
                                     records[5].pmid]
    assert not problems
    assert max(len(r.ids) for r in eutils.of("efetch.fcgi")) <= 200
    got = list(medbib.fetch(query="no such thing", on_problem=lambda e, k: problems.append(str(e))))
    assert got == [] and problems == ["search 'no such thing': no records found"]
