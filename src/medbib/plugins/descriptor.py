"""The Format descriptor: everything medbib needs to know to read and write one format.

A format package (``medbib.format.ris``…) declares one :class:`Format` and registers it under
the entry-point groups ``medbib.readers`` and ``medbib.writers``; a third-party package does
exactly the same (see docs/plugins.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Protocol, TextIO

from ..core.model import Record
from .contexts import ReadContext, WriteContext


class ReadFunction(Protocol):
    """Stream the records of one input: yield each as soon as it is complete; report a bad one
    with ``ctx.error`` and go on."""

    def __call__(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]: ...


class WriteFunction(Protocol):
    """Write records to a text stream (UTF-8, ``newline=""``), one at a time."""

    def __call__(self, records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None: ...


class SniffFunction(Protocol):
    """Whether the first bytes of an input (up to 32 KiB, decompressed) are this format."""

    def __call__(self, head: bytes) -> bool: ...


def resolve(target: str) -> Any:
    """The object a ``"package.module:name"`` reference names, its module imported."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def lazy(target: str) -> Callable[..., Any]:
    """A function that imports ``"package.module:function"`` when first called, then calls it.

    A format package declares its :class:`Format` with these, so that finding the formats (which
    loads every package) imports no reader, writer or table: a run imports only what it uses."""
    found: list[Callable[..., Any]] = []

    def call(*args: Any, **kwargs: Any) -> Any:
        if not found:
            found.append(resolve(target))
        return found[0](*args, **kwargs)

    call.__name__ = call.__qualname__ = target.rpartition(":")[2]
    call.__doc__ = f"{target}, imported when first called"
    return call


@dataclass(frozen=True)
class Reader:
    read: ReadFunction
    description: str = ""
    sniff: SniffFunction | None = None
    #: sniffers run from highest to lowest priority; the first that says yes wins
    priority: int = 0
    #: the suffix alone is enough to pick this reader (False: only with a positive sniff)
    suffix_alone: bool = True
    #: inputs that resemble this format but cannot be read (recognised to say what to do instead)
    lookalikes: tuple["Lookalike", ...] = ()


@dataclass(frozen=True)
class Option:
    """A writer option (``-O name=value``, ``WriteOptions.extra[name]``).

    Its kind is its default's: a bool option takes yes/no (true/false, on/off, 1/0), an int
    option a number, a str option any text (or one of ``choices``). The option named ``ascii``
    is ``WriteOptions.ascii`` (``--ascii``). :func:`medbib.plugins.options.check_options`
    refuses unknown names, bad values and options of other writers."""

    name: str
    default: Any
    help: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lookalike:
    """An input medbib recognises but cannot read (PubMed's "Summary (text)"): its sniffer, and
    what the user should do instead (the one-line error when such an input is given)."""

    name: str
    sniff: SniffFunction
    advice: str


@dataclass(frozen=True)
class Writer:
    write: WriteFunction
    description: str = ""
    options: tuple[Option, ...] = ()


@dataclass(frozen=True)
class Format:
    """One format: its names and file suffixes (declared once), how to read it, how to write it."""

    name: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    reader: Reader | None = None
    writer: Writer | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)
