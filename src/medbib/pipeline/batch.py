"""One output per input, in parallel: the unit of work for ``--jobs`` and for Dask.

:func:`convert_one` converts a single input file into a single output file (atomically) and
returns a plain, picklable :class:`FileResult`; :func:`convert_files` runs it over many inputs
in a process pool. :mod:`medbib.pipeline.distributed` runs the very same function as Dask tasks, so a
local run and a cluster run give byte-identical outputs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import MedbibError, UsageError
from ..plugins.contexts import WriteOptions
from ..plugins.registry import registry
from .convert import convert
from .curate import Curation
from .summary import counts_line

_COMPRESSED = (".gz",)


@dataclass
class FileResult:
    input: str
    output: str | None
    format: str | None = None
    read: int = 0
    written: int = 0
    skipped: int = 0
    deleted: list[str] = field(default_factory=list)
    duplicates: int = 0
    merged: int = 0  # records merged into a duplicate (--dedupe): read, not written
    merges: list[str] = field(default_factory=list)  # one line per merge
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "ok"  # ok | problems | failed | skipped (resume: output already complete)

    def line(self) -> str:
        if self.status == "skipped":
            return f"{self.input}: up to date ({self.output}), skipped"
        if self.status == "failed" and not self.read:
            return f"{self.input}: failed: {self.errors[0] if self.errors else 'unknown error'}"
        return counts_line(self.input, self.format, self.read, self.written, self.skipped,
                           len(self.deleted), self.duplicates, merged=self.merged)

    @property
    def name(self) -> str:
        """The input, as :attr:`FileSummary.name <medbib.pipeline.summary.FileSummary>` names it."""
        return self.input

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class BatchSummary(list):  # list[FileResult]
    """What :func:`convert_files` returns: the :class:`FileResult` of each input, in input order
    (it is that list), with the counts a :class:`~medbib.pipeline.summary.Summary` has."""

    @property
    def files(self) -> list[FileResult]:
        return list(self)

    @property
    def read(self) -> int:
        return sum(r.read for r in self)

    @property
    def written(self) -> int:
        return sum(r.written for r in self)

    @property
    def skipped(self) -> int:
        return sum(r.skipped for r in self)

    @property
    def ok(self) -> bool:
        return all(r.status in ("ok", "skipped") for r in self)

    def line(self) -> str:
        return f"total: {self.read} read, {self.written} written, {self.skipped} skipped"


def output_name(input_path: str, to: str, out_dir: str | os.PathLike[str]) -> str:
    """``in/pubmed25n0001.xml.gz`` + ``bibtex`` -> ``out_dir/pubmed25n0001.bib``."""
    writer = registry.writer(to)
    name = Path(input_path).name
    for suffix in _COMPRESSED:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return str(Path(out_dir) / (stem + (writer.suffixes[0] if writer.suffixes else "." + writer.name)))


def is_up_to_date(input_path: str, output_path: str) -> bool:
    """Complete (it exists: outputs only appear by atomic rename) and newer than its input."""
    try:
        return os.stat(output_path).st_mtime >= os.stat(input_path).st_mtime
    except OSError:
        return False


def convert_one(
    input_path: str,
    to: str,
    output_path: str,
    *,
    from_: str | None = None,
    strict: bool = False,
    options: WriteOptions | None = None,
    resume: bool = False,
    curation: Curation | None = None,
) -> FileResult:
    """Convert one file to one file. Never raises for data problems: they are in the result.
    ``curation`` (dedupe, drop, journal) applies within the file."""
    result = FileResult(input=input_path, output=output_path)
    if resume and is_up_to_date(input_path, output_path):
        result.status = "skipped"
        return result
    start = time.perf_counter()
    problems: list[tuple[str, str]] = []
    try:
        summary = convert([input_path], to=to, output=output_path, from_=from_, strict=strict,
                          options=options, on_problem=lambda e, k: problems.append((k, str(e))),
                          **(curation.kwargs() if curation else {}))
    except MedbibError as exc:
        result.status = "failed"
        result.errors.append(str(exc))
        summary = getattr(exc, "summary", None)
        if summary is None:
            result.seconds = time.perf_counter() - start
            return result
    fs = summary.files[0] if summary.files else None
    if fs is not None:
        result.format = fs.format
        result.read, result.written, result.skipped = fs.read, fs.written, fs.skipped
        result.deleted = list(fs.deleted)
        result.duplicates = len(fs.duplicates)
        result.merged = fs.merged
        result.merges = [m.line() for m in summary.merges]
    result.errors.extend(msg for kind, msg in problems if kind == "error" and msg not in result.errors)
    result.warnings.extend(msg for kind, msg in problems if kind == "warning")
    if result.status == "ok" and result.errors:
        result.status = "problems"
    result.seconds = time.perf_counter() - start
    return result


def plan(inputs: Sequence[str], to: str, out_dir: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(input, output) pairs; two inputs that would write the same output are a usage error."""
    pairs = [(str(i), output_name(str(i), to, out_dir)) for i in inputs]
    seen: dict[str, str] = {}
    for src, dst in pairs:
        if dst in seen:
            raise UsageError(f"{src} and {seen[dst]} would both be written to {dst}")
        seen[dst] = src
    return pairs


def remove_stale_temps(pairs: list[tuple[str, str]]) -> int:
    """Delete temporary files a killed run left beside its planned outputs (``.NAME.*.tmp``)."""
    removed = 0
    for _, dst in pairs:
        d = Path(dst)
        for tmp in d.parent.glob(f".{d.name}.*.tmp"):
            try:
                tmp.unlink()
                removed += 1
            except OSError:
                pass
    return removed


def convert_files(
    inputs: Sequence[str],
    to: str,
    out_dir: str | os.PathLike[str],
    *,
    jobs: int = 1,
    from_: str | None = None,
    strict: bool = False,
    options: WriteOptions | None = None,
    resume: bool = False,
    on_result: Callable[[FileResult], None] | None = None,
    curation: Curation | None = None,
) -> BatchSummary:
    """Convert each input to its own file in ``out_dir`` using ``jobs`` processes: a
    :class:`BatchSummary`, the results in input order."""
    if "-" in inputs:
        raise UsageError("standard input cannot be converted into an output directory")
    os.makedirs(out_dir, exist_ok=True)
    pairs = plan(inputs, to, out_dir)
    remove_stale_temps(pairs)
    kwargs = dict(from_=from_, strict=strict, options=options, resume=resume, curation=curation)
    results = BatchSummary()
    if jobs <= 1 or len(pairs) == 1:
        for src, dst in pairs:
            r = convert_one(src, to, dst, **kwargs)
            results.append(r)
            if on_result:
                on_result(r)
        return results
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(convert_one, src, to, dst, **kwargs) for src, dst in pairs]
        for fut in futures:  # in input order
            r = fut.result()
            results.append(r)
            if on_result:
                on_result(r)
    return results
