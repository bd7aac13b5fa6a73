"""MEDLINE / PubMed tagged text (.nbib)."""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader
from ...readers.medline import reader as _reader

FORMAT = Format(
    name="medline",
    aliases=("nbib", "pubmed-nbib"),
    suffixes=(".nbib", ".medline"),
    reader=Reader(_reader.read, "MEDLINE / PubMed tagged text (.nbib, PubMed format)", sniff=_reader.sniff,
                  priority=20),
)
