"""PubMed "Abstract (text)": the plain-text file PubMed saves as ``pubmed-*.txt``, every era.

Reader only. Grammar: ``formats.md`` §1 (legacy 2014-15, legacy 2018-20, new site).

- :mod:`.records` — the syntax: lines -> records (glued records cut apart) -> blank-line blocks;
- :mod:`.citation` — the citation line (source, date, volume/issue/pages, doi/pii/epub tail) and
  a book's citation;
- :mod:`.people` — names, author lists, the Author information block and its ``(n)`` markers;
- :mod:`.abstract` — abstract sections by label, other abstracts, copyright;
- :mod:`.ids` — the ID block (PMID with its status, DOI, PMCID, NIHMSID);
- :mod:`.blocks` — the table of block kinds (test -> handler) between the title and the ID block;
- :mod:`.read` — each record assembled from its blocks; :mod:`.sniff` tells the export from other formats.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Lookalike, Reader, lazy

#: PubMed's "Summary (text)" export: recognised, to say what to export instead
SUMMARY = Lookalike(
    "pubmed-summary-text", lazy(f"{__name__}.sniff:sniff_summary"),
    'this is a PubMed "Summary (text)" export: it holds no abstracts or full author data, and medbib '
    'does not read it; re-export from PubMed as "PubMed" (.nbib) or "Abstract (text)"')
FORMAT = Format(
    name="pubmed-text",
    aliases=("abstract-text",),
    suffixes=(".txt",),
    reader=Reader(lazy(f"{__name__}.read:read"), 'PubMed "Abstract (text)" export (pubmed-*.txt, abstract-*.txt), every era',
                  sniff=lazy(f"{__name__}.sniff:sniff"), priority=5, suffix_alone=False,
                  lookalikes=(SUMMARY,)),
)
