"""What a conversion did, per input and in all: the counts the summary line and exit codes rest on."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.errors import MedbibError, printable


@dataclass
class FileSummary:
    """What happened to one input: every record read is either written or skipped."""

    name: str
    format: str | None = None
    read: int = 0
    written: int = 0
    skipped: int = 0
    errors: list[MedbibError] = field(default_factory=list)
    warnings: list[MedbibError] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)  # PMIDs withdrawn (DeleteCitation)
    duplicates: list[str] = field(default_factory=list)  # PMIDs seen before (kept, reported)
    merged: int = 0  # records merged into a duplicate of theirs (--dedupe): read, not written
    unclassified: int = 0
    failed: bool = False  # the input could not be opened or read at all

    def line(self) -> str:
        return counts_line(self.name, self.format, self.read, self.written, self.skipped,
                           len(self.deleted), len(self.duplicates), len(self.warnings), self.merged)


def counts_line(name: str, fmt: str | None, read: int, written: int, skipped: int, deleted: int = 0,
                duplicates: int = 0, warnings: int = 0, merged: int = 0) -> str:
    """``refs.xml [pubmed-xml]: 3 read, 2 written, 1 skipped, 1 duplicate PMID`` (the summary line)."""
    parts = [f"{read} read", f"{written} written", f"{skipped} skipped"]
    if deleted:
        parts.append(f"{deleted} deleted")
    if duplicates:
        parts.append(f"{duplicates} duplicate PMID{'s' if duplicates != 1 else ''}")
    if merged:
        parts.append(f"{merged} merged into a duplicate")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{printable(name)}{f' [{fmt}]' if fmt else ''}: " + ", ".join(parts)


@dataclass
class Summary:
    files: list[FileSummary] = field(default_factory=list)
    output: str | None = None
    to: str | None = None
    losses: list[Any] = field(default_factory=list)
    report: Any = None  # medbib.pipeline.report.LossReport when convert(..., report=True)
    merges: list[Any] = field(default_factory=list)  # medbib.pipeline.curate.Merge, with dedupe=True

    @property
    def read(self) -> int:
        return sum(f.read for f in self.files)

    @property
    def written(self) -> int:
        return sum(f.written for f in self.files)

    @property
    def skipped(self) -> int:
        return sum(f.skipped for f in self.files)

    @property
    def errors(self) -> list[MedbibError]:
        return [e for f in self.files for e in f.errors]

    @property
    def deleted(self) -> list[str]:
        return [p for f in self.files for p in f.deleted]

    @property
    def ok(self) -> bool:
        return not self.errors and not any(f.failed for f in self.files)

    def line(self) -> str:
        return counts_line("total", None, self.read, self.written, self.skipped,
                           merged=sum(f.merged for f in self.files))
