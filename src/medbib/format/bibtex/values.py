"""BibTeX values, both directions: dates, name lists, keyword lists, abstracts, notes, ISBN/ISSN.

The notes medbib writes (``Epub 2020 Nov 18``, ``Online ahead of print``, ``Published <date>``,
``PMCID: PMC…``, link lines such as ``Erratum in: … PMID: n``) are read back into data here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...core.dates import parse_date
from ...core.identifiers import normalize_pmcid
from ...core.model import AbstractSection, Date, Link, Person, PublicationType, Record
from ...core.names import split_suffix
from ...core.text import collapse
from ...core.vocabulary import LINK_HEADERS, LINK_KIND_BY_HEADER, MONTH_NAMES, SEASON_BY_CODE
from .escape import escape
from .latex import collapse as collapse_tex
from .latex import decode, decode_markup

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

# lines of a note/addendum the reader turns back into data
EPUB_PREFIX = "Epub "
AHEAD_OF_PRINT_NOTE = "Online ahead of print"
DATE_NOTE_PREFIX = "Published "
PMCID_PREFIX = "PMCID: "
RETRACTED_NOTE = "Retracted Publication"


# --------------------------------------------------------------------------- dates (writing)
def month_value(d: Date) -> str | None:
    """``jan``; a range ``sep # {--} # oct``; across years ``dec # {--1999 } # jan``; a season ``{Summer}``."""
    if d.season:
        return "{" + escape(d.season) + "}"
    if not d.month:
        return None
    out = MONTH_MACROS[d.month - 1]
    e = d.end
    if e and e.month and (e.month != d.month or (e.year and e.year != d.year)):
        if e.year and e.year != d.year:
            out += f" # {{--{e.year} }} # {MONTH_MACROS[e.month - 1]}"
        else:
            out += f" # {{--}} # {MONTH_MACROS[e.month - 1]}"
    return out


def day_value(d: Date) -> str | None:
    if not d.day:
        return None
    e = d.end
    if e and e.day and (e.month in (None, d.month)) and e.day != d.day:
        return f"{d.day}--{e.day}"
    return str(d.day)


def date_exact(d: Date) -> bool:
    """Whether year/month/day (or the ISO date) say everything the date says."""
    if d.raw and d.year is None:
        return False
    if d.season and d.season not in ("Spring", "Summer", "Fall", "Winter"):
        return False
    e = d.end
    if e and e.day and e.month and e.month != d.month and d.day:
        return False  # "Jul 30-Aug 5": BibTeX's month/day cannot hold it
    return True


# --------------------------------------------------------------------------- dates (reading)
def date_from_fields(fields: dict[str, str]) -> Date | None:
    """``date`` (ISO/EDTF, ranges ``/``, seasons 21–24) or ``year`` + ``month`` + ``day``."""
    if fields.get("date"):
        return _iso_date(decode(fields["date"]))
    year = decode(fields.get("year"))
    if not year:
        return None
    month = decode(fields.get("month")).replace("–", "-").replace("—", "-")
    day = decode(fields.get("day")).replace("–", "-")
    if month.isdecimal() and 1 <= int(month) <= 12:
        month = MONTH_NAMES[int(month) - 1]
    text = " ".join(x for x in (year, month, day) if x)
    d = parse_date(text)
    if d is None or d.year is None:
        m = re.match(r"^\d{4}", year)
        return Date(year=int(m.group(0)), raw=text) if m else Date(raw=text)
    if d.month or d.season or (not month and not day):
        d.raw = None  # fully represented (a raw date the writer could not express is in the note)
    return d


_ISO_ONE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _iso_one(s: str) -> Date | None:
    m = _ISO_ONE.match(s.strip())
    if not m:
        return None
    y, mo, d = (int(x) if x else None for x in m.groups())
    if mo and mo in SEASON_BY_CODE:
        return Date(year=y, season=SEASON_BY_CODE[mo])
    if mo and not 1 <= mo <= 12:
        return Date(year=y, raw=s)
    return Date(year=y, month=mo, day=d)


