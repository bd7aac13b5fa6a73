"""The MEDLINE reader's fast paths give what the plain code they skip gives (hypothesis).

Each ``_old_*`` function is the implementation as it was before the fast path was added, kept
here as the reference.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.core.dates import parse_date
from medbib.core.model import Date, Person
from medbib.core.names import given_from_forename, split_suffix
from medbib.readers.medline import _candidates, fast_date, parse_mesh, person_from_full

# text built from the characters the fast paths look at, plus anything
_CHARS = st.sampled_from(list(" .-,:;!?*/rdhJSthnd0123456789ABCDEFTabc\t\u00a0\u2028²٣"))
_TRICKY = st.lists(_CHARS, max_size=30).map("".join)
TEXT = st.one_of(_TRICKY, st.text(max_size=30))

_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|2nd|3rd|\d+th)\.?$")


def _old_split_suffix(given: str | None) -> tuple[str | None, str | None]:
    if not given:
        return given, None
    parts = given.split()
    if len(parts) > 1 and _SUFFIX_RE.match(parts[-1]):
        return " ".join(parts[:-1]), parts[-1].rstrip(".")
    return given, None


@settings(max_examples=1000)
@given(st.one_of(TEXT, st.builds(lambda a, b: f"{a} {b}", TEXT,
                                 st.sampled_from(["Jr", "Sr", "Jr.", "2nd", "3rd", "11th", "4th.", "III"]))))
def test_split_suffix_fast_path(value: str) -> None:
    assert split_suffix(value) == _old_split_suffix(value)


def _old_person_from_full(value: str) -> Person:
    family, sep, given_ = value.partition(", ")
    if not sep:
        family, sep, given_ = value.partition(",")
    family = family.strip()
    given_ = given_.strip()
    suffix = None
    if given_ and (given_[-1].isdigit() or given_.endswith(("Jr", "Sr", "Jr.", "Sr.", "th"))):
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


def _old_fast_date(v: str) -> Date | None:
    n = len(v)
    try:
        if n == 8 and v.isdigit():
            d = Date(int(v[:4]), int(v[4:6]), int(v[6:]))
        elif n >= 10 and v[4] == "/" and v[7] == "/" and v[:4].isdigit() and v[5:7].isdigit() and v[8:10].isdigit():
            if n == 10:
                d = Date(int(v[:4]), int(v[5:7]), int(v[8:10]))
            elif n == 16 and v[10] == " " and v[13] == ":" and v[11:13].isdigit() and v[14:].isdigit():
                d = Date(int(v[:4]), int(v[5:7]), int(v[8:10]), hour=int(v[11:13]), minute=int(v[14:]))
            else:
                return parse_date(v)
        else:
            return parse_date(v)
    except ValueError:
        return parse_date(v)
    if not (1 <= d.month <= 12 and 1 <= d.day <= 31):
        return parse_date(v)
    return d


_DIGIT = st.sampled_from(list("0123456789²٣"))
_DATE = st.builds(lambda y, m, d, t, sep: f"{y}{sep}{m}{sep}{d}{t}",
                  st.lists(_DIGIT, min_size=4, max_size=4).map("".join),
                  st.lists(_DIGIT, min_size=2, max_size=2).map("".join),
                  st.lists(_DIGIT, min_size=2, max_size=2).map("".join),
                  st.sampled_from(["", " 06:00", " 23:59", " 6:00", " 06-00", "x"]),
                  st.sampled_from(["", "/", "-", " "]))


def _outcome(f, value):
    try:
        return f(value)
    except ValueError as exc:  # parse_date raises on a few odd digits ("0²"): the same either way
        return type(exc)


@settings(max_examples=1000)
@given(st.one_of(_DATE, TEXT))
def test_fast_date_cached_fields(value: str) -> None:
    first = _outcome(fast_date, value)
    assert first == _outcome(_old_fast_date, value)
    again = _outcome(fast_date, value)  # from the cache: equal, but a new object
    assert again == first
    assert again is not first or not isinstance(again, Date)


def test_fast_date_is_a_new_object_each_time() -> None:
    a = fast_date("2021/09/03 06:00")
    a.day = 1
    assert fast_date("2021/09/03 06:00") == Date(2021, 9, 3, hour=6, minute=0)


def _old_parse_mesh(value: str):
    from medbib.core.model import MeshHeading, MeshQualifier

    parts = value.split("/")
    desc = parts[0].strip()
    major = desc.startswith("*")
    heading = MeshHeading(descriptor=desc.lstrip("*").strip(), major=major)
    for q in parts[1:]:
        q = q.strip()
        if q:
            heading.qualifiers.append(MeshQualifier(name=q.lstrip("*").strip(), major=q.startswith("*")))
    return heading


@settings(max_examples=1000)
@given(TEXT)
def test_parse_mesh_fast_path(value: str) -> None:
    assert parse_mesh(value) == _old_parse_mesh(value)


# continuation lines: the reader drops the space ending the previous line before joining
_PIECE = st.lists(st.sampled_from(["&amp", "&amp;", "&#32;", "&#1", "2;", "&lt", "gt;", "a", "B", " ", "  ",
                                   "\t", "\u00a0", "\u2028", "\x0b", "\r", ".", "&", ";"]), max_size=8).map("".join)


@settings(max_examples=1500)
@given(_PIECE, st.lists(_PIECE.map(str.strip).filter(bool), max_size=4))
def test_continuation_join_same_value(first: str, rest: list[str]) -> None:
    from medbib.readers.medline import build_record

    old = new = first
    for text in rest:  # text: a continuation line as the reader strips it
        old = old + " " + text
        new = new.rstrip(" ") + " " + text
    for tag, attr in (("CI", "copyright"), ("PMID", "pmid")):
        assert getattr(build_record([[tag, new]], False), attr) == getattr(build_record([[tag, old]], False), attr)
