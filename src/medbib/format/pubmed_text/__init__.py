"""PubMed "Abstract (text)"."""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader
from ...readers.pubmed_text import reader as _reader

FORMAT = Format(
    name="pubmed-text",
    aliases=("abstract-text",),
    suffixes=(".txt",),
    reader=Reader(_reader.read, 'PubMed "Abstract (text)" export (pubmed-*.txt, abstract-*.txt), every era',
                  sniff=_reader.sniff, priority=5, suffix_alone=False),
)
