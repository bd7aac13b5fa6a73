"""Writing LaTeX: plain text, medbib markup and names -> brace-delimited .bib values.

The inverse of :mod:`.latex`: every text escaped here decodes back to the same text
(tests/formats/bibtex checks it with random Unicode).

* values are always brace-delimited by the writer; *every* unmatched brace of the data is written
  as ``\\textbraceleft{}`` / ``\\textbraceright{}``, so the only braces in a field are balanced
  ones: no value can close its field early or open an entry (``@comment{`` inside a field is
  inert once the field cannot end early);
* ``# $ % & _`` get a backslash; ``\\ ~ ^`` become ``\\textbackslash{}``, ``\\~{}``, ``\\^{}`` —
  so a data backslash can never start a command (``\\input``, ``\\write18``);
* TeX ligatures that would change the text (``--``, ``---``, ````` `` `````, ``''``, ``?```, ``!```)
  are broken with ``{}``;
* ``doi``/``url``/``eprint`` are verbatim fields: written raw, except that ``{ } \\`` and
  whitespace are percent-encoded (the only characters that could break the field; they are
  never part of a real DOI or URL).
"""

from __future__ import annotations

import re

from ...core import markup as mk
from ...core.model import Person
from ...core.names import initials_to_given
from ...core.text import CONTROLS, protected_word
from .ascii import to_ascii as _to_ascii  # non-ASCII characters as LaTeX (--ascii; .ascii says how)
from .latex import collapse

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
    # \~{} and \^{}, not \textasciitilde{}: Zotero's BibTeX import reads these (it leaves the
    # \text... names as they are); LaTeX typesets them alike, and the reader decodes them back
    "~": r"\~{}",
    "^": r"\^{}",
}
# specials, plus the first character of a TeX ligature (broken with {} after it)
_ESCAPE_RE = re.compile("[\\\\{}#$%&_~^" + _OPEN_UNMATCHED + _CLOSE_UNMATCHED + "]|-(?=-)|`(?=`)|'(?=')|[?!](?=`)")
# core.text.CONTROLS (dropped by every writer), and what TeX cannot hold either: C1 controls and the
# Unicode noncharacters (which include both placeholders)
_CONTROLS = CONTROLS + "\x80-\x9f\ufdd0-\ufdef\ufffe\uffff"
_CONTROL_RE = re.compile(f"[{_CONTROLS}]")
# what escape() could change: a control character, a special, a ligature (checked in two steps: most
# values have none of the characters of the first class, so one scan decides)
_MAYBE_ESCAPED_RE = re.compile(f"[{_CONTROLS}\\\\{{}}#$%&_~^`'?!-]")
_CONTROL_OR_SPECIAL_RE = re.compile(f"[{_CONTROLS}\\\\{{}}#$%&_~^]")
_LIGATURE_RE = re.compile("--|``|''|[?!]`")


def brace(value: str | None) -> str | None:
    """A value as written between the braces of its field (None: no field)."""
    return "{" + value + "}" if value else None


def enclose(value: str | None) -> str | None:
    """A LaTeX value in its braces; parts of a value written one per line (abstract, note) get
    their continuation lines indented."""
    return "{" + value.replace("\n", "\n" + " " * 18) + "}" if value else None


def _escape_one(m: re.Match[str]) -> str:
    c = m.group(0)
    return _SPECIAL.get(c) or c + "{}"


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


def _clean(text: str) -> str:
    """Controls and stray placeholders dropped, unmatched braces marked."""
    return mark_unmatched(strip_controls(text.replace(_OPEN_UNMATCHED, "").replace(_CLOSE_UNMATCHED, "")))


def escape(text: str, ascii: bool = False, *, marked: bool = False) -> str:
    """Plain text -> LaTeX for a brace-delimited BibTeX value (no case protection).

    ``marked``: unmatched braces were already replaced over a larger text (a title split in words).
    """
    if _unchanged_by_escape(text):
        return _to_ascii(text) if ascii else text
    out = _ESCAPE_RE.sub(_escape_one, text if marked else _clean(text))
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


# --------------------------------------------------------------------------- case protection
_WORD_RE = re.compile(r"(\s+)")


