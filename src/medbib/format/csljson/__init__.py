"""CSL-JSON (citeproc, pandoc, Zotero): everything about the format in one package.

- :mod:`.table` — the one table of CSL variables and record fields, both directions:
  :mod:`.variables` (the standard variables) and :mod:`.custom` (medbib's ``custom`` block,
  which carries everything else, so that what medbib writes reads back into the same record);
- :mod:`.values` — value syntax both directions: text, names, dates, CSL's HTML-like markup;
- :mod:`.stream` — the items of a JSON array, decoded one at a time;
- :mod:`.read` — items to records; :mod:`.write` — records to items, one JSON line each;
  :mod:`.sniff` — whether an input is CSL-JSON.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader, Writer, lazy

#: the tables docs/gen.py writes into docs/formats/*.md (``module:name``, imported by docs/gen.py)
DOC_TABLES = {"csljson": f"{__name__}.table:TABLE"}

FORMAT = Format(
    name="csljson",
    aliases=("csl-json", "csl", "json"),
    suffixes=(".json", ".csl.json", ".csljson"),
    reader=Reader(lazy(f"{__name__}.read:read"), "CSL-JSON (citeproc, pandoc, Zotero): an array of items", sniff=lazy(f"{__name__}.sniff:sniff"),
                  priority=10),
    writer=Writer(lazy(f"{__name__}.write:write"), "CSL-JSON array (pandoc --citeproc, citeproc-js/py, Zotero); extras under custom"),
)
