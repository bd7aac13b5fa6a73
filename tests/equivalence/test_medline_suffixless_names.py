"""Names without a suffix skip the suffix search, and full names skip the spaced-initials check
unless they can be spaced initials: the same results as the plain code (hypothesis).

``split_suffix`` (core.names) returns early unless the name ends as a suffix can. Each ``_old_*``
function is the plain implementation of the rule without the fast path, the reference (the rule
itself is issue 16's one suffix rule: the list is ``core.vocabulary.NAME_SUFFIX``, a single letter
is an initial).
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from medline_tools import TEXT

from medbib.core.model import Person
from medbib.core.names import given_from_forename, split_suffix
from medbib.format.medline.values import person_from_full

_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|\d+(?:st|nd|rd|th)|II|III|IV|V|VI)\.?$")


def _old_split_suffix(given: str | None) -> tuple[str | None, str | None]:
    if not given:
        return given, None
    parts = given.split()
    if len(parts) > 1 and len(parts[-1].rstrip(".")) > 1 and _SUFFIX_RE.match(parts[-1]):
        return " ".join(parts[:-1]), parts[-1].rstrip(".")
    return given, None


@settings(max_examples=1000)
@given(st.one_of(TEXT, st.builds(lambda a, b: f"{a} {b}", TEXT,
                                 st.sampled_from(["Jr", "Sr", "Jr.", "2nd", "3rd", "11th", "4th.", "III", "1st", "IV", "V", "VI."]))))
def test_split_suffix_fast_path(value: str) -> None:
    assert split_suffix(value) == _old_split_suffix(value)


def _old_person_from_full(value: str) -> Person:
    family, sep, given_ = value.partition(", ")
    if not sep:
        family, sep, given_ = value.partition(",")
    family = family.strip()
    given_ = given_.strip()
    given_, suffix = _old_split_suffix(given_)
    if given_ and len(given_) <= 2 * len(given_.split()) and all(len(t) == 1 for t in given_.split()):
        given_ = given_from_forename(given_)
    return Person(family=family or None, given=given_ or None, suffix=suffix)


_INITIALS = st.lists(st.sampled_from(list("ABT .\t\u00a0-")), max_size=8).map("".join)


@settings(max_examples=1000)
@given(TEXT, st.one_of(TEXT, _INITIALS))
def test_person_from_full_fast_path(family: str, given_: str) -> None:
    for value in (f"{family}, {given_}", f"{family},{given_}", given_):
        assert person_from_full(value) == _old_person_from_full(value)