def escape_protected(text: str, ascii: bool = False) -> str:
    """Escape a title-like value and brace the words that carry inner capitals."""
    out = []
    text = _clean(text)
    if _unchanged_by_escape(text):
        # then no part of it needs escaping either (what would be escaped in a part is in the whole)
        def esc(part: str) -> str:
            return _to_ascii(part) if ascii else part
    else:
        def esc(part: str) -> str:
            return escape(part, ascii, marked=True)
    for tok in _WORD_RE.split(text):
        if not tok or tok.isspace():
            out.append(_to_ascii(tok) if ascii else tok)  # a no-break or thin space is whitespace too
            continue
        span = protected_word(tok)  # the words CSL-JSON protects with nocase spans too
        if span:
            start, end = span
            out.append(esc(tok[:start]) + "{" + esc(tok[start:end]) + "}" + esc(tok[end:]))
        else:
            out.append(esc(tok))
    return "".join(out)


# Forms both LaTeX and Zotero's BibTeX import read: Zotero turns \textit, \textbf, \textsc into its
# rich-text tags and ``$_{\textrm{2}}$`` / ``$^{\textrm{+}}$`` into subscripts and superscripts
# (Unicode ones where they exist), but leaves \textsubscript, \textsuperscript and \emph as text.
_STYLE_WRAP = {"i": ("\\textit{", "}"), "b": ("\\textbf{", "}"), "sc": ("\\textsc{", "}"),
               "sup": ("$^{\\textrm{", "}}$"), "sub": ("$_{\\textrm{", "}}$")}
_STYLE_ORDER = ("b", "i", "sc", "sup", "sub")


def markup_to_latex(markup: str, ascii: bool = False, protect: bool = True) -> str:
    """medbib markup (``<i>`` ``<b>`` ``<sup>`` ``<sub>`` ``<sc>``) -> LaTeX (``\\textit{…}``,
    ``$_{\\textrm{…}}$``)."""
    out = []
    for text, styles in mk.segments(markup):
        body = escape_protected(text, ascii) if protect and not styles else escape(text, ascii)
        for s in _STYLE_ORDER:  # a fixed nesting order makes the output deterministic
            if s in styles:
                before, after = _STYLE_WRAP[s]
                body = before + body + after
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


def verbatim(value: str, ascii: bool = False) -> str:
    """A DOI/URL/eprint as written, with only the characters that could break the field
    percent-encoded (``{`` ``}`` ``\\`` whitespace: never part of a real DOI or URL); with
    ``ascii`` the non-ASCII characters too (as in a URI)."""
    def enc(m: re.Match[str]) -> str:
        return "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8"))

    return re.sub(r"[{}\\\s\x80-\U0010ffff]" if ascii else r"[{}\\\s]", enc, strip_controls(value))


# --------------------------------------------------------------------------- names
_AND_RE = re.compile(r"(^|\s)and(\s|$)", re.I)
_LONE_ESCAPE = re.compile(r"(?<!\S)(\\[^A-Za-z\s])(?!\S)")


def _name_part(text: str, ascii: bool) -> str:
    """One part of a name; braced when BibTeX would misread it (a comma, the word ``and``)."""
    t = escape(collapse(text), ascii)
    # a word that is only an escaped special (``\_``, ``\&``) makes bibtexparser's name splitter
    # drop it when `` and`` follows: brace such words (BibTeX reads ``{\_}`` the same)
    if "\\" in t:
        t = _LONE_ESCAPE.sub(r"{\1}", t)
        # BibTeX splits names at a tie (~), even in \~{}: the tilde goes in its own braces
        t = t.replace("\\~{}", "{\\~{}}")
    if "," in t or _AND_RE.search(t):
        return "{" + t + "}"
    return t


def format_person(p: Person, ascii: bool = False) -> str | None:
    """``Family, Given`` / ``Family, Suffix, Given`` / ``{Group name}``."""
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
    if not given and not suffix and family.lower() == "others":
        return "{" + fam[0] + "}" + fam[1:]  # bare "others" means "et al." to BibTeX: {o}thers is a name
    if not given and not suffix:
        # "Le Roux" alone would be read as First Last: a multi-word family is one unit
        return fam if " " not in family or fam.startswith("{") else "{" + fam + "}"
    if suffix:
        return f"{fam}, {_name_part(suffix, ascii)}, {_name_part(given, ascii) if given else '{}'}"
    return f"{fam}, {_name_part(given, ascii)}"


def format_people(people: list[Person], truncated: bool = False, ascii: bool = False) -> str | None:
    """A name list, ``and``-separated; ``and others`` when the list is incomplete."""
    names = [n for n in (format_person(p, ascii) for p in people) if n]
    if not names:
        return None
    if truncated:
        names.append("others")
    return " and ".join(names)
