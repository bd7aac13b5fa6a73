"""Small pure functions shared by readers and writers: whitespace, titles, pages, dates, ids.

Every reader uses these, so that one article read from XML, MEDLINE text or Abstract text
gives equal field values.
"""

from __future__ import annotations

import html
import re
import unicodedata

from .model import Date

_WS = re.compile(r"\s+")


def collapse(text: str | None) -> str:
    """Strip and collapse every run of whitespace to one space."""
    if not text:
        return ""
    # str.split() splits on exactly the characters re's \s matches for str (str.isspace): same result,
    # several times faster than _WS.sub(...).strip() (collapse is called per field on every record)
    return " ".join(text.split())


def unescape(text: str) -> str:
    """Decode leftover HTML entities (``&lt;`` ``&amp;`` ``&#xb1;``) as PubMed text exports carry them."""
    return html.unescape(text) if "&" in text else text


def clean_title(title: str | None) -> str | None:
    """Collapse whitespace and drop one closing period (``Title.`` -> ``Title``; ``[Title].`` -> ``[Title]``).

    ``?``/``!`` stay; an ellipsis stays. Brackets of NLM translated titles are kept.
    """
    t = collapse(title)
    if not t:
        return None
    if t.endswith(".") and not t.endswith(".."):
        t = t[:-1].rstrip()
    return t or None


def is_translated_title(title: str | None) -> bool:
    return bool(title) and title.startswith("[") and title.rstrip(".").endswith("]")


# --------------------------------------------------------------------------- pages
_RANGE = re.compile(r"^(\D*?)(\d+)(\s*[-–]\s*)(\D*?)(\d+)(\D*)$")


def expand_range(part: str) -> str:
    """Expand one abbreviated page range: ``1123-45`` -> ``1123-1145``; ``S78-85`` -> ``S78-S85``?

    Only a *shorter numeric end* is expanded, with the start's prefix (``S78-85`` is left as
    written because the end carries no prefix that could be guessed safely... see below).
    Non-ranges (``e0179990``) are returned unchanged.
    """
    part = part.strip()
    m = _RANGE.match(part)
    if not m:
        return part
    pre1, a, _dash, pre2, b, post = m.groups()
    if post:
        return part
    if pre1 and not pre2:
        # "S78-85": a letter prefix on the start only; expand digits, keep the end bare as written
        if len(b) < len(a):
            b = a[: len(a) - len(b)] + b
        return f"{pre1}{a}-{b}"
    if pre1 != pre2:
        return part
    if len(b) < len(a):
        full = a[: len(a) - len(b)] + b
        # "1136-41" -> 1141; if the expansion is not after the start, keep as written
        if int(full) >= int(a):
            b = full
    return f"{pre1}{a}-{pre2}{b}"


def expand_pages(pages: str | None) -> str | None:
    """Normalise a MEDLINE pagination string: every comma-separated range expanded.

    ``136-41`` -> ``136-141``; ``1559-65, 1570`` -> ``1559-1565, 1570``; ``e0179990`` unchanged.
    """
    p = collapse(pages)
    if not p:
        return None
    return ", ".join(expand_range(x) for x in p.split(",") if x.strip())


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """First and last page of a normalised pagination (``136-141`` -> (136, 141))."""
    if not pages:
        return None, None
    first_part = pages.split(",")[0].strip()
    last_part = pages.split(",")[-1].strip()
    a, sep, _ = first_part.partition("-")
    _, sep2, b = last_part.rpartition("-")
    first = a.strip() or None
    last = (b.strip() if sep2 else last_part) or None
    if not sep and "," not in pages:
        last = None
    return first, last


