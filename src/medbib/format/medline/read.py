"""Reading MEDLINE: the lexer cuts records out of the lines, the builder makes each a Record.

A record with a line that is no tag line, or without a PMID, is reported (one error each, with
its line) and skipped, except ERIC records (``OWN - ERIC``), which have no PMID and are read.
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
    start, entries, bad, bad_text = lexed
    pmid, eric = None, False
    for tag, value in entries:
        if tag == "PMID":
            pmid = value.strip() or None
            break
        if tag == "OWN" and value.strip() == "ERIC":
            eric = True
    rid = f"PMID {pmid}" if pmid else None
    if bad is not None:
        snippet = bad_text.strip()
        if len(snippet) > 40:
            snippet = snippet[:40] + "…"
        ctx.error(f"not a MEDLINE tag line: {snippet!r}; record skipped", line=bad, record=index, record_id=rid)
        return None
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
