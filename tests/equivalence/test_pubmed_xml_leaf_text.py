"""PubMed XML leaf text (``format/pubmed_xml/markup.norm``) returns a text with nothing to collapse as
it is; whenever it changes a text, it collapses it as ``core.text.collapse`` does.

The reference is ``" ".join(text.split())`` (what ``collapse`` does). The fast path looks for the
whitespace PubMed's XML holds (space runs, tab, newline, carriage return, no-break space, a
leading or trailing space); on texts whose whitespace is among those, the two agree exactly.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from medbib.format.pubmed_xml.markup import norm

WHITESPACE = " \t\n\r\xa0"
TEXTS = st.text(alphabet=st.sampled_from([*WHITESPACE, "a", "B", "é", "1", ".", "-", "<", "&"]), max_size=40)


def reference(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


@given(TEXTS)
def test_leaf_text_collapses_as_the_reference(text):
    assert norm(text) == reference(text)


def test_leaf_text_empty_and_none():
    assert norm(None) == reference(None) == ""
    assert norm("") == reference("") == ""
    assert norm("Clin Chem Lab Med") == "Clin Chem Lab Med"
