"""The BibTeX/BibLaTeX reader: @string, crossref, LaTeX, names, notes, extra fields; the sniffer."""

from __future__ import annotations

import medbib
from medbib.core.model import Date
from medbib.core.vocabulary import CHAPTER, PREPRINT
from medbib.plugins.registry import registry


def test_reader_features(fixtures_dir):
    problems = []
    recs = list(medbib.read(fixtures_dir / "bibtex" / "features.bib", on_problem=lambda e, k: problems.append(e)))
    by = {r.id: r for r in recs}
    assert list(by) == ["beckham2021metastasis", "mueller2010range", "preprint2023", "chapter1", "thebook",
                        "biblatex2016season"]
    # the broken block is reported with its line, the rest converted
    assert len(problems) == 1 and problems[0].line == 44
    b = by["beckham2021metastasis"]
    assert b.title == "Metastasis-directed therapy for oligometastasis and beyond"  # @string + # concatenation
    assert b.container_title == "Br J Cancer" and b.issued == Date(2021, 1) and b.pages == "136-141"
    assert (b.pmid, b.pmcid, b.epub) == ("33204024", "PMC7782796", Date(2020, 11, 18))
    m = by["mueller2010range"]
    assert [p.display() for p in m.authors] == ["Müller, Jörg", "Østergaard, Søren", "Smith, John A.",
                                                 "SONAR Trial Group, and Friends"]
    assert m.authors[2].suffix == "Jr." and m.authors[3].is_group
    assert m.title == "The Escherichia coli mRNA response to CO2 & O2 – a 100% test"
    assert m.title_markup.startswith("The <i>Escherichia coli</i>") and "O<sub>2</sub>" in m.title_markup
    assert m.issued == Date(2010, 9, end=Date(2010, 10)) and m.languages == ["de"]
    assert [k.term for k in m.keywords] == ["Escherichia coli", "Crystallography, X-Ray", "*Humans"]
    assert m.abstract_text == "Some text with % and $ and élève."
    p = by["preprint2023"]
    assert p.type == PREPRINT and p.pmid == "36789012" and p.container_title == "bioRxiv"
    assert p.extra == {"bibtex:mrnumber": ["MR123"]}
    c = by["chapter1"]  # crossref: parent fields fill the gaps, parent title becomes booktitle
    assert c.type == CHAPTER and c.container_title == "The Book" and c.publisher == "Springer"
    assert c.issued == Date(2013) and [e.family for e in c.editors] == ["Poe"]
    s = by["biblatex2016season"]
    assert s.issued == Date(2016, season="Summer") and s.journal_abbrev == "Nurs" and s.languages == ["fr"]


def test_sniffer():
    sniff = registry.reader("bibtex").reader.sniff
    assert sniff(b"% comment\n@Article{x,\n title={y}}\n")
    assert sniff(b"\xef\xbb\xbf@string{a = {b}}\n@book(x, title = {y})")
    assert not sniff(b"TY  - JOUR\nTI  - @article{x}\nER  - \n")
    assert not sniff(b"PMID- 123\nTI  - @article{x, title}\n")
    assert not sniff(b'<?xml version="1.0"?>\n<PubmedArticleSet>@article{</PubmedArticleSet>')
    assert not sniff(b'[{"id": "x", "type": "article", "note": "@article{x,"}]')
    assert not sniff(b"1. Br J Cancer. 2021 Jan;124(1):136-141. email@article.org\n")
