"""Reader and writer plugins: protocols, discovery through entry points, lookup and sniffing.

Built-in plugins are declared in ``pyproject.toml`` under the entry-point groups
``medbib.readers`` and ``medbib.writers``, exactly as a third-party package declares its own::

    [project.entry-points."medbib.readers"]
    myformat = "mypackage.reader:reader"

An entry point names a plugin object (or a class, which is instantiated with no arguments).
A plugin that fails to load does not break medbib: it is left out and reported by
``medbib formats`` (see :func:`load_errors`).
"""

from __future__ import annotations

import difflib
import importlib.metadata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, BinaryIO, Protocol, TextIO, runtime_checkable

from .core.errors import FormatError, MedbibError, ParseError, UsageError
from .core.model import Record

READER_GROUP = "medbib.readers"
WRITER_GROUP = "medbib.writers"

ProblemHandler = Callable[[MedbibError, str], None]  # (error, "error" | "warning")


# --------------------------------------------------------------------------- contexts
class ReadContext:
    """What a reader gets besides its input: where problems go, and the file's name.

    Readers never raise for a bad record: they call :meth:`error` (the record is skipped and
    counted; in strict mode this raises) and go on with the next record.
    """

    def __init__(
        self,
        file: str = "<input>",
        *,
        strict: bool = False,
        on_problem: ProblemHandler | None = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        self.file = file
        self.strict = strict
        self.on_problem = on_problem
        self.options = options or {}
        self.errors: list[MedbibError] = []
        self.warnings: list[MedbibError] = []
        self.deleted: list[str] = []  # PMIDs withdrawn by DeleteCitation
        self.skipped = 0
        self.unclassified = 0  # paragraphs kept as notes because the reader could not classify them

    def error(
        self,
        reason: str,
        *,
        line: int | None = None,
        offset: int | None = None,
        record: int | None = None,
        record_id: str | None = None,
        skipped: int = 1,
        cls: type[MedbibError] = ParseError,
    ) -> None:
        """Report a record (or ``skipped`` records) that could not be read."""
        err = cls(reason, file=self.file, line=line, offset=offset, record=record, record_id=record_id)
        self.skipped += skipped
        self.errors.append(err)
        if self.strict:
            raise err
        if self.on_problem:
            self.on_problem(err, "error")

    def warn(
        self,
        reason: str,
        *,
        line: int | None = None,
        offset: int | None = None,
        record: int | None = None,
        record_id: str | None = None,
    ) -> None:
        """Report something read with a doubt (a fallback encoding, an unclassified paragraph)."""
        err = MedbibError(reason, file=self.file, line=line, offset=offset, record=record, record_id=record_id)
        self.warnings.append(err)
        if self.strict:
            raise ParseError(reason, file=self.file, line=line, offset=offset, record=record, record_id=record_id)
        if self.on_problem:
            self.on_problem(err, "warning")

    def delete(self, pmid: str) -> None:
        self.deleted.append(pmid)


@dataclass
class WriteOptions:
    """Options every writer may honour (a writer ignores what does not apply to it)."""

    ascii: bool = False  # BibTeX: LaTeX escapes instead of UTF-8
    key_format: str | None = None  # citation-key template; given = regenerate keys
    keep_keys: bool = True  # keep keys that came with the input (BibTeX keys, CSL ids)
    extra: dict[str, Any] = field(default_factory=dict)  # plugin-specific options


MAX_LOSSES = 1000


@dataclass
class Loss:
    """A field of a record that the target format could not hold."""

    record: str
    field: str
    reason: str = ""


class WriteContext:
    def __init__(
        self,
        file: str = "<output>",
        *,
        options: WriteOptions | None = None,
        strict: bool = False,
        on_problem: ProblemHandler | None = None,
    ) -> None:
        from .core.keys import KeyMaker

        self.file = file
        self.options = options or WriteOptions()
        self.strict = strict
        self.on_problem = on_problem
        self.errors: list[MedbibError] = []
        self.skipped_by_file: dict[str | None, int] = {}
        self.losses: list[Loss] = []  # the first MAX_LOSSES notes, for messages and --report
        self.loss_counts: dict[tuple[str, str], int] = {}  # (field, reason) -> records, for any run length
        self.keys = KeyMaker(self.options.key_format, keep=self.options.keep_keys)

    def key(self, record: Record) -> str:
        """The record's citation key: unique within this output, deterministic."""
        return self.keys.key(record)

    def error(self, record: Record, reason: str) -> None:
        """Report a record that could not be written (it is skipped and counted)."""
        origin = record.origin
        err = FormatError(
            reason,
            file=origin.file if origin else None,
            line=origin.line if origin else None,
            record=origin.index if origin else None,
            record_id=f"PMID {record.pmid}" if record.pmid else None,
        )
        self.errors.append(err)
        src = origin.file if origin else None
        self.skipped_by_file[src] = self.skipped_by_file.get(src, 0) + 1
        if self.strict:
            raise err
        if self.on_problem:
            self.on_problem(err, "error")

    def lost(self, record: Record, field_name: str, reason: str = "") -> None:
        """Note a field the target format cannot hold (the ``--report`` table)."""
        key = (field_name, reason)
        self.loss_counts[key] = self.loss_counts.get(key, 0) + 1
        if len(self.losses) < MAX_LOSSES:  # memory stays flat however many records are written
            rid = record.id or (f"PMID {record.pmid}" if record.pmid else "?")
            self.losses.append(Loss(rid, field_name, reason))


# --------------------------------------------------------------------------- protocols
@runtime_checkable
class Reader(Protocol):
    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    description: str

    def sniff(self, head: bytes) -> bool: ...

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]: ...


