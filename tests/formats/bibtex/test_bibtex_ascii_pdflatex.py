"""``--ascii`` for pdflatex (issue 16, item 8): every character of the output is ASCII, or the record
gets a warning naming what could not be encoded; pdflatex + bibtex compile ``\\nocite{*}`` of it with
no LaTeX error. The fixture version always runs (where TeX is installed); the corpus version runs
over every PubMed XML, MEDLINE and Abstract-text file of ../shared/corpus where it exists.

The document loads ``\\usepackage[T1]{fontenc}`` (as any document with accented names should): a
few letters (ogonek ``ą``, ``ð``, ``þ``, ``ŋ``) exist only in T1. Nothing else is needed: the writer
uses no macro from amsmath/amssymb or the Cyrillic encodings (ascii.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS

PDFLATEX, BIBTEX = shutil.which("pdflatex"), shutil.which("bibtex")
needs_tex = pytest.mark.skipif(
    PDFLATEX is None or BIBTEX is None,
    reason="pdflatex/bibtex not installed (apt-get install texlive-latex-base texlive-binaries)")
DOCUMENT = ("\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\begin{document}\n\\nocite{*}\n"
            "\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n")
# the characters the issue found stopping pdflatex, in a real record's shape (MEDLINE text)
HOSTILE = ("PMID- 1\nTI  - Men\u02bcs \u237a-helix type \u2161 \u03cc 10\u2009mg\u2003em \ue001 glyph\n"
           "AU  - K\u04e7hrle J\nDP  - 2020\nJT  - Journal\n")


def _convert(inputs: list[Path], out: Path) -> str:
    proc = subprocess.run([sys.executable, "-m", "medbib", "convert", *map(str, inputs), "--ascii",
                           "--to", "bibtex", "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stderr


def _latex_errors(workdir: Path) -> list[str]:
    (workdir / "doc.tex").write_text(DOCUMENT, encoding="ascii")
    run = lambda *cmd: subprocess.run(cmd, cwd=workdir, capture_output=True, timeout=1800)  # noqa: E731
    run(PDFLATEX, "-interaction=nonstopmode", "doc")
    run(BIBTEX, "doc")
    run(PDFLATEX, "-interaction=nonstopmode", "doc")
    run(PDFLATEX, "-interaction=nonstopmode", "doc")
    log = (workdir / "doc.log").read_text(encoding="latin-1")
    lines = log.splitlines()
    return [" ".join(lines[i:i + 3]) for i, ln in enumerate(lines) if ln.startswith("!")]


def _inputs(root: Path, folders: tuple[str, ...]) -> list[Path]:
    return [p for f in folders for p in sorted((root / f).glob("*")) if p.is_file() and p.suffix != ".md"]


def test_ascii_output_is_ascii_or_warned(tmp_path):
    src = tmp_path / "hostile.nbib"
    src.write_text(HOSTILE, encoding="utf-8")
    warnings = _convert([src], tmp_path / "refs.bib")
    assert (tmp_path / "refs.bib").read_bytes().isascii()
    named = re.findall(r"U\+([0-9A-F]{4})", warnings)
    # approximated (ʼ ⍺ ό ӧ) or left out (private use): named; Ⅱ, thin and em spaces are encoded
    assert set(named) == {"02BC", "237A", "03CC", "04E7", "E001"}, warnings
    assert "--ascii" in warnings and "1 read, 1 written" in warnings


def test_ascii_warning_fails_in_strict_mode(tmp_path):
    src = tmp_path / "hostile.nbib"
    src.write_text(HOSTILE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "medbib", "convert", str(src), "--ascii", "--strict",
                           "--to", "bibtex"], capture_output=True, text=True)
    assert proc.returncode != 0 and "U+E001" in proc.stderr


@needs_tex
@pytest.mark.tools
def test_pdflatex_compiles_ascii_fixtures(fixtures_dir, tmp_path):
    src = tmp_path / "hostile.nbib"
    src.write_text(HOSTILE, encoding="utf-8")
    _convert([*_inputs(fixtures_dir, ("pubmed-xml", "medline", "pubmed-text")), src], tmp_path / "refs.bib")
    assert _latex_errors(tmp_path) == []


@needs_tex
@pytest.mark.tools
@pytest.mark.corpus
@pytest.mark.skipif(CORPUS is None, reason="../shared/corpus not present")
def test_pdflatex_compiles_ascii_corpus(tmp_path):
    _convert(_inputs(CORPUS, ("pubmed-xml", "medline", "pubmed-text")), tmp_path / "refs.bib")
    assert (tmp_path / "refs.bib").read_bytes().isascii()
    assert _latex_errors(tmp_path) == []
