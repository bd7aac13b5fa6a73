"""The Python API's conversion: ``convert`` (inputs to one output) and ``formats``; ``read`` and
``write`` are in :mod:`.reading` and :mod:`.writing`. The CLI is a thin layer over these."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.errors import MedbibError, UsageError, printable
from ..core.model import Record
from ..core.outputs import replaced_input, replaces
from ..core.streams import Input, open_input
from ..plugins.contexts import ProblemHandler, ReadContext, WriteContext, WriteOptions
from ..plugins.descriptor import Format, Option
from ..plugins.options import check_options
from ..plugins.options import kind as option_kind
from ..plugins.registry import registry
from .curate import Curation
from .parallel import read_parallel
from .reading import check_forced, detect_format, note_pmid, records_of
from .report import LossChecker
from .summary import FileSummary, Summary
from .writing import write_to


@dataclass
class FormatInfo:
    kind: str  # "reader" | "writer"
    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    description: str
    module: str
    options: tuple[Option, ...] = ()  # a writer's -O options (name, default, help)


def formats() -> list[FormatInfo]:
    """Every reader and writer medbib knows, built in or installed through entry points."""
    out = []
    for kind, table in (("reader", registry.readers), ("writer", registry.writers)):
        for fmt in table.values():
            side = fmt.reader if kind == "reader" else fmt.writer
            fn = side.read if kind == "reader" else side.write
            opts = fmt.writer.options if kind == "writer" else ()
            out.append(FormatInfo(kind, fmt.name, fmt.aliases, fmt.suffixes, side.description, fn.__module__, opts))
    return out


def format_catalogue() -> list[dict[str, Any]]:
    """Every format once, as JSON-ready dicts (what ``medbib formats --json`` prints): name, aliases,
    suffixes, and its ``reader`` and ``writer`` (null where it has none) with the writer's options."""
    names = sorted({*registry.readers, *registry.writers})
    out = []
    for name in names:
        fmt = registry.readers.get(name) or registry.writers[name]
        reader = registry.readers.get(name)
        writer = registry.writers.get(name)
        out.append({
            "name": name, "aliases": list(fmt.aliases), "suffixes": list(fmt.suffixes),
            "reader": {"description": reader.reader.description} if reader else None,
            "writer": {"description": writer.writer.description,
                       "options": [{"name": o.name, "takes": option_kind(o), "default": o.default, "help": o.help}
                                   for o in writer.writer.options]} if writer else None,
        })
    return out


class _Stop(Exception):
    """--max-errors reached."""


class MaxErrorsReached(MedbibError):
    def __init__(self, count: int, summary: Summary) -> None:
        super().__init__(f"stopped after {count} problem{'s' if count != 1 else ''} (--max-errors)")
        self.summary = summary


def writer_for(to: str | None, output: Any) -> Format:
    """The output format: named, or from the output file's suffix."""
    if to:
        return registry.writer(to)
    if isinstance(output, (str, os.PathLike)) and os.fspath(output) != "-":
        fmt = registry.writer_for_suffix(os.fspath(output))
        if fmt is None:
            raise UsageError(f"cannot tell the output format from {os.fspath(output)!r}; give it with --to")
        return fmt
    raise UsageError("no output format: give --to (or an --output file with a known suffix)")


def checked_writer(to: str | None, output: Any, options: WriteOptions | None) -> tuple[Format, WriteOptions]:
    """The writer and its options, checked (:class:`UsageError`) before anything is read, fetched or written."""
    writer = writer_for(to, output)
    return writer, check_options(writer, options)


def _open_all(inputs: Sequence[Any], reader: Format | None) -> list[tuple[Input, Format]]:
    """Every input opened and its format known before anything is written: an unreadable input
    is a usage problem, reported before the output is touched."""
    opened: list[Input] = []
    try:
        for src in inputs:
            opened.append(open_input(src))
        if reader is not None:
            for inp in opened:
                check_forced(inp, reader)
        return [(inp, reader or detect_format(inp)) for inp in opened]
    except BaseException:
        for inp in opened:
            inp.close()
        raise


