"""What a conversion could not carry over: the ``--report`` table.

The report is measured, not declared: each record is written in the target format and read back
with medbib's reader of that format, and every field whose value did not survive is listed
(with the writer's own reason where it gave one through ``ctx.lost``). A field that survives in a
different spelling (a date written as text and parsed back equal) is not a loss.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..core.model import Record
from ..plugins.contexts import ReadContext, WriteContext, WriteOptions
from ..plugins.registry import registry

# fields that are bookkeeping, not bibliographic data
_IGNORE = {"id", "origin"}
#: fields the record model derives from others (initials from the given names, the first and last
#: page from the range): a reader that does not derive them is no loss, only a round-trip artefact
_DERIVED = {"initials", "page_first", "page_last"}
#: the two kinds of row: no place in the format (a real loss), kept but flattened
LOST, FLATTENED = "lost", "flattened"


@dataclass
class LossEntry:
    field: str
    records: list[str] = field(default_factory=list)
    reason: str = ""
    kind: str = LOST
    count: int = 0  # records with this loss (``records`` keeps the first few as examples)
    parts: list[str] = field(default_factory=list)  # the sub-fields seen (``extra`` keys, ``label``…)
    last: str | None = field(default=None, repr=False)  # the record counted last (records come one by one)

    @property
    def why(self) -> str:
        """The reason, with the sub-fields it covers."""
        return self.reason + (f" ({', '.join(self.parts)})" if self.parts else "")


@dataclass
class LossReport:
    """Per field: how many records lost it (no place in the format) or had it flattened."""

    to: str
    checked: int = 0
    entries: dict[tuple[str, str], LossEntry] = field(default_factory=dict)

    def add(self, field_name: str, record_id: str, reason: str = "", kind: str = LOST,
            parts: Iterable[str] = ()) -> None:
        e = self.entries.setdefault((kind, field_name), LossEntry(field_name, kind=kind))
        e.parts += [p for p in parts if p not in e.parts]
        if e.last != record_id:
            e.last = record_id
            e.count += 1
            if len(e.records) < 10:
                e.records.append(record_id)
        if reason and not e.reason:
            e.reason = reason

    def rows(self, kind: str | None = None) -> list[LossEntry]:
        """Most records first; ``kind``: only the lost or only the flattened fields."""
        return sorted((e for e in self.entries.values() if kind in (None, e.kind)), key=lambda e: (-e.count, e.field))

    def to_dict(self) -> dict[str, Any]:
        def rows(kind: str) -> list[dict[str, Any]]:
            return [{"field": e.field, "records": e.count, "reason": e.why, "examples": e.records[:10]}
                    for e in self.rows(kind)]

        return {"to": self.to, "records_checked": self.checked, "lost": rows(LOST), "flattened": rows(FLATTENED)}


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


_INDEX = re.compile(r"\[\d+\]")


def _generic(path: str) -> str:
    """``authors[3].orcid`` -> ``authors[].orcid`` (one row per field, not per position)."""
    return _INDEX.sub("[]", path)


def _top(path: str) -> str:
    return path.split(".")[0].split("[")[0]


def _fields(record: Record | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if record is not None:
        _flatten({k: v for k, v in record.to_dict().items() if k not in _IGNORE}, "", out)
    return out


def _differences(a: dict[str, Any], b: dict[str, Any]) -> list[tuple[str, Any]]:
    out = []
    for k, v in a.items():
        if b.get(k) != v:
            g = _generic(k)
            if g.replace("[]", "").split(".")[-1] not in _DERIVED:
                out.append((g, v))
    return out


def _found_in(value: Any, back: dict[str, Any]) -> str | None:
    """The field of the re-read record whose text holds ``value`` (a text of 4+ characters), if any:
    the value was kept, in another form (abstract labels inside the abstract text, links in notes)."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    texts = [t.strip() for t in texts if isinstance(t, str) and len(t.strip()) >= 4]
    if not texts:
        return None
    for path, held in back.items():
        hay = " ".join(map(str, held)) if isinstance(held, list) else held
        if isinstance(hay, str) and all(t in hay for t in texts):
            return _top(path)
    return None


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
            self.report.add(loss.field, rid, loss.reason, FLATTENED if loss.kept else LOST)
        if self.reader is not None:
            self._measure(record, rid, buf.getvalue(), {l.field for l in wctx.losses})

    def _measure(self, record: Record, rid: str, text: str, declared: set[str]) -> None:
        """Read the written text back: a field whose value is gone is lost, one whose value is
        found elsewhere (the abstract's labels in its text) is flattened; one row per field."""
        try:
            back = list(self.reader.reader.read(io.BytesIO(text.encode("utf-8")), ReadContext("<report>")))
        except Exception:
            back = []
        after = _fields(back[0] if back else None)
        rows: dict[tuple[str, str], tuple[str, list[str]]] = {}
        for path, value in _differences(_fields(record), after):
            if _explained(path, declared):
                continue
            top = _top(path)
            where = _found_in(value, after)
            if where is not None:  # one row per field, with its parts: abstract (label, text)
                row = rows.setdefault((FLATTENED, top), (f"kept in {where}" if where != top else
                                                         f"kept in {where}, in another shape", []))
            else:  # one row per lost path; one for the keys of extra, with the keys
                row = rows.setdefault((LOST, top if top == "extra" else path),
                                      (f"not read back from {self.writer.name}", []))
            part = path[len(top):].lstrip(".[]")
            if (where is not None or top == "extra") and part and part not in row[1]:
                row[1].append(part)
        for (kind, name), (reason, parts) in rows.items():
            self.report.add(name, rid, reason, kind, parts)

    def wrap(self, records: Iterable[Record]) -> Iterator[Record]:
        for r in records:
            self.check(r)
            yield r


def _explained(path: str, declared: set[str]) -> bool:
    """A measured loss (``authors[].orcid``) that the writer already declared in its own words
    (``orcid``, ``issn kinds``, ``abstract sections``) is one row, not two."""
    top = _top(path)
    leaf = path.replace("[]", "").split(".")[-1]
    for d in declared:
        head = d.split()[0].rstrip("s")
        if d in (path, top, leaf) or top.startswith(head) or leaf.startswith(head):
            return True
    return False


def format_table(report: LossReport) -> str:
    """The ``--report`` text: real losses first, then what was kept but flattened; one line per
    field with the number of records."""
    if not report.entries:
        return f"report: every field of {report.checked} records carried over to {report.to}"
    width = max(len(e.field) for e in report.entries.values())
    checked = f"{report.checked} record{'s' if report.checked != 1 else ''}"
    lines = [f"report: {checked} checked against {report.to} (examples: --report-json)"]
    for kind, title in ((LOST, f"no place in {report.to} (lost)"), (FLATTENED, "kept, but flattened")):
        rows = report.rows(kind)
        if rows:
            lines.append(f"  {title}: field, records, why")
            lines += [f"    {e.field.ljust(width)}  {e.count:6d}  {e.why}" for e in rows]
    return "\n".join(lines)
