"""The text of elements: leaf text, inline markup (``<i> <b> <sup> <sub> <u>``) and MathML.

Mixed-content elements (``ArticleTitle``, ``AbstractText``…) give their plain text and, when
they hold markup, medbib's markup form (escaped text with ``<i>/<b>/<sup>/<sub>``); MathML is
flattened to text with ``<sub>``/``<sup>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from lxml import etree

from ...core.markup import escape, plain
from ...core.text import collapse

#: PubMed's inline markup tags -> medbib's (``<u>`` is dropped, its text kept)
MARKUP_TAGS = {"i": "i", "b": "b", "sup": "sup", "sub": "sub", "u": None}
_WS_OPEN = re.compile(r"(<(?:i|b|sup|sub)>)\s+")
_WS_CLOSE = re.compile(r"\s+(</(?:i|b|sup|sub)>)")
_EMPTY_TAG = re.compile(r"<(i|b|sup|sub)></\1>")
_SCRIPT_TAGS = re.compile(r"</?(?:sub|sup)>")
_CLOSING_PERIOD = re.compile(r"\.((?:</(?:i|b|sup|sub)>)+)$")
_TOKENS = frozenset(("mi", "mn", "mo", "ms", "mtext"))  # MathML token elements: text only
# MathML accents drawn over a base (mover) -> combining characters
_ACCENTS = {".": "\u0307", "˙": "\u0307", "¯": "\u0304", "‾": "\u0304", "-": "\u0304",
            "^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "→": "\u20d7", "¨": "\u0308"}


def local_name(tag: Any) -> str:
    """``{namespace}name`` and ``prefix:name`` -> ``name``; "" for comments and entities."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2] if tag[0] == "{" else tag.rpartition(":")[2]


def norm(s: str | None) -> str:
    """Whitespace collapsed, the text returned as it is when it has none to collapse."""
    if not s:
        return ""
    if "  " in s or "\n" in s or "\t" in s or "\r" in s or s[0] == " " or s[-1] == " " or "\xa0" in s:
        return " ".join(s.split())
    return s


def txt(el: Any) -> str | None:
    """Collapsed text of an element without markup (leaf elements: names, numbers, codes)."""
    if len(el):
        t = norm("".join(el.itertext()))
    else:
        t = norm(el.text)
    return t or None


def rich(el: Any) -> tuple[str | None, str | None]:
    """(plain text, markup or None) of a mixed-content element such as ArticleTitle/AbstractText."""
    if not len(el):
        t = norm(el.text)
        return (t or None), None
    m = _markup_of(el)
    if "<" not in m:  # children were only <u> or unknown wrappers
        t = collapse(html.unescape(m))
        return (t or None), None
    m = _WS_CLOSE.sub(r"\1 ", _WS_OPEN.sub(r" \1", m))
    m = collapse(_EMPTY_TAG.sub("", m))
    text = collapse(plain(m))
    if not text:
        return None, None
    return text, (m if "<" in m else None)


def rich_title(el: Any) -> tuple[str | None, str | None]:
    """A title: plain and markup, one closing period dropped (brackets kept)."""
    text, markup = rich(el)
    if text and text.endswith(".") and not text.endswith(".."):
        text = text[:-1].rstrip() or None
        if markup:
            if markup.endswith(".") and not markup.endswith(".."):
                markup = markup[:-1].rstrip()
            else:  # the period sits inside a closing tag: "<i>…sp.</i>." is handled above
                markup = _CLOSING_PERIOD.sub(r"\1", markup)
    return text, markup


# --------------------------------------------------------------------------- inline markup
def _markup_of(el: Any) -> str:
    """The element's content in medbib markup (escaped text + <i>/<b>/<sup>/<sub>)."""
    out: list[str] = []
    if el.text:
        out.append(escape(el.text))
    for child in el:
        _emit(child, out)
        if child.tail:
            out.append(escape(child.tail))
    return "".join(out)


def _emit(el: Any, out: list[str]) -> None:
    tag = el.tag
    if not isinstance(tag, str):
        if tag is etree.Entity:  # an undeclared entity left unresolved: keep it as written
            out.append(escape(el.text or ""))
        return  # comments, processing instructions
    name = local_name(tag)
    if name == "math":
        out.append(_math(el))
        return
    wrap = MARKUP_TAGS.get(name)
    if wrap:
        out.append(f"<{wrap}>")
    if el.text:
        out.append(escape(el.text))
    for child in el:
        _emit(child, out)
        if child.tail:
            out.append(escape(child.tail))
    if wrap:
        out.append(f"</{wrap}>")


# --------------------------------------------------------------------------- MathML
def _math(el: Any) -> str:
    """Flatten a MathML element to text with <sub>/<sup> markup (whitespace between elements ignored)."""
    name = local_name(el.tag)
    if name in _TOKENS:  # the leaves, most of a formula: their text
        return escape(collapse("".join(el.itertext())) or (" " if name == "mtext" and el.text else ""))
    kids = [c for c in el if isinstance(c.tag, str)]
    flatten = _MATHML.get(name)
    if flatten is not None:
        out = flatten(el, kids)
        if out is not None:
            return out
    if kids:  # mrow, mstyle, semantics… and elements missing their operands
        return "".join(_math(k) for k in kids)
    return escape(collapse(el.text))


def _script(kind: str, el: Any) -> str:
    inner = _math(el)
    if not inner:
        return ""
    # scripts inside scripts keep their text, not nested tags
    return f"<{kind}>{_SCRIPT_TAGS.sub('', inner)}</{kind}>"


def _nothing(el: Any, kids: list[Any]) -> str:
    return ""


def _msub(el: Any, kids: list[Any]) -> str | None:
    return _math(kids[0]) + _script("sub", kids[1]) if len(kids) >= 2 else None


def _msup(el: Any, kids: list[Any]) -> str | None:
    return _math(kids[0]) + _script("sup", kids[1]) if len(kids) >= 2 else None


def _msubsup(el: Any, kids: list[Any]) -> str | None:
    if len(kids) < 3:
        return None
    return _math(kids[0]) + _script("sub", kids[1]) + _script("sup", kids[2])


def _mmultiscripts(el: Any, kids: list[Any]) -> str | None:
    """base, then (sub, sup) pairs after it; the pairs after <mprescripts/> are written before it."""
    if not kids:
        return None
    base, rest = kids[0], kids[1:]
    names = [local_name(k.tag) for k in rest]
    if "mprescripts" in names:
        i = names.index("mprescripts")
        post, pre = rest[:i], rest[i + 1:]
    else:
        post, pre = rest, []
    return _script_pairs(pre) + _math(base) + _script_pairs(post)


def _script_pairs(items: list[Any]) -> str:
    s = ""
    for j in range(0, len(items), 2):
        s += _script("sub", items[j])
        if j + 1 < len(items):
            s += _script("sup", items[j + 1])
    return s


def _marks(kids: list[Any]) -> list[str]:
    return [collapse("".join(k.itertext())) for k in kids[1:]]


def _mover(el: Any, kids: list[Any]) -> str | None:
    """A mark over a base: an accent as a combining character, anything else written after it."""
    if len(kids) < 2:
        return None
    base = _math(kids[0])
    marks = _marks(kids)
    if marks[0] in _ACCENTS:
        return base + _ACCENTS[marks[0]]
    return base + "".join(escape(m) for m in marks)


def _munder(el: Any, kids: list[Any]) -> str | None:
    """munder, munderover: the marks written after the base."""
    if len(kids) < 2:
        return None
    return _math(kids[0]) + "".join(escape(m) for m in _marks(kids))


def _mfrac(el: Any, kids: list[Any]) -> str | None:
    return f"{_math(kids[0])}/{_math(kids[1])}" if len(kids) >= 2 else None


def _msqrt(el: Any, kids: list[Any]) -> str:
    return "√(" + "".join(_math(k) for k in kids) + ")"


def _mroot(el: Any, kids: list[Any]) -> str | None:
    return f"{_math(kids[1])}√({_math(kids[0])})" if len(kids) >= 2 else None


def _mfenced(el: Any, kids: list[Any]) -> str:
    return el.get("open", "(") + el.get("separators", ",").join(_math(k) for k in kids) + el.get("close", ")")


def _inline_markup(el: Any, kids: list[Any]) -> str:
    """PubMed inline markup inside a formula."""
    inner = "".join(_math(k) for k in kids) if kids else escape(collapse(el.text))
    wrap = MARKUP_TAGS[local_name(el.tag)]
    return f"<{wrap}>{inner}</{wrap}>" if wrap else inner


#: MathML element -> its flattening (tokens aside); None back (too few operands) falls through to the children's text
_MATHML: dict[str, Callable[[Any, list[Any]], str | None]] = {
    "none": _nothing, "mprescripts": _nothing,
    "msub": _msub, "msup": _msup, "msubsup": _msubsup, "mmultiscripts": _mmultiscripts,
    "mover": _mover, "munder": _munder, "munderover": _munder,
    "mfrac": _mfrac, "msqrt": _msqrt, "mroot": _mroot, "mfenced": _mfenced,
    **dict.fromkeys(MARKUP_TAGS, _inline_markup),
}
