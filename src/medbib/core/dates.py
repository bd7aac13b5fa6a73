"""Dates as PubMed writes them: parsing every form seen, and writing them as text or ISO/EDTF."""

from __future__ import annotations

import re

from .model import Date
from .text import collapse
from .vocabulary import MONTH_ABBR, MONTH_NAMES, MONTHS, SEASON_CODES, SEASON_NAMES


def month_number(token: str | None) -> int | None:
    """``Jan``/``January``/``06``/``6`` -> month number; None when it is no month."""
    if not token:
        return None
    t = token.strip().strip(".").lower()
    if t.isdecimal():
        n = int(t)
        return n if 1 <= n <= 12 else None
    if t in MONTHS:
        return MONTHS[t]
    if len(t) >= 3 and t[:3] in MONTHS and t[:3].isascii():
        full = MONTH_NAMES[MONTHS[t[:3]] - 1].lower()
        if full.startswith(t) or t in ("sept",):
            return MONTHS[t[:3]]
    return None


def season_name(token: str) -> str | None:
    """``Summer`` -> ``Summer``; ``Winter-Spring`` -> ``Winter-Spring``; else None."""
    parts = token.strip().split("-")
    names = [SEASON_NAMES.get(p.strip().lower()) for p in parts]
    if all(names):
        return "-".join(names)  # type: ignore[arg-type]
    return None


_YEAR = re.compile(r"^\d{4}$")
_YYYYMMDD = re.compile(r"\d{8}")
_YMD_TIME = re.compile(r"(\d{4})[/-](\d{1,2})(?:[/-](\d{1,2}))?(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?")
_NUMERIC_DATE = re.compile(r"[\d/ :T-]+")
_YEAR_RANGE = re.compile(r"^(\d{4})-(\d{4})$")  # "2004-2005" (DP, MedlineDate)


def parse_date(text: str | None) -> Date | None:
    """See :func:`_parse_date`; ``raw`` is kept only when the parse could not represent the text
    exactly (so that one date read from structured XML and from text compares equal)."""
    d = _parse_date(text)
    if d is not None and d.year is not None and d.raw is not None:
        s = d.raw.rstrip("/.;, ")
        if format_date(d) == s or _NUMERIC_DATE.fullmatch(s):
            d.raw = None
    return d


def _parse_date(text: str | None) -> Date | None:
    """Parse the date forms PubMed writes (DP, MedlineDate, Abstract-text citation dates).

    ``2021 Jan 18``, ``2021 Jan``, ``2016 Summer``, ``2010 Sep-Oct``, ``1998 Dec-1999 Jan``,
    ``2016 Oct-Dec``, ``1996 Jul 9-15``, ``2018 Jul-Ago``, ``2016 Oct-Nov/``, ``20190111``,
    ``2025/05/13 20:53``, ``2021-01-18``, ``2004-2005``. The text as written is kept in ``raw``.
    Returns None for empty input; a Date with only ``raw`` when nothing could be parsed.
    """
    raw = collapse(text)
    if not raw:
        return None
    s = raw.rstrip("/.;, ")
    numeric = _numeric_date(s, raw)
    if numeric is not None:
        return numeric
    tokens = s.replace(",", " ").split()
    years = _YEAR_RANGE.match(tokens[0]) if len(tokens) == 1 else None  # most dates have a month
    if years and years.group(2) > years.group(1):
        return Date(year=int(years.group(1)), end=Date(year=int(years.group(2))), raw=raw)
    if not tokens or not _YEAR.match(tokens[0]):
        return _year_last(tokens, raw)
    date = Date(year=int(tokens[0]), raw=raw)
    rest = tokens[1:]
    if not rest:
        return date
    if "-" in rest[0]:
        return _range_in_token(date, rest)
    return _month_and_day(date, rest)


def _numeric_date(s: str, raw: str) -> Date | None:
    """``YYYYMMDD``, ``YYYY/MM/DD[ HH:MM]``, ``YYYY-MM-DD``; None for any other form."""
    if _YYYYMMDD.fullmatch(s):
        return _valid(Date(int(s[:4]), int(s[4:6]) or None, int(s[6:]) or None, raw=raw))
    m = _YMD_TIME.fullmatch(s)
    if m:
        y, mo, d, hh, mm = m.groups()
        return _valid(Date(int(y), int(mo), int(d) if d else None, raw=raw,
                           hour=int(hh) if hh else None, minute=int(mm) if mm else None))
    return None


