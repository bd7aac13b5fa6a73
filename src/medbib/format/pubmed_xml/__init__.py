"""PubMed / MEDLINE XML."""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader
from ...readers.pubmed_xml import reader as _reader

FORMAT = Format(
    name="pubmed-xml",
    aliases=("medline-xml", "pubmed"),
    suffixes=(".xml", ".xml.gz"),
    reader=Reader(_reader.read, "PubMed/MEDLINE XML (efetch, baseline and update files; books; deletions)",
                  sniff=_reader.sniff, priority=20),
)
