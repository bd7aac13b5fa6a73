"""iter_lines (lines flattened from groups by itertools.chain) gives what the plain generator gave:
the same lines, and the Latin-1 warning at the same point of the iteration (hypothesis)."""

from __future__ import annotations

import codecs
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.core.streams import _decode_lines, _peek, detect_encoding, iter_lines


def _old_iter_lines(stream: Any, ctx: Any = None, head: bytes | None = None):
    """iter_lines as it was before the groups (the reference)."""
    enc = detect_encoding(head if head is not None else _peek(stream))
    if enc:
        text = io.TextIOWrapper(stream, encoding=enc, errors="replace", newline=None)
        first = True
        for line in text:
            if first:
                line = line.lstrip("\ufeff")
                first = False
            yield line.rstrip("\r\n")
        return
    state = [False, 0]
    pending: list[bytes] = []
    first = True
    read = getattr(stream, "read", None)
    if read is None:
        yield from _decode_lines(iter(stream), ctx, state, True)
        return
    while True:
        chunk = read(8192)
        if not chunk:
            break
        cut = chunk.rfind(b"\n") + 1
        if not cut:
            pending.append(chunk)
            continue
        if pending:
            pending.append(chunk[:cut])
            block = b"".join(pending)
        else:
            block = chunk[:cut]
        pending = [chunk[cut:]] if cut < len(chunk) else []
        if first:
            if block.startswith(codecs.BOM_UTF8):
                block = block[3:]
            first = False
        try:
            text = block.decode("utf-8")
        except UnicodeDecodeError:
            yield from _decode_lines(block.split(b"\n")[:-1], ctx, state, False, b"\n")
            continue
        lines = text.split("\n")
        lines.pop()
        state[1] += len(lines)
        if "\r" not in text:
            yield from lines
        else:
            for line in lines:
                if "\r" in line:
                    line = line.rstrip("\r")
                    if "\r" in line:
                        yield from line.split("\r")
                        continue
                yield line
    if pending:
        yield from _decode_lines([b"".join(pending)], ctx, state, first)


class _Log:
    def __init__(self) -> None:
        self.events: list = []

    def warn(self, message: str, line: int | None = None) -> None:
        self.events.append(("warn", message, line))


def _events(func, data: bytes, buffered: bool = True) -> list:
    log = _Log()
    stream = io.BufferedReader(io.BytesIO(data)) if buffered else iter(io.BytesIO(data).readlines())
    for line in func(stream, log):
        log.events.append(("line", line))
    return log.events


_PIECES = st.sampled_from([b"PMID- 1", b"TI  - x", b"\n", b"\r\n", b"\r", b"      y", b"\xe9", b"\xff\xfe",
                           b"\xef\xbb\xbf", "é".encode(), b"\x00", b"\x81", b" ", b"\n\n"])
DATA = st.lists(_PIECES, max_size=40).map(b"".join)


@settings(max_examples=1500)
@given(DATA)
def test_iter_lines_same_as_generator(data: bytes) -> None:
    assert _events(iter_lines, data) == _events(_old_iter_lines, data)


@settings(max_examples=300)
@given(DATA)
def test_iter_lines_same_without_read(data: bytes) -> None:
    assert _events(iter_lines, data, buffered=False) == _events(_old_iter_lines, data, buffered=False)


@settings(max_examples=100)
@given(DATA, DATA, st.integers(min_value=0, max_value=3000))
def test_iter_lines_same_across_blocks(a: bytes, b: bytes, n: int) -> None:
    """Inputs longer than one 8 KiB read, with the odd bytes near a block boundary."""
    data = b"TI  - " + b"x" * 8000 + a + b"\n" * (n % 7) + (b"AB  - text\n" * n) + b + b"\nend"
    assert _events(iter_lines, data) == _events(_old_iter_lines, data)


def test_iter_lines_utf16() -> None:
    data = "PMID- 1\r\nTI  - é\r\n".encode("utf-16")
    assert _events(iter_lines, data) == _events(_old_iter_lines, data) != []