def _iso_date(text: str) -> Date | None:
    if not text:
        return None
    a, sep, b = text.partition("/")
    start = _iso_one(a)
    if start is None:
        return parse_date(text)
    if sep:
        end = _iso_one(b)
        if end is not None and end.year is not None:
            start.end = end
    return start


# --------------------------------------------------------------------------- names (reading)
def one_group(name: str) -> bool:
    """``{Name}``: the whole value is one brace group (a group author, a keyword with a comma)."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(name) - 1:
                return False
    return True


@lru_cache(maxsize=1)
def _names():  # type: ignore[no-untyped-def]
    """bibtexparser's name splitter, imported when a name is first read: writing needs no parser."""
    from bibtexparser.middlewares import names

    return names


def _person(name: str) -> Person | None:
    """One name of a name list: ``{Group}``, ``von Last, Jr, First`` and BibTeX's other forms."""
    if one_group(name):
        lit = decode(name[1:-1])
        return Person(literal=lit) if lit else None
    names = _names()
    try:
        parts = names.parse_single_name_into_parts(name, strict=False)
    except (names.InvalidNameError, ValueError, IndexError):
        return Person(literal=decode(name))
    family = decode(" ".join(parts.von + parts.last))
    given = decode(" ".join(parts.first)) or None
    suffix = decode(" ".join(parts.jr)) or None
    if suffix is None:
        given, suffix = split_suffix(given)  # "Carson, William E 3rd": the one suffix rule (core.names)
    if not family:
        return Person(literal=given) if given else None
    return Person(family=family, given=given, suffix=suffix)


_HIDDEN = "\ufdd1"  # a Unicode noncharacter, never in a name
_BACKSLASH = re.compile(r"\\(?=[^{}\s])")


def parse_people(value: str) -> tuple[list[Person], bool]:
    """(people, whether the list ends with ``and others``)."""
    out, truncated = [], False
    # bibtexparser's splitter drops the first two characters of a name that starts with a
    # backslash after " and " (``and \textbackslash{}relax`` -> ``extbackslash{}relax``): a
    # backslash before anything but a brace or a space is hidden from it (it changes no split)
    hidden = _BACKSLASH.sub(_HIDDEN, value) if "\\" in value else value
    for name in _names().split_multiple_persons_names(hidden):
        name = name.replace(_HIDDEN, "\\").strip()
        if not name:
            continue
        if name.lower() == "others":
            truncated = True
            continue
        person = _person(name)
        if person is not None:
            out.append(person)
    return out, truncated


# --------------------------------------------------------------------------- lists and texts (reading)
def _split_top(value: str, seps: str) -> list[str]:
    """Split at separator characters outside braces."""
    out, depth, cur = [], 0, []
    for c in value:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c in seps and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(c)
    out.append("".join(cur))
    return out


def parse_keywords(value: str) -> list[str]:
    """Keywords separated by commas outside braces, or else by semicolons."""
    seps = "," if _split_top(value, ",")[1:] else ";"
    out = []
    for part in _split_top(value, seps):
        term = part.strip()
        if one_group(term):
            term = term[1:-1]
        t = decode(term)
        if t:
            out.append(t)
    return out


_LABEL_RE = re.compile(r"^([A-Z][A-Z0-9 ,&/()'+-]{0,80}[A-Z0-9)]):\s+(.*)$")


def parse_abstract(raw: str) -> list[AbstractSection]:
    """One section, or one per line (``LABEL: text`` as medbib writes them)."""
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    if len(lines) <= 1:
        text, markup = decode_markup(raw)
        return [AbstractSection(text=text, markup=markup)] if text else []
    out = []
    for ln in lines:
        label = None
        m = _LABEL_RE.match(ln.strip())
        body = ln
        if m:
            label, body = decode(m.group(1)), m.group(2)
        text, markup = decode_markup(body)
        if text or label:
            out.append(AbstractSection(text=text, label=label, markup=markup))
    return out


