"""One output per input, in parallel: the unit of work for ``--jobs`` and for Dask.

:func:`convert_one` converts a single input file into a single output file (atomically) and
returns a plain, picklable :class:`FileResult`; :func:`convert_files` runs it over many inputs
in a process pool. :mod:`medbib.pipeline.distributed` runs the very same function as Dask tasks, so a
local run and a cluster run give byte-identical outputs.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import InputError, MedbibError, OutputError, UsageError, printable
from ..core.outputs import check_cancel, not_cancelled, replaced_inputs, set_cancel_check, stale_temps
from ..plugins.contexts import WriteOptions
from ..plugins.options import check_options
from ..plugins.registry import registry
from .convert import convert
from .outdir import forget_done, is_complete, record_done, write_run_files
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
    status: str = "ok"  # ok | problems | failed | skipped (resume: output complete) | cancelled (Ctrl-C)
    usage: bool = False  # failed before converting: an input or output that cannot be opened (exit 2)

    def line(self) -> str:
        if self.status == "skipped":
            return f"{printable(self.input)}: up to date ({printable(self.output or '')}), skipped"
        if self.status == "cancelled":
            return f"{printable(self.input)}: not converted (interrupted)"
        if self.status == "failed" and not self.read:
            return f"{printable(self.input)}: failed: {self.errors[0] if self.errors else 'unknown error'}"
        return counts_line(self.input, self.format, self.read, self.written, self.skipped,
                           len(self.deleted), self.duplicates, merged=self.merged)

    @property
    def name(self) -> str:
        """The input, as :attr:`FileSummary.name <medbib.pipeline.summary.FileSummary>` names it."""
        return self.input

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C stopped an ``-o DIR/`` run: queued inputs were not started, running ones were stopped
    before their output was renamed into place. ``results`` has one entry per input, in input
    order (status ``cancelled`` for those not converted)."""

    def __init__(self, results: list[FileResult]) -> None:
        super().__init__()
        self.results = results

    def line(self) -> str:
        done = [r for r in self.results if r.status != "cancelled"]
        left = [printable(Path(r.input).name) for r in self.results if r.status == "cancelled"]
        shown = ", ".join(left[:5]) + (f", … ({len(left)} in all)" if len(left) > 5 else "")
        return (f"interrupted: {len(done)} of {len(self.results)} inputs converted or skipped, "
                f"{len(left)} not converted" + (f" ({shown})" if left else "") + "; no output written half")


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
        return counts_line("total", None, self.read, self.written, self.skipped)


def output_name(input_path: str, to: str, out_dir: str | os.PathLike[str]) -> str:
    """``in/pubmed25n0001.xml.gz`` + ``bibtex`` -> ``out_dir/pubmed25n0001.bib``."""
    writer = registry.writer(to)
    name = Path(input_path).name
    for suffix in _COMPRESSED:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return str(Path(out_dir) / (stem + (writer.suffixes[0] if writer.suffixes else "." + writer.name)))


def settings_key(to: str, from_: str | None, strict: bool, options: WriteOptions | None,
                 curation: Curation | None = None) -> str:
    """What besides the input decides an output's bytes (an output made otherwise is redone by --resume)."""
    return repr((to, from_, strict, options or WriteOptions(), curation))


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
    """Convert one file to one file. Never raises for data problems or failed writes: they are in
    the result. An output converted without problems is recorded as complete (for --resume).
    ``curation`` (dedupe, drop, journal) applies within the file."""
    result = FileResult(input=input_path, output=output_path)
    settings = settings_key(to, from_, strict, options, curation)
    if resume and is_complete(input_path, output_path, settings):
        result.status = "skipped"
        return result
    check_cancel()
    forget_done(output_path)
    start = time.perf_counter()
    problems: list[tuple[str, str]] = []
    try:
        summary = convert([input_path], to=to, output=output_path, from_=from_, strict=strict, options=options,
                          on_problem=lambda e, k: problems.append((k, str(e))), on_record=_check_cancel,
                          **(curation.kwargs() if curation else {}))
    except Exception as exc:  # _failed tells a MedbibError from a bug; the other inputs are converted all the same
        summary = _failed(result, exc)
    if summary is not None:
        _count(result, summary, problems)
    result.seconds = time.perf_counter() - start
    if result.status == "ok":  # the output is in place: Ctrl-C now must not lose its record
        with not_cancelled(), contextlib.suppress(OSError, MedbibError):  # unrecorded: redone by --resume
            record_done(input_path, output_path, settings)
    return result


def _check_cancel(_record: Any, _inp: Any) -> None:
    check_cancel()


def _failed(result: FileResult, exc: Exception) -> Any:
    """Note a conversion that raised; the summary it carries (--max-errors), if any."""
    result.status = "failed"
    if isinstance(exc, MedbibError):
        result.errors.append(str(exc))
        result.usage = isinstance(exc, (InputError, UsageError)) or (isinstance(exc, OutputError) and not exc.opened)
    else:
        result.errors.append(f"{printable(result.input)}: internal error: {type(exc).__name__}: {exc}")
    return getattr(exc, "summary", None)


def _count(result: FileResult, summary: Any, problems: list[tuple[str, str]]) -> None:
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


