"""NCBI E-utilities over HTTP (httpx), kept to NCBI's rules.

- at most 3 requests a second without an API key, 10 with one (:class:`RateLimiter`);
- ``tool=medbib`` on every request, with ``email`` and ``api_key`` when they are known;
- ids are sent by POST, at most :data:`BATCH` to an efetch request;
- 429, 5xx, timeouts, dropped connections and garbled answers are retried with exponential
  backoff (``Retry-After`` honoured) up to :data:`TRIES` tries, then one line says what failed;
- no network at all (the first request cannot connect) fails at once, with one line.

The base URL is ``MEDBIB_EUTILS_URL`` (default :data:`DEFAULT_URL`), so tests and mirrors can
point elsewhere; ``MEDBIB_EUTILS_BACKOFF`` sets the first backoff delay in seconds.
"""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx

from ...core.errors import InputError, UsageError
from ...core.text import collapse
from .articles import Unusable, split_articles

DEFAULT_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL = "medbib"
RATE, RATE_WITH_KEY = 3, 10  # requests a second NCBI allows without and with an API key
BATCH = 200  # ids to one efetch request
SEARCH_LIMIT = 10_000  # ids esearch gives for one search in PubMed
TRIES = 5
BACKOFF = 1.0  # seconds before the first retry; doubled each time
MAX_RETRY_AFTER = 120.0  # a longer Retry-After is not waited for
_MARGIN = 0.01  # seconds added to the rate limiter's second
_RETRIED_STATUS = frozenset((429, 500, 502, 503, 504))

T = TypeVar("T")


class FetchError(InputError):
    """E-utilities could not be reached, or did not give a usable answer (exit 2)."""


class NoNetwork(FetchError):
    """Not a single connection could be made."""


@dataclass
class Settings:
    """Where and how to ask: base URL, credentials, tries, backoff and timeouts."""

    base_url: str = DEFAULT_URL
    api_key: str | None = None
    email: str | None = None
    tries: int = TRIES
    backoff: float = BACKOFF
    connect_timeout: float = 10.0
    read_timeout: float = 60.0

    @property
    def rate(self) -> int:
        """Requests a second allowed: NCBI's 3, or 10 with an API key."""
        return RATE_WITH_KEY if self.api_key else RATE

    @classmethod
    def from_env(cls, api_key: str | None = None, email: str | None = None,
                 environ: Mapping[str, str] = os.environ) -> Settings:
        """The settings of the arguments, else of ``NCBI_API_KEY``, ``NCBI_EMAIL``,
        ``MEDBIB_EUTILS_URL`` and ``MEDBIB_EUTILS_BACKOFF``."""
        base = environ.get("MEDBIB_EUTILS_URL") or DEFAULT_URL
        if urlsplit(base).scheme not in ("http", "https"):
            raise UsageError(f"MEDBIB_EUTILS_URL is not an http(s) URL: {base!r}")
        raw_backoff = environ.get("MEDBIB_EUTILS_BACKOFF") or str(BACKOFF)
        try:
            backoff = float(raw_backoff)
        except ValueError:
            backoff = -1.0
        if not 0 <= backoff <= 600:
            raise UsageError(f"MEDBIB_EUTILS_BACKOFF must be a number of seconds, not {raw_backoff!r}")
        return cls(base_url=base if base.endswith("/") else base + "/",
                   api_key=api_key or environ.get("NCBI_API_KEY") or None,
                   email=email or environ.get("NCBI_EMAIL") or None, backoff=backoff)


