"""core.text.case_protected returns at once when an ASCII text has no capital after a word's first
character (most titles); it must give what the word-by-word scan gives, on tricky text."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from medbib.core import text as t

_TRICKY = "aAbZz (\"'\u2018\u201c)].,:;!?\u2019\u201d-1\t\n\u00a0ÉéǅⅠ"
tricky_text = st.text(alphabet=st.sampled_from(_TRICKY), max_size=30) | st.text(max_size=30)


def case_protected_reference(text: str) -> list[tuple[int, int]]:
    """case_protected() without its early return: every word looked at."""
    spans, pos = [], 0
    for tok in text.split(" "):
        start, end = 0, len(tok)
        while start < end and tok[start] in t.CASE_LEAD:
            start += 1
        while end > start and tok[end - 1] in t.CASE_TRAIL:
            end -= 1
        if start < end and not tok[start:end].isspace() and t.needs_case_protection(tok[start:end]):
            spans.append((pos + start, pos + end))
        pos += len(tok) + 1
    return spans


@given(tricky_text)
@example("\t.;\ta(\nZ]")  # a capital after a tab or a line break inside one word
@example("(HIV) and SARS-CoV-2 in mRNA")
@example("Étude de l'ÉPIDÉMIE")
@example("A plain Title With Capitals")
def test_prefilter_gives_what_the_scan_gives(text):
    assert t.case_protected(text) == case_protected_reference(text)
