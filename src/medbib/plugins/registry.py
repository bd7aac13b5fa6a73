"""The registry of formats: discovery through entry points, lookup by name, suffix and content.

Built-in formats are declared in ``pyproject.toml`` under the entry-point groups
``medbib.readers`` and ``medbib.writers``, exactly as a third-party package declares its own::

    [project.entry-points."medbib.readers"]
    myformat = "mypackage.myformat:FORMAT"

An entry point names a :class:`~medbib.plugins.descriptor.Format` (with a reader for the readers
group, a writer for the writers group). One that fails to load, or is no such Format, does not
break medbib: it is left out and reported by ``medbib formats`` (see :attr:`Registry.load_errors`).
"""

from __future__ import annotations

import difflib
import importlib.metadata
from collections.abc import Callable, Iterable

from ..core.errors import UsageError
from .descriptor import Format, Lookalike

READER_GROUP = "medbib.readers"
WRITER_GROUP = "medbib.writers"


class Registry:
    def __init__(self) -> None:
        self._readers: dict[str, Format] | None = None
        self._writers: dict[str, Format] | None = None
        self.load_errors: list[str] = []

    # discovery
    def _load(self, group: str, side: str) -> dict[str, Format]:
        found: dict[str, Format] = {}
        for ep in sorted(importlib.metadata.entry_points(group=group), key=lambda e: e.name):
            try:
                fmt = ep.load()
                if not isinstance(fmt, Format) or getattr(fmt, side) is None:
                    raise TypeError(f"not a medbib Format with a {side}")
            except Exception as exc:  # a broken third-party plugin must not break medbib
                self.load_errors.append(f"{group} entry point {ep.name!r} ({ep.value}): {exc}")
                continue
            found.setdefault(fmt.name, fmt)
        return found

    @property
    def readers(self) -> dict[str, Format]:
        """Name -> format, for every format that can be read."""
        if self._readers is None:
            self._readers = self._load(READER_GROUP, "reader")
        return self._readers

    @property
    def writers(self) -> dict[str, Format]:
        """Name -> format, for every format that can be written."""
        if self._writers is None:
            self._writers = self._load(WRITER_GROUP, "writer")
        return self._writers

    # lookup
    def reader(self, name: str) -> Format:
        return _lookup(self.readers, name, "input")

    def writer(self, name: str) -> Format:
        return _lookup(self.writers, name, "output")

    def writer_for_suffix(self, path: str) -> Format | None:
        return _by_suffix(self.writers.values(), path)

    def reader_for_suffix(self, path: str) -> Format | None:
        return _by_suffix((f for f in self.readers.values() if f.reader.suffix_alone), path)

    def sniff(self, head: bytes) -> Format | None:
        """The format whose sniffer recognises ``head`` first, by descending priority."""
        for fmt in sorted(self.readers.values(), key=lambda f: -f.reader.priority):
            if fmt.reader.sniff is not None and _sniffs(fmt.reader.sniff, head):
                return fmt
        return None

    def lookalike(self, head: bytes) -> Lookalike | None:
        """An input a reader declares it resembles but cannot read (PubMed's Summary text)."""
        for fmt in self.readers.values():
            for look in fmt.reader.lookalikes:
                if _sniffs(look.sniff, head):
                    return look
        return None


def _sniffs(sniff: Callable[[bytes], bool], head: bytes) -> bool:
    """Whether ``sniff`` recognises ``head``; a sniffer that raises never breaks detection."""
    try:
        return bool(sniff(head))
    except Exception:
        return False


def _lookup(table: dict[str, Format], name: str, what: str) -> Format:
    key = name.strip().lower()
    for fmt in table.values():
        if key in (n.lower() for n in fmt.names()):
            return fmt
    names = sorted({n for f in table.values() for n in f.names()})
    raise UsageError(f"unknown {what} format {name!r}{did_you_mean(key, names)}; known: {', '.join(sorted(table))}")


def did_you_mean(word: str, names: Iterable[str]) -> str:
    """`` (did you mean 'ris'?)`` for the closest of ``names``, or nothing."""
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _by_suffix(formats: Iterable[Format], path: str) -> Format | None:
    """The format with the longest suffix that ends ``path`` (``.gz`` looked through)."""
    formats = list(formats)
    low = path.lower()
    best, best_len = None, 0
    for fmt in formats:
        for suffix in fmt.suffixes:
            s = suffix.lower()
            if low.endswith(s) and len(s) > best_len:
                best, best_len = fmt, len(s)
    if best is None and low.endswith(".gz"):
        return _by_suffix(formats, path[:-3])
    return best


registry = Registry()
