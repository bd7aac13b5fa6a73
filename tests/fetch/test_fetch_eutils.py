"""The E-utilities client on its own: NCBI's rate limits (the defaults are NCBI's numbers), the
settings from the environment, Retry-After, and retries of every transient failure."""

from __future__ import annotations

import email.utils
import socket
import time

import pytest

from medbib.core.errors import UsageError
from medbib.pipeline.fetch import eutils as eutils_mod
from medbib.pipeline.fetch.eutils import Client, FetchError, RateLimiter, Settings, retry_after

from .eutils_server import Injected


def test_default_rate_is_ncbis_3_a_second_and_10_with_an_api_key():
    assert Settings.from_env(environ={}).rate == 3
    assert Settings.from_env(api_key="k", environ={}).rate == 10
    assert Settings.from_env(environ={"NCBI_API_KEY": "k"}).rate == 10
    assert eutils_mod.BATCH == 200 and eutils_mod.SEARCH_LIMIT == 10_000


def test_settings_from_the_environment():
    s = Settings.from_env(environ={})
    assert s.base_url == "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/" and s.backoff == 1.0
    assert (s.api_key, s.email) == (None, None)
    s = Settings.from_env(environ={"MEDBIB_EUTILS_URL": "http://mirror.example/eutils", "NCBI_EMAIL": "a@b",
                                   "MEDBIB_EUTILS_BACKOFF": "0.5"})
    assert (s.base_url, s.email, s.backoff) == ("http://mirror.example/eutils/", "a@b", 0.5)
    assert Settings.from_env(email="x@y", environ={"NCBI_EMAIL": "a@b"}).email == "x@y"
    with pytest.raises(UsageError, match="MEDBIB_EUTILS_BACKOFF"):
        Settings.from_env(environ={"MEDBIB_EUTILS_BACKOFF": "soon"})
    with pytest.raises(UsageError, match="MEDBIB_EUTILS_URL"):
        Settings.from_env(environ={"MEDBIB_EUTILS_URL": "ftp://x/"})


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.slept.append(round(s, 3))
        self.now += s


def test_rate_limiter_counts_a_second_from_the_end_of_the_request_n_before():
    clock = FakeClock()
    limiter = RateLimiter(3, clock=clock, sleep=clock.sleep)
    starts = []
    for _ in range(7):
        limiter.wait()
        starts.append(clock.now)
        clock.now += 0.2  # the request takes 0.2 s
        limiter.done()
    assert clock.slept == [0.61, 0.61]  # after 3 quick requests, wait for the first's end + 1 s
    assert all(starts[i + 3] - (starts[i] + 0.2) >= 1.0 for i in range(len(starts) - 3))


def test_retry_after_seconds_and_http_dates():
    assert retry_after("7") == 7.0
    assert retry_after(None) is None and retry_after("soon") is None
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= retry_after(later) <= 31


def _client(server, **kw) -> Client:
    return Client(Settings(base_url=server.url, backoff=0.05, **kw))


def test_dropped_connection_timeout_and_truncated_answer_are_retried(eutils, records):
    eutils.inject(Injected(kind="drop"), Injected(kind="slow", seconds=1.5), Injected(kind="truncated"))
    client = _client(eutils, read_timeout=0.5)
    got = client.efetch([records[0].pmid, records[1].pmid])
    assert [p for p, _ in got] == [records[0].pmid, records[1].pmid]
    assert len(eutils.requests) == 4


def test_backoff_doubles_between_tries(eutils, records):
    eutils.inject(*[Injected(503) for _ in range(3)])
    _client(eutils).efetch([records[0].pmid])
    t = [r.time for r in eutils.requests]
    gaps = [b - a for a, b in zip(t, t[1:])]
    assert [round(g, 1) for g in gaps] == [0.1, 0.1, 0.2] or (0.05 <= gaps[0] < gaps[1] < gaps[2])


def test_client_errors_are_not_retried_and_long_retry_after_gives_up(eutils, records):
    eutils.inject(Injected(400))
    with pytest.raises(FetchError, match="HTTP 400"):
        _client(eutils).efetch([records[0].pmid])
    assert len(eutils.requests) == 1
    eutils.inject(Injected(429, {"Retry-After": "3600"}))
    with pytest.raises(FetchError, match="asked to wait 3600 s"):
        _client(eutils).efetch([records[0].pmid])
    assert len(eutils.requests) == 2


def test_a_refused_connection_after_an_answer_is_retried_not_called_no_network(eutils, records):
    client = _client(eutils)
    client.esearch("PMC1[pmcid]", retmax=20)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        client.settings.base_url = f"http://127.0.0.1:{s.getsockname()[1]}/"
    with pytest.raises(FetchError, match=r"failed 5 times \(last: ConnectError") as exc:
        client.efetch([records[0].pmid])
    assert not isinstance(exc.value, eutils_mod.NoNetwork)


def test_efetch_takes_at_most_200_ids(eutils):
    with pytest.raises(ValueError, match="200"):
        _client(eutils).efetch([str(i) for i in range(1, 202)])
    assert not eutils.requests


def test_an_answer_declaring_entities_is_refused_wherever_the_declaration_is(fixtures_dir):
    """An efetch answer is parsed as the PubMed XML reader parses files (core.xmlsafe): one that
    declares entities is unusable, also when the declaration comes after a long comment, past the
    first 4 KiB that the byte check looks at."""
    import gzip

    from medbib.pipeline.fetch.articles import Unusable, split_articles

    body = gzip.decompress((fixtures_dir / "eutils" / "pubmed-records.xml.gz").read_bytes())
    start = body.index(b"<PubmedArticleSet")
    assert len(split_articles(body)) == 95
    for filler in (b"", b"<!-- " + b"x" * 5000 + b" -->\n"):
        hostile = b'<?xml version="1.0"?>\n' + filler + b'<!DOCTYPE PubmedArticleSet [<!ENTITY e "x">]>\n' + body[start:]
        with pytest.raises(Unusable, match="declares XML entities"):
            split_articles(hostile)
