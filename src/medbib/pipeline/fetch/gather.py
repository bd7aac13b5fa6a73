"""Getting every record asked for into the store: DOIs and PMCIDs resolved, the search run,
what is not cached downloaded in batches, and every id PubMed does not have named."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from ...core.errors import MedbibError, UsageError
from .articles import ArticleSet
from .cache import Store
from .eutils import BATCH, SEARCH_LIMIT, Client, Search, Settings
from .ids import Ident, parse_id

NAME = "PubMed"  # the input's name in summaries and messages

SearchHook = Callable[[Search, int], None]  # (the search, how many of its records will be read)
ProgressHook = Callable[[int, int], None]  # (records downloaded, records to download)


class NotFound(MedbibError):
    """An id PubMed has no record for (a PMID efetch left out, a DOI or PMCID no search found)."""


@dataclass
class Fetched:
    """The records found, in the order asked for (their XML in ``store``), and the ids not found."""

    store: Store
    pmids: list[str]
    missing: list[NotFound]

    def article_set(self) -> ArticleSet:
        """The records as one PubmedArticleSet, for the PubMed XML reader."""
        return ArticleSet((x for x in map(self.store.get, self.pmids) if x is not None), NAME)

    def close(self) -> None:
        self.store.close()


def check_request(ids: Iterable[str] | str, query: str | None, max: int | None) -> list[Ident]:
    """The ids parsed, and the request checked, before anything is asked of the network."""
    idents = [parse_id(t) for t in ([ids] if isinstance(ids, str) else ids)]
    if query is not None and not query.strip():
        raise UsageError("the search (--query) is empty")
    if not idents and query is None:
        raise UsageError("nothing to fetch: give PMIDs, PMCIDs or DOIs, -i FILE, or --query")
    if max is not None:
        if query is None:
            raise UsageError("--max goes with --query")
        if not 1 <= max <= SEARCH_LIMIT:
            raise UsageError(f"--max must be between 1 and {SEARCH_LIMIT:,} (PubMed's limit for one search)")
    return idents


def gather(ids: Iterable[str] | str = (), query: str | None = None, max: int | None = None, *,
           api_key: str | None = None, email: str | None = None, cache: bool = True,
           cache_dir: str | os.PathLike[str] | None = None, refresh: bool = False,
           on_search: SearchHook | None = None, on_progress: ProgressHook | None = None) -> Fetched:
    """Every record asked for in the store (cached ones are not downloaded again unless
    ``refresh``); raises :class:`~.eutils.FetchError` when E-utilities cannot be used."""
    idents = check_request(ids, query, max)
    settings = Settings.from_env(api_key, email)
    store = Store.open(cache, cache_dir)
    run = _Gatherer(settings, store, refresh, on_search, on_progress)
    try:
        run.resolve(idents)
        search = run.search(query, max) if query is not None else None
        run.download(search)
        return run.result()
    except BaseException:
        store.close()
        raise
    finally:
        run.close()


class _Gatherer:
    def __init__(self, settings: Settings, store: Store, refresh: bool, on_search: SearchHook | None,
                 on_progress: ProgressHook | None) -> None:
        self.settings, self.store, self.refresh = settings, store, refresh
        self.on_search, self.on_progress = on_search, on_progress
        self._client: Client | None = None  # made at the first request: a cached run needs no network
        self.wanted: dict[str, Ident | None] = {}  # PMID -> the id that asked for it (None: the search)
        self.missing: list[NotFound] = []
        self.got: set[str] = set()  # PMIDs downloaded in this run
        self.cached: set[str] = set()  # PMIDs wanted and already in the store (none with refresh)

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client(self.settings)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def resolve(self, idents: list[Ident]) -> None:
        for ident in idents:
            pmids = [ident.value] if ident.kind == "pmid" else self._resolved(ident)
            if not pmids:
                self.missing.append(NotFound(f"{ident.label()}: not found in PubMed"))
            for pmid in pmids:
                self.wanted.setdefault(pmid, ident)

    def _resolved(self, ident: Ident) -> list[str]:
        """The PMIDs of a DOI or PMCID: from the cache, else from an esearch (then cached)."""
        known = None if self.refresh else self.store.lookup(ident)
        if known:
            return known
        value = ident.value.replace('"', "")
        term = f'"{value}"[aid]' if ident.kind == "doi" else f"{value}[pmcid]"
        found = self.client.esearch(term, retmax=20).ids
        if found:
            self.store.remember(ident, found)
        return found

    def search(self, query: str, max: int | None) -> Search:
        limit = min(max or SEARCH_LIMIT, SEARCH_LIMIT)
        found = self.client.esearch(query, retmax=limit, history=True)
        if found.count > SEARCH_LIMIT and max is None:
            raise UsageError(
                f"the search {query!r} matches {found.count:,} records, and PubMed gives at most "
                f"{SEARCH_LIMIT:,} for one search: narrow it (e.g. by date: AND 2020:2022[dp]) "
                "or take the first N with --max N")
        found.ids = found.ids[:limit]
        if self.on_search:
            self.on_search(found, len(found.ids))
        if not found.ids:
            self.missing.append(NotFound(f"search {query!r}: no records found"))
        for pmid in found.ids:
            self.wanted.setdefault(pmid, None)
        return found

    def _needed(self, pmid: str) -> bool:
        return pmid not in self.cached

    def download(self, search: Search | None) -> None:
        """Search pages (from the history server) and id batches (by POST) holding a record not
        cached; every request has at most :data:`BATCH` records."""
        self.cached = set() if self.refresh else {p for p in self.wanted if self.store.has(p)}
        ids = search.ids if search else []
        pages = [(i, page) for i in range(0, len(ids), BATCH) if any(map(self._needed, page := ids[i:i + BATCH]))]
        in_search = set(ids)
        rest = [p for p in self.wanted if p not in in_search and self._needed(p)]
        calls = [(partial(self.client.efetch_page, search, start, len(page)), len(page)) for start, page in pages]
        calls += [(partial(self.client.efetch, rest[i:i + BATCH]), len(rest[i:i + BATCH]))
                  for i in range(0, len(rest), BATCH)]
        total, done = sum(n for _, n in calls), 0
        if total and self.on_progress:
            self.on_progress(0, total)
        for call, n in calls:
            self._keep(call())
            done += n
            if self.on_progress:
                self.on_progress(done, total)

    def _keep(self, records: list[tuple[str, bytes]]) -> None:
        for pmid, xml in records:
            self.store.put(pmid, xml)
            self.got.add(pmid)

    def result(self) -> Fetched:
        found = []
        for pmid, ident in self.wanted.items():
            if pmid in self.got or pmid in self.cached:
                found.append(pmid)
            elif ident is None:
                self.missing.append(NotFound(f"PMID {pmid}: found by the search, but efetch did not return it"))
            else:
                asked = "" if ident.kind == "pmid" else f" ({ident.label()})"
                self.missing.append(NotFound(f"PMID {pmid}{asked}: not found in PubMed"))
        return Fetched(self.store, found, self.missing)
