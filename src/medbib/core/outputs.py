"""Output files: what ``-o FILE`` does to what is already there, and what a failing write says.

- A regular file (or a new name) is written to a temporary file beside it and renamed over it
  only when the block ends without an exception: a run never leaves a half-written file.
- A symbolic link: its *target* is replaced that way; the link stays a link.
- A character device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO, a link to
  ``/proc/self/fd/1``) is written through: it is never replaced by a regular file.
- A directory or a block device is refused (:class:`OutputError`, before anything is written).
- A write that fails (disk full, quota, file too large) raises :class:`OutputError` naming the
  file; the previous file is left as it was.

Temporary files are named ``.NAME.HOST-PID.XXXXXXXX.tmp`` so that a later run can tell which are
provably stale (:func:`stale_temps`: made on this host by a process that is gone) and never
removes a live run's.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from .errors import OutputError

#: called before each block written and before the final rename; raises to stop (Ctrl-C in workers)
_cancel_check: Callable[[], None] | None = None

_NAME_KEEP = 100  # characters of the output's name kept in its temporary file's name
_TEMP_RE = re.compile(r"\.(?P<host>[A-Za-z0-9-]*)-(?P<pid>\d+)\.[A-Za-z0-9_]+\.tmp$")


def set_cancel_check(check: Callable[[], None] | None) -> None:
    """Install (or remove) the function that output writes call to learn that the run was stopped."""
    global _cancel_check
    _cancel_check = check


def check_cancel() -> None:
    """Raise (KeyboardInterrupt) when the run was stopped; nothing when no check is installed."""
    if _cancel_check is not None:
        _cancel_check()


@contextlib.contextmanager
def not_cancelled() -> Iterator[None]:
    """A block that the cancel check does not stop (what follows an output already in place)."""
    global _cancel_check
    saved, _cancel_check = _cancel_check, None
    try:
        yield
    finally:
        _cancel_check = saved


def _host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"


def temp_prefix(name: str) -> str:
    """The start of the temporary files' names for output ``name`` (without host and pid)."""
    return f".{name[:_NAME_KEEP]}."


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


class _Guarded(io.RawIOBase):
    """A file descriptor whose failed writes raise :class:`OutputError` naming the output. After
    the first failure further writes are dropped (so that closing cannot fail again) and
    :attr:`failure` keeps the error: the output is never committed."""

    def __init__(self, fd: int, name: str, note: str = "") -> None:
        self._fd, self._name, self._note = fd, name, note
        self.failure: OutputError | None = None
        self.cancelled = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, b: Any) -> int:
        if self.failure is not None or self.cancelled:
            return len(b)
        try:
            check_cancel()
        except BaseException:
            self.cancelled = True
            raise
        try:
            return os.write(self._fd, b)
        except OSError as exc:
            self.failure = OutputError(f"cannot write ({_reason(exc)}){self._note}", file=self._name, opened=True)
            raise self.failure from None

    def close(self) -> None:
        if not self.closed:
            with contextlib.suppress(OSError):
                os.close(self._fd)
        super().close()


