"""MEDLINE / PubMed tagged text (``.nbib``, ``.medline``, PubMed's "PubMed format"): reader only.

- :mod:`.lexer` — the syntax: lines in, one record's ``[tag, value]`` entries out;
- :mod:`.values` — value syntax: names, grants, links, MeSH, chemicals, abstract labels, dates;
- :mod:`.builder` — the tag table (tag -> handler) and the record built from the entries;
- :mod:`.read` — reading: lexer, builder, errors reported through the context; :mod:`.sniff`
  tells MEDLINE text from other formats.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader, lazy

#: the tables docs/gen.py writes into docs/formats/*.md (``module:name``, imported by docs/gen.py)
DOC_TABLES = {"medline": f"{__name__}.builder:TABLE"}

FORMAT = Format(
    name="medline",
    aliases=("nbib", "pubmed-nbib"),
    suffixes=(".nbib", ".medline"),
    reader=Reader(lazy(f"{__name__}.read:read"), "MEDLINE / PubMed tagged text (.nbib, PubMed format)", sniff=lazy(f"{__name__}.sniff:sniff"),
                  priority=20),
)
