"""BibTeX and BibLaTeX: everything about the two dialects in one package.

- :mod:`.rules` — the two field tables (BibTeX, BibLaTeX) from shared lines: both directions,
  what each dialect cannot hold;
- :mod:`.values` — value syntax both directions: dates, name lists, keywords, abstracts, notes;
- :mod:`.escape` — writing LaTeX: escaping, case protection, markup, verbatim fields, names;
- :mod:`.latex` — reading LaTeX: decoding to Unicode and markup;
- :mod:`.read` — bibtexparser's parse, ``@string`` macros and ``crossref``, the table applied
  (imported when a .bib file is read; :mod:`.sniff` tells BibTeX from other formats);
- :mod:`.write` — the table applied, the entry's text joined.
"""

from __future__ import annotations

from ...plugins.descriptor import Format, Option, Reader, Writer, lazy

#: the tables docs/gen.py writes into docs/formats/bibtex.md (``module:name``, imported by docs/gen.py)
DOC_TABLES = {"bibtex": f"{__name__}.rules:BIBTEX", "biblatex": f"{__name__}.rules:BIBLATEX"}

#: ``--ascii`` (``-O ascii=yes``): both dialects
ASCII = Option("ascii", False, "LaTeX escapes (\\'e) instead of UTF-8, for classic bibtex")
READER = Reader(lazy(f"{__name__}.read:read"), "BibTeX / BibLaTeX (.bib): @string, crossref, LaTeX decoded to Unicode",
                sniff=lazy(f"{__name__}.sniff:sniff"), priority=5)
FORMAT = Format(
    name="bibtex",
    aliases=("bib",),
    suffixes=(".bib", ".bibtex"),
    reader=READER,
    writer=Writer(lazy(f"{__name__}.write:write_bibtex"),
                  "BibTeX (.bib): @article etc., UTF-8 (--ascii for LaTeX escapes), PubMed ids as pmid/pmcid",
                  options=(ASCII,)),
)
#: BibLaTeX is read by the same reader; a plain ".bib" output is BibTeX, "refs.biblatex.bib" BibLaTeX
BIBLATEX = Format(
    name="biblatex",
    aliases=("bibla", "biber"),
    suffixes=(".biblatex.bib",),
    reader=Reader(READER.read, "BibLaTeX (.bib): read by the BibTeX reader, which knows both dialects"),
    writer=Writer(lazy(f"{__name__}.write:write_biblatex"),
                  "BibLaTeX (.bib for biber): journaltitle, ISO date, eprint+eprinttype=pubmed, langid",
                  options=(ASCII,)),
)
