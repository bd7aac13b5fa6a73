"""The Python API: ``read``, ``write``, ``convert``, ``formats`` — the CLI is a thin layer over it."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .core.errors import MedbibError, ParseError, UsageError
from .core.model import Origin, Record
from .core.streams import Input, atomic_output, open_input
from .plugins.contexts import ProblemHandler, ReadContext, WriteContext, WriteOptions
from .plugins.descriptor import Format, Reader
from .plugins.registry import registry


@dataclass
class FileSummary:
    """What happened to one input: every record read is either written or skipped."""

    name: str
    format: str | None = None
    read: int = 0
    written: int = 0
    skipped: int = 0
    errors: list[MedbibError] = field(default_factory=list)
    warnings: list[MedbibError] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # PMIDs withdrawn (DeleteCitation)
    duplicates: list[str] = field(default_factory=list)  # PMIDs seen before (kept, reported)
    unclassified: int = 0
    failed: bool = False  # the input could not be opened or read at all

    def line(self) -> str:
        return counts_line(self.name, self.format, self.read, self.written, self.skipped,
                           len(self.deleted), len(self.duplicates), len(self.warnings))


def counts_line(name: str, fmt: str | None, read: int, written: int, skipped: int, deleted: int = 0,
                duplicates: int = 0, warnings: int = 0) -> str:
    """``refs.xml [pubmed-xml]: 3 read, 2 written, 1 skipped, 1 duplicate PMID`` (the summary line)."""
    parts = [f"{read} read", f"{written} written", f"{skipped} skipped"]
    if deleted:
        parts.append(f"{deleted} deleted")
    if duplicates:
        parts.append(f"{duplicates} duplicate PMID{'s' if duplicates != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{name}{f' [{fmt}]' if fmt else ''}: " + ", ".join(parts)


@dataclass
class Summary:
    files: list[FileSummary] = field(default_factory=list)
    output: str | None = None
    to: str | None = None
    losses: list[Any] = field(default_factory=list)
    report: Any = None  # medbib.report.LossReport when convert(..., report=True)

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def written(self) -> int:
        return sum(f.written for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def errors(self) -> list[MedbibError]:
        return [e for f in self.files for e in f.errors]

    @property
    def deleted(self) -> list[str]:
        return [p for f in self.files for p in f.deleted]

    @property
    def ok(self) -> bool:
        return not self.errors and not any(f.failed for f in self.files)

    def line(self) -> str:
        return f"total: {self.read} read, {self.written} written, {self.skipped} skipped"


@dataclass
class FormatInfo:
    kind: str  # "reader" | "writer"
    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    description: str
    module: str


def formats() -> list[FormatInfo]:
    """Every reader and writer medbib knows, built in or installed through entry points."""
    out = []
    for kind, table in (("reader", registry.readers), ("writer", registry.writers)):
        for fmt in table.values():
            side = fmt.reader if kind == "reader" else fmt.writer
            fn = side.read if kind == "reader" else side.write
            out.append(FormatInfo(kind, fmt.name, fmt.aliases, fmt.suffixes, side.description, fn.__module__))
    return out


def detect_format(inp: Input) -> Any:
    """Content sniffing first, then the file suffix; UsageError when neither decides."""
    if not inp.head.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
        return _EMPTY  # reported as a problem by _iter_records, with a summary line
    plugin = registry.sniff(inp.head)
    if plugin is None and inp.path:
        plugin = registry.reader_for_suffix(inp.path)
    if plugin is None:
        raise UsageError(
            "cannot tell the input format (give it with --from; `medbib formats` lists them)",
            file=inp.name,
        )
    return plugin


def _pmid_key(pmid: str) -> int | str:
    """PMIDs are remembered as ints where they are numbers (half the memory of strings)."""
    return int(pmid) if pmid.isdecimal() else pmid


_EMPTY = Format("empty", reader=Reader(lambda stream, ctx: iter(()), "an input with no content"))


def _iter_records(inp: Input, plugin: Any, ctx: ReadContext, summary: FileSummary,
                  seen: set[int | str] | None) -> Iterator[Record]:
    index = 0
    try:
        if not inp.head.strip(b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"):
            ctx.error("empty input: no records", skipped=0)
            return
        for rec in plugin.reader.read(inp.stream, ctx):
            index += 1
            if rec.origin is None:
                rec.origin = Origin(file=inp.name, index=index, format=plugin.name)
            else:
                rec.origin.file = rec.origin.file or inp.name
                rec.origin.index = rec.origin.index or index
                rec.origin.format = rec.origin.format or plugin.name
            summary.read += 1
            if seen is not None and rec.pmid:
                pid = _pmid_key(rec.pmid)
                if pid in seen:
                    summary.duplicates.append(rec.pmid)
                else:
                    seen.add(pid)
            yield rec
    except MedbibError as exc:
        if exc.file is None:
            exc.file = inp.name
        if ctx.strict:
            raise
        # a reader-level failure (truncated stream…): the records before it are kept
        ctx.errors.append(exc)
        ctx.skipped += 1
        if ctx.on_problem:
            ctx.on_problem(exc, "error")
    except (UnicodeError, ValueError, OSError, RecursionError) as exc:  # never a traceback
        err = ParseError(f"cannot read: {exc}", file=inp.name, record=index + 1)
        ctx.errors.append(err)
        ctx.skipped += 1
        if ctx.strict:
            raise err from None
        if ctx.on_problem:
            ctx.on_problem(err, "error")
    finally:
        summary.read += ctx.skipped
        summary.skipped += ctx.skipped
        summary.errors.extend(ctx.errors)
        summary.warnings.extend(ctx.warnings)
        summary.deleted.extend(ctx.deleted)
        summary.unclassified += ctx.unclassified
        # don't count twice if the generator is finalised again
        ctx.skipped = 0
        ctx.errors = []
        ctx.warnings = []
        ctx.deleted = []
        ctx.unclassified = 0


def read(
    source: Any,
    format: str | None = None,
    *,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
    summary: FileSummary | None = None,
    name: str | None = None,
) -> Iterator[Record]:
    """Stream the records of one input (a path, ``-``, a binary file object or bytes).

    Bad records are skipped and reported to ``on_problem`` (or raise in ``strict`` mode);
    pass a :class:`FileSummary` to collect counts, deletions and problems.
    """
    inp = open_input(source, name=name)
    summary = summary if summary is not None else FileSummary(inp.name)
    try:
        plugin = registry.reader(format) if format else detect_format(inp)
        summary.format = plugin.name
        ctx = ReadContext(inp.name, strict=strict, on_problem=on_problem)
        yield from _iter_records(inp, plugin, ctx, summary, seen=set())
    finally:
        inp.close()


def write(
    records: Iterable[Record],
    format: str,
    dest: Any = None,
    *,
    options: WriteOptions | None = None,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
) -> str | WriteContext:
    """Write records in ``format`` to ``dest`` (a path — replaced atomically —, ``-`` for stdout,
    or a file object). With no ``dest`` the output is returned as a string."""
    plugin = registry.writer(format)
    if dest is None:
        buf = io.StringIO(newline="")
        ctx = WriteContext("<string>", options=options, strict=strict, on_problem=on_problem)
        plugin.writer.write(records, buf, ctx)
        return buf.getvalue()
    ctx = WriteContext(str(dest), options=options, strict=strict, on_problem=on_problem)
    _write_to(plugin, records, dest, ctx)
    return ctx


def _write_to(fmt: Format, records: Iterable[Record], dest: Any, ctx: WriteContext) -> None:
    write = fmt.writer.write
    if isinstance(dest, (str, os.PathLike)) and os.fspath(dest) != "-":
        with atomic_output(dest) as fh:
            text = io.TextIOWrapper(fh, encoding="utf-8", newline="")
            write(records, text, ctx)
            text.flush()
            text.detach()
        return
    if isinstance(dest, (str, os.PathLike)):  # "-"
        out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            write(records, out, ctx)
        finally:
            out.flush()
            out.detach()
        return
    if isinstance(dest, io.TextIOBase) or (hasattr(dest, "encoding") and not hasattr(dest, "getbuffer")):
        write(records, dest, ctx)
        return
    out = io.TextIOWrapper(dest, encoding="utf-8", newline="")
    write(records, out, ctx)
    out.flush()
    out.detach()


class _Stop(Exception):
    pass


def convert(
    inputs: Sequence[Any] | Any,
    to: str | None = None,
    output: Any = None,
    *,
    from_: str | None = None,
    strict: bool = False,
    max_errors: int | None = None,
    options: WriteOptions | None = None,
    on_problem: ProblemHandler | None = None,
    on_record: Callable[[Record, Input], None] | None = None,
    jobs: int = 1,
    report: bool = False,
) -> Summary:
    """Convert one or more inputs into one output.

    ``to`` may be omitted when ``output`` is a path whose suffix names a writer. ``output``
    None means standard output; a path is replaced atomically (nothing is written when
    ``strict`` stops the run). Several inputs are concatenated in order. Returns a
    :class:`Summary` whose per-file counts satisfy ``read == written + skipped``.

    Raises :class:`UsageError`/:class:`InputError` for bad requests and unopenable inputs
    (before anything is written), and in strict mode the first :class:`MedbibError`.
    """
    if isinstance(inputs, (str, bytes, os.PathLike)) or hasattr(inputs, "read"):
        inputs = [inputs]
    if not inputs:
        raise UsageError("no input given")
    if to:
        writer = registry.writer(to)
    elif isinstance(output, (str, os.PathLike)) and os.fspath(output) != "-":
        writer = registry.writer_for_suffix(os.fspath(output))
        if writer is None:
            raise UsageError(f"cannot tell the output format from {os.fspath(output)!r}; give it with --to")
    else:
        raise UsageError("no output format: give --to (or an --output file with a known suffix)")
    reader = registry.reader(from_) if from_ else None
    if max_errors is not None and max_errors < 1:
        raise UsageError("--max-errors must be at least 1")

    summary = Summary(output=None if output is None else str(output), to=writer.name)
    problems = 0

    def handle(err: MedbibError, kind: str) -> None:
        nonlocal problems
        if on_problem:
            on_problem(err, kind)
        if kind == "error":
            problems += 1
            if max_errors is not None and problems >= max_errors:
                raise _Stop()

    # open every input first: an unreadable one is a usage problem reported before writing
    opened: list[tuple[Input, Any]] = []
    try:
        for src in inputs:
            inp = open_input(src)
            opened.append((inp, None))
        for i, (inp, _) in enumerate(opened):
            opened[i] = (inp, reader or detect_format(inp))
    except BaseException:
        for inp, _ in opened:
            inp.close()
        raise

    file_summaries: dict[str, FileSummary] = {}
    seen: set[int | str] = set()

    def records() -> Iterator[Record]:
        if jobs > 1 and len(opened) > 1 and all(inp.path for inp, _ in opened):
            yield from parallel_records()
            return
        for inp, plugin in opened:
            fs = FileSummary(inp.name, plugin.name)
            summary.files.append(fs)
            file_summaries[inp.name] = fs
            ctx = ReadContext(inp.name, strict=strict, on_problem=handle)
            try:
                for rec in _iter_records(inp, plugin, ctx, fs, seen):
                    if on_record:
                        on_record(rec, inp)
                    yield rec
            finally:
                inp.close()

    def parallel_records() -> Iterator[Record]:
        from .batch import read_parallel

        paths = [inp.path for inp, _ in opened]
        for inp, _ in opened:
            inp.close()
        results = read_parallel(paths, jobs, from_=from_, strict=strict)
        for (inp, plugin), (recs, info) in zip(opened, results):
            fs = info["summary"]
            fs.name = inp.name
            summary.files.append(fs)
            for kind, msg in info["problems"]:
                if on_problem:
                    on_problem(MedbibError(msg), kind)
            for err in fs.errors:
                if max_errors is not None:
                    handle_count(err)
            for rec in recs:
                if rec.pmid:
                    pid = _pmid_key(rec.pmid)
                    if pid in seen:
                        fs.duplicates.append(rec.pmid)
                    seen.add(pid)
                if on_record:
                    on_record(rec, inp)
                yield rec

    def handle_count(err: MedbibError) -> None:
        nonlocal problems
        problems += 1
        if max_errors is not None and problems >= max_errors:
            raise _Stop()

    wctx = WriteContext(str(output) if output is not None else "<stdout>", options=options,
                        strict=strict, on_problem=handle)
    stopped = False
    stream: Iterable[Record] = records()
    if report:
        from .report import LossChecker

        checker = LossChecker(writer.name, options)
        summary.report = checker.report
        stream = checker.wrap(stream)
    try:
        _write_to(writer, stream, output if output is not None else "-", wctx)
    except _Stop:
        stopped = True
    finally:
        for inp, _ in opened:
            inp.close()
        # records that reached the writer and were not skipped by it were written
        for fs in summary.files:
            fs.written = fs.read - fs.skipped - wctx.skipped_by_file.get(fs.name, 0)
            fs.skipped += wctx.skipped_by_file.get(fs.name, 0)
            fs.errors.extend(e for e in wctx.errors if e.file == fs.name)
        summary.losses = wctx.losses
    if stopped:
        raise MaxErrorsReached(problems, summary)
    return summary


class MaxErrorsReached(MedbibError):
    def __init__(self, count: int, summary: Summary) -> None:
        super().__init__(f"stopped after {count} problem{'s' if count != 1 else ''} (--max-errors)")
        self.summary = summary
