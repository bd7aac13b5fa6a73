"""Opening inputs (paths, file objects, bytes, stdin), gzip by magic bytes, sniff heads,
decoding text line by line. (Output files: :mod:`.outputs`.)"""

from __future__ import annotations

import codecs
import contextlib
import io
import itertools
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, BinaryIO

from .errors import InputError, ParseError

HEAD_SIZE = 32768
#: the longest line a line-based reader takes (and the longest CSL-JSON item): beyond it, reading
#: stops there with an error, so that memory stays flat whatever the input (docs/errors.md)
MAX_LINE = 64 << 20
GZIP_MAGIC = b"\x1f\x8b"


class _Rewound(io.RawIOBase):
    """A raw stream that first replays ``head`` and then continues with ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._head:
            n = min(len(b), len(self._head))
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._rest.close()
        super().close()


class _GzipStream(io.BufferedIOBase):
    """The decompressed content of one or more gzip members, by zlib, in the sizes asked for
    (memory stays flat for a decompression bomb), with damage told apart:

    - the data is cut (the file ends inside a member, a corrupt block): everything before the
      damage is handed out, then the next read raises a :class:`ParseError` naming the byte, so
      that a reader loses only the record the damage cuts;
    - the data is whole but what follows is not (a missing or partial 8-byte trailer, garbage after
      a member): the stream ends normally and :attr:`damage` names the fault and its byte, which
      the pipeline reports after the records (:meth:`Input.damage`).
    """

    def __init__(self, raw: IO[bytes], name: str) -> None:
        self._raw = raw
        self._name = name
        self._z = zlib.decompressobj(wbits=31)  # gzip header and trailer (CRC, length) checked by zlib
        self._tail = b""  # compressed bytes read but not yet decompressed
        self._fed = 0  # compressed bytes read so far (for byte offsets)
        self._buf = b""  # decompressed bytes peeked but not handed out
        self._held = False  # the last output filled the size asked: zlib may hold more
        self._error: ParseError | None = None  # raised once the bytes before it are handed out
        self._done = False
        #: a fault after complete data (reported after the records, not raised)
        self.damage: ParseError | None = None

    def readable(self) -> bool:
        return True

    def _read_raw(self) -> bytes:
        data = self._raw.read(1 << 16)
        self._fed += len(data)
        return data

    def _chunk(self, n: int) -> bytes:
        """Up to ``n`` more decompressed bytes; b"" at the end; ParseError where damage cuts the data."""
        while not self._done:
            if self._z.eof:
                self._next_member()
                continue
            data = self._tail if self._tail or self._held else self._read_raw()
            if not data and not self._held:
                self._ended_inside()
                continue
            try:
                out = self._z.decompress(data, n)
            except zlib.error as exc:
                self._done = True
                raise self._fault(f"corrupt gzip data ({exc}); the records from here on are lost",
                                  self._fed - len(data)) from None
            self._tail = self._z.unconsumed_tail
            self._held = len(out) >= n  # zlib may hold more output for this input
            if out:
                return out
        return b""

    def _next_member(self) -> None:
        """After a member: another member, zero padding (ignored, as gzip does), or garbage."""
        rest = self._z.unused_data
        while True:
            rest = rest.lstrip(b"\0")
            if len(rest) >= 2:
                break
            more = self._read_raw()
            if not more:
                if rest:
                    break
                self._done = True
                return
            rest += more
        if rest.startswith(GZIP_MAGIC):
            self._z, self._tail = zlib.decompressobj(wbits=31), rest
            return
        self._done = True
        self.damage = self._fault("garbage after the gzip data (ignored); the records before it were read",
                                  self._fed - len(rest))

    def _ended_inside(self) -> None:
        """The file ends inside a member: only its trailer missing (the data is whole), or cut."""
        self._done = True
        probe = self._z.copy()
        try:
            probe.decompress(b"\0" * 8)  # a stand-in trailer: only a finished member checks it
        except zlib.error as exc:
            if "check" in str(exc):  # "incorrect data check": the compressed data was complete
                self.damage = self._fault("gzip trailer missing (the file ends after the data); "
                                          "the records were read", self._fed)
                return
        raise self._fault("truncated gzip stream (the file ends inside the compressed data); "
                          "the record it cuts is lost", self._fed)

    def _fault(self, reason: str, offset: int) -> ParseError:
        return ParseError(f"{reason}", file=self._name, offset=max(offset, 0))

    def _next(self, n: int) -> bytes:
        """Up to ``n`` bytes from the peeked ones first; the stored error once nothing is left."""
        if self._buf:
            out, self._buf = self._buf[:n], self._buf[n:]
            return out
        if self._error is not None:
            raise self._error
        return self._chunk(n)

    def read(self, size: int | None = -1) -> bytes:
        size = -1 if size is None else size
        parts: list[bytes] = []
        got = 0
        while size < 0 or got < size:
            try:
                chunk = self._next(1 << 16 if size < 0 else size - got)
            except ParseError as exc:
                if not parts:
                    raise
                self._error = exc  # hand out what came before the damage first
                break
            if not chunk:
                break
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)

    def read1(self, size: int = -1) -> bytes:
        return self._next(1 << 16 if size is None or size < 0 else size)

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[:len(data)] = data
        return len(data)

    def peek(self, size: int = 1) -> bytes:
        """At least ``size`` bytes if there are so many before the end or the damage."""
        while len(self._buf) < size and self._error is None:
            try:
                chunk = self._chunk(max(size - len(self._buf), 1 << 16))
            except ParseError as exc:
                self._error = exc
                break
            if not chunk:
                break
            self._buf += chunk
        return self._buf

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()
        super().close()


@dataclass
class Input:
    name: str  # for messages: the path as given, or "<stdin>"
    stream: BinaryIO  # decompressed, positioned at the start
    head: bytes  # first bytes of the decompressed content, for sniffing
    path: str | None = None  # real path, for suffix detection
    compressed: bool = False
    size: int | None = None  # bytes on disk, for progress
    raw: Any = None  # the on-disk file object, for progress

    def position(self) -> int | None:
        """Bytes of the on-disk (possibly compressed) input consumed so far."""
        try:
            return self.raw.tell() if self.raw is not None else None
        except (OSError, ValueError, AttributeError):
            return None

    def damage(self) -> ParseError | None:
        """A fault found after complete data (garbage after a gzip member, a missing trailer)."""
        return getattr(self.stream, "damage", None)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.stream.close()


def open_input(source: Any, name: str | None = None) -> Input:
    """Open a path (``str``/``Path``; ``-`` = stdin), a binary file object or ``bytes``."""
    raw, name, path, size = _open_source(source, name)
    try:
        magic = _read_exactly(raw, 2)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", file=name) from None
    compressed = magic == GZIP_MAGIC
    stream: IO[bytes] = _Rewound(magic, raw)
    if compressed:
        gz = _GzipStream(stream, name)
        stream, head = gz, gz.peek(HEAD_SIZE)[:HEAD_SIZE]  # type: ignore[assignment]
    else:
        stream, head = _with_head(io.BufferedReader(stream, buffer_size=1 << 16), name)
    return Input(name=name, stream=stream, head=head, path=path, compressed=compressed, size=size,
                 raw=raw if path else None)


def _open_source(source: Any, name: str | None) -> tuple[IO[bytes], str, str | None, int | None]:
    """(binary stream, name for messages, real path or None, size on disk or None)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return io.BytesIO(bytes(source)), name or "<bytes>", None, None
    if isinstance(source, (str, os.PathLike)):
        p = os.fspath(source)
        if p == "-":
            return sys.stdin.buffer, name or "<stdin>", None, None
        return _open_path(p, name or p)
    if hasattr(source, "read"):
        raw = source if _is_binary(source) else ChunkStream(_utf8_chunks(source))
        name = name or getattr(source, "name", None) or "<stream>"
        return raw, name if isinstance(name, str) else "<stream>", None, None
    raise InputError(f"cannot read from {type(source).__name__}")