class RateLimiter:
    """At most ``per_second`` requests in any second, as the server counts them: a request
    starts only once a second has passed since the *end* of the request ``per_second`` before
    it (its arrival at the server was earlier still), whatever the network's delays."""

    def __init__(self, per_second: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.ends: deque[float] = deque(maxlen=per_second)
        self.clock, self.sleep = clock, sleep

    def wait(self) -> None:
        if len(self.ends) == self.ends.maxlen:
            delay = self.ends[0] + 1.0 + _MARGIN - self.clock()
            if delay > 0:
                self.sleep(delay)

    def done(self) -> None:
        self.ends.append(self.clock())


@dataclass
class Search:
    """An esearch answer: the count, the ids given, and where the history server keeps them."""

    term: str
    count: int
    ids: list[str] = field(default_factory=list)
    webenv: str | None = None
    query_key: str | None = None


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdecimal():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _Retry(Exception):
    """One try failed in a way worth another; ``wait`` is what the server asked for, if anything."""

    def __init__(self, problem: str, wait: float | None = None) -> None:
        super().__init__(problem)
        self.problem, self.wait = problem, wait


class Client:
    """One run's connection to E-utilities: its rate limiter and its retries."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.limiter = RateLimiter(settings.rate)
        self.reached = False  # an answer has come back: later connection failures are retried
        self.http = httpx.Client(
            timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
            follow_redirects=True, headers={"User-Agent": f"{TOOL}/{_version()}"},
        )

    def close(self) -> None:
        self.http.close()

    def esearch(self, term: str, retmax: int, history: bool = False) -> Search:
        """The PMIDs ``term`` finds (at most ``retmax``), kept on the history server if asked."""
        params = {"db": "pubmed", "term": term, "retmode": "json", "retmax": str(retmax)}
        if history:
            params["usehistory"] = "y"
        return self._call("esearch.fcgi", params, lambda body: _search(term, body))

    def efetch(self, pmids: list[str]) -> list[tuple[str, bytes]]:
        """The records of ``pmids`` (at most :data:`BATCH`), as (PMID, XML); unknown ones are absent."""
        if len(pmids) > BATCH:
            raise ValueError(f"at most {BATCH} ids to one efetch request")
        return self._call("efetch.fcgi", {"db": "pubmed", "retmode": "xml", "id": ",".join(pmids)}, split_articles)

    def efetch_page(self, search: Search, start: int, count: int) -> list[tuple[str, bytes]]:
        """Records ``start`` to ``start + count`` of a search kept on the history server."""
        params = {"db": "pubmed", "retmode": "xml", "query_key": search.query_key or "",
                  "WebEnv": search.webenv or "", "retstart": str(start), "retmax": str(count)}
        return self._call("efetch.fcgi", params, split_articles)

    def _call(self, endpoint: str, params: dict[str, str], parse: Callable[[bytes], T]) -> T:
        """POST ``params`` to ``endpoint`` and parse the answer, trying again as NCBI's rules allow."""
        data = {**params, "tool": TOOL}
        if self.settings.email:
            data["email"] = self.settings.email
        if self.settings.api_key:
            data["api_key"] = self.settings.api_key
        for attempt in range(1, self.settings.tries + 1):
            try:
                return parse(self._post(endpoint, data))
            except Unusable as exc:
                problem, wait = f"unusable answer: {exc}", None
            except _Retry as exc:
                problem, wait = exc.problem, exc.wait
            if attempt == self.settings.tries:
                break
            time.sleep(wait if wait is not None else self.settings.backoff * 2 ** (attempt - 1))
        raise FetchError(f"E-utilities {endpoint} failed {self.settings.tries} times (last: {problem}); "
                         "try again later")

    def _post(self, endpoint: str, data: dict[str, str]) -> bytes:
        self.limiter.wait()
        try:
            resp = self.http.post(self.settings.base_url + endpoint, data=data)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            if not self.reached:
                raise NoNetwork(f"cannot reach NCBI E-utilities at {self.settings.base_url} ({_reason(exc)}): "
                                "no network? Records already in the cache are fetched without it") from None
            raise _Retry(_reason(exc)) from None
        except httpx.TransportError as exc:  # timeouts, dropped connections
            raise _Retry(_reason(exc)) from None
        finally:
            self.limiter.done()
        self.reached = True
        if resp.status_code == 200:
            return resp.content
        wait = retry_after(resp.headers.get("Retry-After"))
        if resp.status_code in _RETRIED_STATUS:
            if wait is not None and wait > MAX_RETRY_AFTER:
                raise FetchError(f"E-utilities {endpoint}: HTTP {resp.status_code}, asked to wait {wait:.0f} s "
                                 "(Retry-After); try again later")
            raise _Retry(f"HTTP {resp.status_code}", wait)
        raise FetchError(f"E-utilities {endpoint}: HTTP {resp.status_code} {resp.reason_phrase}: "
                         f"{_excerpt(resp.text)}")


def _search(term: str, body: bytes) -> Search:
    """An esearch JSON answer; NCBI's own error message when it has one."""
    try:
        doc: Any = json.loads(body)
        result = doc["esearchresult"]
    except (ValueError, KeyError, TypeError):
        raise Unusable("not an esearch JSON answer") from None
    if "ERROR" in result:
        raise FetchError(f"PubMed search {term!r}: {result['ERROR']}")
    try:
        return Search(term, int(result["count"]), [str(i) for i in result.get("idlist", [])],
                      result.get("webenv"), result.get("querykey"))
    except (KeyError, ValueError, TypeError):
        raise Unusable("esearch answer without a count") from None


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _excerpt(text: str, limit: int = 200) -> str:
    one = collapse(text)
    return one[:limit] + ("…" if len(one) > limit else "") if one else "(no message)"


def _version() -> str:
    try:
        return metadata.version("medbib")
    except metadata.PackageNotFoundError:
        return "0"
