"""Writing CSL-JSON: a UTF-8 JSON array, one item per line, valid against the CSL schema.

The table (:mod:`.table`) gives each item's variables in order; items are encoded and written one
at a time, so memory stays flat however many records.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any, TextIO

from ...core.model import Record
from ...core.text import CONTROL_CHARS
from ...plugins.contexts import WriteContext
from .table import TABLE

# json.dumps(item, ensure_ascii=False) with one encoder for every item, and without the check for
# circular references: an item is a tree built afresh from the record (lists, dicts, scalars), so
# it has none. One line per item: indent= would take the pure-Python encoder.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


#: the control characters of core.text.CONTROLS as the encoder writes them (``\u0000``, ``\b``,
#: ``\f``; DEL as it is), after any number of escaped backslashes (kept)
_JSON_CONTROL = re.compile(r"(\\\\)|" + "|".join(re.escape(_encode(c)[1:-1]) for c in CONTROL_CHARS))


def _keep_backslashes(m: re.Match[str]) -> str:
    return m.group(1) or ""


def record_to_item(record: Record, key: str) -> dict[str, Any]:
    """One record as a CSL-JSON item whose ``id`` is ``key``."""
    return dict(TABLE.write(record, key))


def write(records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:
    out.write("[")
    first = True
    for rec in records:
        try:
            text = _encode(record_to_item(rec, ctx.key(rec)))
            if "\\u00" in text or "\\b" in text or "\\f" in text or "\x7f" in text:
                text = _JSON_CONTROL.sub(_keep_backslashes, text)
        except (TypeError, ValueError) as exc:
            ctx.error(rec, f"cannot write as CSL-JSON: {exc}")
            continue
        out.write("\n" if first else ",\n")
        out.write(text)
        first = False
    out.write("\n]\n" if not first else "]\n")
