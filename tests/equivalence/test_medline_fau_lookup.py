"""Affiliations: an AD line goes to the current author when the record has FAU lines, else to the
first author. The builder knows a record has FAU lines once it has read one, and looks further
only for an AD met before any; the records are those of a builder told beforehand (hypothesis)."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.format.medline.builder import TABLE, _finish, _State, build_record

_ENTRY = st.tuples(st.sampled_from(["FAU", "AU", "CN", "AD", "AUID", "FIR", "IR", "IRAD", "TI", "FAU"]),
                   st.sampled_from(["Doe, Jane", "Doe J", "Roe, R", "Roe R", "Group", "Dept of X", "", "ORCID: 1"]))
_ENTRIES = st.lists(_ENTRY.map(list), max_size=12)


def _old_build_record(entries: list[list]):
    """build_record as it was: whether the record has a FAU line known before the first entry."""
    state = _State(entries)
    state.has_fau = any(tag == "FAU" for tag, _value in entries)
    for tag, value in entries:
        v = " ".join(html.unescape(value).split())
        if v:
            TABLE.handlers[tag](state, v)
    return _finish(state)


@settings(max_examples=2000)
@given(_ENTRIES)
def test_fau_looked_up_when_needed(entries: list[list]) -> None:
    assert build_record([list(e) for e in entries]) == _old_build_record([list(e) for e in entries])
