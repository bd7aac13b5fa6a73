"""CSL-JSON writer: a UTF-8 JSON array, streamed one item at a time, valid against the CSL schema."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from ..core.model import Record
from ..csl import record_to_csl
from ..plugins.contexts import WriteContext

# json.dumps(item, ensure_ascii=False) without building an encoder per item, and without the
# circular-reference check: an item is a tree that record_to_csl builds afresh (it copies every
# list, dict and dataclass of the record, whose fields hold only those and scalars), so no cycle.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


class CslJsonWriter:
    name = "csljson"
    aliases = ("csl-json", "csl", "json")
    suffixes = (".json", ".csl.json", ".csljson")
    description = "CSL-JSON array (pandoc --citeproc, citeproc-js/py, Zotero); extras under custom"

    def write(self, records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:
        out.write("[")
        first = True
        for rec in records:
            try:
                item = record_to_csl(rec, ctx.key(rec))
                # one item per line: the C encoder (indent= would use the slow pure-Python one)
                text = _encode(item)
            except (TypeError, ValueError) as exc:
                ctx.error(rec, f"cannot write as CSL-JSON: {exc}")
                continue
            out.write("\n" if first else ",\n")
            out.write(text)
            first = False
        out.write("\n]\n" if not first else "]\n")


writer = CslJsonWriter()