# --------------------------------------------------------------------------- notes
def link_line(link: Link) -> str:
    """``Erratum in: <citation> PMID: n doi: …`` (the PMID and DOI when the citation lacks them)."""
    header = LINK_HEADERS.get(link.kind, link.kind)
    body = collapse_tex(link.citation) or ""
    if link.pmid and link.pmid not in body:
        body = (body + " " if body else "") + f"PMID: {link.pmid}"
    if link.doi and link.doi not in body:
        body = (body + " " if body else "") + f"doi: {link.doi}"
    return f"{header}: {body}" if body else header


_PMID_IN = re.compile(r"\s*PMID:\s*(\d+)")
_DOI_IN = re.compile(r"\s*doi:\s*(\S+)$")


def parse_link_line(kind: str, body: str) -> Link:
    """The link a :func:`link_line` wrote (``body``: what follows the header)."""
    link = Link(kind=kind)
    body = body.strip()
    m = _DOI_IN.search(body)
    if m:
        link.doi = m.group(1)
        body = body[: m.start()]
    m = _PMID_IN.search(body)
    if m:
        link.pmid = m.group(1)
        if body[m.start():].strip() == m.group(0).strip():
            body = body[: m.start()]
    link.citation = collapse(body) or None
    return link


def note_parts(raw: str) -> list[str]:
    """A note written by medbib has one part per line, each but the last closed by ``;``."""
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
    out = []
    for i, ln in enumerate(lines):
        if i < len(lines) - 1 and ln.endswith(";"):
            ln = ln[:-1]
        t = decode(ln)
        if t:
            out.append(t)
    return out


def _apply_status_note(rec: Record, part: str) -> bool:
    """The Epub date, ahead of print, a date the year/month could not hold; False if none."""
    if part.startswith(EPUB_PREFIX) and rec.epub is None:
        d = parse_date(part[len(EPUB_PREFIX):])
        if d is not None and d.year is not None:
            rec.epub = d
            return True
    if part == AHEAD_OF_PRINT_NOTE:
        rec.publication_status = "aheadofprint"
        return True
    if part.startswith(DATE_NOTE_PREFIX) and rec.issued is not None:
        rec.issued.raw = part[len(DATE_NOTE_PREFIX):]
        return True
    return False


def _apply_id_note(rec: Record, part: str) -> bool:
    """``PMID: n`` / ``PMCID: PMC…`` (kept where the fields had none); False if neither."""
    m = re.match(r"^(PMID|PMCID):\s*(\S+)$", part)
    if not m:
        return False
    if m.group(1) == "PMID" and not rec.pmid:
        rec.pmid = m.group(2)
    elif m.group(1) == "PMCID" and not rec.pmcid:
        rec.pmcid = normalize_pmcid(m.group(2))
    return True


def apply_note(rec: Record, part: str) -> None:
    """One part of a note or addendum: data medbib wrote there, or a free note."""
    if _apply_status_note(rec, part) or _apply_id_note(rec, part):
        return
    if part == RETRACTED_NOTE:
        rec.publication_types.append(PublicationType("Retracted Publication"))
        return
    header, sep, body = part.partition(":")
    kind = LINK_KIND_BY_HEADER.get(header.strip().lower()) if sep else None
    if kind:
        rec.links.append(parse_link_line(kind, body))
        return
    rec.notes.append(part)


# --------------------------------------------------------------------------- check digits
def isbn_valid(isbn: str) -> bool:
    d = re.sub(r"[^0-9Xx]", "", isbn).upper()
    if len(d) == 10 and d[:9].isdecimal():
        return sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(d)) % 11 == 0
    if len(d) == 13 and d.isdecimal():
        return sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(d)) % 10 == 0
    return False


def issn_valid(issn: str) -> bool:
    d = re.sub(r"[^0-9Xx]", "", issn).upper()
    if len(d) != 8 or not d[:7].isdecimal():
        return False
    check = (11 - sum((8 - i) * int(c) for i, c in enumerate(d[:7])) % 11) % 11
    return d[7] == ("X" if check == 10 else str(check))
