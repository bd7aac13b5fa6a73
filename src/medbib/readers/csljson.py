"""CSL-JSON reader: an array of items (or a single item object)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..csl import csl_to_record
from ..io import detect_encoding
from ..model import Origin, Record
from ..registry import ReadContext, ReaderPlugin


class CslJsonReader(ReaderPlugin):
    name = "csljson"
    aliases = ("csl-json", "csl", "json")
    suffixes = (".json", ".csl.json", ".csljson")
    description = "CSL-JSON (citeproc, pandoc, Zotero): an array of items"
    priority = 10

    def sniff(self, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        if not text[:1] in (b"[", b"{"):
            return False
        sample = text[:4096]
        return b'"type"' in sample or b'"id"' in sample or text[:1] == b"[" and len(text.strip()) <= 4

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
        data = stream.read()
        enc = detect_encoding(data[:512]) or "utf-8-sig"
        try:
            doc = json.loads(data.decode(enc))
        except UnicodeDecodeError as exc:
            ctx.error(f"not UTF-8 text (byte {exc.start})", offset=exc.start, skipped=0)
            return
        except json.JSONDecodeError as exc:
            ctx.error(f"invalid JSON: {exc.msg}", line=exc.lineno, skipped=0)
            return
        items = doc if isinstance(doc, list) else [doc]
        for index, item in enumerate(items, 1):
            try:
                rec = csl_to_record(item)
            except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
                rid = item.get("id") if isinstance(item, dict) else None
                ctx.error(f"{exc}", record=index, record_id=f"id {rid}" if rid else None)
                continue
            rec.origin = Origin(file=ctx.file, index=index, format=self.name)
            yield rec


reader = CslJsonReader()
