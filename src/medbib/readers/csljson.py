"""CSL-JSON reader: an array of items (or a single item object).

The array is read item by item (``json.JSONDecoder.raw_decode`` over a buffer refilled in chunks),
so memory stays flat however long the file: reading a 60 MB file whole took 405 MB. Items before
a syntax error are converted; the error names its line and stops the reading, as for truncated XML.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..core.model import Origin, Record
from ..core.streams import detect_encoding
from ..csl import csl_to_record
from ..plugins.contexts import ReadContext

_CHUNK = 1 << 20  # bytes read at a time
_WS = " \t\r\n"
_decoder = json.JSONDecoder()


class _NotText(Exception):
    def __init__(self, offset: int) -> None:
        self.offset = offset


class _Buffer:
    """Decoded text of a byte stream, filled on demand; what was consumed is dropped."""

    def __init__(self, stream: BinaryIO, head: bytes) -> None:
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder(detect_encoding(head[:512]) or "utf-8-sig")()
        self.fed = 0  # bytes given to the decoder
        self.text = ""
        self.pos = 0
        self.lines_dropped = 0  # line ends in the text already dropped (for line numbers)
        self.eof = False
        self.pending = head

    def more(self) -> bool:
        """Read one more chunk; False at the end of the stream."""
        if self.eof:
            return False
        data = self.pending or self.stream.read(_CHUNK)
        self.pending = b""
        final = not data
        buffered = len(self.decoder.getstate()[0])
        try:
            new = self.decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise _NotText(self.fed - buffered + exc.start) from None
        self.fed += len(data)
        if self.pos > _CHUNK:  # drop what was consumed
            self.lines_dropped += self.text.count("\n", 0, self.pos)
            self.text = self.text[self.pos:]
            self.pos = 0
        self.text += new
        self.eof = final
        return not final or bool(new)

    def skip_ws(self) -> str:
        """The next character that is not white space ('' at the end)."""
        while True:
            text, pos = self.text, self.pos
            while pos < len(text) and text[pos] in _WS:
                pos += 1
            self.pos = pos
            if pos < len(text):
                return text[pos]
            if not self.more():
                return ""

    def value(self) -> Any:
        """The JSON value at the current position (reading more text until it is complete)."""
        while True:
            try:
                obj, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if self.eof:  # raised on the text as it is now, so its line is right
                    raise
                self.more()
                continue
            if end == len(self.text) and not self.eof:  # a number may go on in the next chunk
                self.more()
                continue
            self.pos = end
            return obj

    def line(self, exc: json.JSONDecodeError | None = None) -> int:
        if exc is not None:
            return self.lines_dropped + exc.lineno
        return self.lines_dropped + self.text.count("\n", 0, self.pos) + 1


class CslJsonReader:
    name = "csljson"
    aliases = ("csl-json", "csl", "json")
    suffixes = (".json", ".csl.json", ".csljson")
    description = "CSL-JSON (citeproc, pandoc, Zotero): an array of items"
    priority = 10

    def sniff(self, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not text[:1] in (b"[", b"{"):
            return False
        sample = text[:4096]
        return b'"type"' in sample or b'"id"' in sample or text[:1] == b"[" and len(text.strip()) <= 4

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
        buf = _Buffer(stream, stream.read(max(_CHUNK, 512)))  # 512: enough to tell UTF-16
        index = 0
        try:
            if buf.skip_ws() != "[":  # one item object (or not CSL-JSON at all)
                rec = self._record(buf.value(), ctx, 1)
                if rec is not None:
                    yield rec
                if buf.skip_ws():
                    raise json.JSONDecodeError("Extra data", buf.text, buf.pos)
                return
            buf.pos += 1
            if buf.skip_ws() == "]":
                buf.pos += 1
            else:
                while True:
                    index += 1
                    rec = self._record(buf.value(), ctx, index)
                    if rec is not None:
                        yield rec
                    c = buf.skip_ws()
                    if c == ",":
                        buf.pos += 1
                        buf.skip_ws()
                        continue
                    if c == "]":
                        buf.pos += 1
                        break
                    raise json.JSONDecodeError("Expecting ',' delimiter", buf.text, buf.pos)
            if buf.skip_ws():
                raise json.JSONDecodeError("Extra data", buf.text, buf.pos)
        except _NotText as exc:
            ctx.error(f"not UTF-8 text (byte {exc.offset})", offset=exc.offset, skipped=1 if index else 0)
        except json.JSONDecodeError as exc:
            reading = "; reading stopped here" if index else ""
            ctx.error(f"invalid JSON: {exc.msg}{reading}", line=buf.line(exc), record=index or None,
                      skipped=1 if index else 0)

    def _record(self, item: Any, ctx: ReadContext, index: int) -> Record | None:
        """One CSL item as a Record; a bad one is reported (and None)."""
        try:
            rec = csl_to_record(item)
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            rid = item.get("id") if isinstance(item, dict) else None
            ctx.error(f"{exc}", record=index, record_id=f"id {rid}" if rid else None)
            return None
        rec.origin = Origin(file=ctx.file, index=index, format=self.name)
        return rec


reader = CslJsonReader()
