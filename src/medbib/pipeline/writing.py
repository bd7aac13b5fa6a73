"""Writing records in one format to a string, a path (replaced atomically), stdout or a stream."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from ..core.model import Record
from ..core.outputs import text_output
from ..plugins.contexts import ProblemHandler, WriteContext, WriteOptions
from ..plugins.descriptor import Format
from ..plugins.options import check_options
from ..plugins.registry import registry
from .curate import Curation


def write(
    records: Iterable[Record],
    format: str,
    dest: Any = None,
    *,
    options: WriteOptions | None = None,
    strict: bool = False,
    on_problem: ProblemHandler | None = None,
    drop: str | Iterable[str] | None = None,
    only: str | Iterable[str] | None = None,
    journal: str | None = None,
) -> str | WriteContext:
    """Write records in ``format`` to ``dest`` (a path — replaced atomically —, ``-`` for stdout,
    or a file object). With no ``dest`` the output is returned as a string.

    ``drop``/``only`` (record field names) and ``journal`` (``"full"``, ``"abbrev"``, ``"iso"``)
    curate the records first, as in :func:`medbib.convert`; the records passed in are not changed."""
    fmt = registry.writer(format)
    options = check_options(fmt, options)
    curation = Curation.make(drop=drop, only=only, journal=journal)
    if curation is not None:
        records = curation.apply(records, on_problem=on_problem, strict=strict)
    if dest is None:
        buf = io.StringIO(newline="")
        ctx = WriteContext("<string>", options=options, strict=strict, on_problem=on_problem)
        fmt.writer.write(records, buf, ctx)
        return buf.getvalue()
    ctx = WriteContext(str(dest), options=options, strict=strict, on_problem=on_problem)
    write_to(fmt, records, dest, ctx)
    return ctx


def write_to(fmt: Format, records: Iterable[Record], dest: Any, ctx: WriteContext) -> None:
    with text_output(dest) as out:
        fmt.writer.write(records, out, ctx)
