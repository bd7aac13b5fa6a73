"""``--jobs N`` into one output: the inputs are read by N processes, written by this one in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..core.model import Record
from .reading import read
from .summary import FileSummary


def _read_all(path: str, from_: str | None, strict: bool) -> tuple[list[Record], FileSummary, list[tuple[str, str]]]:
    """Worker: a file's records, its reading summary and the problems reported (as text)."""
    problems: list[tuple[str, str]] = []
    fs = FileSummary(path)
    records = list(read(path, from_, strict=strict, summary=fs,
                        on_problem=lambda e, k: problems.append((k, str(e)))))
    return records, fs, problems


def read_parallel(inputs: Iterable[str], jobs: int, from_: str | None = None,
                  strict: bool = False) -> Iterator[tuple[list[Record], FileSummary, list[Any]]]:
    """(records, summary, problems) per input in input order, parsed by ``jobs`` processes."""
    from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only --jobs pays its import

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_read_all, p, from_, strict) for p in inputs]
        for fut in futures:
            yield fut.result()
