"""One exception hierarchy for everything that can go wrong with input or output."""

from __future__ import annotations


class MedbibError(Exception):
    """Base of every error medbib raises on purpose.

    Carries where the problem is (file, line or byte offset, record number, record id such as
    the PMID) and a short reason; ``str()`` gives the one-line form the CLI prints:
    ``file:line: record PMID 123: reason``.
    """

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        line: int | None = None,
        offset: int | None = None,
        record: int | None = None,
        record_id: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.file = file
        self.line = line
        self.offset = offset
        self.record = record
        self.record_id = record_id

    def __reduce__(self):  # picklable with its location (for --jobs and Dask workers)
        return (_rebuild, (type(self), self.reason, self.__dict__.copy()))

    def __str__(self) -> str:
        where = printable(self.file or "")
        if self.line is not None:
            where = f"{where or '<input>'}:{self.line}"
        elif self.offset is not None:
            where = f"{where or '<input>'}:byte {self.offset}"
        parts = [where] if where else []
        if self.record_id:
            parts.append(f"record {self.record_id}")
        elif self.record is not None:
            parts.append(f"record #{self.record}")
        parts.append(self.reason)
        return ": ".join(parts)


class ParseError(MedbibError):
    """Input could not be read as the format it claims to be (a bad record, a truncated file)."""


class FormatError(MedbibError):
    """A record could not be written in the target format."""


class InputError(MedbibError):
    """An input could not be opened or read at all (missing, a directory, unreadable)."""


class OutputError(MedbibError):
    """An output could not be made (``opened`` False: a directory, a read-only folder — nothing
    was written) or could not be finished (``opened`` True: disk full — the old file is kept)."""

    def __init__(self, reason: str, *, file: str | None = None, opened: bool = False) -> None:
        super().__init__(reason, file=file)
        self.opened = opened


class UsageError(MedbibError):
    """The request itself is wrong: unknown format, conflicting options."""


class SecurityError(ParseError):
    """Input tried something hostile (external entities, DTD loading, entity expansion)."""


def printable(name: str) -> str:
    """A file name fit for a one-line message: control characters (a newline in a name), line
    separators and undecodable bytes are shown escaped (``\\n``, ``\\udcff``), the rest as it is."""
    if name.isprintable():
        return name
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in name)


def _rebuild(cls: type, reason: str, state: dict) -> MedbibError:
    err = cls.__new__(cls)
    Exception.__init__(err, reason)
    err.__dict__.update(state)
    return err
