"""The items of a JSON array, decoded one at a time from a byte stream.

``json.JSONDecoder.raw_decode`` runs over a buffer of decoded text refilled in chunks, and what
was consumed is dropped, so memory stays flat however long the file. The encoding is detected
from the first bytes (UTF-8 with or without BOM, UTF-16/32). A syntax error is raised as
``json.JSONDecodeError`` where it is met (the items before it have been yielded);
:meth:`JsonItems.line` gives its line in the whole file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from ...core.streams import MAX_LINE, detect_encoding

CHUNK = 1 << 20  # bytes read at a time
_WS = " \t\r\n"
_decoder = json.JSONDecoder()


class NotText(Exception):
    """Bytes that are not text in the detected encoding, at ``offset``."""

    def __init__(self, offset: int) -> None:
        self.offset = offset


class BadItem:
    """In place of an item the decoder refuses (the reason); the items after it are read."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def _string_end(text: str, pos: int) -> tuple[int, bool]:
    """(the position after the closing quote of the string ``pos`` is in, False), or (where to go on
    from once there is more text, True): the backslashes at the end are kept for the next look."""
    while True:
        q = text.find('"', pos)
        if q < 0:
            end = len(text)
            while end > pos and text[end - 1] == "\\":
                end -= 1
            return end, True
        b = q
        while b > pos and text[b - 1] == "\\":
            b -= 1
        if (q - b) % 2 == 0:  # not escaped
            return q + 1, False
        pos = q + 1


#: a run of anything that is neither a string, a bracket nor a comma (a number, a literal, spaces)
_OTHER = re.compile(r'[^"\[\]{},]+')


class _Buffer:
    """Decoded text of a byte stream, filled on demand; what was consumed is dropped."""

    def __init__(self, stream: BinaryIO) -> None:
        head = stream.read(max(CHUNK, 512))  # 512: enough to tell UTF-16
        self.stream = stream
        self.decoder = codecs.getincrementaldecoder(detect_encoding(head[:512]) or "utf-8-sig")()
        self.fed = 0  # bytes given to the decoder
        self.text = ""
        self.pos = 0
        self.lines_dropped = 0  # line ends in the text already dropped (for line numbers)
        self.eof = False
        self.pending = head

    def more(self, size: int = CHUNK) -> bool:
        """Read one more chunk (of ``size`` bytes); False at the end of the stream."""
        if self.eof:
            return False
        data = self.pending or self.stream.read(size)
        self.pending = b""
        final = not data
        buffered = len(self.decoder.getstate()[0])
        try:
            new = self.decoder.decode(data, final=final)
        except UnicodeDecodeError as exc:
            raise NotText(self.fed - buffered + exc.start) from None
        self.fed += len(data)
        if self.pos > CHUNK:  # drop what was consumed
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
        """The JSON value at the current position (reading more text until it is complete); a
        :class:`BadItem` in place of a value the decoder refuses (too deep, a huge number) or one
        longer than ``MAX_LINE``, which is then skipped without being decoded."""
        while True:
            try:
                obj, end = _decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                if self.eof:  # raised on the text as it is now, so its line is right
                    raise
                if not self._grow():
                    return self._skip(f"longer than {MAX_LINE >> 20} MB (the limit for one item)")
                continue
            except RecursionError:
                return self._skip("nested too deep")
            except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
                return self._skip(str(exc).split(";")[0])
            if end == len(self.text) and not self.eof:  # a number may go on in the next chunk
                self.more()
                continue
            self.pos = end
            return obj

    def _grow(self) -> bool:
        """Read until the text after the position is twice as long (so that a long value is decoded
        a few times, not once per chunk); False when it is longer than the limit."""
        have = len(self.text) - self.pos
        while have <= MAX_LINE and self.more(max(CHUNK, have)):  # one read: no copy per chunk
            if len(self.text) - self.pos >= 2 * have:
                break
        return len(self.text) - self.pos <= MAX_LINE

    def _skip(self, reason: str) -> BadItem:
        """Move past the value at the position without decoding it (only strings and brackets are
        followed), chunk by chunk: memory stays flat however long the value."""
        depth, in_string = 0, False
        while True:
            text, pos = self.text, self.pos
            end = len(text)
            while pos < end:
                if in_string:
                    pos, in_string = _string_end(text, pos)
                    if in_string:
                        break  # the text ends inside the string
                    continue
                c = text[pos]
                if c in ",]}" and depth == 0:  # the value ends before this
                    self.pos = pos
                    return BadItem(reason)
                if c == '"':
                    in_string = True
                elif c in "[{":
                    depth += 1
                elif c in "]}":
                    depth -= 1
                    if depth == 0:
                        self.pos = pos + 1
                        return BadItem(reason)
                elif c != ",":
                    pos = _OTHER.match(text, pos).end() - 1  # type: ignore[union-attr]
                pos += 1
            self.pos = pos
            if not self.more():
                if in_string:
                    raise self.error("Unterminated string")
                return BadItem(reason)

    def error(self, msg: str) -> json.JSONDecodeError:
        return json.JSONDecodeError(msg, self.text, self.pos)


class JsonItems:
    """``(index, item)`` for each item of the array in ``stream`` (or its one object, index 1)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._buf = _Buffer(stream)
        #: array items begun so far (0 for a lone object): the item an error is in
        self.started = 0

    def __iter__(self) -> Iterator[tuple[int, Any]]:
        buf = self._buf
        if buf.skip_ws() != "[":  # one item object (or not JSON at all)
            yield 1, buf.value()
        else:
            buf.pos += 1
            if buf.skip_ws() == "]":
                buf.pos += 1
            else:
                yield from self._items()
        if buf.skip_ws():
            raise buf.error("Extra data")

    def _items(self) -> Iterator[tuple[int, Any]]:
        buf = self._buf
        while True:
            self.started += 1
            yield self.started, buf.value()
            c = buf.skip_ws()
            if c == "]":
                buf.pos += 1
                return
            if c != ",":
                raise buf.error("Expecting ',' delimiter")
            buf.pos += 1
            buf.skip_ws()

    def line(self, exc: json.JSONDecodeError) -> int:
        """The line of the whole file where ``exc`` was raised."""
        return self._buf.lines_dropped + exc.lineno
