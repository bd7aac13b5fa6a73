"""What a reader or a writer gets besides its data: where problems go, options, citation keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..core.errors import FormatError, MedbibError, ParseError
from ..core.keys import KeyMaker
from ..core.model import Record

ProblemHandler = Callable[[MedbibError, str], None]  # (error, "error" | "warning")


class ReadContext:
    """What a reader gets besides its input: where problems go, and the file's name.

    Readers never raise for a bad record: they call :meth:`error` (the record is skipped and
    counted; in strict mode this raises) and go on with the next record.
    """

    def __init__(self, file: str = "<input>", *, strict: bool = False,
                 on_problem: ProblemHandler | None = None) -> None:
        self.file = file
        self.strict = strict
        self.on_problem = on_problem
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
    kept: bool = False  # written, only flattened (not a real loss)


class WriteContext:
    def __init__(
        self,
        file: str = "<output>",
        *,
        options: WriteOptions | None = None,
        strict: bool = False,
        on_problem: ProblemHandler | None = None,
    ) -> None:
        self.file = file
        self.options = options or WriteOptions()
        self.strict = strict
        self.on_problem = on_problem
        self.errors: list[MedbibError] = []
        self.warnings: list[MedbibError] = []
        self.skipped_by_file: dict[str | None, int] = {}
        self.losses: list[Loss] = []  # the first MAX_LOSSES notes, for messages and --report
        self.loss_counts: dict[tuple[str, str], int] = {}  # (field, reason) -> records, for any run length
        self.keys = KeyMaker(self.options.key_format, keep=self.options.keep_keys)

    def key(self, record: Record) -> str:
        """The record's citation key: unique within this output, deterministic."""
        return self.keys.key(record)

    def error(self, record: Record, reason: str) -> None:
        """Report a record that could not be written (it is skipped and counted)."""
        where = _where(record)
        err = FormatError(reason, **where)
        self.errors.append(err)
        src = where["file"]
        self.skipped_by_file[src] = self.skipped_by_file.get(src, 0) + 1
        if self.strict:
            raise err
        if self.on_problem:
            self.on_problem(err, "error")

    def warn(self, record: Record, reason: str) -> None:
        """Report a record written with a doubt (characters ``--ascii`` had to approximate or leave
        out); it is written all the same, and in strict mode this fails."""
        where = _where(record)
        self.warnings.append(MedbibError(reason, **where))
        if self.strict:
            raise FormatError(reason, **where)
        if self.on_problem:
            self.on_problem(self.warnings[-1], "warning")

    def lost(self, record: Record, field_name: str, reason: str = "", *, kept: bool = False) -> None:
        """Note a field the target format cannot hold (the ``--report`` table); ``kept``: it is
        written, only flattened (abstract sections joined, MeSH as keyword strings)."""
        key = (field_name, reason)
        self.loss_counts[key] = self.loss_counts.get(key, 0) + 1
        if len(self.losses) < MAX_LOSSES:  # memory stays flat however many records are written
            rid = record.id or (f"PMID {record.pmid}" if record.pmid else "?")
            self.losses.append(Loss(rid, field_name, reason, kept))


def _where(record: Record) -> dict[str, Any]:
    """Where a record came from, as a message names it: file, line, record number, PMID."""
    origin = record.origin
    return {"file": origin.file if origin else None, "line": origin.line if origin else None,
            "record": origin.index if origin else None,
            "record_id": f"PMID {record.pmid}" if record.pmid else None}
