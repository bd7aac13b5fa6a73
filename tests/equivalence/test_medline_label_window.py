"""Abstract labels: the backward search for a sentence start stops 82 characters before the
``": "`` (a label is at most 80 long) and finds the same candidates as a search back to the start
of the abstract (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.format.medline.values import _candidates


def _old_candidates(text: str) -> list[tuple[int, int, str]]:
    out = []
    i = text.find(": ")
    while i != -1:
        b = max(text.rfind(". ", 0, i), text.rfind("? ", 0, i), text.rfind("! ", 0, i))
        start = b + 2 if b != -1 else 0
        label = text[start:i]
        if 3 <= len(label) <= 80 and label.count(" ") <= 5:
            out.append((start, i + 2, label))
        i = text.find(": ", i + 2)
    return out


_ABSTRACT = st.lists(st.one_of(st.sampled_from([": ", ". ", "? ", "! ", " ", "AIMS", "x" * 20, "A B"]),
                               st.text(max_size=5)), max_size=60).map("".join)


@settings(max_examples=1000)
@given(_ABSTRACT)
def test_label_candidates_window(text: str) -> None:
    assert _candidates(text) == _old_candidates(text)


def test_label_candidates_window_edges() -> None:
    for n in range(70, 95):
        for sep in (". ", "? ", "! "):
            text = "x" * n + sep + "LABEL: text. " + "y" * n + ": z"
            assert _candidates(text) == _old_candidates(text)
