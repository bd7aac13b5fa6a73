"""RIS (EndNote, Zotero, Mendeley, pandoc): everything about the format in one package.

- :mod:`.tags` — the tag table: what each tag means, both directions, what RIS cannot hold;
- :mod:`.values` — value syntax both directions: one-line text, names, dates, link notes;
- :mod:`.read` — cutting a file into records (rispy parses each), the table applied;
- :mod:`.write` — the table applied, lines written;
- :mod:`.sniff` — whether an input is RIS (the package declares its Format without importing the
  rest: :func:`~medbib.plugins.descriptor.lazy`).
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Option, Reader, Writer, lazy

#: the tables docs/gen.py writes into docs/formats/*.md (``module:name``, imported by docs/gen.py)
DOC_TABLES = {"ris": f"{__name__}.tags:TABLE"}

FORMAT = Format(
    name="ris",
    aliases=("refman",),
    suffixes=(".ris",),
    reader=Reader(lazy(f"{__name__}.read:read"), "RIS (EndNote, Zotero, Mendeley, Scopus, Citavi exports)", sniff=lazy(f"{__name__}.sniff:sniff"),
                  priority=5),
    writer=Writer(lazy(f"{__name__}.write:write"), "RIS (EndNote, Zotero, Mendeley, pandoc): CRLF, PMID in AN + M2, PMCID in C2 + M2",
                  options=(Option("zotero_extra", True, "M2 lines `PMID: n`, `PMCID: …` for Zotero's Extra"),
                           Option("epub_et", True, "the epub date of articles in ET (EndNote's Epub Date)"))),
)
