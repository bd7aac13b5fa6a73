"""The generated to_dict functions and the compiled key formats give exactly what the plain
implementations they replaced gave (kept here as references), on tricky inputs."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from serialise_reference import FIELD_NAMES, ODD, records, ref_to_dict, same

from medbib.core import keys
from medbib.core.model import (
    Date,
    HistoryDate,
    Keyword,
    MeshHeading,
    Person,
    Record,
)
from medbib.core.serialise import to_dict
from medbib.core.text import ascii_fold


@settings(max_examples=300)
@given(records)
def test_to_dict_matches_reference_on_records(rec: Record) -> None:
    for skip in ((), ("origin",)):
        assert same(to_dict(rec, skip=skip), ref_to_dict(rec, skip))
    assert same(rec.to_dict(), ref_to_dict(rec, ("origin",)))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(FIELD_NAMES), ODD), max_size=6))
def test_to_dict_matches_reference_on_odd_values(assignments: list[tuple[str, Any]]) -> None:
    rec = Record()
    for name, value in assignments:
        setattr(rec, name, value)
    assert same(rec.to_dict(), ref_to_dict(rec, ("origin",)))


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
