"""MEDLINE / PubMed tagged text reader (``.nbib``, ``.medline``, PubMed's "PubMed format").

Syntax (formats.md §2): a 4-character tag padded with spaces, ``- ``, the value from column 7;
continuation lines start with spaces (six, normally) and are joined with one space; records
are separated by blank lines and start with ``PMID- ``.

The reader makes one pass over the lines (``medbib.core.streams.iter_lines``): a line is classified by
slicing (``line[:4]``, ``line[4:6]``, ``line[6:]``), never by a regular expression, and the
lines of one record are collected as ``[tag, value]`` entries. When the record ends, each
entry is handed to the handler its tag names in :data:`HANDLERS` (a dict lookup); tags with no
handler land in ``record.extra[tag]`` so that nothing is lost.

Authors follow the order of the file: ``FAU`` opens an author (``AU``, ``AUID``, ``AD`` after it
belong to it), ``AU`` opens one when the record has no ``FAU``, ``CN`` puts a group author at
its place. ``FIR``/``IR``/``IRAD`` are investigators, ``FED``/``ED`` editors.

Records without a PMID are reported (one error each, with the line of their first line) and
skipped, except ERIC records (``OWN - ERIC``; same syntax, ERIC number in ``OID``), which are
read: they are real bibliographic data that Zotero also imports.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from ..core import languages
from ..core.dates import parse_date
from ..core.identifiers import normalize_doi, normalize_orcid, normalize_pmcid
from ..core.model import (
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
    Origin,
    OtherAbstract,
    Person,
    PublicationType,
    Record,
)
from ..core.names import given_from_forename, initials_to_given, split_suffix
from ..core.pages import expand_pages, split_pages
from ..core.streams import iter_lines
from ..core.text import clean_title, is_translated_title
from ..core.vocabulary import ARTICLE_JOURNAL, BOOK, CHAPTER, DATASET, PREPRINT, REPORT, THESIS
from ..plugins.contexts import ReadContext

# --------------------------------------------------------------------------- small helpers


def _clean(value: str) -> str:
    """Entities decoded, whitespace collapsed (the model's plain-text convention)."""
    if "&" in value:
        value = html.unescape(value)
    return " ".join(value.split())


def _split_bracket(value: str) -> tuple[str, str | None]:
    """``10.1/x [doi]`` -> (``10.1/x``, ``doi``); ``e134973`` -> (``e134973``, None)."""
    if value.endswith("]"):
        head, sep, kind = value[:-1].rpartition(" [")
        if sep:
            return head.strip(), kind.strip().lower()
    return value, None


def _split_paren(value: str) -> tuple[str, str | None]:
    """``1476-5616 (Electronic)`` -> (``1476-5616``, ``Electronic``)."""
    if value.endswith(")"):
        head, sep, kind = value[:-1].rpartition(" (")
        if sep:
            return head.strip(), kind.strip()
    return value, None


def _is_initials(token: str) -> bool:
    return token.isalpha() and token.isupper() and len(token) <= 5  # "".isalpha() is False


def person_from_full(value: str) -> Person:
    """``FAU``/``FIR``/``FED``/``FPS``: ``Family, Given Suffix`` (``White, A Clinton Jr``)."""
    family, sep, given = value.partition(", ")
    if not sep:
        family, sep, given = value.partition(",")
    family = family.strip()
    given = given.strip()
    suffix = None
    if given and (given[-1].isdigit() or given.endswith(("Jr", "Sr", "Jr.", "Sr.", "th"))):
        given, suffix = split_suffix(given)
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
    rest, suffix = split_suffix(value)
    family, sep, initials = (rest or "").rpartition(" ")
    if sep and _is_initials(initials):
        return Person(family=family, given=initials_to_given(initials), initials=initials, suffix=suffix)
    return Person(family=rest, suffix=suffix)


def short_initials(value: str) -> str | None:
    """The initials of an ``AU`` value (``White AC Jr`` -> ``AC``), None when there are none."""
    rest, _suffix = split_suffix(value)
    _family, sep, initials = (rest or "").rpartition(" ")
    # (_is_initials inlined: called for every AU line)
    return initials if sep and initials.isalpha() and initials.isupper() and len(initials) <= 5 else None


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
_DOI_IN = re.compile(r"\bdoi:\s*(\S+)", re.I)


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
    if "/" not in value and "*" not in value:  # a bare descriptor ("Humans"), most headings
        return MeshHeading(value.strip())
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


# Abstract labels -------------------------------------------------------------------------------
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

    Found with ``str.find``/``rfind`` (no regex scan of the whole abstract); only the few
    candidate strings are matched against the label patterns.
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


# --------------------------------------------------------------------------- record building

#: history statuses of the single-date tags (XML PubMedPubDate/@PubStatus names)
HISTORY_TAGS = {
    "EDAT": "pubmed",
    "CRDT": "entrez",
    "MHDA": "medline",
    "PMCR": "pmc-release",
    "DCOM": "completed",
    "LR": "revised-record",
    "DA": "created",
}

#: MEDLINE link tag -> CommentsCorrections RefType
LINK_TAGS = {
    "CIN": "CommentIn", "CON": "CommentOn", "EIN": "ErratumIn", "EFR": "ErratumFor",
    "UIN": "UpdateIn", "UOF": "UpdateOf", "RIN": "RetractionIn", "ROF": "RetractionOf",
    "PRIN": "PartialRetractionIn", "PROF": "PartialRetractionOf",
    "ECI": "ExpressionOfConcernIn", "ECF": "ExpressionOfConcernFor",
    "CRI": "CorrectedandRepublishedIn", "CRF": "CorrectedandRepublishedFrom",
    "RRI": "RetractedandRepublishedIn", "RRF": "RetractedandRepublishedFrom",
    "RPI": "RepublishedIn", "RPF": "RepublishedFrom", "SPIN": "SummaryForPatientsIn", "ORI": "OriginalReportIn",
}

#: ISSN kinds
ISSN_FIELDS = {"print": "issn_print", "electronic": "issn_electronic", "linking": "issn_linking"}


class _State:
    """What the handlers of one record share."""

    __slots__ = ("rec", "author", "author_full", "author_short", "inv", "ed", "kw_owner",
                 "pending_ad", "has_fau", "pl", "bti", "ti", "other_abstract", "eric")

    def __init__(self, has_fau: bool) -> None:
        self.rec = Record()
        self.author: Person | None = None  # the author AD/AUID attach to
        self.author_full = False  # current author opened by FAU
        self.author_short = False  # current author already had its AU
        self.inv: list = [None, False, False]  # investigator: person, opened by FIR, had IR
        self.ed: list = [None, False, False]
        self.kw_owner: str | None = None
        self.pending_ad: list[str] = []
        self.has_fau = has_fau
        self.pl: str | None = None
        self.bti: str | None = None
        self.ti: str | None = None
        self.other_abstract: OtherAbstract | None = None
        self.eric = False


def _h_pmid(st: _State, v: str) -> None:
    st.rec.pmid = v


def _open_author(st: _State, p: Person, full: bool) -> None:
    """A new author (from FAU, or AU when there is no FAU); AD lines met before any author go to the first."""
    st.rec.authors.append(p)
    st.author, st.author_full, st.author_short = p, full, not full
    if st.pending_ad and len(st.rec.authors) == 1:
        p.affiliations.extend(st.pending_ad)
        st.pending_ad = []


def _h_fau(st: _State, v: str) -> None:
    _open_author(st, person_from_full(v), True)


def _h_au(st: _State, v: str) -> None:
    # old records end a truncated list with "AU - et al." (only "e" and "E" lower-case to "e")
    if v[0] in "eE" and v.rstrip(".").lower() == "et al":
        st.rec.authors_truncated = True
        return
    if st.author_full and not st.author_short and st.author is not None:
        st.author.initials = short_initials(v)
        st.author_short = True
        return
    _open_author(st, person_from_short(v), False)


def _h_cn(st: _State, v: str) -> None:
    p = Person(literal=v)
    st.rec.authors.append(p)
    st.author, st.author_full, st.author_short = p, False, True


def _h_ad(st: _State, v: str) -> None:
    # Records without FAU (before 2002) carry one AD for the first author, anywhere in the record.
    if st.author is None:
        st.pending_ad.append(v)
    elif not st.has_fau:
        st.rec.authors[0].affiliations.append(v)
    else:
        st.author.affiliations.append(v)


def _h_auid(st: _State, v: str) -> None:
    if st.author is None:
        st.rec.add_extra("AUID", v)
        return
    src, sep, value = v.partition(":")
    if sep and src.strip().upper() == "ORCID":
        st.author.orcid = normalize_orcid(value)
    elif sep:
        st.author.identifiers.append(Identifier(kind=src.strip().lower(), value=value.strip()))
    else:
        st.author.identifiers.append(Identifier(kind="other", value=v))


def _people(target: str, slot: str, full: bool) -> Callable[[_State, str], None]:
    """Handlers for FIR/IR (investigators) and FED/ED (editors): like FAU/AU."""

    def handler(st: _State, v: str) -> None:
        cur = getattr(st, slot)
        people = getattr(st.rec, target)
        if full:
            p = person_from_full(v)
            people.append(p)
            cur[:] = [p, True, False]
        elif cur[1] and not cur[2] and cur[0] is not None:
            cur[0].initials = short_initials(v)
            cur[2] = True
        else:
            p = person_from_short(v)
            people.append(p)
            cur[:] = [p, False, True]

    return handler


def _h_irad(st: _State, v: str) -> None:
    if st.inv[0] is not None:
        st.inv[0].affiliations.append(v)
    else:
        st.rec.add_extra("IRAD", v)


def _h_is(st: _State, v: str) -> None:
    value, kind = _split_paren(v)
    rec = st.rec
    attr = ISSN_FIELDS.get((kind or "").lower())
    if attr:
        if getattr(rec, attr) is None:
            setattr(rec, attr, value)
        elif getattr(rec, attr) != value and value not in rec.issn_other:
            rec.issn_other.append(value)
    elif value not in rec.issns:
        rec.issn_other.append(value)


def _h_issn(st: _State, v: str) -> None:
    """ERIC's ``ISSN - EISSN-2375-5636`` / ``ISSN-0022-0663``."""
    if v.upper().startswith("EISSN-"):
        if st.rec.issn_electronic is None:
            st.rec.issn_electronic = v[6:]
    elif v.upper().startswith("ISSN-"):
        if st.rec.issn_print is None:
            st.rec.issn_print = v[5:]
    elif v not in st.rec.issn_other:
        st.rec.issn_other.append(v)


def _set(attr: str) -> Callable[[_State, str], None]:
    def handler(st: _State, v: str) -> None:
        setattr(st.rec, attr, v)

    return handler


@functools.lru_cache(maxsize=4096)
def _compact_date(v: str) -> tuple | None:
    """Date's arguments (year, month, day, season, end, raw, hour, minute) for ``YYYYMMDD``,
    ``YYYY/MM/DD`` and ``YYYY/MM/DD HH:MM``, by slicing; None for anything else or an impossible
    month/day. Cached (bounded): a record repeats its PHST dates in EDAT, CRDT and MHDA, and the
    records of one file share many dates."""
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
    return Date(*f)  # positional: keyword arguments cost twice as much here


def _h_dp(st: _State, v: str) -> None:
    st.rec.issued = parse_date(v)


def _h_dep(st: _State, v: str) -> None:
    st.rec.epub = fast_date(v)


def _h_ti(st: _State, v: str) -> None:
    st.ti = v


def _h_bti(st: _State, v: str) -> None:
    st.bti = v


def _h_tt(st: _State, v: str) -> None:
    st.rec.original_title = clean_title(v)


def _h_cti(st: _State, v: str) -> None:
    st.rec.collection_title = clean_title(v)


def _h_vti(st: _State, v: str) -> None:
    st.rec.volume_title = clean_title(v)


def _h_pg(st: _State, v: str) -> None:
    rec = st.rec
    rec.pages = expand_pages(v)
    if rec.pages != v:
        rec.pages_raw = v
    rec.page_first, rec.page_last = split_pages(rec.pages)


def _article_id(st: _State, v: str, located: bool) -> None:
    value, kind = _split_bracket(v)
    rec = st.rec
    if kind == "doi":
        if rec.doi is None:
            rec.doi = normalize_doi(value)
    elif kind == "pii":
        if rec.pii is None:
            rec.pii = value
    elif kind in ("pmc", "pmcid"):
        if rec.pmcid is None:
            rec.pmcid = normalize_pmcid(value)
    elif kind in ("mid",):
        if rec.mid is None:
            rec.mid = value
    elif kind == "pubmed":
        if rec.pmid is None:
            rec.pmid = value
    elif kind is None and located:
        # an untyped LID repeats the article number (e0179990)
        if rec.article_number is None:
            rec.article_number = value
    elif kind is None and value.startswith(("http://", "https://")):
        if value not in rec.urls:
            rec.urls.append(value)
    else:
        ident = Identifier(kind=kind or "other", value=value)
        if ident not in rec.other_ids:
            rec.other_ids.append(ident)


def _h_lid(st: _State, v: str) -> None:
    if st.eric and v.startswith(("http://", "https://")):
        if v not in st.rec.urls:
            st.rec.urls.append(v)
        return
    _article_id(st, v, True)


def _h_aid(st: _State, v: str) -> None:
    _article_id(st, v, False)


def _h_ab(st: _State, v: str) -> None:
    st.rec.abstract = split_abstract(v)


def _h_oab(st: _State, v: str) -> None:
    oab = OtherAbstract(sections=split_abstract(v))
    st.rec.other_abstracts.append(oab)
    st.other_abstract = oab


def _h_oabl(st: _State, v: str) -> None:
    if st.other_abstract is not None and st.other_abstract.language is None:
        st.other_abstract.language = languages.to_bcp47(v)
    else:
        st.rec.add_extra("OABL", v)


def _h_la(st: _State, v: str) -> None:
    lang = languages.to_bcp47(v)
    if lang and lang not in st.rec.languages:
        st.rec.languages.append(lang)


def _h_pt(st: _State, v: str) -> None:
    st.rec.publication_types.append(PublicationType(v))


def _h_mh(st: _State, v: str) -> None:
    # parse_mesh's fast path inlined (v is stripped already)
    st.rec.mesh.append(MeshHeading(v) if "/" not in v and "*" not in v else parse_mesh(v))


def _h_oto(st: _State, v: str) -> None:
    st.kw_owner = v


def _h_ot(st: _State, v: str) -> None:
    major = v.startswith("*") and len(v) > 1
    st.rec.keywords.append(Keyword(term=v[1:].strip() if major else v, owner=st.kw_owner, major=major))


def _h_gr(st: _State, v: str) -> None:
    st.rec.grants.append(parse_grant(v))


def _h_rn(st: _State, v: str) -> None:
    st.rec.chemicals.append(parse_chemical(v))


def _h_phst(st: _State, v: str) -> None:
    value, status = _split_bracket(v)
    _add_history(st, status or "other", value)


def _add_history(st: _State, status: str, value: str) -> None:
    d = fast_date(value)
    if d is None:
        return
    hist = st.rec.history
    # EDAT/CRDT/MHDA repeat PHST entries: keep one per status and date
    for h in hist:
        if h.status == status and h.date == d:
            return
    hist.append(HistoryDate(status, d))


def _history(status: str) -> Callable[[_State, str], None]:
    def handler(st: _State, v: str) -> None:
        _add_history(st, status, v)

    return handler


def _h_pmc(st: _State, v: str) -> None:
    st.rec.pmcid = normalize_pmcid(v)


def _h_pl(st: _State, v: str) -> None:
    st.pl = v


def _h_isbn(st: _State, v: str) -> None:
    if v[:4].upper() == "ISBN":
        v = v[4:].lstrip(" :-")
    if v and v not in st.rec.isbns:
        st.rec.isbns.append(v)


def _h_own(st: _State, v: str) -> None:
    st.rec.owner = v
    if v == "ERIC":
        st.eric = True


def _h_oid(st: _State, v: str) -> None:
    if st.eric and v[:2] in ("EJ", "ED"):
        st.rec.other_ids.append(Identifier(kind="eric", value=v))
    else:
        st.rec.add_extra("OID", v)


def _link(kind: str) -> Callable[[_State, str], None]:
    def handler(st: _State, v: str) -> None:
        st.rec.links.append(parse_link(kind, v))

    return handler


HANDLERS: dict[str, Callable[[_State, str], None]] = {
    "PMID": _h_pmid,
    "OWN": _h_own,
    "STAT": _set("indexing_status"),
    "PST": _set("publication_status"),
    "PUBM": _set("pub_model"),
    "IS": _h_is,
    "ISSN": _h_issn,
    "VI": _set("volume"),
    "IP": _set("issue"),
    "DP": _h_dp,
    "DEP": _h_dep,
    "TI": _h_ti,
    "TT": _h_tt,
    "BTI": _h_bti,
    "CTI": _h_cti,
    "VTI": _h_vti,
    "PG": _h_pg,
    "LID": _h_lid,
    "AID": _h_aid,
    "AB": _h_ab,
    "CI": _set("copyright"),
    "FAU": _h_fau,
    "AU": _h_au,
    "AUID": _h_auid,
    "AD": _h_ad,
    "CN": _h_cn,
    "FIR": _people("investigators", "inv", True),
    "IR": _people("investigators", "inv", False),
    "IRAD": _h_irad,
    "FED": _people("editors", "ed", True),
    "ED": _people("editors", "ed", False),
    "LA": _h_la,
    "PT": _h_pt,
    "MH": _h_mh,
    "OTO": _h_oto,
    "OT": _h_ot,
    "GR": _h_gr,
    "RN": _h_rn,
    "COIS": _set("conflict_of_interest"),
    "PHST": _h_phst,
    "PMC": _h_pmc,
    "MID": _set("mid"),
    "SO": _set("source"),
    "TA": _set("journal_abbrev"),
    "JT": _set("container_title"),
    "JID": _set("nlm_id"),
    "PL": _h_pl,
    "PB": _set("publisher"),
    "EN": _set("edition"),
    "ISBN": _h_isbn,
    "OAB": _h_oab,
    "OABL": _h_oabl,
    "OID": _h_oid,
    **{tag: _history(status) for tag, status in HISTORY_TAGS.items()},
    **{tag: _link(kind) for tag, kind in LINK_TAGS.items()},
}
# Kept in record.extra[tag] as written (no model field): SB citation subset, SI databank link,
# GN general note, GS gene symbol, SFM space flight mission, RF/NR number of references,
# NM supplementary concept, PS/FPS person as subject, OCI other copyright, CTDT/DRDT/CDAT book
# dates, and any tag medbib does not know.

# ERIC publication types (PT) -> item type; ERIC records have no PubMed PT vocabulary
ERIC_TYPES = (
    ("Dissertations/Theses", THESIS),
    ("Books", BOOK),
    ("Journal Articles", ARTICLE_JOURNAL),
    ("Reports", REPORT),
)


def _item_type(st: _State) -> str:
    names = {p.name for p in st.rec.publication_types}
    if st.eric:
        so = st.rec.source or ""
        if so[:1] == "v" and so[1:2].isdigit():  # "v21 n1 p12-24 2020": a journal issue
            return ARTICLE_JOURNAL
        for prefix, kind in ERIC_TYPES:
            if any(n.startswith(prefix) for n in names):
                return kind
        return ARTICLE_JOURNAL
    if "Preprint" in names:
        return PREPRINT
    if "Dataset" in names:
        return DATASET
    if "Book Chapter" in names or (st.bti and st.ti):
        return CHAPTER
    if "Book" in names or st.bti:
        return BOOK
    return ARTICLE_JOURNAL


def _finish(st: _State) -> Record:
    rec = st.rec
    rec.type = _item_type(st)
    if st.pending_ad:  # AD with no author at all
        for ad in st.pending_ad:
            rec.add_extra("AD", ad)
    if rec.type == CHAPTER:
        rec.title = clean_title(st.ti)
        rec.container_title = clean_title(st.bti) if st.bti else rec.container_title
    elif rec.type == BOOK:
        rec.title = clean_title(st.bti or st.ti)
        if st.bti and st.ti:
            rec.add_extra("TI", st.ti)
    else:
        rec.title = clean_title(st.ti)
        if st.bti:
            rec.add_extra("BTI", st.bti)
    rec.title_translated = is_translated_title(rec.title)
    if st.eric and rec.type != ARTICLE_JOURNAL and rec.container_title:
        # ERIC's JT names the publisher / institution of reports, books and theses
        rec.publisher, rec.container_title = rec.container_title, None
        if rec.type == THESIS and rec.source and ", " in rec.source:
            rec.add_extra("JT", rec.publisher)
            rec.publisher = rec.source.split(", ", 1)[1]  # "Ph.D. Dissertation, Drexel University"
    if st.pl:
        if rec.type in (BOOK, CHAPTER, REPORT, THESIS):
            rec.publisher_place = st.pl
        else:
            rec.journal_country = st.pl
    return rec


def build_record(entries: list[list], has_fau: bool) -> Record:
    """A Record from one record's ``[tag, value]`` entries."""
    st = _State(has_fau)
    handlers = HANDLERS
    unescape = html.unescape
    for tag, value in entries:
        if "&" in value:
            value = unescape(value)
        v = value.strip()
        if "  " in v or not v.isprintable():  # tabs, NBSP, U+2028…: collapse like text.collapse
            v = " ".join(v.split())
        if not v:
            continue
        h = handlers.get(tag)
        if h is None:
            st.rec.add_extra(tag, v)
        else:
            h(st, v)
    return _finish(st)


# --------------------------------------------------------------------------- plugin


_KNOWN_TAGS = frozenset(HANDLERS) | {"SB", "SI", "GN", "GS", "SFM", "RF", "NR", "NM", "PS", "FPS", "OCI",
                                     "CTDT", "DRDT", "CDAT", "IRAD"}


#: "TI  " -> "TI": the fast path's lookup (any other spacing goes the slow path, with the same result)
_PADDED_TAGS = {tag.ljust(4): tag for tag in _KNOWN_TAGS}


def _valid_tag(tag: str) -> bool:
    return tag in _KNOWN_TAGS or (bool(tag) and tag.isalnum() and tag.isupper())


class MedlineReader:
    name = "medline"
    aliases = ("nbib", "pubmed-nbib")
    suffixes = (".nbib", ".medline")
    description = "MEDLINE / PubMed tagged text (.nbib, PubMed format)"
    priority = 20

    def sniff(self, head: bytes) -> bool:
        text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
        text = text.lstrip(b" \t\r\n")
        return text.startswith(b"PMID- ")

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
        entries: list[list] = []
        start = 0  # line of the record's first line
        bad: int | None = None  # first unreadable line of the record
        bad_text = ""
        gap = False
        has_fau = False
        index = 0
        lineno = 0
        valid = _valid_tag
        padded = _PADDED_TAGS.get

        for line in iter_lines(stream, ctx):
            lineno += 1
            tag = padded(line[:4])
            if tag is not None and line[4:6] == "- ":  # fast path: a well-formed tag line ("TI  - ")
                value = line[6:]
            else:
                c0 = line[:1]
                if c0 == " " or c0 == "\t":
                    text = line.strip()
                    if not text:
                        continue  # blank continuation line
                    if entries:
                        # one space between the lines; the space PubMed leaves at the end of a wrapped
                        # line is dropped, so that build_record need not collapse the value (whitespace
                        # is collapsed there anyway and no entity contains a space: same value)
                        last = entries[-1]
                        last[1] = last[1].rstrip(" ") + " " + text
                        gap = False
                    elif bad is None:
                        bad, bad_text, start = lineno, text, start or lineno
                    continue
                if not line:
                    gap = True
                    continue
                if line[4:6] == "- " or line[4:] == "-":
                    tag = line[:4].rstrip()
                    value = line[6:]
                elif line[4:7] == " - " or line[4:] == " -":  # ERIC's 4-letter tags: "ISSN - …"
                    tag = line[:4]
                    value = line[7:]
                else:
                    tag = ""
                if not (tag and valid(tag)):  # neither a tag line nor a continuation: garbage
                    if gap and (entries or bad is not None):
                        index += 1
                        rec = self._emit(entries, has_fau, start, bad, bad_text, index, ctx)
                        if rec is not None:
                            yield rec
                        entries, bad, has_fau = [], None, False
                    gap = False
                    if not entries and bad is None:
                        start = lineno
                    if bad is None:
                        bad, bad_text = lineno, line
                    continue
            # a tag line: a blank line or PMID before it ends the record before
            if (gap or tag == "PMID") and (entries or bad is not None):
                index += 1
                rec = self._emit(entries, has_fau, start, bad, bad_text, index, ctx)
                if rec is not None:
                    yield rec
                entries, bad, has_fau = [], None, False
            if not entries and bad is None:
                start = lineno
            gap = False
            if tag == "FAU":
                has_fau = True
            entries.append([tag, value])
        if entries or bad is not None:
            index += 1
            rec = self._emit(entries, has_fau, start, bad, bad_text, index, ctx)
            if rec is not None:
                yield rec

    def _emit(self, entries: list[list], has_fau: bool, start: int, bad: int | None, bad_text: str,
              index: int, ctx: ReadContext) -> Record | None:
        pmid = None
        eric = False
        for tag, value in entries:
            if tag == "PMID":
                pmid = value.strip() or None
                break
            if tag == "OWN" and value.strip() == "ERIC":
                eric = True
        rid = f"PMID {pmid}" if pmid else None
        if bad is not None:
            snippet = bad_text.strip()
            if len(snippet) > 40:
                snippet = snippet[:40] + "…"
            ctx.error(f"not a MEDLINE tag line: {snippet!r}; record skipped", line=bad, record=index,
                      record_id=rid)
            return None
        if pmid is None and not eric:
            ctx.error("record has no PMID; skipped", line=start, record=index)
            return None
        try:
            rec = build_record(entries, has_fau)
        except (ValueError, TypeError, IndexError, AttributeError, KeyError) as exc:  # never a traceback
            ctx.error(f"cannot read record: {exc}", line=start, record=index, record_id=rid)
            return None
        rec.origin = Origin(file=ctx.file, line=start, index=index, format=self.name)
        return rec


reader = MedlineReader()
