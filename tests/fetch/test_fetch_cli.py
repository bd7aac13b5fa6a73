"""``medbib fetch`` run as users run it (a subprocess), against the local E-utilities server:
the issue's "done when" list (ids found and not found, NCBI's rate limits and batch size,
retries, the cache, DOIs, PMCIDs, searches, no network)."""

from __future__ import annotations

import json
import math
import re
import socket
import sys

import pytest
from terminal import run_on_tty

from .eutils_server import UNKNOWN, Injected, clone, first_records_xml, medbib


def csl_by_pmid(text: bytes) -> dict[str, dict]:
    return {item["PMID"]: item for item in json.loads(text)}


def busiest_second(times: list[float]) -> int:
    """The most requests the server saw in any one second (any window, not clock seconds)."""
    times = sorted(times)
    return max((sum(1 for t in times[i:] if t - times[i] < 1.0) for i in range(len(times))), default=0)


def test_80_known_and_3_unknown_pmids_give_the_80_records_as_convert_does(eutils, records, tmp_path):
    known = [r.pmid for r in records[:80]]
    same_xml = tmp_path / "same.xml"
    same_xml.write_bytes(first_records_xml(80))
    for fmt, suffix in (("csljson", "json"), ("bibtex", "bib"), ("ris", "ris")):
        fetched = medbib("fetch", *known[:40], *UNKNOWN, *known[40:], "-t", fmt, "-o", str(tmp_path / f"f.{suffix}"))
        assert fetched.returncode == 1, fetched.stderr
        for pmid in UNKNOWN:
            assert f"PMID {pmid}: not found in PubMed" in fetched.stderr.decode()
        assert "80 read, 80 written, 0 skipped" in fetched.stderr.decode()
        converted = medbib("convert", str(same_xml), "-t", fmt, "-o", str(tmp_path / f"c.{suffix}"))
        assert converted.returncode == 0, converted.stderr
        assert (tmp_path / f"f.{suffix}").read_bytes() == (tmp_path / f"c.{suffix}").read_bytes(), fmt
    items = csl_by_pmid((tmp_path / "f.json").read_bytes())
    assert list(items) == known  # exactly the 80, in the order asked for
    # the first run downloaded them (one request); the next two took the 80 from the cache and
    # asked again only for the 3 ids not found (PubMed may have them by now)
    first, *again = eutils.of("efetch.fcgi")
    assert sorted(first.ids) == sorted(known + UNKNOWN)
    assert [r.ids for r in again] == [UNKNOWN, UNKNOWN]


def test_batches_of_at_most_200_ids_and_no_second_with_more_than_3_requests(eutils, records, tmp_path):
    extra = [clone(records[i % len(records)], str(90000000 + i)) for i in range(355)]
    eutils.add(*extra)
    pmids = [r.pmid for r in records] + [r.pmid for r in extra]  # 450
    listing = tmp_path / "ids.txt"
    listing.write_text("# my reading list\n\n" + "\n".join(pmids) + "\n")
    dois = [r.doi for r in records[:5]]  # five more requests (esearch), to press the rate limit
    proc = medbib("fetch", "-i", str(listing), *dois, "-t", "ris", "-o", str(tmp_path / "out.ris"))
    assert proc.returncode == 0, proc.stderr
    assert "450 read, 450 written" in proc.stderr.decode()
    efetches = eutils.of("efetch.fcgi")
    assert len(efetches) == math.ceil(450 / 200) == 3
    assert max(len(r.ids) for r in efetches) <= 200
    assert len(eutils.requests) == 8
    assert busiest_second([r.time for r in eutils.requests]) <= 3
    # NCBI's default of 3 a second, not slower: 8 requests need a little over 2 s
    assert eutils.requests[-1].time - eutils.requests[0].time < 4.0


