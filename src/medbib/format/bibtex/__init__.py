"""BibTeX and BibLaTeX."""

from __future__ import annotations

from ...plugins.descriptor import Format, Reader, Writer
from ...readers.bibtex import reader as _reader
from ...writers.bibtex import biblatex_writer as _biblatex_writer
from ...writers.bibtex import writer as _writer

READER = Reader(_reader.read, "BibTeX / BibLaTeX (.bib): @string, crossref, LaTeX decoded to Unicode",
                sniff=_reader.sniff, priority=5)
FORMAT = Format(
    name="bibtex",
    aliases=("bib",),
    suffixes=(".bib", ".bibtex"),
    reader=READER,
    writer=Writer(_writer.write,
                  "BibTeX (.bib): @article etc., UTF-8 (--ascii for LaTeX escapes), PubMed ids as pmid/pmcid"),
)
#: BibLaTeX is read by the same reader; a plain ".bib" output is BibTeX, "refs.biblatex.bib" BibLaTeX
BIBLATEX = Format(
    name="biblatex",
    aliases=("bibla", "biber"),
    suffixes=(".biblatex.bib",),
    reader=Reader(READER.read, "BibLaTeX (.bib): read by the BibTeX reader, which knows both dialects"),
    writer=Writer(_biblatex_writer.write,
                  "BibLaTeX (.bib for biber): journaltitle, ISO date, eprint+eprinttype=pubmed, langid"),
)
