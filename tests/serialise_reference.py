"""The plain reference for the generated ``to_dict`` functions of ``medbib.core.serialise`` and
hypothesis strategies for records with tricky values: shared by the tests that compare a fast
serialisation with it (tests/test_fast_serialise.py, tests/equivalence/test_csljson_custom_block.py)."""

from __future__ import annotations

import dataclasses
from typing import Any

from hypothesis import strategies as st

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
