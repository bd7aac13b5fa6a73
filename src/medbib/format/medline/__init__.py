"""MEDLINE / PubMed tagged text (``.nbib``, ``.medline``, PubMed's "PubMed format"): reader only.

- :mod:`.lexer` — the syntax: lines in, one record's ``[tag, value]`` entries out;
- :mod:`.values` — value syntax: names, grants, links, MeSH, chemicals, abstract labels, dates;
- :mod:`.builder` — the tag table (tag -> handler) and the record built from the entries;
- :mod:`.read` — sniffing, and reading: lexer, builder, errors reported through the context.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader
from . import read
from .builder import TABLE

#: the tables docs/gen.py writes into docs/formats/*.md
DOC_TABLES = {"medline": TABLE}

FORMAT = Format(
    name="medline",
    aliases=("nbib", "pubmed-nbib"),
    suffixes=(".nbib", ".medline"),
    reader=Reader(read.read, "MEDLINE / PubMed tagged text (.nbib, PubMed format)", sniff=read.sniff,
                  priority=20),
)
