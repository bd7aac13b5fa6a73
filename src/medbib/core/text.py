"""Plain-text conventions of the record model: whitespace, entities, titles, ASCII folding.

Every reader uses these, so that one article read from XML, MEDLINE text or Abstract text gives
equal field values.
"""

from __future__ import annotations

import html
import re
import unicodedata

#: control characters no written value keeps (one rule for every writer): C0 but tab, line feed and
#: carriage return (which the writers fold or escape), and DEL. NUL, BEL or ESC in a RIS line or a
#: terminal do harm; no bibliographic value means them.
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROL_RE = re.compile(f"[{CONTROLS}]")
#: the characters of CONTROLS, one by one
CONTROL_CHARS = tuple(c for c in map(chr, range(0x80)) if _CONTROL_RE.match(c))


def strip_controls(text: str) -> str:
    """``text`` without :data:`CONTROLS` (checked first with ``in``, far faster than a regex on the
    texts that have none: a writer calls this once per record)."""
    for c in CONTROL_CHARS:
        if c in text:
            return _CONTROL_RE.sub("", text)
    return text


def collapse(text: str | None) -> str:
    """Strip and collapse every run of whitespace to one space."""
    if not text:
        return ""
    # str.split() splits on exactly the characters re's \s matches for str (str.isspace): the same
    # result as re.sub(r"\s+", " ", text).strip(), without a regex pass per field
    return " ".join(text.split())


def unescape(text: str) -> str:
    """Decode leftover HTML entities (``&lt;`` ``&amp;`` ``&#xb1;``) as PubMed text exports carry them."""
    return html.unescape(text) if "&" in text else text


def clean_title(title: str | None) -> str | None:
    """Collapse whitespace and drop one closing period (``Title.`` -> ``Title``; ``[Title].`` -> ``[Title]``).

    ``?``/``!`` stay; an ellipsis stays. Brackets of NLM translated titles are kept.
    """
    t = collapse(title)
    if not t:
        return None
    if t.endswith(".") and not t.endswith(".."):
        t = t[:-1].rstrip()
    return t or None


def is_translated_title(title: str | None) -> bool:
    return bool(title) and title.startswith("[") and title.rstrip(".").endswith("]")



# --------------------------------------------------------------------------- ASCII
_SPECIAL_FOLD = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                 "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i"}


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII the simple way (NFKD, drop combining marks, a few special letters)."""
    if text.isascii():  # nothing to fold (the common case: citation keys, most names)
        return text
    text = "".join(_SPECIAL_FOLD.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()



# --------------------------------------------------------------------------- case protection
# What a style must not recase in a title: BibTeX braces these words, CSL-JSON puts them in
# ``<span class="nocase">``. Punctuation around a word stays outside the protection.
CASE_LEAD = "([\"'\u2018\u201c"
CASE_TRAIL = ")].,:;!?\"'\u2019\u201d"


def needs_case_protection(core: str) -> bool:
    """A word whose capitals a style must not lowercase: a capital after the first letter
    (``mRNA``, ``SARS-CoV-2``, ``McDonald``, ``CO2``, ``HIV``)."""
    rest = core[1:]
    return not rest.islower() and any(c.isupper() for c in rest)  # islower(): no capital at all


_INNER_CAPITAL = re.compile(r"[^ ][A-Z]")


def protected_word(tok: str) -> tuple[int, int] | None:
    """(start, end) of the word in ``tok`` (the punctuation around it left out) when it needs case
    protection, else None: the one rule of BibTeX's braces and CSL-JSON's nocase spans."""
    start, end = 0, len(tok)
    while start < end and tok[start] in CASE_LEAD:
        start += 1
    while end > start and tok[end - 1] in CASE_TRAIL:
        end -= 1
    return (start, end) if needs_case_protection(tok[start:end]) else None


def case_protected(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` (without the punctuation around it) that needs case
    protection, in order."""
    if text.isascii() and not _INNER_CAPITAL.search(text):
        return []  # no capital after a word's first character: nothing to protect (most titles)
    spans = []
    pos = 0
    for tok in text.split(" "):
        span = protected_word(tok)
        if span:
            spans.append((pos + span[0], pos + span[1]))
        pos += len(tok) + 1
    return spans
