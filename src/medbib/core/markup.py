"""medbib's inline markup: the plain text plus ``<i> <b> <sup> <sub>`` tags (CSL-JSON's own subset).

In a ``*_markup`` field, ``&``, ``<`` and ``>`` of the text itself are written ``&amp;``,
``&lt;``, ``&gt;``, so markup and text never mix up. ``plain(markup)`` gives the plain field.
"""

from __future__ import annotations

import html
import re

_TOKEN = re.compile(r"<(/?)(i|b|sup|sub|sc)>")
_TAG_SPLIT = re.compile(r"</?(?:i|b|sup|sub|sc)>")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def segments(markup: str) -> list[tuple[str, frozenset[str]]]:
    """Split into (plain text, active styles) runs; unbalanced tags are ignored."""
    out: list[tuple[str, frozenset[str]]] = []
    stack: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(markup):
        if m.start() > pos:
            out.append((html.unescape(markup[pos : m.start()]), frozenset(stack)))
        closing, tag = m.groups()
        if closing:
            if tag in stack:
                stack.reverse()
                stack.remove(tag)
                stack.reverse()
        else:
            stack.append(tag)
        pos = m.end()
    if pos < len(markup):
        out.append((html.unescape(markup[pos:]), frozenset(stack)))
    return [(t, s) for t, s in out if t]


def plain(markup: str) -> str:
    """The text without tags: what ``segments`` gives, joined (without working out the styles)."""
    return "".join([html.unescape(piece) for piece in _TAG_SPLIT.split(markup)])


def has_markup(markup: str | None) -> bool:
    return bool(markup) and bool(_TOKEN.search(markup))