def plan(inputs: Sequence[str], to: str, out_dir: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """(input, output) pairs; two inputs that would write the same output, or an output that would
    replace an input, are usage errors (before anything is written)."""
    pairs = [(str(i), output_name(str(i), to, out_dir)) for i in inputs]
    seen: dict[str, str] = {}
    for src, dst in pairs:
        if dst in seen:
            raise UsageError(f"{printable(src)} and {printable(seen[dst])} would both be written to {printable(dst)}")
        seen[dst] = src
    for (src, dst), clash in zip(pairs, replaced_inputs(inputs, [dst for _, dst in pairs])):
        if clash is not None:
            raise UsageError(f"{printable(dst)}: the output for {printable(src)} would replace the input "
                             f"{printable(clash)}; give another output directory")
    return pairs


def prepare(inputs: Sequence[str], to: str, out_dir: str | os.PathLike[str], options: WriteOptions | None
            ) -> tuple[WriteOptions, list[tuple[str, str]]]:
    """What an -o DIR/ run (local or on Dask) settles before the first file: standard input refused,
    the writer's options checked, the folder made, the outputs planned (:func:`plan`), and the
    temporary files that killed runs left beside them removed. (the options, the pairs)"""
    if "-" in inputs:
        raise UsageError("standard input cannot be converted into an output directory")
    options = check_options(registry.writer(to), options)  # a bad option stops the run before any file
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot make the output directory ({exc.strerror or exc})", file=str(out_dir)) from None
    pairs = plan(inputs, to, out_dir)
    remove_stale_temps(pairs)
    return options, pairs


def remove_stale_temps(pairs: list[tuple[str, str]]) -> int:
    """Delete the temporary files that killed runs left beside the planned outputs: only those
    provably stale (made on this host by a process that is gone), never a live run's."""
    by_dir: dict[Path, list[str]] = {}
    for _, dst in pairs:
        by_dir.setdefault(Path(dst).parent, []).append(Path(dst).name)
    removed = 0
    for directory, names in by_dir.items():
        for tmp in stale_temps(directory, names):
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
    :class:`BatchSummary`, the results in input order; the run's summary in ``out_dir/.medbib/``.
    Ctrl-C raises :class:`Interrupted`."""
    options, pairs = prepare(inputs, to, out_dir, options)
    kwargs = dict(from_=from_, strict=strict, options=options, resume=resume, curation=curation)
    report = on_result or (lambda r: None)
    if jobs <= 1 or len(pairs) == 1:
        results = BatchSummary(_in_order(pairs, to, kwargs, report))
    else:
        results = BatchSummary(_in_pool(pairs, to, jobs, kwargs, report))
    with contextlib.suppress(OSError, MedbibError):
        write_run_files(results, out_dir)
    return results


def _in_order(pairs: list[tuple[str, str]], to: str, kwargs: dict[str, Any],
              report: Callable[[FileResult], None]) -> list[FileResult]:
    results: list[FileResult] = []
    try:
        for src, dst in pairs:
            results.append(convert_one(src, to, dst, **kwargs))
            report(results[-1])
    except KeyboardInterrupt:
        results += [FileResult(src, dst, status="cancelled") for src, dst in pairs[len(results):]]
        _interrupted(results, pairs)
    return results


def _in_pool(pairs: list[tuple[str, str]], to: str, jobs: int, kwargs: dict[str, Any],
             report: Callable[[FileResult], None]) -> list[FileResult]:
    """``jobs`` worker processes; Ctrl-C (to this process or the whole terminal group) stops them:
    workers ignore SIGINT and look at a shared flag before each record and before renaming an output."""
    stop = multiprocessing.get_context().Event()
    results: list[FileResult] = []
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(stop,)) as pool:
        futures = [pool.submit(_pool_task, src, to, dst, kwargs) for src, dst in pairs]
        try:
            for fut in futures:  # in input order
                results.append(fut.result())
                report(results[-1])
        except KeyboardInterrupt:
            stop.set()
            for fut in futures:
                fut.cancel()
            pool.shutdown(wait=True)
            results = [_outcome(fut, src, dst) for fut, (src, dst) in zip(futures, pairs)]
            _interrupted(results, pairs)
    return results


def _outcome(fut: Any, src: str, dst: str) -> FileResult:
    if fut.cancelled():
        return FileResult(src, dst, status="cancelled")
    try:
        return fut.result()
    except BaseException:  # noqa: BLE001 - a worker that died on the way out: not converted
        return FileResult(src, dst, status="cancelled")


def _interrupted(results: list[FileResult], pairs: list[tuple[str, str]]) -> None:
    with contextlib.suppress(OSError, MedbibError):
        write_run_files(results, Path(pairs[0][1]).parent)
    raise Interrupted(results) from None


def _worker_start(stop: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; the flag tells

    def check() -> None:
        if stop.is_set():
            raise KeyboardInterrupt

    set_cancel_check(check)


def _pool_task(src: str, to: str, dst: str, kwargs: dict[str, Any]) -> FileResult:
    try:
        return convert_one(src, to, dst, **kwargs)
    except KeyboardInterrupt:  # the run was stopped: the output was not renamed into place
        return FileResult(src, dst, status="cancelled")