def _kind(name: str) -> str:
    """"new", "file", "stream" (character device, FIFO), "dir" or "other" (block device, socket),
    following symbolic links."""
    try:
        mode = os.stat(name).st_mode
    except FileNotFoundError:
        return "new"
    except OSError as exc:
        raise OutputError(f"cannot write here ({_reason(exc)})", file=name, opened=False) from None
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return "stream"
    return "dir" if stat.S_ISDIR(mode) else "other"


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file onto ``path`` (see the module's description for what each kind of path gets)."""
    name = os.fspath(path)
    kind = _kind(name)
    if kind == "dir":
        raise OutputError("is a directory, not a file",
                          file=name, opened=False)
    if kind == "other":
        raise OutputError("is neither a regular file, a character device nor a pipe; not written",
                          file=name, opened=False)
    if kind == "stream":
        with _write_through(name) as fh:
            yield fh
        return
    with _replace(name, existed=kind == "file") as fh:
        yield fh


def _buffered(raw: _Guarded) -> io.BufferedWriter:
    return io.BufferedWriter(raw, buffer_size=1 << 16)  # type: ignore[arg-type]


@contextlib.contextmanager
def _write_through(name: str) -> Iterator[BinaryIO]:
    """A device or a pipe: opened and written as it is (never replaced)."""
    try:
        fd = os.open(name, os.O_WRONLY | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise OutputError(f"cannot open for writing ({_reason(exc)})", file=name, opened=False) from None
    raw = _Guarded(fd, name)
    fh = _buffered(raw)
    try:
        yield fh  # type: ignore[misc]
        fh.flush()
    finally:
        with contextlib.suppress(Exception):
            fh.close()
    if raw.failure is not None:
        raise raw.failure


@contextlib.contextmanager
def _replace(name: str, existed: bool) -> Iterator[BinaryIO]:
    """A regular file (or a new one), through a symbolic link to its target: written beside it
    and renamed over it at the end."""
    target = Path(os.path.realpath(name))
    note = f"; {name} is left as it was" if existed else "; nothing written"
    try:
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(target.name) + f"{_host()}-{os.getpid()}.",
                                   suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write here ({_reason(exc)})", file=name, opened=False) from None
    raw = _Guarded(fd, name, note)
    fh = _buffered(raw)
    try:
        try:
            yield fh  # type: ignore[misc]
            fh.flush()
            if raw.failure is not None:
                raise raw.failure
            check_cancel()
            os.fsync(fd)
        finally:
            with contextlib.suppress(Exception):
                fh.close()
        _set_mode(tmp, target, existed)
        _commit(tmp, target, name, note)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if raw.failure is not None:
            raise raw.failure from None
        raise


def _set_mode(tmp: str, target: Path, existed: bool) -> None:
    with contextlib.suppress(OSError):
        if existed:
            os.chmod(tmp, target.stat().st_mode & 0o777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)


def _commit(tmp: str, target: Path, name: str, note: str) -> None:
    try:
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write ({_reason(exc)}){note}", file=name, opened=True) from None


def replaces(dest: Any) -> bool:
    """Whether writing ``dest`` replaces a file at the end (a path), rather than writing through
    (standard output, a device, a pipe, a stream)."""
    if not isinstance(dest, (str, os.PathLike)) or os.fspath(dest) == "-":
        return False
    try:
        return _kind(os.fspath(dest)) in ("new", "file")
    except OutputError:
        return False


def replaced_input(inputs: Iterable[Any], output: str | os.PathLike[str]) -> str | None:
    """The input (as given) that writing ``output`` would replace, if any: the same path after
    following links, or the same file (a hard link). Devices and pipes are written through, never
    replaced, so they replace nothing."""
    return replaced_inputs(inputs, [output])[0]


def replaced_inputs(inputs: Iterable[Any], outputs: Iterable[str | os.PathLike[str]]) -> list[str | None]:
    """:func:`replaced_input` of each output, the inputs' real paths and file ids worked out once
    (a run of N files makes N checks, not N x N)."""
    paths = [os.fspath(s) for s in inputs if isinstance(s, (str, os.PathLike)) and os.fspath(s) != "-"]
    by_path: dict[str, int] = {}
    by_file: dict[tuple[int, int], int] = {}
    for i, src in enumerate(paths):
        by_path.setdefault(os.path.realpath(src), i)
        with contextlib.suppress(OSError):
            st = os.stat(src)
            by_file.setdefault((st.st_dev, st.st_ino), i)
    return [_replaced(paths, by_path, by_file, os.fspath(o)) for o in outputs]


def _replaced(paths: list[str], by_path: dict[str, int], by_file: dict[tuple[int, int], int],
              name: str) -> str | None:
    """The first input with the output's real path or its file (``os.path.samefile``'s test)."""
    if name == "-" or _kind(name) not in ("new", "file"):
        return None
    hits = [by_path.get(os.path.realpath(name))]
    with contextlib.suppress(OSError):
        st = os.stat(name)
        hits.append(by_file.get((st.st_dev, st.st_ino)))
    found = [i for i in hits if i is not None]
    return paths[min(found)] if found else None


def stale_temps(directory: str | os.PathLike[str], names: Iterable[str]) -> list[Path]:
    """Temporary files of the outputs ``names`` in ``directory`` (listed once) that are provably
    stale: made on this host by a process that no longer runs. Those of live runs, of other hosts
    (a shared file system) and of unknown origin are left alone."""
    prefixes = list(dict.fromkeys(map(temp_prefix, names)))
    found = []
    with contextlib.suppress(OSError):
        for entry in sorted(os.listdir(directory)):
            prefix = next((p for p in prefixes if entry.startswith(p) and entry.endswith(".tmp")
                           and len(entry) >= len(p) + 4), None)
            m = prefix and _TEMP_RE.search(entry[len(prefix) - 1:])
            if m and m["host"] == _host() and not _alive(int(m["pid"])):
                found.append(Path(directory, entry))
    return found


def _alive(pid: int) -> bool:
    if pid == os.getpid() or os.name != "posix":  # Windows' os.kill would end the process: assume alive
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, not ours to signal
        return True
    return True


# --------------------------------------------------------------------------- text outputs
@contextlib.contextmanager
def text_output(dest: Any) -> Iterator[IO[str]]:
    """A UTF-8 text stream (``newline=""``: writers choose their line ends) onto ``dest``: a path
    (see :func:`atomic_output`), ``-`` for standard output, a text stream as it is, or a binary
    stream (left open)."""
    if isinstance(dest, (str, os.PathLike)) and os.fspath(dest) != "-":
        with atomic_output(dest) as fh, _text(fh) as out:
            yield out
    elif isinstance(dest, (str, os.PathLike)):
        with stdout_errors(), _text(sys.stdout.buffer) as out:
            yield out
    elif isinstance(dest, io.TextIOBase) or (hasattr(dest, "encoding") and not hasattr(dest, "getbuffer")):
        yield dest
    else:
        with _text(dest) as out:
            yield out


@contextlib.contextmanager
def stdout_errors() -> Iterator[None]:
    """A failed write to standard output (``> /dev/full``) as an :class:`OutputError`; a closed
    pipe (``| head``) stays a BrokenPipeError."""
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot write ({_reason(exc)})", file="<stdout>", opened=True) from None


@contextlib.contextmanager
def _text(binary: IO[bytes]) -> Iterator[IO[str]]:
    out = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    try:
        yield out
    finally:
        out.flush()
        out.detach()  # the binary stream stays open: it is not ours to close
