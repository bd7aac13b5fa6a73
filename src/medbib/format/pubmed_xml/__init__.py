"""PubMed / MEDLINE XML (efetch, baseline and update files): a reader only.

- :mod:`.read` — sniffing, the streaming parse loop, errors, memory release;
- :mod:`.security` — the prolog checked before parsing (entity declarations refused);
- :mod:`.builder` — one record element -> a Record, through element -> handler tables;
- :mod:`.parts` — the small elements: dates, people, abstract sections, MeSH, grants, links;
- :mod:`.markup` — leaf text, inline markup and MathML.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader
from . import read

FORMAT = Format(
    name="pubmed-xml",
    aliases=("medline-xml", "pubmed"),
    suffixes=(".xml", ".xml.gz"),
    reader=Reader(read.read, "PubMed/MEDLINE XML (efetch, baseline and update files; books; deletions)",
                  sniff=read.sniff, priority=20),
)
