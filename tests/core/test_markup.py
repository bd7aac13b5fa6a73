"""medbib's inline markup helpers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.core import markup

PIECES = ["<i>", "</i>", "<b>", "</b>", "<sup>", "</sup>", "<sub>", "</sub>", "<sc>", "</sc>", "&amp;", "&lt;",
          "&gt;", "&amp", "&", ";", "a", "x y", "<", ">", "</", "<u>", "é", " ", "&#x3b1;"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(PIECES), max_size=20))
def test_plain_is_the_segments_joined(pieces) -> None:
    # plain() skips working out the styles; it must give the same text as segments()
    text = "".join(pieces)
    assert markup.plain(text) == "".join(t for t, _ in markup.segments(text))


def test_plain_examples() -> None:
    assert markup.plain("H<sub>2</sub>O &amp; CO<sub>2</sub> in <i>E. coli</i>") == "H2O & CO2 in E. coli"
    assert markup.plain("a &lt;i&gt; b") == "a <i> b"  # escaped tags are text
    assert markup.plain("") == ""
