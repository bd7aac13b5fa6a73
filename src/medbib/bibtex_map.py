"""Shared tables and small pure functions for the BibTeX/BibLaTeX writer and reader.

Escaping (writer) and decoding (reader) live side by side so that one is the inverse of the other:
every text the writer escapes decodes back to the same text (tests/test_bibtex.py checks it with
random Unicode).

Escaping rules (mapping.md §4):

* values are always brace-delimited by the writer; *every* brace of the data is written as
  ``\\textbraceleft{}`` / ``\\textbraceright{}``, so the only braces in a field are ours and they
  are balanced: no value can close its field early or open an entry (``@comment{`` inside a
  field is inert once the field cannot end early);
* ``# $ % & _`` get a backslash; ``\\ ~ ^`` become ``\\textbackslash{}``, ``\\textasciitilde{}``,
  ``\\textasciicircum{}`` — so a data backslash can never start a command (``\\input``,
  ``\\write18``);
* TeX ligatures that would change the text (``--``, ``---``, ````` `` `````, ``''``, ``?```, ``!```)
  are broken with ``{}``;
* ``doi``/``url``/``eprint`` are verbatim fields: written raw, except that ``{ } \\`` and
  whitespace are percent-encoded (the only characters that could break the field; they are
  never part of a real DOI or URL).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .core import markup as mk
from .core.model import Person
from .core.names import initials_to_given
from .core.vocabulary import (
    ARTICLE_JOURNAL,
    BOOK,
    CHAPTER,
    DATASET,
    DOCUMENT,
    PAPER_CONFERENCE,
    PREPRINT,
    REPORT,
    THESIS,
    WEBPAGE,
)

_ASCII_WS = re.compile(r"[ \t\r\n\f\v]+")


def collapse(text: str | None) -> str:
    """Collapse runs of ASCII whitespace only (what TeX treats as space); thin and no-break
    spaces and other Unicode spaces are data and survive a round trip."""
    if not text:
        return ""
    if text.isprintable() and "  " not in text:
        # no tab, line break or other control character (none is printable), no two spaces:
        # there is no run to collapse
        return text.strip()
    return _ASCII_WS.sub(" ", text).strip()

# --------------------------------------------------------------------------- entry types
# record type -> (BibTeX entry type, BibLaTeX entry type)   (mapping.md §2)
WRITE_TYPES: dict[str, tuple[str, str]] = {
    ARTICLE_JOURNAL: ("article", "article"),
    BOOK: ("book", "book"),
    CHAPTER: ("incollection", "incollection"),
    PREPRINT: ("misc", "online"),
    DATASET: ("misc", "dataset"),
    REPORT: ("techreport", "report"),
    THESIS: ("phdthesis", "thesis"),
    WEBPAGE: ("misc", "online"),
    PAPER_CONFERENCE: ("inproceedings", "inproceedings"),
    DOCUMENT: ("misc", "misc"),
}
DEFAULT_WRITE_TYPE = ("misc", "misc")

# BibTeX/BibLaTeX entry type (lower case) -> record type
READ_TYPES: dict[str, str] = {
    "article": ARTICLE_JOURNAL, "periodical": ARTICLE_JOURNAL, "suppperiodical": ARTICLE_JOURNAL,
    "book": BOOK, "mvbook": BOOK, "booklet": BOOK, "collection": BOOK, "mvcollection": BOOK,
    "proceedings": BOOK, "mvproceedings": BOOK, "reference": BOOK, "manual": BOOK,
    "inbook": CHAPTER, "incollection": CHAPTER, "suppbook": CHAPTER, "suppcollection": CHAPTER,
    "bookinbook": CHAPTER, "inreference": CHAPTER,
    "inproceedings": PAPER_CONFERENCE, "conference": PAPER_CONFERENCE,
    "techreport": REPORT, "report": REPORT,
    "phdthesis": THESIS, "mastersthesis": THESIS, "thesis": THESIS,
    "online": WEBPAGE, "electronic": WEBPAGE, "www": WEBPAGE,
    "dataset": DATASET,
    "misc": DOCUMENT, "unpublished": DOCUMENT, "software": DOCUMENT, "patent": DOCUMENT,
}

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# what BibTeX's standard styles define the month macros as
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")

# BibLaTeX fields medbib writes that biber's default data model does not allow for an entry type
# (from biber-tool.conf; biber --validate-datamodel warns and drops them). Data table, not code.
BIBLATEX_INVALID: dict[str, frozenset[str]] = {t: frozenset(v.split()) for t, v in {
    "article": "booktitle edition howpublished isbn location organization pagetotal publisher",
    "book": "booktitle howpublished issn issue journaltitle organization",
    "incollection": "howpublished issn issue journaltitle organization pagetotal",
    "online": "booktitle edition eid howpublished isbn issn issue journaltitle location number pages pagetotal "
              "publisher series translator volume",
    "dataset": "booktitle eid howpublished isbn issn issue journaltitle pages pagetotal translator volume",
    "report": "booktitle edition editor howpublished isbn issn issue journaltitle organization publisher series "
              "translator volume",
    "thesis": "booktitle edition editor howpublished isbn issn issue journaltitle number organization publisher "
              "series translator volume",
    "inproceedings": "edition howpublished issn issue journaltitle pagetotal translator",
    "misc": "booktitle edition eid isbn issn issue journaltitle number pages pagetotal publisher series "
            "translator volume",
}.items()}


def isbn_valid(isbn: str) -> bool:
    d = re.sub(r"[^0-9Xx]", "", isbn).upper()
    if len(d) == 10 and d[:9].isdecimal():
        return sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(d)) % 11 == 0
    if len(d) == 13 and d.isdecimal():
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d)) % 10 == 0
    return False


def issn_valid(issn: str) -> bool:
    d = re.sub(r"[^0-9Xx]", "", issn).upper()
    if len(d) != 8 or not d[:7].isdecimal():
        return False
    check = (11 - sum((8 - i) * int(c) for i, c in enumerate(d[:7])) % 11) % 11
    return d[7] == ("X" if check == 10 else str(check))


# fields read straight into a record attribute (plain text, LaTeX decoded); both dialects
READ_TEXT_FIELDS: dict[str, str] = {
    "volume": "volume",
    "number": "issue",
    "edition": "edition",
    "publisher": "publisher",
    "address": "publisher_place",
    "location": "publisher_place",
    "series": "collection_title",
    "shorttitle": "short_title",
    "shortjournal": "journal_abbrev",
    "origtitle": "original_title",
    "eid": "article_number",
    "pagetotal": "number_of_pages",
    "copyright": "copyright",
}
# alternatives for the container title, first found wins
JOURNAL_FIELDS = ("journaltitle", "journal", "fjournal")
PUBLISHER_ALTERNATIVES = ("publisher", "institution", "school", "organization", "howpublished")

# fields that are verbatim in biblatex (never LaTeX-escaped by the writer)
VERBATIM_FIELDS = ("doi", "url", "eprint")

# lines of a note/addendum the reader turns back into data: prefix -> meaning
EPUB_PREFIX = "Epub "
AHEAD_OF_PRINT_NOTE = "Online ahead of print"
DATE_NOTE_PREFIX = "Published "
PMCID_PREFIX = "PMCID: "
PMID_PREFIX = "PMID: "
RETRACTED_NOTE = "Retracted Publication"

# record attributes with no BibTeX/BibLaTeX home: reported through ctx.lost (docs/formats/bibtex.md)
NO_HOME: dict[str, str] = {
    "investigators": "no investigator field",
    "grants": "no grant field",
    "chemicals": "no substance field",
    "publication_types": "only the entry type is kept",
    "other_abstracts": "only one abstract field",
    "conflict_of_interest": "no conflict-of-interest field",
    "history": "only the issue and Epub dates are kept",
    "nlm_id": "no field",
    "journal_country": "no field",
    "pii": "no field",
    "mid": "no field",
    "other_ids": "no field",
    "sections": "no table-of-contents field",
    "volume_title": "no field",
    "collection_number": "no field",
    "medium": "no field",
    "source": "no field",
    "indexing_status": "no field",
    "owner": "no field",
    "pub_model": "no field",
    "journal_iso_abbrev": "one abbreviation only (MedlineTA preferred)",
}


# --------------------------------------------------------------------------- escaping (writer)
# placeholders for unmatched braces, see escape(): Unicode noncharacters, reserved for exactly this
# kind of internal use and never valid in interchanged text (private-use characters are data)
_OPEN_UNMATCHED, _CLOSE_UNMATCHED = "\ufdd0", "\ufdd1"
_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    _OPEN_UNMATCHED: r"\textbraceleft{}",
    _CLOSE_UNMATCHED: r"\textbraceright{}",
    "#": r"\#",
    "$": r"\$",
    "%": r"\%",
    "&": r"\&",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# specials, plus the first character of a TeX ligature (broken with {} after it)
_ESCAPE_RE = re.compile("[\\\\{}#$%&_~^" + _OPEN_UNMATCHED + _CLOSE_UNMATCHED + "]|-(?=-)|`(?=`)|'(?=')|[?!](?=`)")
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"  # includes both placeholders
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")
# what escape() could change: a control character, a special, a ligature (checked in two steps: most
# values have none of the characters of the first class, so one scan decides)
_MAYBE_ESCAPED_RE = re.compile(f"[{_CONTROLS}\\\\{{}}#$%&_~^`'?!-]")
_CONTROL_OR_SPECIAL_RE = re.compile(f"[{_CONTROLS}\\\\{{}}#$%&_~^]")
_LIGATURE_RE = re.compile("--|``|''|[?!]`")


def _escape_one(m: re.Match[str]) -> str:
    c = m.group(0)
    return _SPECIAL.get(c) or c + "{}"


@lru_cache(maxsize=1)
def _encoder():  # type: ignore[no-untyped-def]
    from pylatexenc.latexencode import UnicodeToLatexEncoder

    # non-ASCII only (our own escaping already handled ASCII specials); every macro in its own
    # braces ({\"u}) as classic bibtex needs; characters LaTeX has no name for are kept (UTF-8)
    return UnicodeToLatexEncoder(non_ascii_only=True, replacement_latex_protection="braces-all",
                                 unknown_char_policy="keep")


def strip_controls(text: str) -> str:
    """Drop control characters (TeX cannot hold them; bibtex and biber reject some) and Unicode
    noncharacters (U+FDD0–FDEF, U+FFFE/FFFF: not for interchange)."""
    return _CONTROL_RE.sub("", text)


def mark_unmatched(text: str) -> str:
    """Replace the braces that have no partner by placeholders (escaped as \\textbraceleft{} /
    \\textbraceright{}); matched pairs are escaped ``\\{`` ``\\}``, which pandoc also reads. BibTeX
    counts braces even after a backslash, so only balanced pairs may be written as ``\\{ \\}``."""
    if "{" not in text and "}" not in text:
        return text
    chars = list(text)
    stack: list[int] = []
    for i, c in enumerate(chars):
        if c == "{":
            stack.append(i)
        elif c == "}":
            if stack:
                stack.pop()
            else:
                chars[i] = _CLOSE_UNMATCHED
    for i in stack:
        chars[i] = _OPEN_UNMATCHED
    return "".join(chars)


def escape(text: str, ascii: bool = False, *, marked: bool = False) -> str:
    """Plain text -> LaTeX for a brace-delimited BibTeX value (no case protection).

    ``marked``: unmatched braces were already replaced over a larger text (a title split in words).
    """
    if _unchanged_by_escape(text):
        return _to_ascii(text) if ascii else text
    text = strip_controls(text.replace(_OPEN_UNMATCHED, "").replace(_CLOSE_UNMATCHED, "")) if not marked else text
    if not marked:
        text = mark_unmatched(text)
    out = _ESCAPE_RE.sub(_escape_one, text)
    return _to_ascii(out) if ascii else out


def _unchanged_by_escape(text: str) -> bool:
    """Whether escape() leaves ``text`` as it is (before ``--ascii``): no control character (nor
    placeholder), no special, no ligature, hence nothing for strip_controls, mark_unmatched or
    _ESCAPE_RE to change."""
    m = _MAYBE_ESCAPED_RE.search(text)
    if m is None:
        return True
    i = m.start()
    return _CONTROL_OR_SPECIAL_RE.search(text, i) is None and _LIGATURE_RE.search(text, i) is None


def _to_ascii(text: str) -> str:
    """Non-ASCII characters as LaTeX macros where pylatexenc has a faithful one (``--ascii``)."""
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _ascii_char(c) for c in text)


@lru_cache(maxsize=4096)
def _ascii_char(c: str) -> str:
    """pylatexenc's LaTeX for one character, used only when it decodes back to the same character
    (some of its replacements are approximations: ``ĸ`` -> ``k``); otherwise the character stays UTF-8."""
    import logging

    logging.getLogger("pylatexenc").setLevel(logging.ERROR)  # it logs every character it has no macro for
    rep = _encoder().unicode_to_latex(c)
    try:
        same = _l2t().latex_to_text(rep).strip() == c
    except Exception:
        same = False
    return rep if same else c


def _needs_protection(core: str) -> bool:
    """A word whose capitals a style must not lowercase: a capital after the first letter
    (``mRNA``, ``SARS-CoV-2``, ``McDonald``, ``CO2``, ``HIV``)."""
    rest = core[1:]
    return not rest.islower() and any(c.isupper() for c in rest)  # islower(): no capital at all


_WORD_RE = re.compile(r"(\s+)")
_LEAD = "([\"'\u2018\u201c"
_TRAIL = ")].,:;!?\"'\u2019\u201d"


def escape_protected(text: str, ascii: bool = False) -> str:
    """Escape a title-like value and brace the words that carry inner capitals."""
    out = []
    text = mark_unmatched(strip_controls(text.replace(_OPEN_UNMATCHED, "").replace(_CLOSE_UNMATCHED, "")))
    if _unchanged_by_escape(text):
        # then no part of it needs escaping either (what would be escaped in a part is in the whole)
        def esc(part: str) -> str:
            return _to_ascii(part) if ascii else part
    else:
        def esc(part: str) -> str:
            return escape(part, ascii, marked=True)
    for tok in _WORD_RE.split(text):
        if not tok or tok.isspace():
            out.append(tok)
            continue
        start, end = 0, len(tok)
        while start < end and tok[start] in _LEAD:
            start += 1
        while end > start and tok[end - 1] in _TRAIL:
            end -= 1
        core = tok[start:end]
        if core and _needs_protection(core):
            out.append(esc(tok[:start]) + "{" + esc(core) + "}" + esc(tok[end:]))
        else:
            out.append(esc(tok))
    return "".join(out)


_STYLE_MACROS = {"i": "textit", "b": "textbf", "sup": "textsuperscript", "sub": "textsubscript",
                 "sc": "textsc"}
_STYLE_ORDER = ("b", "i", "sc", "sup", "sub")


def markup_to_latex(markup: str, ascii: bool = False, protect: bool = True) -> str:
    """medbib markup (``<i>`` ``<b>`` ``<sup>`` ``<sub>`` ``<sc>``) -> LaTeX text commands."""
    out = []
    for text, styles in mk.segments(markup):
        body = escape_protected(text, ascii) if protect and not styles else escape(text, ascii)
        for s in _STYLE_ORDER:  # a fixed nesting order makes the output deterministic
            if s in styles:
                body = "\\" + _STYLE_MACROS[s] + "{" + body + "}"
        out.append(body)
    return "".join(out)


def text_value(plain: str | None, markup: str | None = None, *, ascii: bool = False,
               protect: bool = False) -> str | None:
    """The LaTeX for one text field: markup when there is some, else the plain text."""
    if markup and mk.has_markup(markup):
        return markup_to_latex(markup, ascii, protect)
    if not plain:
        return None
    return escape_protected(plain, ascii) if protect else escape(plain, ascii)


def verbatim(value: str) -> str:
    """A DOI/URL/eprint as written, with only the characters that could break the field
    percent-encoded (``{`` ``}`` ``\\`` whitespace: never part of a real DOI or URL)."""
    def enc(m: re.Match[str]) -> str:
        return "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8"))

    return re.sub(r"[{}\\\s]", enc, strip_controls(value))


def unverbatim(value: str) -> str:
    """Inverse of :func:`verbatim` for braces and backslashes (used for DOIs, which never
    contain a real ``%7B``; URLs stay percent-encoded, an equivalent URL)."""
    return re.sub(r"%(7[BbDd]|5[Cc])", lambda m: bytes.fromhex(m.group(1)).decode(), value)


# --------------------------------------------------------------------------- names (writer)
_AND_RE = re.compile(r"(^|\s)and(\s|$)", re.I)
_LONE_ESCAPE = re.compile(r"(?<!\S)(\\[^A-Za-z\s])(?!\S)")


def _name_part(text: str, ascii: bool) -> str:
    """One part of a name; braced when BibTeX would misread it (a comma, the word ``and``)."""
    t = escape(collapse(text), ascii)
    # a word that is only an escaped special (``\_``, ``\&``) makes bibtexparser's name splitter
    # drop it when `` and`` follows: brace such words (BibTeX reads ``{\_}`` the same)
    if "\\" in t:
        t = _LONE_ESCAPE.sub(r"{\1}", t)
    if "," in t or _AND_RE.search(t):
        return "{" + t + "}"
    return t


def format_person(p: Person, ascii: bool = False) -> str | None:
    """``Family, Given`` / ``Family, Suffix, Given`` / ``{Group name}`` (mapping.md §3)."""
    if p.is_group or (not p.family and p.literal):
        lit = collapse(p.literal)
        return "{" + escape(lit, ascii) + "}" if lit else None
    family = collapse(p.family)
    given = collapse(p.given) or (initials_to_given(collapse(p.initials)) if p.initials else "")
    suffix = collapse(p.suffix)
    if not family:
        if not given:
            return None
        return "{" + escape(given, ascii) + "}"
    fam = _name_part(family, ascii)
    if not given and not suffix:
        # "Le Roux" alone would be read as First Last: a multi-word family is one unit
        return fam if " " not in family or fam.startswith("{") else "{" + fam + "}"
    if suffix:
        return f"{fam}, {_name_part(suffix, ascii)}, {_name_part(given, ascii) if given else '{}'}"
    return f"{fam}, {_name_part(given, ascii)}"


def format_people(people: list[Person], truncated: bool = False, ascii: bool = False) -> str | None:
    names = [n for n in (format_person(p, ascii) for p in people) if n]
    if not names:
        return None
    if truncated:
        names.append("others")
    return " and ".join(names)


# --------------------------------------------------------------------------- decoding (reader)
@lru_cache(maxsize=1)
def _latex_db():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import MacroTextSpec, get_default_latex_context_db

    db = get_default_latex_context_db()
    db.add_context_category("medbib-bibtex", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
        MacroTextSpec("textasciitilde", "~"),
        MacroTextSpec("textbackslash", "\\"),
        MacroTextSpec("textquotesingle", "'"),
        MacroTextSpec("textquotedbl", '"'),
        MacroTextSpec("textunderscore", "_"),
    ])
    return db


@lru_cache(maxsize=1)
def _l2t():  # type: ignore[no-untyped-def]
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(latex_context=_latex_db(), math_mode="text", strict_latex_spaces=True)


@lru_cache(maxsize=1)
def _walker_db():  # type: ignore[no-untyped-def]
    from pylatexenc.latexwalker import get_default_latex_context_db
    from pylatexenc.macrospec import MacroSpec

    db = get_default_latex_context_db()
    db.add_context_category("medbib-markup", prepend=True,
                            macros=[MacroSpec(name, "{") for name in _MARKUP_MACROS])
    return db


def _walker(text: str):  # type: ignore[no-untyped-def]
    from pylatexenc.latexwalker import LatexWalker

    return LatexWalker(text, tolerant_parsing=True, latex_context=_walker_db())


_MATH_SCRIPT = re.compile(r"\$([_^])\{?((?:\\text[a-z]*\{[^${}]*\}|[^${}])*)\}?\$")


def _math_scripts(text: str) -> str:
    """``$_{2}$`` / ``$^{2}$`` (common in .bib files) -> \\textsubscript / \\textsuperscript."""
    return _MATH_SCRIPT.sub(
        lambda m: ("\\textsubscript{" if m.group(1) == "_" else "\\textsuperscript{") + m.group(2) + "}", text)


def _bare_amp(text: str) -> str:
    """A bare ``&`` (``Oil & Gas``; an alignment tab to LaTeX) is the character in a .bib value."""
    return re.sub(r"(?<!\\)&", r"\\&", text) if "&" in text else text


# characters and ligatures that mean something to LaTeX in text mode
_ACTIVE_CHARS = r"\\{}$~%&#^_`"  # as a regex character class body
_LATEX_ACTIVE = re.compile(rf"[{_ACTIVE_CHARS}]|--|''|[!?]`")


# --- shielding: pylatexenc sees only the LaTeX in a value, not the plain text around it
#
# pylatexenc tokenizes character by character (10-15 us each), so a 300-word abstract with one
# "\%" in it took 5 ms to decode and reading BibTeX ran at 200 records/s. Each run of plain text
# (no character or ligature LaTeX treats specially) is replaced by one SHIELD character,
# pylatexenc converts what is left in one call, and the runs are put back in place. A run is cut
# out only where LaTeX has nothing pending: not right after a macro (which may take the next word
# as its argument, or eat the spaces), and not inside a group that is the argument of a macro
# other than the text styles below (an accent applies to what its group holds). Values whose
# macros take more than one argument or an optional one, and values with math, comments,
# environments or ``\\``, are converted whole, as before; so is a value for which pylatexenc
# returned a different number of SHIELDs. tests/test_bibtex_decode.py checks that both ways give
# the same on random mixes and on every value of our fixtures and the corpus (10,678 values).
_SHIELD = "\ufdd0"  # a Unicode noncharacter: never in text that reaches here (checked)
_UNSAFE = re.compile(r"[$\ufdd0]|(?<!\\)%|\\\\|\\(?:begin|end|verb)(?![A-Za-z])")
_MACRO = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
# a value as LaTeX reads it: plain text and spaces | a macro | a brace | a special
# (plain text stops before any character or ligature _LATEX_ACTIVE knows)
_LEXEME = re.compile(rf"""((?:[^{_ACTIVE_CHARS}!?'-]|-(?!-)|'(?!')|[!?](?!`))+)|(\\(?:[A-Za-z]+|.))|([{{}}])"""
                     rf"""|(---|--|''|``|[!?]`|[{_ACTIVE_CHARS}])""", re.DOTALL)
_FIRST_WORD = re.compile(r"\s*\S*")
#: macros whose group argument is text that comes out as it is (in plain text and in markup)
_PASS_THROUGH = frozenset({"textit", "emph", "textsl", "textbf", "textsuperscript", "textsubscript",
                           "textsc", "mathit", "mathbf", "textrm", "textsf", "texttt", "textup",
                           "textmd", "textnormal"})


@lru_cache(maxsize=4096)
def _one_argument_at_most(name: str, db) -> bool:  # type: ignore[no-untyped-def]
    spec = db.get_macro_spec(name)
    return spec is None or getattr(spec.args_parser, "argspec", None) in ("", "{")


def _shield(text: str, db) -> tuple[str, list[str]] | None:  # type: ignore[no-untyped-def]
    """(text with each plain run replaced by _SHIELD, the runs in order), or None when the
    value is not safe to cut (see above) or has no plain run to cut out."""
    if _UNSAFE.search(text):
        return None
    for name in set(_MACRO.findall(text)):
        if not _one_argument_at_most(name, db):
            return None
    out: list[str] = []
    runs: list[str] = []
    run: list[str] = []  # the plain run being collected
    groups: list[bool] = []  # open groups: may a run be cut out inside this one?
    macro: str | None = None  # a macro with nothing but spaces after it yet: it may take what follows
    for m in _LEXEME.finditer(text):
        kind = m.lastindex
        lexeme = m.group(kind)
        if kind == 1:  # plain text and spaces
            if macro is not None:  # the spaces and the first word after a macro stay with it
                first = _FIRST_WORD.match(lexeme).group(0)  # type: ignore[union-attr]
                out.append(first)
                lexeme = lexeme[len(first):]
                if not first.isspace():
                    macro = None
                if not lexeme:
                    continue
            if not groups or groups[-1]:
                run.append(lexeme)
            else:  # text in an accent's group
                out.append(lexeme)
            continue
        if run:
            runs.append("".join(run))
            out.append(_SHIELD)
            run = []
        if kind == 2:
            macro = lexeme[1:]
        elif lexeme == "{":
            groups.append((macro is None or macro in _PASS_THROUGH) and (not groups or groups[-1]))
            macro = None
        elif lexeme == "}":
            if not groups:
                return None
            groups.pop()
            macro = None
        else:  # a special: --, '', ~ ...
            macro = None
        out.append(lexeme)
    if groups:
        return None
    if run:
        runs.append("".join(run))
        out.append(_SHIELD)
    if not runs:
        return None
    return "".join(out), runs


def _unshield(converted: str, runs: list[str], escape=None) -> str | None:  # type: ignore[no-untyped-def]
    pieces = converted.split(_SHIELD)
    if len(pieces) != len(runs) + 1:
        return None
    out = [pieces[0]]
    for run, piece in zip(runs, pieces[1:]):
        out.append(escape(run) if escape else run)
        out.append(piece)
    return "".join(out)


def decode(text: str | None) -> str:
    """LaTeX -> plain Unicode text, whitespace collapsed (case-protecting braces carry no data)."""
    if not text:
        return ""
    if not _LATEX_ACTIVE.search(text):
        # nothing LaTeX would change: skip pylatexenc, whose tokenizer costs ~10 us per character
        # (a 5 MB abstract took minutes)
        return collapse(text)
    text = _math_scripts(_bare_amp(text))
    try:
        shielded = _shield(text, _parse_db())
        if shielded is not None:
            result = _unshield(_l2t().latex_to_text(shielded[0], latex_context=_parse_db()), shielded[1])
            if result is not None:
                return collapse(result)
        return collapse(_l2t().latex_to_text(text, latex_context=_parse_db()))
    except Exception:  # pylatexenc on pathological input: keep the text as written
        return collapse(text)


@lru_cache(maxsize=1)
def _parse_db():  # type: ignore[no-untyped-def]
    """The macro specs pylatexenc's latex_to_text parses with (its default walker context)."""
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


_MARKUP_MACROS = {"textit": "i", "emph": "i", "textsl": "i", "mathit": "i", "textbf": "b", "mathbf": "b",
                  "textsuperscript": "sup", "textsubscript": "sub", "textsc": "sc"}


def decode_markup(text: str | None) -> tuple[str, str | None]:
    """LaTeX -> (plain text, medbib markup or None when the text carries no style)."""
    plain = decode(text)
    text = _math_scripts(_bare_amp(text or ""))
    if not text or not re.search(r"\\(" + "|".join(_MARKUP_MACROS) + r")\b", text):
        return plain, None
    try:
        from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode

        shielded = _shield(text, _walker_db())
        nodes, _, _ = _walker(shielded[0] if shielded else text).get_latex_nodes()
        l2t = _l2t()

        def render(nodelist) -> str:  # type: ignore[no-untyped-def]
            out = []
            for n in nodelist or []:
                if isinstance(n, LatexMacroNode) and n.macroname in _MARKUP_MACROS:
                    args = [a for a in (n.nodeargd.argnlist if n.nodeargd else []) if a is not None]
                    inner = render(args[-1].nodelist if args and isinstance(args[-1], LatexGroupNode)
                                   else args[-1:] if args else [])
                    tag = _MARKUP_MACROS[n.macroname]
                    out.append(f"<{tag}>{inner}</{tag}>" if inner else "")
                elif isinstance(n, LatexGroupNode):
                    out.append(render(n.nodelist))
                else:
                    out.append(mk.escape(l2t.nodelist_to_text([n])))
            return "".join(out)

        markup = render(nodes)
        if shielded:
            markup = _unshield(markup, shielded[1], mk.escape)
            if markup is None:  # cannot happen unless pylatexenc changes: convert the value whole
                nodes, _, _ = _walker(text).get_latex_nodes()
                markup = render(nodes)
        markup = re.sub(r"\s+", " ", markup).strip()
    except Exception:
        return plain, None
    if mk.plain(markup) != plain or not mk.has_markup(markup):
        return plain, None
    return plain, markup


def strip_control_unicode(text: str) -> str:
    return "".join(c for c in text if unicodedata.category(c) != "Cc")
