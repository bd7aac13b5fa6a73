"""CSL-JSON (citeproc, pandoc, Zotero): everything about the format in one package.

- :mod:`.table` — the one table of CSL variables and record fields, both directions:
  :mod:`.variables` (the standard variables) and :mod:`.custom` (medbib's ``custom`` block,
  which carries everything else, so that what medbib writes reads back into the same record);
- :mod:`.values` — value syntax both directions: text, names, dates, CSL's HTML-like markup;
- :mod:`.stream` — the items of a JSON array, decoded one at a time;
- :mod:`.read` — items to records; :mod:`.write` — records to items, one JSON line each.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader, Writer
from . import read, write
from .table import TABLE

#: the tables docs/gen.py writes into docs/formats/*.md
DOC_TABLES = {"csljson": TABLE}

FORMAT = Format(
    name="csljson",
    aliases=("csl-json", "csl", "json"),
    suffixes=(".json", ".csl.json", ".csljson"),
    reader=Reader(read.read, "CSL-JSON (citeproc, pandoc, Zotero): an array of items", sniff=read.sniff,
                  priority=10),
    writer=Writer(write.write, "CSL-JSON array (pandoc --citeproc, citeproc-js/py, Zotero); extras under custom"),
)
