"""RIS values, both directions: one-line text, names, dates, link notes.

* A group author whose name contains a comma is written with U+201A (SINGLE LOW-9 QUOTATION
  MARK, which looks like a comma) in place of each comma: Zotero, EndNote and pandoc split an
  ``AU`` value at its first ASCII comma into family/given, so an ASCII comma would turn
  "Department of X, University Y" into a person. The reader turns U+201A in a comma-free ``AU``
  value back into commas.
* Links (errata, retractions, comments) go to ``N1`` as ``Erratum in: <citation> [PMID: n]
  [DOI: …]`` and are read back from there.
"""

from __future__ import annotations

import re

from ...core.dates import format_date, parse_date, season_name, year_range
from ...core.model import Date, Link, Person
from ...core.names import initials_to_given, is_suffix, split_suffix
from ...core.text import collapse
from ...core.vocabulary import LINK_HEADERS, LINK_KIND_BY_HEADER

GROUP_COMMA = "\u201a"  # SINGLE LOW-9 QUOTATION MARK stands for "," inside group names


# --------------------------------------------------------------------------- text
def fold(value: str | None) -> str:
    """One RIS value: every line break / tab folded to a space, whitespace collapsed.

    Everything some reader (Python's str.splitlines, pandoc, Zotero) takes for a line end — CR,
    LF, VT, FF, U+001C–1E, U+0085, U+2028, U+2029 — and tabs are white space to ``str.split``, so
    collapsing folds them: no value can span lines or start a tag."""
    if not value:
        return ""
    return " ".join(value.split())


# --------------------------------------------------------------------------- names
def person_value(p: Person) -> str:
    """``Family, Given[, Suffix]``; initials-only given as ``T. H.``; groups verbatim
    (commas replaced by U+201A, see the module docstring)."""
    if p.is_group or not p.family:
        name = fold(p.literal or p.family or "")
        return name.replace(",", GROUP_COMMA)
    given = p.given or (initials_to_given(p.initials) if p.initials else None)
    parts = [fold(p.family)]
    if given or p.suffix:
        parts.append(fold(given))
    if p.suffix:
        parts.append(fold(p.suffix))
    return ", ".join(parts)


_INITIALS_RUN = re.compile(r"^(?:[A-Z]\.\s*)+$")


def parse_person(value: str) -> Person | None:
    """``Family, Given[, Suffix]``; ``Baldwin,S.A.`` (legacy); a value without a comma or with a
    trailing comma only is a group name."""
    v = collapse(value)
    if not v:
        return None
    if "," not in v.rstrip(","):
        return Person(literal=v.rstrip(",").strip().replace(GROUP_COMMA, ",") or v)
    family, _, rest = v.partition(",")
    family = family.strip()
    parts = [x.strip() for x in rest.split(",")]
    suffix = None
    if len(parts) > 1 and is_suffix(parts[-1]):
        suffix = parts.pop().rstrip(".")
    given = ", ".join(x for x in parts if x) or None
    if suffix is None:
        given, suffix = split_suffix(given)  # "Carson, William E 3rd": the one suffix rule
    if given and _INITIALS_RUN.match(given):  # "S.A." -> "S. A." (medbib's initials form)
        given = " ".join(re.findall(r"[A-Z]\.", given))
    if not family:
        return Person(literal=v)
    return Person(family=family, given=given, suffix=suffix)


