"""The prolog, read before the parser starts: a DOCTYPE that declares entities is refused.

The parser itself never resolves entities, never loads a DTD and never touches the network
(see :mod:`.read`); refusing entity declarations up front also stops entity-expansion attacks
(billion laughs) and external entities before any parsing. PubMed's own ``DOCTYPE … PUBLIC
"…dtd"`` declares none and is read without fetching the DTD.
"""

from __future__ import annotations

import re
from typing import BinaryIO

from ...core.errors import MedbibError, SecurityError
from ...core.streams import detect_encoding
from ...plugins.contexts import ReadContext

ENTITIES_REFUSED = "refused: the DOCTYPE declares entities (entity expansion attack, e.g. billion laughs)"
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_PROLOG_LIMIT = 1 << 20  # bytes read at most while looking for the root element
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def checked_prolog(stream: BinaryIO, ctx: ReadContext) -> bytes | None:
    """The prolog when the document may be parsed; None (the reason reported) when it must not,
    or when there is nothing to parse."""
    try:
        prolog = read_prolog(stream)
    except MedbibError as exc:  # a gzip stream broken in its first bytes
        ctx.error(exc.reason, skipped=0, cls=type(exc))
        return None
    reason = hostile_prolog(prolog)
    if reason:
        ctx.error(reason, line=1, skipped=0, cls=SecurityError)
        return None
    return prolog if prolog.strip() else None


def read_prolog(stream: BinaryIO) -> bytes:
    """Bytes up to and including the start of the root element (or as much as there is)."""
    buf = b""
    while len(buf) < _PROLOG_LIMIT:
        chunk = stream.read(8192)
        if not chunk:
            break
        buf += chunk
        if _root_started(buf):
            break
    return buf


def _root_started(buf: bytes) -> bool:
    # the root element starts at the first "<name" that is outside the DOCTYPE's internal subset
    doctype = buf.find(b"<!DOCTYPE")
    if doctype < 0:
        return bool(_ROOT_START.search(buf))
    subset = buf.find(b"[", doctype)
    close = buf.find(b">", doctype)
    if close < 0:
        return False
    if 0 <= subset < close:
        end = buf.find(b"]>", subset)
        if end < 0:
            return False
        return bool(_ROOT_START.search(buf, end))
    return bool(_ROOT_START.search(buf, close))


def hostile_prolog(prolog: bytes) -> str | None:
    """The reason to refuse a document whose DOCTYPE declares entities, else None."""
    enc = detect_encoding(prolog[:512])
    data = prolog
    if enc:
        data = prolog.decode(enc, errors="replace").encode("utf-8")
    if b"<!DOCTYPE" not in data and b"<!doctype" not in data:
        return None
    if _ENTITY_DECL.search(data):
        if b"SYSTEM" in data.split(b"<!ENTITY", 1)[-1][:2000] or b"PUBLIC" in data.split(b"<!ENTITY", 1)[-1][:2000]:
            return "refused: the DOCTYPE declares an external entity (a file or URL would be read)"
        return ENTITIES_REFUSED
    return None
