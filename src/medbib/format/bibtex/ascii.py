"""``--ascii``: every non-ASCII character of a BibTeX value as LaTeX that pdflatex typesets, or reported.

Each character gets the first of these that applies (:func:`latex_for`):

1. **exact** — pylatexenc's macro when it decodes back to the same character (``{\\"u}``,
   ``{\\textendash}``), medbib's own for what pylatexenc lacks or gets wrong (:data:`EXACT`: no-break,
   thin and em spaces, middle dot, ``\\H{U}`` and other letters with an accent), all read back by
   the reader;
2. **equivalent** — a compatibility character as what it stands for: ``ﬁ`` as ``fi``, ``Ⅱ`` as
   ``II``, fullwidth forms as ASCII, ``⁴`` as ``$^{4}$``, ``₂`` as ``$_{2}$``, the hyphen and space
   variants as ``-`` and ``\\,`` (:data:`EQUIVALENT`);
3. **approximate** — an ASCII stand-in that is not the same character: pylatexenc's replacement
   (``ό`` as ``{\\'{o}}``, ``ʼ`` as ``'``), :data:`APPROXIMATE`, or a letter without a mark LaTeX has no
   accent for (``ș`` as ``s``);
4. **dropped** — nothing in ASCII stands for it (private-use characters, CJK brackets, Hangul fillers).

Approximated and dropped characters are named in a warning for the record (``write.py``); with the
first two kinds the output says what the text says. Only pylatexenc macros that LaTeX's kernel
defines are used (``\\nobreakdash``, from amsmath, is not).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

EXACT_KIND, EQUIVALENT_KIND, APPROXIMATE_KIND, DROPPED_KIND = "exact", "equivalent", "approximate", "dropped"

#: characters pylatexenc has no faithful macro for; latex.py decodes each back to the character
EXACT: dict[str, str] = {
    "\u00a0": "~",
    "\u00b7": "{\\textperiodcentered}",
    "\u2009": "{\\,}",
    "\u2003": "{\\quad}",
    "\u2217": "{\\ensuremath{\\ast}}",
}
#: typographic variants written as the character they vary
EQUIVALENT: dict[str, str] = {
    **dict.fromkeys("\u2010\u2011\u2012\u2043", "-"),
    **dict.fromkeys("\u2000\u2001\u2004\u2005\u2006\u2007\u2008\u200a\u202f\u205f", "{\\,}"),
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff", ""),
    "\u00ad": "\\-",
    "\u2212": "{\\ensuremath{-}}",
    "\u2032": "{\\ensuremath{'}}",
    "\u2033": "{\\ensuremath{''}}",
    "\u2a7d": "{\\ensuremath{\\leq}}",  # pylatexenc's \\leqslant needs amssymb
    "\u2a7e": "{\\ensuremath{\\geq}}",
}
#: stand-ins for characters pdflatex cannot typeset by default (reported as approximations)
APPROXIMATE: dict[str, str] = {
    "\u237a": "{\\ensuremath{\\alpha}}",  # APL alpha
    "\u02c2": "{\\textless}",
    "\u02c3": "{\\textgreater}",
}
#: combining mark -> the LaTeX accent command that puts it on a letter
ACCENTS: dict[str, str] = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u", "\u0307": ".",
    "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k",
    "\u0331": "b",
}


@lru_cache(maxsize=1)
def _encoder():  # type: ignore[no-untyped-def]
    import logging

    from pylatexenc.latexencode import UnicodeToLatexEncoder

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)  # it logs every character it has no macro for
    # every macro in its own braces ({\"u}) as classic bibtex needs; unknown characters kept (we decide)
    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep")


def _decodes_to(latex: str, c: str) -> bool:
    from .latex import latex_to_text

    try:
        return latex_to_text().latex_to_text(latex).strip(" ") == c
    except Exception:  # pylatexenc on its own output: never expected, never fatal
        return False


#: macros pylatexenc writes that need a package beyond LaTeX's kernel and T1 (amsmath, amssymb…)
_PACKAGE_MACROS = re.compile(
    r"\\(nobreakdash|[a-z]*slant|mathbb|mathfrak|mathscr|varkappa|digamma|eth\b|cyr|CYR)")
_LOOKALIKE = re.compile(r"(?:CYRILLIC|GREEK) (SMALL|CAPITAL) LETTER ([A-Z])")


def _usable(rep: str) -> bool:
    return rep.isascii() and not _PACKAGE_MACROS.search(rep)


def _exact(c: str) -> str | None:
    if c in EQUIVALENT:
        return None
    rep = _encoder().unicode_to_latex(c)
    if _usable(rep) and _decodes_to(rep, c):
        return rep
    if c in EXACT:
        return EXACT[c]
    nfd = unicodedata.normalize("NFD", c)
    if len(nfd) == 2 and nfd[0].isascii() and nfd[0].isalpha() and nfd[1] in ACCENTS:
        rep = "{\\" + ACCENTS[nfd[1]] + "{" + nfd[0] + "}}"
        if _decodes_to(rep, c):
            return rep
    return None


def _equivalent(c: str) -> str | None:
    if c in EQUIVALENT:
        return EQUIVALENT[c]
    decomposition = unicodedata.decomposition(c)
    nfkc = unicodedata.normalize("NFKC", c)
    if nfkc == c:
        return None
    script = decomposition.startswith(("<super>", "<sub>"))
    parts = [p if p.isascii() else "-" if script and p == "\u2212" else _exact(p) or EQUIVALENT.get(p)
             for p in nfkc]
    if any(p is None for p in parts):
        return None
    body = "".join(p for p in parts if p is not None)
    if decomposition.startswith("<super>"):
        return "$^{" + body + "}$"
    if decomposition.startswith("<sub>"):
        return "$_{" + body + "}$"
    return body


def _approximate(c: str) -> str | None:
    if c in APPROXIMATE:
        return APPROXIMATE[c]
    rep = _encoder().unicode_to_latex(c)
    if _usable(rep) and rep.strip("{}"):
        return rep
    nfd = unicodedata.normalize("NFD", c)
    base = nfd[0]
    m = _LOOKALIKE.fullmatch(unicodedata.name(base, ""))
    if m:  # a Cyrillic or Greek letter that looks like a Latin one (a typo for it, as in "Kӧhrle")
        base = m.group(2) if m.group(1) == "CAPITAL" else m.group(2).lower()
    if not (base.isascii() and base.isalpha()):
        return None
    return "{\\" + ACCENTS[nfd[1]] + "{" + base + "}}" if len(nfd) == 2 and nfd[1] in ACCENTS else base


@lru_cache(maxsize=4096)
def latex_for(c: str) -> tuple[str, str]:
    """(ASCII LaTeX, kind) for one non-ASCII character; kind is exact, equivalent, approximate or
    dropped (then the LaTeX is empty)."""
    steps = ((EXACT_KIND, _exact), (EQUIVALENT_KIND, _equivalent), (APPROXIMATE_KIND, _approximate))
    for kind, find in steps:
        rep = find(c)
        if rep is not None:
            return rep, kind
    return "", DROPPED_KIND


def _encoded(text: str) -> Iterator[tuple[str, str, str]]:
    """(LaTeX, character, kind) for each character; a combining mark after an ASCII letter becomes
    the accent on that letter (``V`` + U+0307 -> ``{\\.{V}}``: there is no precomposed character)."""
    pending = ""  # an ASCII letter not yet given out: a combining mark may follow
    for c in text:
        if pending and c in ACCENTS:
            yield "{\\" + ACCENTS[c] + "{" + pending + "}}", c, EXACT_KIND
            pending = ""
            continue
        if pending:
            yield pending, pending, EXACT_KIND
            pending = ""
        if c.isascii():
            if c.isalpha():
                pending = c
            else:
                yield c, c, EXACT_KIND
            continue
        rep, kind = latex_for(c)
        yield rep, c, kind
    if pending:
        yield pending, pending, EXACT_KIND


#: while :func:`noting`: the characters approximated or dropped so far, character -> what is written
_noted: ContextVar[dict[str, str] | None] = ContextVar("_noted", default=None)


def to_ascii(text: str) -> str:
    """``text`` (LaTeX) with every non-ASCII character replaced as :func:`latex_for` says."""
    if text.isascii():
        return text
    noted = _noted.get()
    if noted is None:
        return "".join(rep for rep, _, _ in _encoded(text))
    out = []
    for rep, c, kind in _encoded(text):
        out.append(rep)
        if kind in (APPROXIMATE_KIND, DROPPED_KIND):
            noted[c] = rep
    return "".join(out)


def unencodable(text: str) -> dict[str, str]:
    """The characters of ``text`` that ``--ascii`` approximates or drops: character -> what is written."""
    if text.isascii():
        return {}
    return {c: rep for rep, c, kind in _encoded(text) if kind in (APPROXIMATE_KIND, DROPPED_KIND)}


@contextmanager
def noting() -> Iterator[dict[str, str]]:
    """The characters :func:`to_ascii` approximates or drops inside the block (one record's
    values as they are written), character -> what is written, in the order met."""
    chars: dict[str, str] = {}
    token = _noted.set(chars)
    try:
        yield chars
    finally:
        _noted.reset(token)


def describe(chars: dict[str, str]) -> str:
    """``U+03CC 'ό' written as {\\'{o}}, U+E001 left out`` for a warning."""
    parts = []
    for c, rep in chars.items():
        name = f"U+{ord(c):04X} {c!r}" if c.isprintable() else f"U+{ord(c):04X}"
        parts.append(f"{name} written as {rep}" if rep else f"{name} left out")
    return ", ".join(parts)


def exact(text: str) -> bool:
    """Whether ``--ascii`` writes every character of ``text`` exactly (it then reads back as it was)."""
    return text.isascii() or all(kind == EXACT_KIND for _, _, kind in _encoded(text))
