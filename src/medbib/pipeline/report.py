"""What a conversion could not carry over: the ``--report`` table.

The report is measured, not declared: each record is written in the target format and read back
with medbib's reader of that format, and every field whose value did not survive is listed
(with the writer's own reason where it gave one through ``ctx.lost``). A field that survives in a
different spelling (a date written as text and parsed back equal) is not a loss.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.model import Record
from ..plugins.contexts import ReadContext, WriteContext, WriteOptions
from ..plugins.registry import registry

# fields that are bookkeeping, not bibliographic data
_IGNORE = {"id", "origin"}


@dataclass
class LossEntry:
    field: str
    records: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass
class LossReport:
    to: str
    checked: int = 0
    entries: dict[str, LossEntry] = field(default_factory=dict)

    def add(self, field_name: str, record_id: str, reason: str = "") -> None:
        e = self.entries.setdefault(field_name, LossEntry(field_name))
        if record_id not in e.records:
            e.records.append(record_id)
        if reason and not e.reason:
            e.reason = reason

    def rows(self) -> list[LossEntry]:
        return sorted(self.entries.values(), key=lambda e: (-e.count, e.field))

    def to_dict(self) -> dict[str, Any]:
        return {"to": self.to, "records_checked": self.checked,
                "lost": [{"field": e.field, "records": e.count, "reason": e.reason, "examples": e.records[:10]}
                         for e in self.rows()]}


def _flatten(value: Any, prefix: str, out: dict[str, Any]) -> None:
    """{"authors": [{"orcid": x}]} -> {"authors[0].orcid": x}; lists of scalars stay whole."""
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{prefix}.{k}" if prefix else k, out)
    elif isinstance(value, list) and value and isinstance(value[0], dict):
        for i, v in enumerate(value):
            _flatten(v, f"{prefix}[{i}]", out)
    else:
        out[prefix] = value


def _generic(path: str) -> str:
    """``authors[3].orcid`` -> ``authors[].orcid`` (one row per field, not per position)."""
    import re

    return re.sub(r"\[\d+\]", "[]", path)


def lost_fields(original: Record, reread: Record | None) -> set[str]:
    a: dict[str, Any] = {}
    b: dict[str, Any] = {}
    _flatten({k: v for k, v in original.to_dict().items() if k not in _IGNORE}, "", a)
    if reread is not None:
        _flatten({k: v for k, v in reread.to_dict().items() if k not in _IGNORE}, "", b)
    return {_generic(k) for k, v in a.items() if b.get(k) != v}


class LossChecker:
    """Measures losses record by record as they stream to the real writer."""

    def __init__(self, to: str, options: WriteOptions | None = None) -> None:
        self.writer = registry.writer(to)
        try:
            self.reader = registry.reader(self.writer.name)
        except Exception:
            self.reader = None
        self.options = options or WriteOptions()
        self.report = LossReport(self.writer.name)

    def check(self, record: Record) -> None:
        self.report.checked += 1
        rid = record.id or (f"PMID {record.pmid}" if record.pmid else f"#{self.report.checked}")
        wctx = WriteContext("<report>", options=self.options)
        buf = io.StringIO(newline="")
        try:
            self.writer.writer.write([record], buf, wctx)
        except Exception as exc:  # the real conversion reports it; here it only means "not carried"
            self.report.add("(whole record)", rid, f"cannot be written: {exc}")
            return
        for loss in wctx.losses:
            self.report.add(loss.field, rid, loss.reason)
        if self.reader is None:
            return
        rctx = ReadContext("<report>")
        try:
            back = list(self.reader.reader.read(io.BytesIO(buf.getvalue().encode("utf-8")), rctx))
        except Exception:
            back = []
        explained = {l.field for l in wctx.losses}
        for f in sorted(lost_fields(record, back[0] if back else None)):
            if not _explained(f, explained):
                self.report.add(f, rid, f"not read back from {self.writer.name}")

    def wrap(self, records: Iterable[Record]) -> Iterator[Record]:
        for r in records:
            self.check(r)
            yield r


def _explained(path: str, declared: set[str]) -> bool:
    """A measured loss (``authors[].orcid``) that the writer already declared in its own words
    (``orcid``, ``issn kinds``, ``abstract sections``) is one row, not two."""
    top = path.split(".")[0].split("[")[0]
    leaf = path.replace("[]", "").split(".")[-1]
    for d in declared:
        head = d.split()[0].rstrip("s")
        if d in (path, top, leaf) or top.startswith(head) or leaf.startswith(head):
            return True
    return False


def format_table(report: LossReport) -> str:
    rows = report.rows()
    if not rows:
        return f"report: every field of {report.checked} records carried over to {report.to}"
    width = max(len(e.field) for e in rows)
    lines = [f"report: fields not carried over to {report.to} ({report.checked} records checked)",
             f"  {'field'.ljust(width)}  records  reason / examples"]
    for e in rows:
        examples = ", ".join(e.records[:3]) + (" …" if e.count > 3 else "")
        reason = e.reason or ""
        lines.append(f"  {e.field.ljust(width)}  {e.count:7d}  {reason}{' — ' if reason else ''}{examples}")
    return "\n".join(lines)

