"""MEDLINE values: names, grants, links, MeSH headings, chemicals, abstract labels, compact dates.

Each function takes one tag's value (entities decoded, whitespace collapsed, stripped) and gives
the model's value; none knows about records or other tags.
"""

from __future__ import annotations

import functools
import re

from ...core.dates import parse_date
from ...core.identifiers import normalize_doi
from ...core.model import AbstractSection, Chemical, Date, Grant, Link, MeshHeading, MeshQualifier, Person
from ...core.names import given_from_forename, initials_to_given, split_short_suffix, split_suffix


# --------------------------------------------------------------------------- bracketed kinds
def split_bracket(value: str) -> tuple[str, str | None]:
    """``10.1/x [doi]`` -> (``10.1/x``, ``doi``); ``e134973`` -> (``e134973``, None)."""
    if value.endswith("]"):
        head, sep, kind = value[:-1].rpartition(" [")
        if sep:
            return head.strip(), kind.strip().lower()
    return value, None


def split_paren(value: str) -> tuple[str, str | None]:
    """``1476-5616 (Electronic)`` -> (``1476-5616``, ``Electronic``)."""
    if value.endswith(")"):
        head, sep, kind = value[:-1].rpartition(" (")
        if sep:
            return head.strip(), kind.strip()
    return value, None


# --------------------------------------------------------------------------- names
def _is_initials(token: str) -> bool:
    return token.isalpha() and token.isupper() and len(token) <= 5  # "".isalpha() is False


def person_from_full(value: str) -> Person:
    """``FAU``/``FIR``/``FED``/``FPS``: ``Family, Given Suffix`` (``White, A Clinton Jr``)."""
    family, sep, given = value.partition(", ")
    if not sep:
        family, sep, given = value.partition(",")
    family = family.strip()
    given = given.strip()
    given, suffix = split_suffix(given)  # "William E 3rd": the one suffix rule (core.names)
    # (given[1] checked first: spaced initials have a space, or nothing, after the first letter)
    if given and (len(given) == 1 or given[1].isspace()) and len(given) <= 2 * len(given.split()) \
            and all(len(t) == 1 for t in given.split()):
        given = given_from_forename(given)  # spaced initials "T C" -> "T. C."
    return Person(family or None, given or None, None, suffix)  # family, given, initials, suffix


def person_from_short(value: str) -> Person:
    """``AU``/``IR``/``ED``/``PS``: ``Family INITIALS [Suffix]`` (``Pettigrew GJ``, ``White AC Jr``).

    A comma means the file wrote a full name (``van Groen, Maaike M.`` in ERIC data).
    """
    if "," in value:
        return person_from_full(value)
    rest, suffix = split_short_suffix(value)
    family, sep, initials = (rest or "").rpartition(" ")
    if sep and _is_initials(initials):
        return Person(family=family, given=initials_to_given(initials), initials=initials, suffix=suffix)
    return Person(family=rest, suffix=suffix)


def short_initials(value: str) -> str | None:
    """The initials of an ``AU`` value (``White AC Jr`` -> ``AC``), None when there are none."""
    rest, _suffix = split_short_suffix(value)
    _family, sep, initials = (rest or "").rpartition(" ")
    # (_is_initials inlined: called for every AU line)
    return initials if sep and initials.isalpha() and initials.isupper() and len(initials) <= 5 else None


# --------------------------------------------------------------------------- grants, links, MeSH, chemicals
_ACRONYM = re.compile(r"[A-Z]+_?")


def parse_grant(raw: str) -> Grant:
    """``GR``: ``ID/ACRONYM/AGENCY/COUNTRY``; the ID may contain ``/``, acronym and country may be
    absent (``2021M691158/China Postdoctoral Science Foundation/``). The line is kept in ``raw``."""
    parts = raw.split("/")
    if len(parts) < 3:
        return Grant(agency=raw if len(parts) == 1 else parts[-1] or None,
                     id=parts[0] or None if len(parts) == 2 else None, raw=raw)
    country = parts[-1].strip() or None
    agency = parts[-2].strip() or None
    acronym = None
    head = parts[:-2]
    if len(head) >= 2 and _ACRONYM.fullmatch(head[-1].strip()) and len(head[-1].strip()) <= 8:
        acronym = head[-1].strip()
        head = head[:-1]
    gid = "/".join(head).strip() or None
    return Grant(id=gid, acronym=acronym, agency=agency, country=country, raw=raw)


_PMID_IN = re.compile(r"\s*\.?\s*PMID:\s*(\d+)\s*\.?\s*$")
_DOI_IN = re.compile(r"\bdoi:\s*(\S+)", re.IGNORECASE)


def parse_link(kind: str, value: str) -> Link:
    """``CIN``/``EIN``/…: ``Ann Vasc Surg. 2022 Mar;80:401. doi: 10.x/y. PMID: 34503879``.

    ``citation`` is the text before ``PMID:`` without its closing period (XML ``RefSource``).
    """
    pmid = None
    citation = value
    m = _PMID_IN.search(value)
    if m:
        pmid = m.group(1)
        citation = value[: m.start()]
    citation = citation.strip()
    if citation.endswith(".") and not citation.endswith(".."):
        citation = citation[:-1].rstrip()
    doi = None
    d = _DOI_IN.search(citation)
    if d:
        doi = normalize_doi(d.group(1), sentence=True)
    return Link(kind=kind, citation=citation or None, pmid=pmid, doi=doi)


