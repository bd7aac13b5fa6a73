"""Reading MEDLINE: the lexer cuts records out of the lines, the builder makes each a Record.

A line that is no tag line costs only itself: a warning names it and the record keeps the rest.
A record without a PMID (or of nothing but such lines) is reported with its line and skipped,
except ERIC records (``OWN - ERIC``), which have no PMID and are read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ...core.model import Origin, Record
from ...core.streams import iter_lines
from ...plugins.contexts import ReadContext
from .builder import TABLE, build_record
from .lexer import Lexed, records


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    for index, lexed in enumerate(records(iter_lines(stream, ctx), TABLE.known), 1):
        rec = _record(lexed, index, ctx)
        if rec is not None:
            yield rec


def _record(lexed: Lexed, index: int, ctx: ReadContext) -> Record | None:
    """The record, or None when it is reported as an error."""
    start, entries, bad = lexed
    pmid, eric = None, False
    for tag, value in entries:
        if tag == "PMID":
            pmid = value.strip() or None
            break
        if tag == "OWN" and value.strip() == "ERIC":
            eric = True
    rid = f"PMID {pmid}" if pmid else None
    if bad:
        if not entries:
            ctx.error(f"not a MEDLINE tag line: {_snippet(bad[0][1])}; record skipped", line=bad[0][0],
                      record=index)
            return None
        for lineno, text in bad:
            ctx.warn(f"not a MEDLINE tag line: {_snippet(text)}; line left out", line=lineno, record=index,
                     record_id=rid)
    if pmid is None and not eric:
        ctx.error("record has no PMID; skipped", line=start, record=index)
        return None
    try:
        rec = build_record(entries)
    except (ValueError, TypeError, IndexError, AttributeError, KeyError) as exc:  # never a traceback
        ctx.error(f"cannot read record: {exc}", line=start, record=index, record_id=rid)
        return None
    rec.origin = Origin(file=ctx.file, line=start, index=index, format="medline")
    return rec


def _snippet(text: str) -> str:
    text = text.strip()
    return repr(text[:40] + "…" if len(text) > 40 else text)
