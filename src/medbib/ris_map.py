"""RIS tables shared by the RIS reader and writer (one place, both directions).

RIS syntax (``XX  - value`` lines, list tags, records closed by ``ER``) is rispy's business;
this module says what each tag *means* for a medbib record, and holds the few pure
helpers both directions need (value folding, dates, names).

Choices (see docs/formats/ris.md for the reasons):

* PMID goes to ``AN`` (EndNote's accession number for PubMed records) **and** to an
  ``M2  - PMID: n`` line; PMCID to ``C2`` (EndNote's JOUR convention) **and**
  ``M2  - PMCID: PMC…``. Zotero's RIS.js files ``AN`` under "Loc. in Archive", drops ``C2``
  for journal articles (and reads it as a *book author* for chapters, so chapters get no
  ``C2``), and appends every ``M2`` value to Extra, one line each, where Zotero treats
  ``PMID: n``/``PMCID: …`` lines as data. The M2 lines can be turned off with the writer
  option ``zotero_extra=False`` (then the output is EndNote-style only).
* A group author whose name contains a comma is written with U+201A (SINGLE LOW-9
  QUOTATION MARK, which looks like a comma) in place of each comma: Zotero, EndNote and
  pandoc split an ``AU`` value at its first ASCII comma into family/given, so an ASCII comma
  would turn "Department of X, University Y" into a person. medbib's reader turns U+201A in a
  comma-free ``AU`` value back into commas.
"""

from __future__ import annotations

import re

from .core.dates import format_date, season_name
from .core.model import Date, Person
from .core.names import initials_to_given
from .core.text import collapse
from .core.vocabulary import (
    ARTICLE_JOURNAL,
    BOOK,
    CHAPTER,
    DATASET,
    DOCUMENT,
    PAPER_CONFERENCE,
    PREPRINT,
    REPORT,
    SUFFIX_RIS,
    THESIS,
    WEBPAGE,
)

# --------------------------------------------------------------------------- item types
#: record type -> TY written
TYPE_TO_TY: dict[str, str] = {
    ARTICLE_JOURNAL: "JOUR",
    BOOK: "BOOK",
    CHAPTER: "CHAP",
    PREPRINT: "EJOUR",
    DATASET: "DATA",
    REPORT: "RPRT",
    THESIS: "THES",
    WEBPAGE: "ELEC",
    PAPER_CONFERENCE: "CPAPER",
    DOCUMENT: "GEN",
}
#: TY read -> record type (TYs not listed become "document"; the TY is kept in extra["TY"])
TY_TO_TYPE: dict[str, str] = {
    "JOUR": ARTICLE_JOURNAL, "JFULL": ARTICLE_JOURNAL, "ABST": ARTICLE_JOURNAL,
    "INPR": ARTICLE_JOURNAL, "MGZN": ARTICLE_JOURNAL,
    "EJOUR": PREPRINT,  # an EJOUR with a volume or issue is read as a journal article (reader)
    "BOOK": BOOK, "EBOOK": BOOK, "EDBOOK": BOOK, "CLSWK": BOOK, "SER": BOOK,
    "CHAP": CHAPTER, "ECHAP": CHAPTER,
    "DATA": DATASET, "DBASE": DATASET,
    "RPRT": REPORT, "GOVDOC": REPORT, "STAND": REPORT,
    "THES": THESIS,
    "ELEC": WEBPAGE, "WEB": WEBPAGE, "BLOG": WEBPAGE,
    "CONF": PAPER_CONFERENCE, "CPAPER": PAPER_CONFERENCE,
    "GEN": DOCUMENT,
}

# --------------------------------------------------------------------------- tags
#: order in which the writer emits tags (TY first and ER last are rispy's)
WRITE_ORDER: tuple[str, ...] = (
    "ID", "TI", "TT", "ST", "AU", "A2", "A3", "A4", "T2", "J2", "T3", "PY", "DA", "ET", "VL", "IS",
    "SP", "EP", "C7", "M1", "DO", "SN", "AB", "KW", "LA", "AN", "C2", "C6", "M2", "M3", "PB", "CY",
    "UR", "AD", "N1",
)
#: tags the writer may write several times
WRITE_LIST_TAGS: frozenset[str] = frozenset(
    {"AU", "A2", "A3", "A4", "SN", "KW", "LA", "UR", "AD", "N1", "M2"}
)
#: tags whose continuation lines are separate values (as Zotero reads them); others are joined
NEWLINE_VALUE_TAGS: frozenset[str] = frozenset({"KW", "L1", "L2", "L3", "L4"})

#: tags the reader turns into record fields; anything else goes to record.extra[tag]
AUTHOR_TAGS = ("AU", "A1")
TITLE_TAGS = ("TI", "T1", "CT")
FULL_JOURNAL_TAGS = ("T2", "JF")
ABBREV_JOURNAL_TAGS = ("J2", "JO", "JA", "J1")
DATE_TAGS = ("DA", "Y1", "PY")  # first present wins (Zotero: DA over Y1 over PY)
ABSTRACT_TAGS = ("AB", "N2")

# N1 notes medbib writes for fields RIS has no tag for; the reader parses them back.
NOTE_COI = "Conflict of interest"
NOTE_COPYRIGHT = "Copyright"

GROUP_COMMA = "\u201a"  # SINGLE LOW-9 QUOTATION MARK stands for "," inside group names

# --------------------------------------------------------------------------- values
# Everything that some reader (Python's str.splitlines, pandoc, Zotero) takes for a line end,
# plus tabs: folded to a space so that no value can span lines or start a tag.
_BREAKS = re.compile(r"[\r\n\t\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def fold(value: str | None) -> str:
    """One RIS value: every line break / tab folded to a space, whitespace collapsed."""
    if not value:
        return ""
    # every character _BREAKS matches is whitespace to str.split(), so collapsing alone folds them
    # (the same result as collapse(_BREAKS.sub(" ", value)) without a regex pass per value)
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
    if len(parts) > 1 and SUFFIX_RIS.match(parts[-1]):
        suffix = parts.pop().rstrip(".")
    given = ", ".join(x for x in parts if x) or None
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
    from .core.dates import parse_date

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
        # the 'other' part: a season, a range (Sep-Oct), or a whole date text as written
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
    return Date(year=year, month=month, day=day)
