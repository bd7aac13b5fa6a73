"""The citation line and the book citation.

``Br J Cancer. 2021 Jan;124(1):136-141. doi: 10.x/y. Epub 2020 Nov 18.``: source, date,
``;volume(issue):pages``, then a tail of ``doi:``, ``pii:``, ``Epub``, ``eCollection``,
``[Epub ahead of print]``, ``Online ahead of print.``, ``Print``. A book (chapter) has no such
line: its ``In: … editors. Title. Place: Publisher; years.`` block and its date line are read here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ...core.dates import parse_date
from ...core.identifiers import normalize_doi
from ...core.model import Date, HistoryDate, Record
from ...core.pages import is_doi, set_pages
from ...core.text import clean_title, collapse
from ...core.vocabulary import PREPRINT
from .people import parse_people
from .records import unwrap

SOURCE_RE = re.compile(r"^(?P<source>\S.*?)\. (?P<rest>\d{4}(?:\b.*)?)$")
DATE_RE = re.compile(r"^(?P<date>\d{4}[^;:.]*?)(?=[;:.]|$)")
VIP_RE = re.compile(r"^(?P<vip>[;:].*?)\."
                    r"(?=\s(?:doi:|pii:|Epub\b|eCollection\b|\[Epub|Online ahead|Print\b)|\s*$)")
VIP_PARTS = re.compile(r"^(?:;(?P<vol>[^(:]*))?(?:\((?P<iss>[^)]*)\)\s*)?(?::(?P<loc>.*))?$")
#: the tail after volume, issue and pages: (key, pattern), tried in this order at each position
TAIL_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doi", re.compile(r"^doi:\s*(\S+?)\.?(?=\s|$)")),
    ("pii", re.compile(r"^pii:\s*(\S+?)\.?(?=\s|$)")),
    ("epub", re.compile(r"^Epub\s+(\d{4}[^.\[]*?)\s*\.(?=\s|$)")),
    ("ecollection", re.compile(r"^eCollection\s+(\d{4}[^.]*?)\s*\.(?=\s|$)")),
    ("aheadofprint", re.compile(r"^\[Epub ahead of print\]\.?")),
    ("aheadofprint", re.compile(r"^Online ahead of print\.?")),
    ("print", re.compile(r"^Print\s+(\d{4}[^.]*?)\s*\.(?=\s|$)")),
)
_DATE_DOT = re.compile(r"^\.[;:]")  # "2017 Dec.;18(12):..."

BOOK_IN = re.compile(r"^In:\s*(?P<editors>.*?),\s*editors?\.\s*(?P<rest>.*)$", re.DOTALL)
BOOK_PUB = re.compile(r"^(?P<title>.*?)\.\s+(?P<place>[^.:;]+?):\s*(?P<publisher>[^;]+?);"
                      r"\s*(?P<years>[^.]*)\.?$", re.DOTALL)
BOOK_DATE = re.compile(r"^(?P<date>\d{4}[^\[.]*?)\s*(?:\[updated (?P<updated>[^\]]+)\])?\.?$", re.IGNORECASE)
#: the date line run into the "In:" block: "... 1993-2025. 2006 Apr 18 [updated 2025 Aug 14]."
_BOOK_IN_DATE = re.compile(r"\s(\d{4}(?: [A-Z][a-z]{2}(?: \d{1,2})?)?(?: \[updated [^\]]+\])?\.?)$")


@dataclass
class Citation:
    source: str | None = None
    date: Date | None = None
    volume: str | None = None
    issue: str | None = None
    pages_raw: str | None = None
    tail: dict[str, list[str]] = field(default_factory=dict)
    unparsed: str | None = None
    preprint: bool = False


# --------------------------------------------------------------------------- parsing the line
def _volume_issue_pages(c: Citation, rest: str) -> str:
    """``;124(1):136-141.`` into the citation; returns what follows."""
    vm = VIP_RE.match(rest)
    if not vm:
        return rest.removeprefix(".")
    parts = VIP_PARTS.match(vm.group("vip"))
    if parts:
        c.volume = collapse(parts.group("vol")) or None
        c.issue = collapse(parts.group("iss")) or None
        c.pages_raw = collapse(parts.group("loc")) or None
    else:
        c.unparsed = vm.group("vip")
    return rest[vm.end():]


def _tail(c: Citation, rest: str) -> None:
    """``doi: … pii: … Epub …`` into ``c.tail``; what no item matches goes to ``c.unparsed``."""
    rest = rest.strip()
    while rest:
        for key, pat in TAIL_ITEMS:
            tm = pat.match(rest)
            if tm:
                c.tail.setdefault(key, []).append(tm.group(1) if tm.groups() else "")
                rest = rest[tm.end():].strip()
                break
        else:
            c.unparsed = ((c.unparsed + " ") if c.unparsed else "") + rest
            break


def parse_citation(cite: str) -> Citation | None:
    """``Br J Cancer. 2021 Jan;124(1):136-141. doi: 10.x/y. Epub 2020 Nov 18.`` -> parts.

    None when the text has no ``SOURCE. YYYY`` shape (a book's chapter title line).
    """
    cite = collapse(cite)
    m = SOURCE_RE.match(cite)
    if not m:
        return None
    c = Citation(source=m.group("source"))
    if c.source.endswith(" [Preprint]"):
        c.preprint = True
        c.source = c.source[: -len(" [Preprint]")]
    rest = m.group("rest")
    dm = DATE_RE.match(rest)
    if not dm:
        return None
    c.date = parse_date(dm.group("date"))
    rest = rest[dm.end():]
    if _DATE_DOT.match(rest):
        rest = rest[1:]
    _tail(c, _volume_issue_pages(c, rest))
    return c


# --------------------------------------------------------------------------- into the record
def _pages(rec: Record, raw: str | None, piis: list[str]) -> None:
    """What follows the colon is the pagination, or (ahead of print, ``2025 Aug 6:S0035-…``) the
    e-location; the legacy site's ``pii: E241`` is the e-location too. One rule for every reader
    (core.pages.set_pages); a DOI there is the DOI, never the pages."""
    if raw and raw.lower() == "null":
        rec.pages_raw = raw
        raw = None
    elif raw and is_doi(raw):
        _doi(rec, raw)
        raw = None
    set_pages(rec, raw, *piis)


def _doi(rec: Record, value: str) -> None:
    doi = normalize_doi(value, sentence=True)
    if rec.doi and doi and doi.lower() != rec.doi.lower():
        rec.add_extra("pubmed-text:citation-doi", doi)
    elif not rec.doi:
        rec.doi = doi


def _pii(rec: Record, value: str) -> None:
    rec.pii = value


def _epub(rec: Record, value: str) -> None:
    rec.epub = parse_date(value)


def _history(kind: str) -> Callable[[Record, str], None]:
    def add(rec: Record, value: str) -> None:
        d = parse_date(value)
        if d:
            rec.history.append(HistoryDate(kind, d))
    return add


#: tail key -> what its values set, applied in this order
_TAIL_FIELDS: tuple[tuple[str, Callable[[Record, str], None]], ...] = (
    ("doi", _doi),
    ("pii", _pii),
    ("epub", _epub),
    ("ecollection", _history("ecollection")),
    ("print", _history("ppublish")),
)


def apply_citation(rec: Record, c: Citation) -> None:
    """The parts of the citation line into the record (``c.unparsed`` is the caller's to report)."""
    if c.preprint:
        rec.type = PREPRINT
        rec.publisher = c.source
    rec.journal_abbrev = c.source
    rec.container_title = c.source
    rec.issued = c.date
    rec.volume = c.volume
    rec.issue = c.issue
    for key, apply in _TAIL_FIELDS:
        for value in c.tail.get(key, []):
            apply(rec, value)
    if c.pages_raw or "pii" in c.tail:
        _pages(rec, c.pages_raw, c.tail.get("pii", []))
    if "aheadofprint" in c.tail:
        rec.publication_status = "aheadofprint"
        if rec.epub is None and rec.issued is not None:
            # the date of an ahead-of-print citation is its electronic date
            rec.epub = Date(rec.issued.year, rec.issued.month, rec.issued.day, rec.issued.season)
    if c.unparsed:
        rec.add_extra("pubmed-text:citation-unparsed", c.unparsed)


# --------------------------------------------------------------------------- books
def book_date(rec: Record, text: str) -> None:
    """``2006 Apr 18 [updated 2025 Aug 14].``: issued, and the update as a revised date."""
    m = BOOK_DATE.match(text.strip())
    if not m:
        return
    rec.issued = parse_date(m.group("date"))
    if m.group("updated"):
        d = parse_date(m.group("updated"))
        if d:
            rec.history.append(HistoryDate("revised", d))


def _book_publication(rec: Record, rest: str) -> None:
    """``Title [Internet]. Place: Publisher; years.`` (the title alone when it has no other shape)."""
    pm = BOOK_PUB.match(rest.strip())
    if not pm:
        rec.container_title = clean_title(rest)
        return
    title = pm.group("title").strip()
    if title.endswith("[Internet]"):
        rec.medium = "Internet"
        title = title[: -len("[Internet]")].strip()
    rec.container_title = title
    rec.publisher_place = pm.group("place").strip()
    rec.publisher = pm.group("publisher").strip()
    years = pm.group("years").strip()
    if years:
        rec.add_extra("pubmed-text:book-years", years)


def book_in(rec: Record, lines: list[str]) -> None:
    """``In: Adam MP, …, editors. GeneReviews® [Internet]. Seattle (WA): …; 1993-2025.``"""
    joined = unwrap(lines)
    m = BOOK_IN.match(joined)
    if not m:
        rec.add_extra("pubmed-text:book", joined)
        return
    rec.editors = list(parse_people(m.group("editors") + "."))
    for p in rec.editors:
        p.identifiers = []
    rest = m.group("rest")
    dm = _BOOK_IN_DATE.search(rest)
    if dm and ";" in rest[: dm.start()]:
        book_date(rec, dm.group(1))
        rest = rest[: dm.start()]
    _book_publication(rec, rest)
