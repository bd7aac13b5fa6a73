"""Reading LaTeX: a .bib value -> plain Unicode text (and medbib markup), with pylatexenc.

:func:`decode` gives the plain text, :func:`decode_markup` also the styles (``\\textit`` …) as
medbib markup. Both are the inverse of :mod:`.escape`: every text the writer escapes decodes back
to the same text.

**Shielding.** pylatexenc sees only the LaTeX of a value, not the plain text around it: each run
of plain text (no character or ligature LaTeX treats specially) is replaced by one ``_SHIELD``
character, pylatexenc converts what is left in one call, and the runs are put back in place. A
run is cut out only where LaTeX has nothing pending: not right after a macro (which may take the
next word as its argument, or eat the spaces), and not inside a group that is the argument of a
macro other than the text styles of ``_PASS_THROUGH`` (an accent applies to what its group holds).
Values whose macros take more than one argument or an optional one, and values with math,
comments, environments or ``\\\\``, are converted whole; so is a value for which pylatexenc
returned a different number of shields. tests/equivalence/test_bibtex_decode_shielding.py checks
that both ways give the same.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...core import markup as mk

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


def _utf8(m: re.Match[str]) -> str:
    try:
        return bytes.fromhex(m.group(0).replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return m.group(0)


def unverbatim(value: str) -> str:
    """Inverse of :func:`.escape.verbatim` for braces, backslashes and (``--ascii``) non-ASCII
    characters (used for DOIs, which never contain a real ``%7B``; URLs stay percent-encoded, an
    equivalent URL)."""
    if "%" not in value:  # most DOIs
        return value
    value = re.sub(r"%(7[BbDd]|5[Cc])", lambda m: bytes.fromhex(m.group(1)).decode(), value)
    return re.sub(r"(?:%[C-Fc-f][0-9A-Fa-f])(?:%[89ABab][0-9A-Fa-f])+", _utf8, value) if "%" in value else value


# --------------------------------------------------------------------------- pylatexenc set-up
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
        # what --ascii writes for characters pylatexenc has no faithful macro for (ascii.EXACT)
        MacroTextSpec("textperiodcentered", "\u00b7"),
        MacroTextSpec(",", "\u2009"),
        MacroTextSpec("quad", "\u2003"),
    ])
    return db


@lru_cache(maxsize=1)
def latex_to_text():  # type: ignore[no-untyped-def]
    """pylatexenc's converter, knowing the macros medbib's writer uses (``\\textbraceleft`` …)."""
    from pylatexenc.latex2text import LatexNodes2Text

    return LatexNodes2Text(latex_context=_latex_db(), math_mode="text", strict_latex_spaces=True)


@lru_cache(maxsize=1)
def _parse_db():  # type: ignore[no-untyped-def]
    """The macro specs pylatexenc's latex_to_text parses with (its default walker context)."""
    from pylatexenc.latexwalker import get_default_latex_context_db

    return get_default_latex_context_db()


_MARKUP_MACROS = {"textit": "i", "emph": "i", "textsl": "i", "mathit": "i", "textbf": "b", "mathbf": "b",
                  "textsuperscript": "sup", "textsubscript": "sub", "textsc": "sc"}
_HAS_MARKUP_MACRO = re.compile(r"\\(" + "|".join(_MARKUP_MACROS) + r")\b")


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


# --------------------------------------------------------------------------- before pylatexenc
_MATH_SCRIPT = re.compile(r"\$([_^])\{?((?:\\text[a-z]*\{(?:[^${}]|\{[^${}]*\})*\}|[^${}])*)\}?\$")


def _math_scripts(text: str) -> str:
    """``$_{2}$`` / ``$^{2}$`` (common in .bib files) -> \\textsubscript / \\textsuperscript."""
    return _MATH_SCRIPT.sub(
        lambda m: ("\\textsubscript{" if m.group(1) == "_" else "\\textsuperscript{") + m.group(2) + "}", text)


_EMPTY_ACCENT = re.compile(r"\\([~^])\{\}")


def _empty_accents(text: str) -> str:
    """``\\~{}`` / ``\\^{}`` (an accent on nothing: how .bib files write a tilde and a caret, and what
    medbib writes) -> the characters (pylatexenc would drop them)."""
    if "{}" not in text:
        return text
    return _EMPTY_ACCENT.sub(lambda m: "\\textasciitilde{}" if m.group(1) == "~" else "\\textasciicircum{}", text)


