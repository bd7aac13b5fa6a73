"""Decoding LaTeX in .bib values: the shielded path (pylatexenc sees only the LaTeX, plain runs are
cut out and put back, see medbib.format.bibtex.latex._shield) gives exactly what converting the whole value gives.

These tests are what allows it (docs/performance.md): on random mixes of plain words and tricky
LaTeX, and on every value of every .bib file we have.
"""

from __future__ import annotations

from pathlib import Path

import bibtexparser
import pytest
from conftest import CORPUS, FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st

import medbib
from medbib.format.bibtex import latex as bm

PLAIN = ["cell", "DNA", "E.", "coli,", "(n", "=", "3)", "α-helix", "a<b", "x>y", "O'Brien", "\"quoted\"", "50",
         "p<0.05;", "-", "a-b", "'", "!", "?", "/", "·", "é", "[", "]", "*", "+", "@", "|", ":", "…"]
LATEX = ["\\%", "\\&", "\\#", "\\_", "{", "}", "{DNA}", "\\textit{", "\\emph{", "\\textbf{", "\\textsuperscript{2}",
         "\\textsubscript{", "\\textsc{", "\\'e", "\\'", "\\'{", "\\c", "\\c{", "\\\"u", "{\\\"u}", "\\ae", "\\ss",
         "\\o", "--", "---", "''", "``", "`", "~", "\\ ", "\\textbackslash", "\\textbraceleft{}", "^", "_", "\\url{",
         "\\href", "\\LaTeX", "\\LaTeX{}", "\\foo", "\\v{s}", "\\v", "\\^{}", "\\~{}", "!`", "?`", "\\{", "\\}",
         "\\em", "{\\em", "\\relax", "\\i", "&", "#", "\\mathit{", "\\textit", "\\noopsort{a}"]
# what makes a value go through pylatexenc whole
UNSAFE = ["$x$", "$", "%", "\\\\", "\\frac", "\\cite", "\\begin{itemize}", "\\end{itemize}", "\\item", "\ufdd0"]
SEPS = [" ", " ", " ", "  ", "\n", "\t", "", " \n "]


def whole(fn, text):  # the same function with shielding switched off
    with pytest.MonkeyPatch.context() as m:
        m.setattr(bm, "_shield", lambda *a: None)
        return fn(text)


def check(text: str) -> None:
    assert bm.decode(text) == whole(bm.decode, text), text
    assert bm.decode_markup(text) == whole(bm.decode_markup, text), text


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLAIN + LATEX), st.sampled_from(SEPS)), max_size=14))
def test_random_mixes_decode_the_same(pieces) -> None:
    check("".join(w + s for w, s in pieces))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PLAIN + LATEX + UNSAFE), st.sampled_from(SEPS)), max_size=14))
def test_random_mixes_with_math_and_comments_decode_the_same(pieces) -> None:
    check("".join(w + s for w, s in pieces))


@pytest.mark.parametrize("text", [
    "50\\% of patients \\textit{in vivo} were", "a \\ae b c", "x \\c cat y", "x \\c{ c d} y",
    "\\textit {a b} c d", "{\\c c} and {DNA repair in E. coli} z", "\\textit{a \\c{ c} b} c",
    "Oil & Gas -- a review", "V\\.O\\textsubscript{2max} was 3\\% higher ($p<0.05$)",
    "tumour {\\em in situ} and \\emph{ex vivo} \\LaTeX\\ rocks", "a\\ b", "\\' e and \\'{e} and \\' {e}",
    "a {b} c\\",  # a lone backslash at the very end
    "cell\\textit{\\aeé cell }",  # issue 18.3: found by hypothesis ('cell cell' whole, 'cellcell' shielded)
])
def test_known_cases_decode_the_same(text) -> None:
    check(text)
    if "{" in text or "\\" in text:
        assert bm._shield(bm._math_scripts(bm._bare_amp(text)), bm._parse_db()) is not None or "$" in text


def test_macro_name_ends_before_a_non_ascii_letter() -> None:
    # issue 18.3: TeX's macro names are ASCII letters: \aeé is \ae then é (pylatexenc read one macro)
    assert bm.decode("\\aeé") == "æé"
    assert bm.decode("cell\\textit{\\aeé cell }") == "cellæé cell"
    assert bm.decode("\\textit{\\oeé}") == "œé"


def values_of(bib: str) -> list[str]:
    lib = bibtexparser.parse_string(bib)
    return [f.value for e in lib.entries for f in e.fields if isinstance(f.value, str) and bm._LATEX_ACTIVE.search(f.value)]


def bib_values(root: Path, ours: str = "*") -> list[str]:
    """Every LaTeX-bearing value of the .bib files under root, and of medbib's BibTeX and BibLaTeX
    output for every other file there matching ``ours`` that medbib reads."""
    out = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []:
        if path.suffix == ".bib":
            out += values_of(path.read_text(encoding="utf-8", errors="replace"))
            continue
        if not path.match(ours):
            continue
        try:
            records = list(medbib.read(str(path)))
        except medbib.MedbibError:
            continue
        for to in ("bibtex", "biblatex"):
            out += values_of(medbib.write(records, to))
    return out


def test_every_fixture_value_decodes_the_same() -> None:
    values = bib_values(FIXTURES)
    assert len(values) > 300
    for v in values:
        check(v)


@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus not present")
def test_every_corpus_value_decodes_the_same() -> None:
    # BibTeX written by others, and ours for every real PubMed XML record of the corpus
    values = bib_values(CORPUS, ours="*.xml")
    assert len(values) > 300
    for v in values:
        check(v)
