"""Reading a PubMed XML file: the parse loop, errors, memory release.

An :class:`lxml.etree.XMLPullParser` is fed 64 KiB at a time and hands out the end events of
``PubmedArticle``, ``PubmedBookArticle`` and ``DeleteCitation`` (and of ``PMID``, to name the
record being read in an error message); each finished record is converted (:mod:`.builder`),
then cleared and its predecessors deleted, so memory stays flat for any file size (gzip by magic
bytes is handled by :mod:`medbib.core.streams`). The parser never resolves entities, never loads
a DTD and never touches the network; the prolog is checked before (:mod:`.security`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, BinaryIO

from lxml import etree

from ...core.errors import MedbibError, SecurityError, UsageError
from ...core.model import Origin, Record
from ...core.text import collapse
from ...core.xmlsafe import SAFE_PARSING, declares_entities
from ...plugins.contexts import ReadContext
from .builder import convert
from .security import ENTITIES_REFUSED, checked_prolog

_RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")
_PMID_PARENTS = frozenset(("MedlineCitation", "BookDocument"))
_CHUNK = 1 << 16  # bytes fed to the parser at a time
#: what a record that cannot be converted raises (a bug, reported for the record; reading goes on)
_CONVERT_ERRORS = (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError)


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    prolog = checked_prolog(stream, ctx)
    if prolog is None:
        return
    namespace = _root_namespace(prolog)
    if namespace is not None:
        raise UsageError(f"not PubMed XML: the root element is in the namespace {namespace!r}, and PubMed "
                         "XML has none (NLM's DTDs declare no namespace); remove the xmlns declaration to read it")
    at = _Position()
    elements: Iterator[Any] = _until_broken(_parse(prolog, stream), ctx, at)
    for first in elements:  # the parser's own view of the DOCTYPE, whatever the prolog looked like
        if declares_entities(first):
            ctx.error(ENTITIES_REFUSED, line=1, skipped=0, cls=SecurityError)
            return
        elements = itertools.chain((first,), elements)
        break
    for el in elements:
        tag = el.tag
        if tag == "PMID":
            parent = el.getparent()
            if parent is not None and parent.tag in _PMID_PARENTS:  # the record's own, not a link's
                at.pmid, at.line = collapse(el.text) or None, el.sourceline
        elif tag == "DeleteCitation":
            _delete(el, ctx)
        else:
            rec = _record(el, ctx, at)
            if rec is not None:
                yield rec


def _root_namespace(prolog: bytes) -> str | None:
    """The namespace of the root element, if the prolog holds its whole start tag and it has one."""
    parser = etree.XMLPullParser(events=("start",), **SAFE_PARSING)
    try:
        parser.feed(prolog)
        for _event, el in parser.read_events():
            return etree.QName(el).namespace
    except etree.XMLSyntaxError:
        pass
    return None


class _Position:
    """Where reading is, for messages: records begun, the PMID and line of the current one, and
    the nameless authors of the current one (one list for the file, emptied after each record)."""

    __slots__ = ("index", "line", "nameless", "pmid")

    def __init__(self) -> None:
        self.index = 0
        self.pmid: str | None = None
        self.line: int | None = None
        self.nameless: list[Any] = []

    def record_id(self) -> str | None:
        return f"PMID {self.pmid}" if self.pmid else None


def _parse(prolog: bytes, stream: BinaryIO) -> Iterator[Any]:
    """The end elements of records and PMIDs, as the parser meets them, fed chunk by chunk.

    A syntax error (or a damaged gzip stream below) is raised only after every element finished
    before it has been handed out: lxml's ``iterparse`` (6.x) drops the events of the chunk in
    which the error is found, which lost the records just before a malformed one."""
    parser = etree.XMLPullParser(
        events=("end",), tag=(*_RECORD_TAGS, "PMID"), remove_comments=True, remove_pis=True, **SAFE_PARSING,
    )
    data = prolog
    while data:
        try:
            parser.feed(data)
        except etree.XMLSyntaxError:
            for _event, el in parser.read_events():
                yield el
            raise
        for _event, el in parser.read_events():
            yield el
        data = stream.read(_CHUNK)
    parser.close()  # a truncated document raises here; the elements it would close are not records
    for _event, el in parser.read_events():
        yield el


def _until_broken(elements: Iterator[Any], ctx: ReadContext, at: _Position) -> Iterator[Any]:
    """The elements up to a syntax error or a damaged stream, which is reported: reading stops there."""
    try:
        yield from elements
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if exc.position else getattr(exc, "lineno", None)
        msg = (exc.msg or str(exc)).split(", line ")[0]
        ctx.error(f"malformed XML ({msg}); reading stopped here",
                  line=line or at.line, record=at.index + 1, record_id=at.record_id())
    except MedbibError as exc:  # truncated/corrupt gzip below the parser
        ctx.error(exc.reason + "; reading stopped here", record=at.index + 1, offset=exc.offset,
                  line=None if exc.offset is not None else at.line, record_id=at.record_id(), cls=type(exc))


def _record(el: Any, ctx: ReadContext, at: _Position) -> Record | None:
    """A PubmedArticle / PubmedBookArticle -> its record (None when it cannot be converted), then released."""
    at.index += 1
    line = el.sourceline
    try:
        rec = convert(el, at.nameless)
    except _CONVERT_ERRORS as exc:
        ctx.error(f"cannot convert record: {exc}", line=line, record=at.index, record_id=at.record_id())
        rec = None
    if at.nameless:
        _warn_nameless(ctx, at)
    _release(el)
    at.pmid = at.line = None
    if rec is not None:
        rec.origin = Origin(file=ctx.file, line=line, index=at.index, format="pubmed-xml")
    return rec


def _warn_nameless(ctx: ReadContext, at: _Position) -> None:
    for author in at.nameless:
        ctx.warn(f"<{author.tag}> with no LastName, ForeName or CollectiveName left out",
                 line=author.sourceline, record=at.index, record_id=at.record_id())
    at.nameless.clear()


def _delete(el: Any, ctx: ReadContext) -> None:
    """A DeleteCitation: its PMIDs reported as deleted."""
    for p in el:
        if p.tag == "PMID":
            v = collapse(p.text)
            if v:
                ctx.delete(v)
    _release(el)


def _release(el: Any) -> None:
    """Free a finished record and everything before it (flat memory on any file size)."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]