def _bare_amp(text: str) -> str:
    """A bare ``&`` (``Oil & Gas``; an alignment tab to LaTeX) is the character in a .bib value."""
    return re.sub(r"(?<!\\)&", r"\\&", text) if "&" in text else text


#: a macro name directly followed by a non-ASCII character (``\aeé``)
_MACRO_THEN_UNICODE = re.compile(r"(\\[A-Za-z]+)(?=[^\x00-\x7f])")


def _ascii_macro_names(text: str) -> str:
    """``\aeé`` -> ``\ae é``: TeX's macro names are ASCII letters (the space after one is eaten,
    so this changes nothing for TeX), while pylatexenc would read one macro ``\aeé`` and drop it."""
    return _MACRO_THEN_UNICODE.sub(r"\1 ", text) if "\\" in text else text


def _prepare(text: str) -> str:
    return _math_scripts(_empty_accents(_bare_amp(_ascii_macro_names(text))))


# characters and ligatures that mean something to LaTeX in text mode
_ACTIVE_CHARS = r"\\{}$~%&#^_`"  # as a regex character class body
_LATEX_ACTIVE = re.compile(rf"[{_ACTIVE_CHARS}]|--|''|[!?]`")

# --------------------------------------------------------------------------- shielding
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
    value is not safe to cut (see the module docstring) or has no plain run to cut out."""
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


# --------------------------------------------------------------------------- decoding
def decode(text: str | None) -> str:
    """LaTeX -> plain Unicode text, whitespace collapsed (case-protecting braces carry no data)."""
    if not text:
        return ""
    if not _LATEX_ACTIVE.search(text):  # nothing LaTeX would change: no need for pylatexenc
        return collapse(text)
    text = _prepare(text)
    try:
        shielded = _shield(text, _parse_db())
        if shielded is not None:
            converted = latex_to_text().latex_to_text(shielded[0], latex_context=_parse_db())
            result = _unshield(converted, shielded[1])
            if result is not None:
                return collapse(result)
        return collapse(latex_to_text().latex_to_text(text, latex_context=_parse_db()))
    except Exception:  # pylatexenc on pathological input: keep the text as written
        return collapse(text)


def _render(nodelist, l2t) -> str:  # type: ignore[no-untyped-def]
    """pylatexenc nodes -> medbib markup: style macros as tags, everything else as text."""
    from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode

    out = []
    for n in nodelist or []:
        if isinstance(n, LatexMacroNode) and n.macroname in _MARKUP_MACROS:
            args = [a for a in (n.nodeargd.argnlist if n.nodeargd else []) if a is not None]
            inner = _render(args[-1].nodelist if args and isinstance(args[-1], LatexGroupNode)
                            else args[-1:] if args else [], l2t)
            tag = _MARKUP_MACROS[n.macroname]
            out.append(f"<{tag}>{inner}</{tag}>" if inner else "")
        elif isinstance(n, LatexGroupNode):
            out.append(_render(n.nodelist, l2t))
        else:
            out.append(mk.escape(l2t.nodelist_to_text([n])))
    return "".join(out)


def _markup(text: str) -> str:
    """The markup of a (prepared) value, shielded where that is safe."""
    shielded = _shield(text, _walker_db())
    nodes, _, _ = _walker(shielded[0] if shielded else text).get_latex_nodes()
    markup = _render(nodes, latex_to_text())
    if shielded:
        markup = _unshield(markup, shielded[1], mk.escape)
        if markup is None:  # cannot happen unless pylatexenc changes: convert the value whole
            nodes, _, _ = _walker(text).get_latex_nodes()
            markup = _render(nodes, latex_to_text())
    return re.sub(r"\s+", " ", markup).strip()


def decode_markup(text: str | None) -> tuple[str, str | None]:
    """LaTeX -> (plain text, medbib markup or None when the text carries no style)."""
    plain = decode(text)
    text = _prepare(text or "")
    if not text or not _HAS_MARKUP_MACRO.search(text):
        return plain, None
    try:
        markup = _markup(text)
    except Exception:
        return plain, None
    if mk.plain(markup) != plain or not mk.has_markup(markup):
        return plain, None
    return plain, markup