def parse_mesh(value: str) -> MeshHeading:
    """``Information Storage and Retrieval/*methods`` -> descriptor, qualifiers, major flags."""
    parts = value.split("/")
    desc = parts[0].strip()
    major = desc.startswith("*")
    heading = MeshHeading(descriptor=desc.lstrip("*").strip(), major=major)
    for q in parts[1:]:
        q = q.strip()
        if q:
            heading.qualifiers.append(MeshQualifier(q.lstrip("*").strip(), None, q.startswith("*")))  # name, ui, major
    return heading


def parse_chemical(value: str) -> Chemical:
    """``0LVT1QZ0BA (Homocysteine)``, ``EC 3.6.3.14 (ATP synthase)``, ``0 (Antibodies)``."""
    reg, sep, name = value.partition(" (")
    if sep and name.endswith(")"):
        return Chemical(name=name[:-1].strip(), registry_number=reg.strip() or None)
    return Chemical(name=value)


# --------------------------------------------------------------------------- abstract labels
# MEDLINE writes a structured abstract as one paragraph: "BACKGROUND: ... METHODS: ...".
# Heuristic (documented; a guess, as mapping.md says): a label is 1-6 words of capitals
# (digits, "/", "&", "-", "," and "'" allowed inside, e.g. "AIMS/HYPOTHESIS", "PATIENT CONCERNS")
# followed by ": ", at the start of the abstract or of a sentence (after ". ", "? ", "! ").
# Title-case labels ("Background: ... Methods: ...") are accepted only when the abstract starts
# with one and at least two are found, so that a sentence like "Note: ..." inside an unstructured
# abstract is not split.
_UPPER_LABEL = r"[A-Z][A-Z0-9'&/,-]*(?: (?:[A-Z0-9][A-Z0-9'&/,-]*|and|of|or|&))*"
_TITLE_LABEL = r"[A-Z][a-z]+(?: (?:[a-z]+|[A-Z][a-z]+)){0,4}"
_UPPER_FULL = re.compile(_UPPER_LABEL)
_TITLE_FULL = re.compile(_TITLE_LABEL)


def _candidates(text: str) -> list[tuple[int, int, str]]:
    """(start, end of ``": "``, label text) for every ``": "`` with a sentence start before it.

    Found with ``str.find``/``rfind``; only these few strings are matched against the label patterns.
    """
    out = []
    i = text.find(": ")
    while i != -1:
        # a label is at most 80 characters: a sentence end further back than i - 82 gives none,
        # so the backward searches stop there (not at the start of the abstract)
        lo = i - 82 if i > 82 else 0
        b = max(text.rfind(". ", lo, i), text.rfind("? ", lo, i), text.rfind("! ", lo, i))
        start = b + 2 if b != -1 else 0
        label = text[start:i]
        if 3 <= len(label) <= 80 and label.count(" ") <= 5:
            out.append((start, i + 2, label))
        i = text.find(": ", i + 2)
    return out


def split_abstract(text: str) -> list[AbstractSection]:
    """Split inline labels into sections (see the heuristic above); else one unlabelled section."""
    if ": " not in text:
        return [AbstractSection(text=text)]
    cands = _candidates(text)
    # upper-case labels: at least two capitals (a label is not one capitalised word of a sentence)
    found = [c for c in cands if _UPPER_FULL.fullmatch(c[2]) and sum(map(str.isupper, c[2])) >= 2]
    if not found:
        title = [c for c in cands if _TITLE_FULL.fullmatch(c[2])]
        if len(title) >= 2 and title[0][0] == 0:
            found = title
    if not found:
        return [AbstractSection(text=text)]
    sections: list[AbstractSection] = []
    if found[0][0] > 0:
        sections.append(AbstractSection(text[: found[0][0]].strip()))
    for n, (_start, end, label) in enumerate(found):
        stop = found[n + 1][0] if n + 1 < len(found) else len(text)
        sections.append(AbstractSection(text[end:stop].strip(), label))  # text, label
    return sections


# --------------------------------------------------------------------------- dates
@functools.lru_cache(maxsize=4096)
def _compact_date(v: str) -> tuple | None:
    """Date's arguments (year, month, day, season, end, raw, hour, minute) for ``YYYYMMDD``,
    ``YYYY/MM/DD`` and ``YYYY/MM/DD HH:MM``, by slicing; None for anything else or an impossible
    month/day. Cached (bounded): a record repeats its PHST dates in EDAT, CRDT and MHDA, and the
    records of one file share many dates; the tuple is immutable, the Date made from it is not."""
    n = len(v)
    try:
        if n == 8 and v.isdecimal():
            f = (int(v[:4]), int(v[4:6]), int(v[6:]), None, None, None, None, None)
        elif n >= 10 and v[4] == "/" and v[7] == "/" and v[:4].isdecimal() and v[5:7].isdecimal() and v[8:10].isdecimal():
            if n == 10:
                f = (int(v[:4]), int(v[5:7]), int(v[8:10]), None, None, None, None, None)
            elif n == 16 and v[10] == " " and v[13] == ":" and v[11:13].isdecimal() and v[14:].isdecimal():
                f = (int(v[:4]), int(v[5:7]), int(v[8:10]), None, None, None, int(v[11:13]), int(v[14:]))
            else:
                return None
        else:
            return None
    except ValueError:
        return None
    if not (1 <= f[1] <= 12 and 1 <= f[2] <= 31):
        return None
    return f


def fast_date(v: str) -> Date | None:
    """DEP, DCOM, LR, PHST, EDAT…: the compact forms of :func:`_compact_date` directly (a new Date
    each time: Dates are mutable); anything else goes to :func:`medbib.core.dates.parse_date`."""
    f = _compact_date(v)
    if f is None:
        return parse_date(v)
    return Date(*f)  # positional arguments: cheaper than keywords on this hot path