def _year_last(tokens: list[str], raw: str) -> Date:
    """``Spring 2016``: the year at the end; anything else is kept as text only."""
    if tokens and _YEAR.match(tokens[-1]):
        d = _parse_date(" ".join([tokens[-1], *tokens[:-1]]))
        if d:
            d.raw = raw
        return d  # type: ignore[return-value]
    return Date(raw=raw)


def _range_in_token(date: Date, rest: list[str]) -> Date:
    """A range inside the token after the year: ``Sep-Oct``, ``Winter-Spring``, ``Dec-1999 Jan``."""
    first = rest[0]
    a, _, b = first.partition("-")
    season = season_name(first)
    if season:
        date.season = season
        return date
    start = month_number(a)
    if start is None:
        return Date(year=date.year, raw=date.raw)
    date.month = start
    if _YEAR.match(b):  # "Dec-1999 Jan"
        end = Date(year=int(b))
        if len(rest) > 1:
            end.month = month_number(rest[1])
            if len(rest) > 2 and rest[2].isdecimal():
                end.day = int(rest[2])
        date.end = end
        return date
    end_month = month_number(b)
    if end_month is not None:
        date.end = Date(year=date.year, month=end_month)
        if len(rest) > 1 and rest[1].isdecimal():
            date.end.day = int(rest[1])
    return date


def _month_and_day(date: Date, rest: list[str]) -> Date:
    """A season, or a month with its day, day range (``Jul 9-15``, ``Jul 30-Aug 5``) or end month."""
    season = season_name(rest[0])
    if season:
        date.season = season
        return date
    month = month_number(rest[0])
    if month is None:
        return Date(year=date.year, raw=date.raw)
    date.month = month
    if len(rest) > 1:
        day = rest[1]
        if "-" in day:
            _day_range(date, day, rest)
        elif day.isdecimal():
            date.day = int(day)
        elif month_number(day.lstrip("-")):  # "Jan - Feb" with spaces
            date.end = Date(year=date.year, month=month_number(day.lstrip("-")))
    return _valid(date)


def _day_range(date: Date, day: str, rest: list[str]) -> None:
    """``9-15`` (to the 15th) or ``30-Aug 5`` (to another month's day)."""
    a, _, b = day.partition("-")
    if a.isdecimal():
        date.day = int(a)
    if b.isdecimal():
        date.end = Date(year=date.year, month=date.month, day=int(b))
    elif month_number(b) and len(rest) > 2 and rest[2].isdecimal():
        date.end = Date(year=date.year, month=month_number(b), day=int(rest[2]))


def _valid(d: Date) -> Date:
    if d.month is not None and not 1 <= d.month <= 12:
        d.month = None
        d.day = None
    if d.day is not None and not 1 <= d.day <= 31:
        d.day = None
    return d


def year_range(d: Date) -> tuple[int, int] | None:
    """(2004, 2005) for a range of years whose start has no month or season (PubMed's
    ``DP  - 2004-2005``); None for any other date."""
    end = d.end
    if d.year is None or end is None or not end.year or end.year == d.year or d.month or d.season:
        return None
    return d.year, end.year


def format_date(d: Date | None) -> str | None:
    """PubMed-style text for a date: ``2021 Jan 18``, ``2016 Summer``, ``2010 Sep-Oct``."""
    if d is None:
        return None
    if d.year is None:
        return d.raw
    out = str(d.year)
    if d.season:
        return f"{out} {d.season}"
    if d.month:
        out += " " + MONTH_ABBR[d.month - 1]
        if d.day:
            out += f" {d.day}"
    if d.end:
        e = d.end
        if e.year != d.year and e.year is not None:
            out += f"-{e.year}" + (f" {MONTH_ABBR[e.month - 1]}" if e.month else "")
        elif e.month and e.month != d.month:
            out += f"-{MONTH_ABBR[e.month - 1]}"
            if e.day:
                out += f" {e.day}"
        elif e.day:
            out += f"-{e.day}"
    return out


def iso_date(d: Date | None) -> str | None:
    """``2021-01-18``/``2021-01``/``2021``; ranges as ``2010-09/2010-10``; seasons as ``2016-22`` (EDTF)."""
    if d is None or d.year is None:
        return None

    def one(x: Date) -> str:
        s = f"{x.year:04d}"
        if x.month:
            s += f"-{x.month:02d}"
            if x.day:
                s += f"-{x.day:02d}"
        elif x.season and x.season in SEASON_CODES:
            s += f"-{SEASON_CODES[x.season]}"
        return s

    out = one(d)
    if d.end and d.end.year:
        out += "/" + one(d.end)
    return out