def _open_path(path: str, name: str) -> tuple[IO[bytes], str, str | None, int | None]:
    if os.path.isdir(path):
        raise InputError("is a directory, not a file", file=name)
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by Input.close
        return raw, name, path, os.fstat(raw.fileno()).st_size
    except FileNotFoundError:
        raise InputError("no such file", file=name) from None
    except PermissionError:
        raise InputError("permission denied", file=name) from None
    except OSError as exc:
        raise InputError(f"cannot open ({exc.strerror or exc})", file=name) from None


def _with_head(buffered: io.BufferedReader, name: str) -> tuple[IO[bytes], bytes]:
    """(the stream to read from the start, its first bytes for sniffing)."""
    try:
        head = buffered.peek(HEAD_SIZE)[:HEAD_SIZE]
        if len(head) >= 4096:
            return buffered, head
        # peek may return less than asked (a pipe): read a little more into the head
        chunks: list[bytes] = []
        got = 0
        while got < HEAD_SIZE:
            chunk = buffered.read1(HEAD_SIZE - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", file=name) from None
    more = b"".join(chunks)
    return io.BufferedReader(_Rewound(more, buffered), buffer_size=1 << 16), more


def _read_exactly(raw: IO[bytes], n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = raw.read(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _is_binary(obj: Any) -> bool:
    if isinstance(obj, (io.RawIOBase, io.BufferedIOBase)):
        return True
    if isinstance(obj, io.TextIOBase):
        return False
    mode = getattr(obj, "mode", "")
    return "b" in mode if isinstance(mode, str) and mode else True


def _utf8_chunks(text: IO[str]) -> Iterator[bytes]:
    """A text stream, read 8,192 characters at a time, as UTF-8."""
    for chunk in iter(lambda: text.read(8192), ""):
        yield chunk.encode("utf-8")


class ChunkStream(io.RawIOBase):
    """A binary stream reading ``chunks`` one after the other, each taken when it is needed (a
    text stream given to :func:`open_input`, fetch's records joined into one PubmedArticleSet)."""

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._buf = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        while len(self._buf) < len(b):
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._buf += chunk
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


# --------------------------------------------------------------------------- text decoding
def detect_encoding(head: bytes) -> str | None:
    """``utf-16``/``utf-32`` when a BOM says so (or NULs betray UTF-16), else None (= UTF-8 path)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head[:200]
    if len(sample) >= 4 and sample.count(0) >= len(sample) // 3:
        return "utf-16-le" if sample[1] == 0 else "utf-16-be"
    return None


def iter_lines(stream: BinaryIO, ctx: Any = None, head: bytes | None = None) -> Iterator[str]:
    """Decoded lines without their line ends (LF, CRLF or CR), BOM removed.

    UTF-8 first; a line that is not UTF-8 is decoded as Latin-1 (cp1252 where it fits), and the
    first such line is reported once as a warning naming the file and line.
    UTF-16/32 files (with BOM) are decoded as such.

    The lines come in groups (:func:`_line_groups`) that ``chain`` flattens in C, with no
    generator step per line; the groups are made one after the other, lazily, as lines were.
    """
    return itertools.chain.from_iterable(_line_groups(stream, ctx, head))


def _utf16_lines(stream: BinaryIO, enc: str) -> Iterator[str]:
    text = io.TextIOWrapper(stream, encoding=enc, errors="replace", newline=None)
    first = True
    for line in text:
        if first:
            line = line.lstrip("\ufeff")
            first = False
        yield line.rstrip("\r\n")


def _line_groups(stream: BinaryIO, ctx: Any, head: bytes | None) -> Iterator[Iterable[str]]:
    """The lines of :func:`iter_lines` in groups: a list per decoded block; a generator where lines
    are decoded one by one (so that the warning about a line comes when that line is reached)."""
    enc = detect_encoding(head if head is not None else _peek(stream))
    if enc:
        yield _utf16_lines(stream, enc)
        return
    # Fast path: decode blocks of whole lines at once (UTF-8 never has a 0x0A byte inside a
    # character, so a block decodes exactly as its lines do one by one); a block that is not valid
    # UTF-8, and the last line without a line end, go through the line-by-line path below.
    state = [False, 0]  # warned, line number
    pending: list[bytes] = []  # bytes after the last line end read so far
    first = True
    read = getattr(stream, "read", None)
    if read is None:
        yield _decode_lines(iter(stream), ctx, state, True)
        return
    while True:
        try:
            chunk = read(8192)  # small blocks: the first record comes out after one read
        except ParseError:  # damage cuts the data: the cut line still ends the record before it
            if pending:
                yield _decode_lines([b"".join(pending)], ctx, state, first)
            raise
        if not chunk:
            break
        cut = chunk.rfind(b"\n") + 1
        if not cut:
            pending.append(chunk)
            if len(pending) * 8192 > MAX_LINE:
                _too_long(pending, state[1] + 1)
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
            yield _decode_lines(block.split(b"\n")[:-1], ctx, state, False, b"\n")
            continue
        lines = text.split("\n")
        lines.pop()  # the block ends with a line end: nothing after it
        state[1] += len(lines)
        yield lines if "\r" not in text else _split_cr(lines)
    if pending:
        yield _decode_lines([b"".join(pending)], ctx, state, first)


def _too_long(pending: list[bytes], lineno: int) -> None:
    size = sum(map(len, pending))
    if size > MAX_LINE:
        pending.clear()
        raise ParseError(f"line longer than {MAX_LINE >> 20} MB (the limit for one line); reading stopped here",
                         line=lineno)


def _split_cr(lines: list[str]) -> Iterator[str]:
    """CRLF line ends lose their CR; a lone CR (old Mac) ends a line too."""
    for line in lines:
        if "\r" in line:
            line = line.rstrip("\r")
            if "\r" in line:
                yield from line.split("\r")
                continue
        yield line


def _decode_lines(raws: Any, ctx: Any, state: list, first: bool, end: bytes = b"") -> Iterator[str]:
    """Line-by-line decoding: UTF-8, else cp1252/Latin-1 with one warning (``state``: warned, line no.)."""
    warned, lineno = state
    for raw in raws:
        raw += end
        lineno += 1
        state[1] = lineno
        if first:
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[3:]
            first = False
        # old Mac line ends inside a line
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                line = raw.decode("cp1252")
            except UnicodeDecodeError:
                line = raw.decode("latin-1")
            if not warned and ctx is not None:
                ctx.warn("not valid UTF-8; read as Latin-1 (Windows-1252) from here on where needed", line=lineno)
                warned = state[0] = True
        line = line.rstrip("\n").rstrip("\r")
        if "\r" in line:
            yield from line.split("\r")
        else:
            yield line


def _peek(stream: BinaryIO) -> bytes:
    peek = getattr(stream, "peek", None)
    return peek(512) if peek else b""
