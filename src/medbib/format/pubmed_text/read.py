"""Reading the Abstract (text) export: each record assembled from its blocks.

A record is: the citation line (``N. Source. Date;Vol(Iss):Pages. doi…``) or a book's title
line, the title, the blocks of :mod:`.blocks`, the ID block (the last block with a ``PMID:``
line), and blocks after it. Records stream one at a time; a record that cannot be read is
reported with ``ctx.error`` and the reader goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from ...core.model import Origin, Record
from ...core.streams import iter_lines
from ...core.text import clean_title, is_translated_title
from ...core.vocabulary import BOOK, CHAPTER
from ...plugins.contexts import ReadContext
from .blocks import read_after, read_body
from .citation import Citation, apply_citation, parse_citation
from .ids import read_ids
from .records import PMID_LINE, RECORD_START, Line, blocks_of, split_records, unwrap

NAME = "pubmed-text"


# --------------------------------------------------------------------------- reading
def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    index = 0
    for rec_lines in split_records(iter_lines(stream, ctx)):
        index += 1
        first_line = rec_lines[0][0]
        try:
            rec = parse_record(rec_lines, ctx, index)
        except (ValueError, IndexError, AttributeError, TypeError, KeyError) as exc:
            ctx.error(f"cannot parse record: {exc}", line=first_line, record=index)
            continue
        if rec is None:
            continue
        rec.origin = Origin(file=ctx.file, line=first_line, index=index, format=NAME)
        yield rec


def _title(rec: Record, blk: list[Line]) -> None:
    rec.title = clean_title(unwrap([ln for _, ln in blk]))
    rec.title_translated = is_translated_title(rec.title)


def _article(rec: Record, cite_text: str, cite: Citation, body: list[list[Line]], ctx: ReadContext,
             rid: str) -> bool:
    """The citation line and the title of an article; False when there is no title."""
    rec.source = cite_text
    apply_citation(rec, cite)
    if cite.unparsed:
        ctx.warn(f"citation line part not understood: {cite.unparsed!r}", line=body[0][0][0], record_id=rid)
    if len(body) < 2:
        return False
    _title(rec, body[1])
    return True


def _book(rec: Record, cite_text: str, body: list[list[Line]], has_in: bool) -> None:
    """A book, or a chapter (``has_in``: its book comes in an ``In:`` block): the first line is the title."""
    rec.type = CHAPTER if has_in else BOOK
    rec.source = cite_text
    _title(rec, body[0])


def _id_block_at(blocks: list[list[Line]]) -> int | None:
    """The ID block: the last block (not the first) with a PMID line."""
    return next((i for i in range(len(blocks) - 1, 0, -1)
                 if any(PMID_LINE.match(ln) for _, ln in blocks[i])), None)


def parse_record(rec_lines: list[Line], ctx: ReadContext, index: int) -> Record | None:
    """One record's lines -> Record; None (reported) when they are no record."""
    blocks = blocks_of(rec_lines)
    first_num = rec_lines[0][0]
    if not blocks:
        return None
    m = RECORD_START.match(blocks[0][0][1])
    if not m:
        ctx.error("text outside any record (expected 'N. ' and a citation)", line=first_num, record=index)
        return None
    id_pos = _id_block_at(blocks)
    if id_pos is None:
        ctx.error("record without a PMID line", line=first_num, record=index)
        return None
    rec = Record()
    blocks[0] = [(blocks[0][0][0], m.group(2))] + blocks[0][1:]
    read_ids(rec, blocks[id_pos], ctx)
    rid = f"PMID {rec.pmid}"
    body = blocks[:id_pos]
    cite_text = unwrap([ln for _, ln in body[0]])
    cite = parse_citation(cite_text)
    has_in = any(b[0][1].startswith("In: ") for b in body[1:])
    book = cite is None or has_in
    if book:
        _book(rec, cite_text, body, has_in)
    elif not _article(rec, cite_text, cite, body, ctx, rid):  # type: ignore[arg-type]
        ctx.error("record without a title", line=first_num, record=index, record_id=rid)
        return None
    for line, message in read_body(rec, body[1:] if book else body[2:], book):
        ctx.warn(message, line=line, record=index, record_id=rid)
    read_after(rec, ctx, blocks[id_pos + 1:], index, rid)
    if not rec.languages:
        rec.languages = ["en"]  # PubMed prints "[Article in X]" only for non-English articles
    return rec
