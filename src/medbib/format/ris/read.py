"""Reading RIS: tolerant of what EndNote, Zotero, Mendeley, Scopus, Citavi and hand-made files hold.

The file is cut into ``TY``…``ER`` blocks here (to stream, one record in memory at a time, and to
know each record's line for messages); rispy (:class:`rispy.RisParser`, subclassed) turns a block
into ``{tag: [values]}``; the tag table (:mod:`.tags`) turns that into a record. Tags no rule
reads are kept in ``record.extra`` as ``ris:<tag>``.

Tolerated: a BOM, CRLF/CR/LF, UTF-16, ``TY - JOUR`` with one space, ``ER  -`` without the
trailing space, text outside records, a missing ``ER`` (the next ``TY`` closes the record),
wrapped values (continuation lines), repeated tags, ``Y1``/``PY``/``DA`` dates such as
``1998///Spring``, ``JO``/``JF``/``JA``/``T2``/``J2`` journal variants, a whole page range
in ``SP``, legacy names such as ``Baldwin,S.A.``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import rispy

from ...core.model import Origin, Record
from ...core.streams import iter_lines
from ...core.text import collapse
from ...core.vocabulary import ARTICLE_JOURNAL, DOCUMENT, PREPRINT
from ...plugins.contexts import ReadContext
from .tags import NEWLINE_VALUE_TAGS, TABLE, TY_TO_TYPE, TYPE_TO_TY, ReadEnv

# Zotero's line pattern: tag, one or two spaces, hyphen, then " value" or nothing.
_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?\s*$")
#: the record's frame, not data
FRAME_TAGS = frozenset({"TY", "ER"})


class _Every(dict):
    """rispy mapping where every tag maps to itself (medbib decides what tags mean)."""

    def __missing__(self, key: str) -> str:
        return key


class _All:
    """rispy list-tag set that holds every tag: repeated tags are all kept, in order."""

    def __contains__(self, item: object) -> bool:
        return True


class _RisParser(rispy.RisParser):
    """rispy's parser, subclassed where RIS files in the wild differ from what rispy expects:

    * ``parse_line``: rispy wants exactly ``XX  - `` (two spaces); files have ``TY - JOUR``
      (one space) and ``ER  -`` (no trailing space) — Zotero's pattern is used instead.
    * ``_add_tag``: rispy adds a continuation line of a list tag as a new value; that is right
      for keyword lists (KW, L1…: one value per line, as Zotero reads them) but a wrapped
      title or abstract must be joined to the value it continues.
    """

    def __init__(self) -> None:
        super().__init__(mapping=_Every(TY="TY"), list_tags=_All(), delimiter_tags_mapping={})

    def parse_line(self, line: str) -> tuple[str, str] | tuple[None, str]:
        m = _LINE.match(line.rstrip())
        if m:
            return m.group(1), (m.group(2) or "").strip()
        return None, line.strip()

    def _add_tag(self, record: dict, tag: str, content: Any, extend_multiline: bool = False) -> None:
        if extend_multiline:
            if not content or tag is None or not record.get(tag):
                return
            if tag not in NEWLINE_VALUE_TAGS:
                record[tag][-1] = f"{record[tag][-1]} {content}".strip()
                return
        super()._add_tag(record, tag, content)


_PARSER = _RisParser()


def blocks(lines: Iterator[str], ctx: ReadContext) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line number of TY, the block's lines with a closing ER, None) per record, or
    (line, None, reason) for a block that cannot be a record."""
    block: list[str] | None = None
    start = 0
    orphan_line = 0  # first tag line seen outside a record
    for n, line in enumerate(lines, 1):
        m = _LINE.match(line.rstrip())
        tag = m.group(1) if m else None
        if tag == "TY":
            if block is not None:
                ctx.warn("record not closed by ER (closed by the next TY)", line=start)
                yield start, block + ["ER  - "], None
            block, start, orphan_line = [line], n, 0
        elif tag == "ER":
            if block is not None:
                yield start, block + [line], None
                block = None
            elif orphan_line:
                yield orphan_line, None, "record without TY (tags before this ER have no TY line)"
                orphan_line = 0
        elif block is not None:
            block.append(line)
        elif tag and not orphan_line:
            orphan_line = n
    if block is not None:
        ctx.warn("last record not closed by ER", line=start)
        yield start, block + ["ER  - "], None


def tags_to_record(tags: dict[str, list[str]]) -> Record:
    """One rispy entry (every tag a list) -> Record. Raises ValueError for an empty record."""
    tags = {k: [collapse(v) for v in (vs if isinstance(vs, list) else [vs]) if collapse(v)]
            for k, vs in tags.items()}
    tags = {k: vs for k, vs in tags.items() if vs}
    env = ReadEnv(tags)
    rec = Record()
    ty = (tags.get("TY") or ["JOUR"])[0].upper().strip()
    rec.type = TY_TO_TYPE.get(ty, DOCUMENT)
    if rec.type == PREPRINT and (tags.get("VL") or tags.get("IS")):
        rec.type = ARTICLE_JOURNAL  # EndNote's "Electronic Article" of a journal
    if TYPE_TO_TY.get(rec.type) != ty:
        env.keep("TY", ty)
    if not set(tags) - {"TY", "ID", "ER"}:
        raise ValueError("empty record (no tag besides TY)")
    TABLE.read(tags, rec, env)
    consumed = TABLE.sources(rec.type)
    for tag, values in tags.items():
        if tag not in consumed and tag not in FRAME_TAGS:
            env.keep(tag, *values)
    rec.extra = env.extra
    return rec


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    index = 0
    for line, block, problem in blocks(iter_lines(stream, ctx), ctx):
        index += 1
        if problem:
            ctx.error(problem, line=line, record=index)
            continue
        try:
            entries = _PARSER.parse_lines(iter(block or []))
            if len(entries) != 1:
                raise ValueError("cannot read this block as one record")
            rec = tags_to_record(entries[0])
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            ctx.error(str(exc), line=line, record=index)
            continue
        rec.origin = Origin(file=ctx.file, line=line, index=index, format="ris")
        yield rec
