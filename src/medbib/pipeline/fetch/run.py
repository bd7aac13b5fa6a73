"""The Python API's ``fetch`` (records) and the CLI's ``fetch_convert`` (records written, as
``convert`` writes them). The network part (:mod:`.gather`, httpx) loads on the first call."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ...core.errors import MedbibError
from ...core.model import Record
from ...core.streams import Input
from ...plugins.contexts import ProblemHandler, WriteOptions
from ..convert import checked_writer, convert
from ..reading import read
from ..summary import FileSummary, Summary

_READER = "pubmed-xml"


class MissingIds(MedbibError):
    """``strict``: some ids were not found, so nothing is returned or written."""


def _report_missing(missing: list[Any], strict: bool, on_problem: ProblemHandler | None,
                    summary: FileSummary | None = None) -> None:
    """Every id not found to ``on_problem`` (and ``summary``); in strict mode, then a raise."""
    for err in missing:
        if summary is not None:
            summary.errors.append(err)
        if on_problem:
            on_problem(err, "error")
    if strict and missing:
        n = len(missing)
        raise MissingIds(f"{n} id{'s' if n != 1 else ''} not found in PubMed (--strict)")


def fetch(
    ids: Iterable[str] | str = (),
    query: str | None = None,
    max: int | None = None,
    api_key: str | None = None,
    email: str | None = None,
    cache: bool = True,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    refresh: bool = False,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
    summary: FileSummary | None = None,
) -> Iterator[Record]:
    """Stream the PubMed records of ``ids`` (PMIDs, PMCIDs, DOIs) and of the search ``query``
    (its first ``max`` records), read by the PubMed XML reader.

    Records come in the order asked for, each once. Ids PubMed does not have are reported to
    ``on_problem`` as errors (and counted in ``summary``); ``strict`` raises instead of returning
    anything. Cached records (``cache``, in ``cache_dir`` or the user cache directory) are not
    downloaded again unless ``refresh``. Nothing is requested before the first record is asked for.
    """
    from .gather import NAME, gather

    fetched = gather(ids, query, max, api_key=api_key, email=email, cache=cache, cache_dir=cache_dir,
                     refresh=refresh)
    try:
        summary = summary if summary is not None else FileSummary(NAME)
        _report_missing(fetched.missing, strict, on_problem, summary)
        yield from read(fetched.article_set(), _READER, strict=strict, on_problem=on_problem, summary=summary,
                        name=NAME)
    finally:
        fetched.close()


def fetch_convert(
    ids: Iterable[str] = (),
    query: str | None = None,
    max: int | None = None,
    *,
    to: str | None = None,
    output: Any = None,
    api_key: str | None = None,
    email: str | None = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    refresh: bool = False,
    strict: bool = False,
    options: WriteOptions | None = None,
    on_problem: ProblemHandler | None = None,
    on_record: Callable[[Record, Input], None] | None = None,
    on_search: Callable[..., None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    report: bool = False,
) -> Summary:
    """Fetch, then write the records as :func:`~medbib.pipeline.convert.convert` writes an input:
    same writer options, strictness, report and summary (one input, named ``PubMed``), whose
    errors include every id not found."""
    from .gather import gather

    checked_writer(to, output, options)  # a bad output format or option is a usage error before any request
    fetched = gather(ids, query, max, api_key=api_key, email=email, cache=cache, cache_dir=cache_dir,
                     refresh=refresh, on_search=on_search, on_progress=on_progress)
    try:
        _report_missing(fetched.missing, strict, on_problem)
        summary = convert([fetched.article_set()], to, output, from_=_READER, strict=strict, options=options,
                          on_problem=on_problem, on_record=on_record, report=report)
    finally:
        fetched.close()
    summary.files[0].errors[:0] = fetched.missing
    return summary
