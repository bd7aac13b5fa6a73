"""CSL-JSON."""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader, Writer
from ...readers.csljson import reader as _reader
from ...writers.csljson import writer as _writer

FORMAT = Format(
    name="csljson",
    aliases=("csl-json", "csl", "json"),
    suffixes=(".json", ".csl.json", ".csljson"),
    reader=Reader(_reader.read, "CSL-JSON (citeproc, pandoc, Zotero): an array of items", sniff=_reader.sniff,
                  priority=10),
    writer=Writer(_writer.write, "CSL-JSON array (pandoc --citeproc, citeproc-js/py, Zotero); extras under custom"),
)