# --------------------------------------------------------------------------- dates
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
    # seen in PubMed data: Spanish/Portuguese/French/German abbreviations
    "ene": 1, "fev": 2, "fév": 2, "abr": 4, "mai": 5, "ago": 8, "set": 9, "okt": 10, "dez": 12,
    "dic": 12, "avr": 4, "juil": 7, "sept": 9, "déc": 12, "mär": 3, "mrz": 3,
}
MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASON_NAMES = {"spring": "Spring", "summer": "Summer", "fall": "Fall", "autumn": "Fall", "winter": "Winter"}


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
        full = ("january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")[MONTHS[t[:3]] - 1]
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
    ``2025/05/13 20:53``, ``2021-01-18``. The text as written is kept in ``raw``.
    Returns None for empty input; a Date with only ``raw`` when nothing could be parsed.
    """
    raw = collapse(text)
    if not raw:
        return None
    s = raw.rstrip("/.;, ")
    # compact YYYYMMDD
    if _YYYYMMDD.fullmatch(s):
        return _valid(Date(int(s[:4]), int(s[4:6]) or None, int(s[6:]) or None, raw=raw))
    # YYYY/MM/DD[ HH:MM] and YYYY-MM-DD
    m = _YMD_TIME.fullmatch(s)
    if m:
        y, mo, d, hh, mm = m.groups()
        return _valid(Date(int(y), int(mo), int(d) if d else None, raw=raw,
                           hour=int(hh) if hh else None, minute=int(mm) if mm else None))
    tokens = s.replace(",", " ").split()
    if not tokens or not _YEAR.match(tokens[0]):
        # "Spring 2016"? Try year at the end
        if tokens and _YEAR.match(tokens[-1]):
            d = _parse_date(" ".join([tokens[-1], *tokens[:-1]]))
            if d:
                d.raw = raw
            return d
        return Date(raw=raw)
    year = int(tokens[0])
    rest = tokens[1:]
    date = Date(year=year, raw=raw)
    if not rest:
        return date
    # "1998-1999" as year range
    if len(tokens) == 1 and "-" in tokens[0]:
        return date
    first = rest[0]
    # ranges inside one token: "Sep-Oct", "Dec-1999" (followed by "Jan"), "9-15"
    if "-" in first:
        a, _, b = first.partition("-")
        sa = season_name(first)
        if sa:
            date.season = sa
            return date
        ma = month_number(a)
        if ma is None:
            return Date(year=year, raw=raw)
        date.month = ma
        if _YEAR.match(b):  # "Dec-1999 Jan"
            end = Date(year=int(b))
            if len(rest) > 1:
                end.month = month_number(rest[1])
                if len(rest) > 2 and rest[2].isdecimal():
                    end.day = int(rest[2])
            date.end = end
            return date
        mb = month_number(b)
        if mb is not None:
            date.end = Date(year=year, month=mb)
            if len(rest) > 1 and rest[1].isdecimal():
                date.end.day = int(rest[1])
            return date
        return date
    sn = season_name(first)
    if sn:
        date.season = sn
        return date
    month = month_number(first)
    if month is None:
        return Date(year=year, raw=raw)
    date.month = month
    if len(rest) > 1:
        day = rest[1]
        if "-" in day:  # "Jul 9-15" or "Jul 30-Aug 5"
            a, _, b = day.partition("-")
            if a.isdecimal():
                date.day = int(a)
            if b.isdecimal():
                date.end = Date(year=year, month=month, day=int(b))
            elif month_number(b) and len(rest) > 2 and rest[2].isdecimal():
                date.end = Date(year=year, month=month_number(b), day=int(rest[2]))
        elif day.isdecimal():
            date.day = int(day)
        elif month_number(day.lstrip("-")):  # "Jan - Feb" with spaces
            date.end = Date(year=year, month=month_number(day.lstrip("-")))
    return _valid(date)


def _valid(d: Date) -> Date:
    if d.month is not None and not 1 <= d.month <= 12:
        d.month = None
        d.day = None
    if d.day is not None and not 1 <= d.day <= 31:
        d.day = None
    return d


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


SEASON_CODES = {"Spring": 21, "Summer": 22, "Fall": 23, "Autumn": 23, "Winter": 24}


# --------------------------------------------------------------------------- identifiers
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PMCID = re.compile(r"(?:PMC)?(\d+)", re.IGNORECASE)
_ORCID_PREFIX = re.compile(r"^ORCID:\s*", re.IGNORECASE)


def normalize_doi(value: str | None, sentence: bool = False) -> str | None:
    """Bare DOI: resolver prefix and ``doi:`` removed. ``sentence=True`` (a DOI cut out of running
    text, as in a citation line) also drops the sentence's closing period; structured fields keep
    the DOI exactly as given."""
    v = collapse(value)
    if not v:
        return None
    v = _DOI_PREFIX.sub("", v)
    if sentence:
        v = v.rstrip(".")
    return v or None


def normalize_pmcid(value: str | None) -> str | None:
    v = collapse(value)
    if not v:
        return None
    v = v.split("[")[0].strip()  # "PMC3951712 [Available on 2014/12/1]"
    m = _PMCID.search(v)
    return f"PMC{m.group(1)}" if m else None


_ORCID = re.compile(r"(\d{3,4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")


def normalize_orcid(value: str | None) -> str | None:
    """``0000-0003-3724-9945``, ``http://orcid.org/…``, ``ORCID: …`` -> ``https://orcid.org/0000-0003-3724-9945``.

    Malformed values (a digit missing) are kept as written, without the URL prefix.
    """
    v = collapse(value)
    if not v:
        return None
    v = _ORCID_PREFIX.sub("", v)
    m = _ORCID.search(v)
    if m and len(m.group(1)) == 4:
        return "https://orcid.org/" + "-".join(m.groups()).upper()
    return v


# --------------------------------------------------------------------------- ASCII
_SPECIAL_FOLD = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L",
                 "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i"}


def ascii_fold(text: str) -> str:
    """Transliterate to ASCII the simple way (NFKD, drop combining marks, a few special letters)."""
    if text.isascii():  # nothing to fold (the common case: citation keys, most names)
        return text
    text = "".join(_SPECIAL_FOLD.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


SUFFIXES = ("Jr", "Sr", "2nd", "3rd", "II", "III", "IV", "V")
_SUFFIX_RE = re.compile(r"^(?:Jr|Sr|2nd|3rd|\d+th)\.?$")


def split_suffix(given: str | None) -> tuple[str | None, str | None]:
    """``A Clinton Jr`` -> (``A Clinton``, ``Jr``); ``John R 2nd`` -> (``John R``, ``2nd``)."""
    if not given:
        return given, None
    last = given[-1]
    if last not in "rdh." and not last.isspace():  # every suffix ends in r, d, h or "."
        return given, None
    parts = given.split()
    if len(parts) > 1 and _SUFFIX_RE.match(parts[-1]):
        return " ".join(parts[:-1]), parts[-1].rstrip(".")
    return given, None


def initials_to_given(initials: str) -> str:
    """``TH`` -> ``T. H.``; ``T C`` -> ``T. C.`` (spaced initials of old records)."""
    letters = [c for c in initials if not c.isspace() and c not in ".-"]
    if not letters or not all(c.isupper() for c in letters):
        return initials
    return " ".join(f"{c}." for c in letters)


def given_from_forename(forename: str | None) -> str | None:
    """A ForeName that is only spaced capitals (``T C``) becomes ``T. C.``; others stay."""
    f = collapse(forename)
    if not f:
        return None
    tokens = f.split()
    if all(len(t) == 1 and t.isupper() for t in tokens):
        return " ".join(t + "." for t in tokens)
    return f
