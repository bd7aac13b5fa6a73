"""The generated to_dict functions and the compiled key formats give exactly what the plain
implementations they replaced gave (kept here as references), on tricky inputs."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from medbib.core import keys
from medbib.core.model import (
    AbstractSection,
    Chemical,
    Date,
    Grant,
    HistoryDate,
    Identifier,
    Keyword,
    Link,
    MeshHeading,
    MeshQualifier,
    Person,
    PublicationType,
    Record,
)
from medbib.core.serialise import to_dict
from medbib.core.text import ascii_fold
from medbib.csl import _CUSTOM_SKIP


# --------------------------------------------------------------------------- reference: to_dict
def ref_to_dict(obj: Any, skip: Any = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        v = getattr(obj, f.name)
        if v is None or v is False or v == "":
            continue
        if type(v) is list:
            if not v:
                continue
            v = [ref_value(x) for x in v]
        elif type(v) is dict:
            if not v:
                continue
            v = {k: ref_value(x) for k, x in v.items()}
        elif hasattr(type(v), "__dataclass_fields__"):
            v = ref_to_dict(v)
            if not v:
                continue
        out[f.name] = v
    return out


def ref_value(x: Any) -> Any:
    t = type(x)
    if t is str:
        return x
    if t is list:
        return [ref_value(y) for y in x]
    if t is dict:
        return {k: ref_value(y) for k, y in x.items()}
    if hasattr(t, "__dataclass_fields__"):
        return ref_to_dict(x)
    return x


class Text(str):
    """A str subclass: not a plain string to the fast paths."""


class Items(list):
    """A list subclass: kept as it is, even when empty."""


def same(a: Any, b: Any) -> bool:
    """Equal, with the same key order and the same types all the way down."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if type(a) is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


# odd values a reader might (wrongly) leave in any field: every branch of the generic rules
ODD = st.sampled_from([None, "", "x", Text(""), Text("t"), 0, 1, -1, 0.0, 2.5, True, False, (), (1,),
                       [], [""], Items(), Items(["a"]), {}, {"k": []}, {"k": [Date()]},
                       Date(), Date(0), Date(2020, 0, 0, hour=0, minute=0), HistoryDate("x", Date()),
                       Person(), Keyword(""), [Date(), Date(1)], [[Date(), "a"], {}]])
strs = st.one_of(st.none(), st.sampled_from(["", " ", "a", "Ünïcode"]))
dates = st.builds(Date, st.one_of(st.none(), st.integers(0, 3000)), st.one_of(st.none(), st.integers(0, 12)),
                  st.one_of(st.none(), st.integers(0, 31)), strs, st.none(), strs,
                  st.one_of(st.none(), st.integers(0, 23)), st.one_of(st.none(), st.integers(0, 59)))
people = st.builds(Person, strs, strs, strs, strs, strs, strs, st.lists(st.sampled_from(["", "Aff"]), max_size=2),
                   st.booleans(), st.lists(st.builds(Identifier, st.just("ror"), st.just("x")), max_size=1))
records = st.builds(
    Record,
    title=strs, volume=strs, authors=st.lists(people, max_size=3), investigators=st.lists(people, max_size=2),
    issued=st.one_of(st.none(), dates), epub=st.one_of(st.none(), dates),
    history=st.lists(st.builds(HistoryDate, st.sampled_from(["received", ""]), dates), max_size=3),
    mesh=st.lists(st.builds(MeshHeading, st.just("D"), strs, st.booleans(),
                            st.lists(st.builds(MeshQualifier, st.just("q"), strs, st.booleans()), max_size=2),
                            strs), max_size=3),
    keywords=st.lists(st.builds(Keyword, st.sampled_from(["", "kw"]), strs, st.booleans()), max_size=2),
    chemicals=st.lists(st.builds(Chemical, st.just("c"), strs, strs), max_size=2),
    grants=st.lists(st.builds(Grant, strs, strs, strs, strs, strs), max_size=2),
    links=st.lists(st.builds(Link, st.just("CommentIn"), strs, strs, strs, strs), max_size=2),
    publication_types=st.lists(st.builds(PublicationType, st.just("Review"), strs), max_size=2),
    abstract=st.lists(st.builds(AbstractSection, st.sampled_from(["", "t"]), strs, strs, strs), max_size=2),
    extra=st.dictionaries(st.sampled_from(["a", "b"]), st.lists(st.sampled_from(["", "v"]), max_size=2)),
    authors_truncated=st.booleans(),
)
FIELD_NAMES = [f.name for f in dataclasses.fields(Record)]