@runtime_checkable
class Writer(Protocol):
    name: str
    aliases: tuple[str, ...]
    suffixes: tuple[str, ...]
    description: str

    def write(self, records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None: ...


class ReaderPlugin:
    """Convenience base class for readers (a plugin only needs the attributes of :class:`Reader`)."""

    name: str = ""
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    description: str = ""
    #: sniffers run from highest to lowest priority; the first that says yes wins
    priority: int = 0
    #: the suffix alone is enough to pick this reader (False: only with a positive sniff)
    suffix_alone: bool = True

    def sniff(self, head: bytes) -> bool:  # pragma: no cover - default
        return False

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:  # pragma: no cover
        raise NotImplementedError


class WriterPlugin:
    name: str = ""
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    description: str = ""
    #: newline convention of the format, for documentation
    binary: bool = False

    def write(self, records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:  # pragma: no cover
        raise NotImplementedError


# --------------------------------------------------------------------------- registry
class Registry:
    def __init__(self) -> None:
        self._readers: dict[str, Any] | None = None
        self._writers: dict[str, Any] | None = None
        self.load_errors: list[str] = []

    # discovery
    def _load(self, group: str) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for ep in sorted(importlib.metadata.entry_points(group=group), key=lambda e: e.name):
            try:
                obj = ep.load()
                plugin = obj() if isinstance(obj, type) else obj
                if not getattr(plugin, "name", None):
                    raise TypeError("plugin has no name")
            except Exception as exc:  # a broken third-party plugin must not break medbib
                self.load_errors.append(f"{group} entry point {ep.name!r} ({ep.value}): {exc}")
                continue
            found.setdefault(plugin.name, plugin)
        return found

    @property
    def readers(self) -> dict[str, Any]:
        if self._readers is None:
            self._readers = self._load(READER_GROUP)
        return self._readers

    @property
    def writers(self) -> dict[str, Any]:
        if self._writers is None:
            self._writers = self._load(WRITER_GROUP)
        return self._writers

    def add_reader(self, plugin: Any) -> None:
        self.readers[plugin.name] = plugin

    def add_writer(self, plugin: Any) -> None:
        self.writers[plugin.name] = plugin

    # lookup
    def reader(self, name: str) -> Any:
        return self._lookup(self.readers, name, "input")

    def writer(self, name: str) -> Any:
        return self._lookup(self.writers, name, "output")

    @staticmethod
    def _lookup(table: dict[str, Any], name: str, what: str) -> Any:
        key = name.strip().lower()
        for plugin in table.values():
            if key == plugin.name.lower() or key in (a.lower() for a in plugin.aliases):
                return plugin
        names = sorted({n for p in table.values() for n in (p.name, *p.aliases)})
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UsageError(f"unknown {what} format {name!r}{hint}; known: {', '.join(sorted(table))}")

    def writer_for_suffix(self, path: str) -> Any | None:
        return _by_suffix(self.writers.values(), path)

    def reader_for_suffix(self, path: str) -> Any | None:
        return _by_suffix(
            (r for r in self.readers.values() if getattr(r, "suffix_alone", True)), path
        )

    def sniff(self, head: bytes) -> Any | None:
        for plugin in sorted(self.readers.values(), key=lambda p: -getattr(p, "priority", 0)):
            try:
                if plugin.sniff(head):
                    return plugin
            except Exception:  # a sniffer must never break detection
                continue
        return None


def _by_suffix(plugins: Iterable[Any], path: str) -> Any | None:
    plugins = list(plugins)
    low = path.lower()
    best, best_len = None, 0
    for plugin in plugins:
        for suffix in plugin.suffixes:
            s = suffix.lower()
            if low.endswith(s) and len(s) > best_len:
                best, best_len = plugin, len(s)
    if best is None and low.endswith(".gz"):
        return _by_suffix(plugins, path[:-3])
    return best


registry = Registry()


def open_text_output(stream: IO[bytes]) -> TextIO:
    import io

    return io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=False)
