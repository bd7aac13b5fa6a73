"""PubMed / MEDLINE XML (efetch, baseline and update files): a reader only.

- :mod:`.read` — the streaming parse loop, errors, memory release (:mod:`.sniff` tells PubMed XML
  from other formats);
- :mod:`.security` — the prolog checked before parsing (entity declarations refused);
- :mod:`.builder` — one record element -> a Record, through element -> handler tables;
- :mod:`.parts` — the small elements: dates, people, abstract sections, MeSH, grants, links;
- :mod:`.markup` — leaf text, inline markup and MathML.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader, lazy

FORMAT = Format(
    name="pubmed-xml",
    aliases=("medline-xml", "pubmed"),
    suffixes=(".xml", ".xml.gz"),
    reader=Reader(lazy(f"{__name__}.read:read"), "PubMed/MEDLINE XML (efetch, baseline and update files; books; deletions)",
                  sniff=lazy(f"{__name__}.sniff:sniff"), priority=20),
)