class _Run:
    """One conversion's inputs, the problems met so far and the summary being filled."""

    def __init__(self, opened: list[tuple[Input, Format]], summary: Summary, *, from_: str | None, strict: bool,
                 max_errors: int | None, on_problem: ProblemHandler | None,
                 on_record: Callable[[Record, Input], None] | None, jobs: int) -> None:
        self.opened, self.summary = opened, summary
        self.from_, self.strict, self.max_errors, self.jobs = from_, strict, max_errors, jobs
        self.on_problem, self.on_record = on_problem, on_record
        self.problems = 0
        self.seen: set[int | str] = set()

    def handle(self, err: MedbibError, kind: str) -> None:
        """Every problem met, reading or writing: reported, and counted against --max-errors."""
        if self.on_problem:
            self.on_problem(err, kind)
        if kind == "error":
            self.count()

    def count(self) -> None:
        self.problems += 1
        if self.max_errors is not None and self.problems >= self.max_errors:
            raise _Stop()

    def records(self) -> Iterator[Record]:
        if self.jobs > 1 and len(self.opened) > 1 and all(inp.path for inp, _ in self.opened):
            return self._parallel()
        return self._sequential()

    def _sequential(self) -> Iterator[Record]:
        for inp, fmt in self.opened:
            fs = FileSummary(inp.name, fmt.name)
            self.summary.files.append(fs)
            ctx = ReadContext(inp.name, strict=self.strict, on_problem=self.handle)
            try:
                for rec in records_of(inp, fmt, ctx, fs, self.seen):
                    if self.on_record:
                        self.on_record(rec, inp)
                    yield rec
            finally:
                inp.close()

    def _parallel(self) -> Iterator[Record]:
        for inp, _ in self.opened:
            inp.close()
        results = read_parallel([inp.path for inp, _ in self.opened], self.jobs, from_=self.from_,
                                strict=self.strict)
        for (inp, _), (recs, fs, problems) in zip(self.opened, results):
            fs.name = inp.name
            self.summary.files.append(fs)
            for kind, msg in problems:
                if self.on_problem:
                    self.on_problem(MedbibError(msg), kind)
            for _err in fs.errors:
                if self.max_errors is not None:
                    self.count()
            for rec in recs:
                note_pmid(rec, self.seen, fs)
                if self.on_record:
                    self.on_record(rec, inp)
                yield rec

    def settle(self, wctx: WriteContext) -> None:
        """Records that reached the writer and were not skipped by it were written."""
        for fs in self.summary.files:
            fs.written = fs.read - fs.skipped - fs.merged - wctx.skipped_by_file.get(fs.name, 0)
            fs.skipped += wctx.skipped_by_file.get(fs.name, 0)
            fs.errors.extend(e for e in wctx.errors if e.file == fs.name)
        self.summary.losses = wctx.losses


def _curated(curation: Curation, stream: Iterable[Record], run: _Run, summary: Summary) -> Iterator[Record]:
    """The curation steps on the stream; records merged away are counted against their input."""
    yield from curation.apply(stream, on_problem=run.handle, strict=run.strict, merges=summary.merges)
    by_name = {fs.name: fs for fs in summary.files}
    for merge in summary.merges:
        for name in merge.merged_files:
            if name in by_name:
                by_name[name].merged += 1


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
    dedupe: bool = False,
    drop: str | Sequence[str] | None = None,
    only: str | Sequence[str] | None = None,
    journal: str | None = None,
) -> Summary:
    """Convert one or more inputs into one output.

    ``to`` may be omitted when ``output`` is a path whose suffix names a writer. ``output``
    None means standard output; a path is replaced atomically (nothing is written when
    ``strict`` stops the run). Several inputs are concatenated in order. Returns a
    :class:`Summary` whose per-file counts satisfy ``read == written + skipped``.

    ``dedupe``, ``drop``/``only`` (field names) and ``journal`` (``full|abbrev|iso``) curate the
    records (:mod:`medbib.pipeline.curate`); merges are listed in ``summary.merges``.

    Raises :class:`UsageError`/:class:`InputError` for bad requests and unopenable inputs
    (before anything is written), and in strict mode the first :class:`MedbibError`.
    """
    inputs, writer, options = _checked(inputs, to, output, options, max_errors)
    reader = registry.reader(from_) if from_ else None
    curation = Curation.make(dedupe=dedupe, drop=drop, only=only, journal=journal)
    summary = Summary(output=None if output is None else str(output), to=writer.name)
    run = _Run(_open_all(inputs, reader), summary, from_=from_, strict=strict, max_errors=max_errors,
               on_problem=on_problem, on_record=on_record, jobs=jobs)
    wctx = WriteContext(str(output) if output is not None else "<stdout>", options=options,
                        strict=strict, on_problem=run.handle)
    stream: Iterable[Record] = (run.records() if curation is None
                                else _curated(curation, run.records(), run, summary))
    if report:
        checker = LossChecker(writer.name, options)
        summary.report = checker.report
        stream = checker.wrap(stream)
    try:
        write_to(writer, stream, output if output is not None else "-", wctx)
    except _Stop:
        run.settle(wctx)
        if output is not None and replaces(output):  # the output file was not written at all
            for fs in summary.files:
                fs.skipped, fs.written = fs.read, 0
        raise MaxErrorsReached(run.problems, summary) from None
    finally:
        for inp, _ in run.opened:
            inp.close()
    run.settle(wctx)
    return summary


def _checked(inputs: Sequence[Any] | Any, to: str | None, output: Any, options: WriteOptions | None,
             max_errors: int | None) -> tuple[Sequence[Any], Format, WriteOptions]:
    """The request checked before anything is read or written: the inputs as a list, the writer,
    its options (UsageError for a bad one, an output that would replace an input...)."""
    if isinstance(inputs, (str, bytes, os.PathLike)) or hasattr(inputs, "read"):
        inputs = [inputs]
    if not inputs:
        raise UsageError("no input given")
    writer, options = checked_writer(to, output, options)
    if max_errors is not None and max_errors < 1:
        raise UsageError("--max-errors must be at least 1")
    _refuse_replacing_an_input(inputs, output)
    return inputs, writer, options


def _refuse_replacing_an_input(inputs: Sequence[Any], output: Any) -> None:
    """``medbib convert refs.bib -o refs.bib`` would lose what could not be read: a usage error."""
    if isinstance(output, (str, os.PathLike)):
        clash = replaced_input(inputs, output)
        if clash is not None:
            raise UsageError(f"the output would replace the input {printable(clash)}; give another output name",
                             file=os.fspath(output))