@settings(max_examples=300)
@given(records)
def test_to_dict_matches_reference_on_records(rec: Record) -> None:
    for skip in ((), ("origin",), _CUSTOM_SKIP):
        assert same(to_dict(rec, skip=skip), ref_to_dict(rec, skip))
    assert same(rec.to_dict(), ref_to_dict(rec, ("origin",)))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(FIELD_NAMES), ODD), max_size=6))
def test_to_dict_matches_reference_on_odd_values(assignments: list[tuple[str, Any]]) -> None:
    rec = Record()
    for name, value in assignments:
        setattr(rec, name, value)
    assert same(rec.to_dict(), ref_to_dict(rec, ("origin",)))
    assert same(to_dict(rec, skip=_CUSTOM_SKIP), ref_to_dict(rec, _CUSTOM_SKIP))


# --------------------------------------------------------------------------- reference: keys
_TITLE_SPLIT = re.compile(r"[\s\-/:;,.!?()\[\]{}'\"]+")


def ref_title_words(record: Record, limit: int | None = None) -> list[str]:
    out: list[str] = []
    for w in _TITLE_SPLIT.split(record.title or ""):
        if w.lower() in keys.STOP_WORDS:
            continue
        c = keys._clean(w)
        if c:
            out.append(c)
            if limit is not None and len(out) >= limit:
                break
    return out


def ref_render(fmt: str, record: Record) -> str:
    def sub(m: re.Match[str]) -> str:
        name, num = m.group(1), m.group(2)
        if name == "family":
            return keys._family(record)
        if name == "Family":
            return keys._family(record).capitalize()
        if name == "year":
            return str(record.issued.year) if record.issued and record.issued.year else "nd"
        if name == "word":
            words = ref_title_words(record, 1)
            return words[0] if words else ""
        if name == "words":
            n = int(num or 3)
            return "".join(ref_title_words(record, n)[:n]) if n > 0 else ""
        if name == "pmid":
            return record.pmid or ""
        return m.group(0)

    key = ascii_fold(keys._PLACEHOLDER.sub(sub, fmt))
    if not (key.isalnum() and key.isascii()):
        key = keys._NOT_KEY_CHARS.sub("", key)
    return key or "anon"


def joined(pieces: list[str], max_size: int) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), max_size=max_size).map("".join)


titles = st.one_of(st.none(), joined(
    list(" \t\n-/:;,.!?()[]{}'\"") + list("aZé1_ßØ\u00a0\u2009") + ["the ", "of ", "Die ", "an "], 40))
formats = joined(
    ["{family}", "{Family}", "{year}", "{word}", "{words}", "{words:0}", "{words:2}", "{words:12}", "{pmid}",
     "{family:3}", "{author}", "{", "}", "-", ":", "_", ".", "x", "é", " ", "{wörd}"], 6)


@settings(max_examples=500)
@given(titles, st.one_of(st.none(), st.integers(1, 3)))
def test_title_words_match_reference(title: str | None, limit: int | None) -> None:
    rec = Record(title=title)
    assert keys._title_words(rec, limit) == ref_title_words(rec, limit)


@settings(max_examples=500)
@given(formats, titles, st.sampled_from([None, "", "123"]), st.sampled_from([None, Date(), Date(1999)]),
       st.sampled_from([[], [Person(family="Ñúñez")], [Person(literal="The X group")], [Person(given="Al")]]))
def test_render_matches_reference(fmt: str, title: str | None, pmid: str | None, issued: Date | None,
                                  authors: list[Person]) -> None:
    rec = Record(title=title, pmid=pmid, issued=issued, authors=authors)
    assert keys.render(fmt, rec) == ref_render(fmt, rec)
    assert keys.render(keys.compile_format(fmt), rec) == ref_render(fmt, rec)


NESTED = {Date: Date(), Person: Person(), MeshHeading: MeshHeading("D"), Keyword: Keyword("k"),
          HistoryDate: HistoryDate("received", Date(2020))}


@settings(max_examples=300)
@given(st.sampled_from(sorted(NESTED, key=lambda c: c.__name__)), st.data())
def test_to_dict_matches_reference_on_odd_values_in_nested_objects(cls: type, data: st.DataObject) -> None:
    obj = dataclasses.replace(NESTED[cls])
    names = [f.name for f in dataclasses.fields(cls)]  # declared str, int, bool, list and dataclass fields
    for name, value in data.draw(st.lists(st.tuples(st.sampled_from(names), ODD), max_size=4)):
        setattr(obj, name, value)
    assert same(to_dict(obj), ref_to_dict(obj))
    rec = Record(history=[obj, obj], extra={"x": [obj]})  # as list items and dict values
    assert same(rec.to_dict(), ref_to_dict(rec, ("origin",)))
