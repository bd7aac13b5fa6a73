"""Reading one input: its format (named, sniffed or from the suffix), its records, its counts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..core.errors import MedbibError, ParseError, UsageError
from ..core.model import Origin, Record
from ..core.streams import Input, open_input
from ..plugins.contexts import ProblemHandler, ReadContext
from ..plugins.descriptor import Format, Reader
from ..plugins.registry import registry
from .summary import FileSummary

_BLANK = b" \t\r\n\x00\xef\xbb\xbf\xfe\xff"  # what an input with no content may still hold
#: the "format" of an input with no content (reported as a problem, with a summary line)
EMPTY = Format("empty", reader=Reader(lambda stream, ctx: iter(()), "an input with no content"))


def detect_format(inp: Input) -> Format:
    """Content sniffing first, then the file suffix; UsageError when neither decides."""
    if not inp.head.strip(_BLANK):
        return EMPTY
    fmt = registry.sniff(inp.head)
    if fmt is None:
        _refuse_lookalike(inp)
    if fmt is None and inp.path:
        fmt = registry.reader_for_suffix(inp.path)
    if fmt is None:
        raise UsageError(
            "cannot tell the input format (give it with --from; `medbib formats` lists them)",
            file=inp.name,
        )
    return fmt


def _refuse_lookalike(inp: Input) -> None:
    """An input that resembles a format but that no reader takes (PubMed's Summary text): one
    UsageError saying what to do instead."""
    look = registry.lookalike(inp.head)
    if look is not None:
        raise UsageError(look.advice, file=inp.name)


def check_forced(inp: Input, fmt: Format) -> None:
    """A format given with --from must fit the start of the input: when its sniffer says no and
    another format's says yes (or the input is a known lookalike), one UsageError says what the
    input looks like, instead of one error per line. When no sniffer recognises the input, the
    given reader is trusted (that is what --from is for)."""
    sniff = fmt.reader.sniff
    if sniff is None or not inp.head.strip(_BLANK):
        return
    try:
        if sniff(inp.head):
            return
    except Exception:  # a sniffer must never break reading
        return
    _refuse_lookalike(inp)
    other = registry.sniff(inp.head)
    if other is not None and other.reader.read is not fmt.reader.read:
        raise UsageError(f"this looks like {other.name}, not {fmt.name}: give --from {other.name}, "
                         "or leave --from out to detect it", file=inp.name)


def note_pmid(rec: Record, seen: set[int | str], summary: FileSummary) -> None:
    """Remember the record's PMID; a PMID seen before is counted as a duplicate (and kept).

    PMIDs are remembered as ints where they are numbers (half the memory of strings)."""
    if rec.pmid:
        pid: int | str = int(rec.pmid) if rec.pmid.isdecimal() else rec.pmid
        if pid in seen:
            summary.duplicates.append(rec.pmid)
        else:
            seen.add(pid)


def _place(rec: Record, inp: Input, fmt: Format, index: int) -> None:
    """Where the record came from, where its reader did not say."""
    if rec.origin is None:
        rec.origin = Origin(file=inp.name, index=index, format=fmt.name)
    else:
        rec.origin.file = rec.origin.file or inp.name
        rec.origin.index = rec.origin.index or index
        rec.origin.format = rec.origin.format or fmt.name


def _failed(ctx: ReadContext, err: MedbibError, skipped: int = 1) -> None:
    """A reader-level failure (truncated stream…): counted; the records before it are kept."""
    ctx.errors.append(err)
    ctx.skipped += skipped
    if ctx.strict:
        raise err
    if ctx.on_problem:
        ctx.on_problem(err, "error")


def _settle(ctx: ReadContext, summary: FileSummary) -> None:
    """Move the reader's counts and problems into the summary (once, however often called)."""
    summary.read += ctx.skipped
    summary.skipped += ctx.skipped
    summary.errors.extend(ctx.errors)
    summary.warnings.extend(ctx.warnings)
    summary.deleted.extend(ctx.deleted)
    summary.unclassified += ctx.unclassified
    ctx.skipped = ctx.unclassified = 0
    ctx.errors, ctx.warnings, ctx.deleted = [], [], []


def records_of(inp: Input, fmt: Format, ctx: ReadContext, summary: FileSummary,
               seen: set[int | str] | None) -> Iterator[Record]:
    """The records of one opened input, counted in ``summary``; never a traceback."""
    index = 0
    try:
        if not inp.head.strip(_BLANK):  # not a failure to convert: a warning (an error with --strict)
            ctx.warn("empty input: no records")
            return
        for rec in fmt.reader.read(inp.stream, ctx):
            index += 1
            _place(rec, inp, fmt, index)
            summary.read += 1
            if seen is not None:
                note_pmid(rec, seen, summary)
            yield rec
        damage = inp.damage()  # after whole data (garbage after a gzip member…): no record lost
        if damage is not None:
            _failed(ctx, damage, skipped=0)
    except MedbibError as exc:
        if exc.file is None:
            exc.file = inp.name
        if isinstance(exc, UsageError):  # the input is not what its reader reads (namespaced "PubMed XML"): exit 2
            raise
        _failed(ctx, exc)
    except (UnicodeError, ValueError, OSError, RecursionError) as exc:
        _failed(ctx, ParseError(f"cannot read: {exc}", file=inp.name, record=index + 1))
    finally:
        _settle(ctx, summary)


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
        fmt = registry.reader(format) if format else detect_format(inp)
        if format:
            check_forced(inp, fmt)
        summary.format = fmt.name
        ctx = ReadContext(inp.name, strict=strict, on_problem=on_problem)
        yield from records_of(inp, fmt, ctx, summary, seen=set())
    finally:
        inp.close()