def test_tool_email_and_api_key_on_every_request_and_10_a_second_with_a_key(eutils, records, tmp_path):
    dois = [r.doi for r in records[:14]]
    proc = medbib("fetch", *dois, "--api-key", "k3y", "--email", "me@example.org", "-t", "csljson",
                  "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 0, proc.stderr
    assert len(eutils.requests) == 15
    for req in eutils.requests:
        assert (req.params["tool"], req.params["email"], req.params["api_key"]) == ("medbib", "me@example.org", "k3y")
    assert 3 < busiest_second([r.time for r in eutils.requests]) <= 10


def test_injected_503_and_429_are_retried_and_the_run_succeeds(eutils, records, tmp_path):
    pmids = [r.pmid for r in records[:10]]
    eutils.inject(Injected(503, endpoint="efetch.fcgi"), Injected(503, endpoint="efetch.fcgi"),
                  Injected(429, {"Retry-After": "1"}, endpoint="efetch.fcgi"))
    proc = medbib("fetch", *pmids, "-t", "bibtex", "-o", str(tmp_path / "o.bib"))
    assert proc.returncode == 0, proc.stderr
    efetches = eutils.of("efetch.fcgi")
    assert len(efetches) == 4  # ceil(10/200) + 3 retries
    assert efetches[3].time - efetches[2].time >= 1.0  # Retry-After honoured
    assert "10 read, 10 written" in proc.stderr.decode()


def test_endless_503_gives_up_with_one_line_and_exit_2(eutils, records, tmp_path):
    eutils.inject(*[Injected(503) for _ in range(10)])
    proc = medbib("fetch", records[0].pmid, "-t", "bibtex", "-o", str(tmp_path / "o.bib"))
    assert proc.returncode == 2
    lines = proc.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "efetch.fcgi failed 5 times (last: HTTP 503)" in lines[0]
    assert len(eutils.requests) == 5
    assert not (tmp_path / "o.bib").exists()


def test_the_same_command_again_makes_no_request_and_writes_the_same_bytes(eutils, records, tmp_path):
    with_pmc = [r for r in records[30:] if r.pmcid]
    args = ("fetch", *[r.pmid for r in records[:30]], records[40].doi, with_pmc[0].pmcid, "-t", "bibtex")
    first = medbib(*args)
    assert first.returncode == 0, first.stderr
    asked = len(eutils.requests)
    assert len(eutils.of("efetch.fcgi")) == 1
    eutils.stop()  # offline now: the cache alone must do
    second = medbib(*args)
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout and len(re.findall(rb"^@", first.stdout, re.MULTILINE)) == 32
    assert len(eutils.requests) == asked


def test_no_cache_and_refresh_download_again(eutils, records, tmp_path):
    args = ("fetch", records[0].pmid, records[1].pmid, "-t", "ris")
    assert medbib(*args).returncode == 0
    assert medbib(*args, "--no-cache").returncode == 0
    assert medbib(*args, "--refresh").returncode == 0
    assert medbib(*args).returncode == 0
    assert len(eutils.of("efetch.fcgi")) == 3
    other = tmp_path / "other-cache"
    assert medbib(*args, "--cache-dir", str(other)).returncode == 0
    assert len(eutils.of("efetch.fcgi")) == 4
    assert sorted(p.name for p in (other / "pubmed").iterdir()) == sorted(f"{r.pmid}.xml" for r in records[:2])


def test_a_doi_and_a_pmcid_resolve_to_the_right_records(eutils, records):
    with_pmc = [r for r in records if r.pmcid and r.doi]
    a, b, c = with_pmc[3], with_pmc[7], with_pmc[11]
    proc = medbib("fetch", a.doi, f"https://doi.org/{b.doi}", b.pmcid.lower(), f"doi:{c.doi.upper()}", "-t", "csljson")
    assert proc.returncode == 0, proc.stderr
    assert list(csl_by_pmid(proc.stdout)) == [a.pmid, b.pmid, c.pmid]  # b asked twice, written once
    terms = [r.params["term"] for r in eutils.of("esearch.fcgi")]
    assert terms == [f'"{a.doi}"[aid]', f'"{b.doi}"[aid]', f"{b.pmcid}[pmcid]", f'"{c.doi.upper()}"[aid]']


def test_a_doi_and_a_pmcid_that_resolve_to_nothing_are_named(eutils, records):
    proc = medbib("fetch", records[0].pmid, "10.9999/no-such-doi", "PMC1", "-t", "csljson")
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert "DOI 10.9999/no-such-doi: not found in PubMed" in err
    assert "PMCID PMC1: not found in PubMed" in err
    assert list(csl_by_pmid(proc.stdout)) == [records[0].pmid]


def test_query_fetches_exactly_the_esearch_count_in_pages(eutils, records, tmp_path):
    extra = [clone(records[i % len(records)], str(91000000 + i)) for i in range(355)]
    eutils.add(*extra)
    eutils.searches["crispr[ti]"] = [r.pmid for r in extra] + [r.pmid for r in records]  # 450
    proc = medbib("fetch", "--query", "crispr[ti]", "-t", "csljson", "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 0, proc.stderr
    err = proc.stderr.decode()
    assert "PubMed search 'crispr[ti]': 450 records" in err.splitlines()[0]  # the count first
    assert len(json.loads((tmp_path / "o.json").read_text())) == 450
    (search,) = eutils.of("esearch.fcgi")
    assert search.params["usehistory"] == "y"
    pages = eutils.of("efetch.fcgi")
    assert [(p.params["retstart"], p.params["retmax"]) for p in pages] == [("0", "200"), ("200", "200"), ("400", "50")]
    assert all(p.params["WebEnv"] == pages[0].params["WebEnv"] and p.params["query_key"] == "1" for p in pages)
    assert list(csl_by_pmid((tmp_path / "o.json").read_bytes())) == eutils.searches["crispr[ti]"]


def test_query_over_10000_says_so_unless_max_is_given(eutils, records):
    eutils.searches["cancer"] = [r.pmid for r in records]
    eutils.counts["cancer"] = 3_456_789
    proc = medbib("fetch", "--query", "cancer", "-t", "ris")
    assert proc.returncode == 2
    (line,) = proc.stderr.decode().strip().splitlines()
    assert "3,456,789 records" in line and "10,000" in line and "[dp]" in line and "--max" in line
    assert not eutils.of("efetch.fcgi")
    proc = medbib("fetch", "--query", "cancer", "--max", "25", "-t", "csljson")
    assert proc.returncode == 0, proc.stderr
    assert "fetching the first 25" in proc.stderr.decode()
    assert len(json.loads(proc.stdout)) == 25


def test_strict_writes_nothing_when_an_id_is_not_found(eutils, records, tmp_path):
    out = tmp_path / "refs.bib"
    out.write_text("old\n")
    proc = medbib("fetch", records[0].pmid, UNKNOWN[0], UNKNOWN[1], "--strict", "-t", "bibtex", "-o", str(out))
    assert proc.returncode == 1
    err = proc.stderr.decode()
    assert f"PMID {UNKNOWN[0]}: not found" in err and f"PMID {UNKNOWN[1]}: not found" in err
    assert "no output written" in err
    assert out.read_text() == "old\n"


def test_no_network_at_all_is_one_line_and_exit_2(tmp_path, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("MEDBIB_EUTILS_URL", f"http://127.0.0.1:{port}/")
    monkeypatch.setenv("MEDBIB_CACHE_DIR", str(tmp_path / "cache"))
    proc = medbib("fetch", "33204024", "-t", "bibtex", "-o", str(tmp_path / "o.bib"))
    assert proc.returncode == 2
    (line,) = proc.stderr.decode().strip().splitlines()
    assert line.startswith("medbib: cannot reach NCBI E-utilities") and "no network" in line
    assert not (tmp_path / "o.bib").exists()


def test_ids_of_no_known_shape_are_a_usage_error_naming_them(eutils):
    proc = medbib("fetch", "33204024", "not-an-id", "-t", "bibtex")
    assert proc.returncode == 2
    assert "not a PMID, PMCID or DOI: 'not-an-id'" in proc.stderr.decode()
    assert not eutils.requests


def test_a_bad_writer_option_is_a_usage_error_before_any_request(eutils, records):
    """Writer options are checked before anything is fetched, as convert checks them before reading:
    a typo costs no request (and, offline, is not hidden behind "cannot reach NCBI")."""
    proc = medbib("fetch", records[0].pmid, "-t", "bibtex", "-O", "nosuch=1")
    assert proc.returncode == 2
    assert "nosuch" in proc.stderr.decode() and "the bibtex writer takes" in proc.stderr.decode()
    assert not eutils.requests


def test_ids_from_standard_input_with_comments(eutils, records):
    text = f"# refs\n{records[0].pmid}  # first\n\nPMID:{records[1].pmid}\nhttps://pubmed.ncbi.nlm.nih.gov/{records[2].pmid}/\n"
    proc = medbib("fetch", "-i", "-", "-t", "csljson", input=text.encode())
    assert proc.returncode == 0, proc.stderr
    assert list(csl_by_pmid(proc.stdout)) == [r.pmid for r in records[:3]]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_shows_records_fetched_of_the_total(eutils, records, tmp_path):
    extra = [clone(records[i % len(records)], str(92000000 + i)) for i in range(355)]
    eutils.add(*extra)
    listing = tmp_path / "ids.txt"
    listing.write_text("\n".join([r.pmid for r in records] + [r.pmid for r in extra]))
    code, shown = run_on_tty(["fetch", "-i", str(listing), "-t", "ris", "-o", str(tmp_path / "o.ris")])
    assert code == 0, shown
    assert "fetching" in shown and re.search(r"(?<!\d)(200|400|450)/450", shown)
    code, shown = run_on_tty(["fetch", "-i", str(listing), "-t", "ris", "-o", str(tmp_path / "o.ris"), "-q"])
    assert code == 0 and "fetching" not in shown


def test_report_and_writer_options_work_as_in_convert(eutils, records, tmp_path):
    proc = medbib("fetch", records[0].pmid, "-t", "bibtex", "--ascii", "--key-format", "{family}{year}",
                  "--report", "-q")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"@")
    assert b"read, " not in proc.stderr  # -q: no summary line