# --------------------------------------------------------------------------- dates
def ris_date(d: Date | None) -> str | None:
    """``YYYY/MM/DD/other`` with only the known parts: ``2021/01//``, ``2021/01/18/``,
    ``2016///Summer``, ``2010/09//Sep-Oct``. The 'other' part holds what Y/M/D cannot
    (season, range end, text that did not parse); never placeholder text."""
    if d is None:
        return None
    if d.year is None:
        return fold(d.raw) or None
    years = year_range(d)
    if years and not (d.end.month or d.end.season or d.raw):  # type: ignore[union-attr]
        # DA has no place for a second year: Zotero keeps ``2004-2005`` whole (from
        # ``2004///2004-2005`` or ``2004///-2005`` it keeps only 2004); our reader reads it back
        return f"{years[0]:04d}-{years[1]:04d}"
    ymd = f"{d.year:04d}/{f'{d.month:02d}' if d.month else ''}/{f'{d.day:02d}' if d.month and d.day else ''}/"
    other = ""
    if d.raw:
        other = d.raw
    elif d.season or d.end:
        text = format_date(d) or ""
        other = text[len(str(d.year)):].strip()
    # a slash in 'other' would end Zotero's date pattern early
    return ymd + fold(other).replace("/", " ").strip()


def short_date(d: Date | None) -> str | None:
    """``2020/11/18``/``2020/11``/``2020`` (EndNote's ET epub date)."""
    if d is None or d.year is None:
        return None
    out = f"{d.year:04d}"
    if d.month:
        out += f"/{d.month:02d}"
        if d.day:
            out += f"/{d.day:02d}"
    return out


_RIS_DATE = re.compile(r"^(\d{1,4})(?:/(\d{0,2})(?:/(\d{0,2})(?:[/ ](.*))?)?)?/?$")


def parse_ris_date(value: str | None) -> Date | None:
    """``1998///Spring``, ``1990/2/27``, ``2014/06/01``, ``2010/09//Sep-Oct``, ``2021``; other
    text goes through :func:`medbib.core.dates.parse_date`. ``0000`` (Scopus' unknown year) is no date."""
    v = collapse(value)
    if not v:
        return None
    m = _RIS_DATE.match(v)
    if not m:
        return parse_date(v)
    y, mo, da, other = m.groups()
    year = int(y)
    if year == 0:
        return None
    month = int(mo) if mo and 1 <= int(mo) <= 12 else None
    day = int(da) if da and month and 1 <= int(da) <= 31 else None
    other = (other or "").strip()
    if other:
        found = _other_part(year, month, day, other)
        if found is not None:
            return found
    return Date(year=year, month=month, day=day)


def _other_part(year: int, month: int | None, day: int | None, other: str) -> Date | None:
    """The date the 'other' part of ``YYYY/MM/DD/other`` gives — a season, a range (Sep-Oct), or
    a whole date text as written — when it agrees with year and month; else None."""
    full = other if re.match(r"^\d{4}\b", other) else f"{year} {other}"
    parsed = parse_date(full)
    if parsed is not None and parsed.year == year and parsed.month in (None, month):
        if parsed.month is None and month:
            parsed.month, parsed.day = month, day
        if parsed.day is None and day and parsed.month == month:
            parsed.day = day
        return parsed
    sn = season_name(other)
    if sn and month is None:
        return Date(year=year, season=sn)
    return None


# --------------------------------------------------------------------------- links
_LINK_SUFFIX = re.compile(r"\s*\[(PMID|DOI|Note): ([^\]]*)\]$")


def link_note(link: Link) -> str:
    """``Erratum in: Br J Cancer. 2021;124(2):500 [PMID: 33300000] [DOI: 10.…]``."""
    header = LINK_HEADERS.get(link.kind, link.kind)
    text = f"{header}: {link.citation or ''}".rstrip()
    for label, value in (("PMID", link.pmid), ("DOI", link.doi), ("Note", link.note)):
        if value:
            text += f" [{label}: {value}]"
    return text


def parse_link_note(note: str) -> Link | None:
    """The link a :func:`link_note` wrote; None when ``note`` is no link."""
    head, sep, rest = note.partition(": ")
    kind = LINK_KIND_BY_HEADER.get(head.strip().lower())
    if not sep or not kind:
        return None
    link = Link(kind=kind)
    while (m := _LINK_SUFFIX.search(rest)):
        setattr(link, {"PMID": "pmid", "DOI": "doi", "Note": "note"}[m.group(1)], m.group(2))
        rest = rest[: m.start()]
    link.citation = rest.strip() or None
    return link
