"""Reading CSL-JSON: an array of items (or a single item object), streamed item by item.

:mod:`.stream` decodes the items; the table (:mod:`.table`) turns each into a record. Variables
no rule reads are kept in ``record.extra`` as ``csljson:<variable>``. An item of the wrong shape
(``"author": "x"``) is reported and skipped; a syntax error is reported with its line and stops
the reading (the items before it are kept), as for truncated XML.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ...core.model import Origin, Record
from ...plugins.contexts import ReadContext
from .custom import kept_text
from .stream import BadItem, JsonItems, NotText
from .table import TABLE

NAME = "csljson"


def item_to_record(item: dict[str, Any]) -> Record:
    """Build a record from one CSL-JSON item (raises ValueError/TypeError on wrong shapes)."""
    if not isinstance(item, dict):
        raise TypeError(f"an item must be an object, not {type(item).__name__}")
    rec = Record()
    TABLE.read({var: [value] for var, value in item.items()}, rec)
    known = TABLE.sources(rec.type)
    for var, value in item.items():
        if var not in known and value not in (None, "", [], {}):
            rec.add_extra(f"csljson:{var}", kept_text(value))
    return rec


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    items = JsonItems(stream)
    try:
        for index, item in items:
            rec = _record(item, ctx, index)
            if rec is not None:
                yield rec
    except NotText as exc:
        ctx.error(f"not UTF-8 text (byte {exc.offset})", offset=exc.offset, skipped=1 if items.started else 0)
    except json.JSONDecodeError as exc:
        reading = "; reading stopped here" if items.started else ""
        ctx.error(f"invalid JSON: {exc.msg}{reading}", line=items.line(exc), record=items.started or None,
                  skipped=1 if items.started else 0)


def _record(item: Any, ctx: ReadContext, index: int) -> Record | None:
    """One CSL item as a Record; a bad one is reported (and None)."""
    if isinstance(item, BadItem):
        ctx.error(f"item not read: {item.reason}", record=index)
        return None
    try:
        rec = item_to_record(item)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        rid = item.get("id") if isinstance(item, dict) else None
        ctx.error(f"{exc}", record=index, record_id=f"id {rid}" if rid else None)
        return None
    rec.origin = Origin(file=ctx.file, index=index, format=NAME)
    return rec
