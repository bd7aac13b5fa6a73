"""The BibTeX escaping fast paths (escape() and escape_protected() returning early when nothing needs
escaping, collapse() skipping the regex) must give what the plain substitutions give, on tricky text."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from medbib.core.text import CASE_LEAD, CASE_TRAIL
from medbib.format.bibtex import escape as bm

# every character some step (or the capital test of escape_protected: titlecase, Other_Uppercase) of escape()/collapse() treats specially, plus ordinary and non-ASCII ones
_TRICKY = ("\\{}#$%&_~^-`'?! \t\r\n\f\v\x00\x01\x0b\x1f\x7f\x85\x9f\xa0\u2009\u3000"
           "\ufdd0\ufdd1\ufdef\ufffe\uffff\ue000aZé\u00df\u0131\u2014\U0001d400\u01c5\u24b6\u2160\u0345\u02b0\u00aa2(\"\u201c.,;")
tricky_text = st.text(alphabet=st.sampled_from(_TRICKY), max_size=40) | st.text(max_size=40)


def escape_reference(text: str, ascii: bool = False, *, marked: bool = False) -> str:
    """escape() without its fast path: every step applied."""
    if not marked:
        text = bm.strip_controls(text.replace(bm._OPEN_UNMATCHED, "").replace(bm._CLOSE_UNMATCHED, ""))
        text = bm.mark_unmatched(text)
    out = bm._ESCAPE_RE.sub(bm._escape_one, text)
    if ascii and not out.isascii():
        out = bm._to_ascii(out)  # the --ascii step (format/bibtex/ascii.py) is not the fast path guarded here
    return out


def escape_protected_reference(text: str, ascii: bool = False) -> str:
    """escape_protected() escaping every part with escape_reference()."""
    out = []
    text = bm.mark_unmatched(bm.strip_controls(text.replace(bm._OPEN_UNMATCHED, "").replace(bm._CLOSE_UNMATCHED, "")))
    for tok in re.split(r"(\s+)", text):
        if not tok or tok.isspace():
            out.append(bm._to_ascii(tok) if ascii else tok)
            continue
        start, end = 0, len(tok)
        while start < end and tok[start] in CASE_LEAD:
            start += 1
        while end > start and tok[end - 1] in CASE_TRAIL:
            end -= 1
        core = tok[start:end]
        if core and any(c.isupper() for c in core[1:]):
            out.append(escape_reference(tok[:start], ascii, marked=True) + "{"
                       + escape_reference(core, ascii, marked=True) + "}"
                       + escape_reference(tok[end:], ascii, marked=True))
        else:
            out.append(escape_reference(tok, ascii, marked=True))
    return "".join(out)


def collapse_reference(text: str | None) -> str:
    return re.sub(r"[ \t\r\n\f\v]+", " ", text).strip() if text else ""


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=tricky_text, ascii=st.booleans(), marked=st.booleans())
@example(text="a--b", ascii=False, marked=False)
@example(text="?`x !` ``a'' b", ascii=False, marked=True)
@example(text="\ufdd0{x}\ufdd1", ascii=False, marked=True)
@example(text="Caf\u00e9 \x01 ok", ascii=True, marked=False)
@example(text="plain words - and ' quotes?!", ascii=False, marked=False)
def test_escape_equals_reference(text: str, ascii: bool, marked: bool) -> None:
    assert bm.escape(text, ascii, marked=marked) == escape_reference(text, ascii, marked=marked)


@settings(max_examples=400, deadline=None)
@given(text=st.none() | tricky_text)
@example(text=" a  b\t\tc \n")
@example(text="\u00a0 a \u2009")
def test_collapse_equals_reference(text: str | None) -> None:
    assert bm.collapse(text) == collapse_reference(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=tricky_text, ascii=st.booleans())
@example(text="mRNA and SARS-CoV-2 in (McDonald's) HIV", ascii=False)
@example(text="the \u01c5x word \u2160I \u24b6\u24b6", ascii=True)
@example(text="a {brace} in CO2--rich {air", ascii=False)
def test_escape_protected_equals_reference(text: str, ascii: bool) -> None:
    assert bm.escape_protected(text, ascii) == escape_protected_reference(text, ascii)
