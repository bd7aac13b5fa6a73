"""Compact dates (``YYYYMMDD``, ``YYYY/MM/DD``, ``YYYY/MM/DD HH:MM``) are read by slicing, through
a bounded cache, and give what the plain code gave; each call gets its own Date (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from medline_tools import TEXT

from medbib.core.dates import parse_date
from medbib.core.model import Date
from medbib.format.medline.values import fast_date


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
