"""RIS (EndNote, Zotero, Mendeley, pandoc): everything about the format in one package.

- :mod:`.tags` — the tag table: what each tag means, both directions, what RIS cannot hold;
- :mod:`.values` — value syntax both directions: one-line text, names, dates, link notes;
- :mod:`.read` — cutting a file into records (rispy parses each), the table applied;
- :mod:`.write` — the table applied, lines written.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Option, Reader, Writer
from . import read, write
from .tags import TABLE

#: the tables docs/gen.py writes into docs/formats/*.md
DOC_TABLES = {"ris": TABLE}

FORMAT = Format(
    name="ris",
    aliases=("refman",),
    suffixes=(".ris",),
    reader=Reader(read.read, "RIS (EndNote, Zotero, Mendeley, Scopus, Citavi exports)", sniff=read.sniff,
                  priority=5),
    writer=Writer(write.write, "RIS (EndNote, Zotero, Mendeley, pandoc): CRLF, PMID in AN + M2, PMCID in C2 + M2",
                  options=(Option("zotero_extra", True, "M2 lines `PMID: n`, `PMCID: …` for Zotero's Extra"),
                           Option("epub_et", True, "the epub date of articles in ET (EndNote's Epub Date)"))),
)
