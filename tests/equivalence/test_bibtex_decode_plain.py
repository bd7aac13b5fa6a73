"""Decoding a .bib value with nothing LaTeX would change (no special character, no ligature) skips
pylatexenc; it must give what pylatexenc gives."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from medbib.format.bibtex import latex

# what may stand in a value without LaTeX meaning: ordinary and non-ASCII characters, white space,
# the characters of a ligature on their own (a single - ' ` ! ?), quotes, brackets, digits
_PLAIN = "aZé\u00df\u0131 \t\n\r\f\v\u00a0\u2009\u3000-'!?\"()[]<>/.,;:*+=|@0123456789\u2014\u03b1\U0001d400\ue000"
plain_text = st.text(alphabet=st.sampled_from(_PLAIN), max_size=60).filter(lambda t: not latex._LATEX_ACTIVE.search(t))


def pylatexenc(text: str) -> str:
    """decode() without its fast path."""
    return latex.collapse(latex.latex_to_text().latex_to_text(text, latex_context=latex._parse_db()))


@settings(max_examples=400, deadline=None)
@given(text=plain_text | st.text(max_size=40).filter(lambda t: not latex._LATEX_ACTIVE.search(t)))
@example(text="a - b ' c ! d ? e")
@example(text="  two\n\nparagraphs \t here ")
@example(text="no\u00a0break and\u2009thin")
def test_plain_text_decodes_as_pylatexenc_decodes_it(text: str) -> None:
    assert latex.decode(text) == pylatexenc(text)
