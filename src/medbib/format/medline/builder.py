"""Building a record from one MEDLINE record's entries: the tag table and what is settled at the end.

Each ``[tag, value]`` entry is handed to the handler its tag names in :data:`TABLE` (a dict
lookup); tags with no handler land in ``record.extra["medline:<tag>"]`` as written, so that nothing is lost.
What depends on several tags (item type, title or book title, place or journal country, ERIC's
publisher) is settled by :func:`_finish` once every entry is read.

Authors follow the order of the file: ``FAU`` opens an author (``AU``, ``AUID``, ``AD`` after it
belong to it), ``AU`` opens one when the record has no ``FAU``, ``CN`` puts a group author at
its place. ``FIR``/``IR``/``IRAD`` are investigators, ``FED``/``ED`` editors.

ERIC records (``OWN - ERIC``; same syntax, no PMID, ERIC number in ``OID``) get their item type
from ERIC's publication types and their publisher from ``JT``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import NamedTuple

from ...core import languages
from ...core.dates import parse_date
from ...core.identifiers import normalize_doi, normalize_orcid, normalize_pmcid
from ...core.model import (
    HistoryDate,
    Identifier,
    Keyword,
    MeshHeading,
    OtherAbstract,
    Person,
    PublicationType,
    Record,
)
from ...core.pages import set_pages
from ...core.text import clean_title, is_translated_title
from ...core.vocabulary import ARTICLE_JOURNAL, BOOK, CHAPTER, DATASET, PREPRINT, REPORT, THESIS
from .values import (
    fast_date,
    parse_chemical,
    parse_grant,
    parse_link,
    parse_mesh,
    person_from_full,
    person_from_short,
    short_initials,
    split_abstract,
    split_bracket,
    split_paren,
)

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

    __slots__ = ("author", "author_full", "author_short", "bti", "ed", "entries", "eric", "has_fau", "inv",
                 "kw_owner", "lid_pii", "other_abstract", "pending_ad", "pg", "pl", "rec", "ti")

    def __init__(self, entries: list[list]) -> None:
        self.entries = entries
        self.rec = Record()
        self.author: Person | None = None  # the author AD/AUID attach to
        self.author_full = False  # current author opened by FAU
        self.author_short = False  # current author already had its AU
        self.inv: list = [None, False, False]  # investigator: person, opened by FIR, had IR
        self.ed: list = [None, False, False]
        self.kw_owner: str | None = None
        self.pending_ad: list[str] = []
        self.has_fau = False  # a FAU line is in the record (known once one is read, or looked for)
        self.pl: str | None = None
        self.bti: str | None = None
        self.ti: str | None = None
        self.other_abstract: OtherAbstract | None = None
        self.eric = False
        self.pg: str | None = None  # PG, settled with the LID pii at the end (core.pages.set_pages)
        self.lid_pii: str | None = None


Handler = Callable[[_State, str], None]


def _set(attr: str) -> Handler:
    def handler(st: _State, v: str) -> None:
        setattr(st.rec, attr, v)

    return handler


# --------------------------------------------------------------------------- authors, investigators, editors
def _open_author(st: _State, p: Person, full: bool) -> None:
    """A new author (from FAU, or AU when there is no FAU); AD lines met before any author go to the first."""
    st.rec.authors.append(p)
    st.author, st.author_full, st.author_short = p, full, not full
    if st.pending_ad and len(st.rec.authors) == 1:
        p.affiliations.extend(st.pending_ad)
        st.pending_ad = []


def _h_fau(st: _State, v: str) -> None:
    st.has_fau = True
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
    elif st.has_fau or _fau_later(st):
        st.author.affiliations.append(v)
    else:
        st.rec.authors[0].affiliations.append(v)


def _fau_later(st: _State) -> bool:
    """Whether a FAU line comes later in the record (one before would have set ``has_fau``)."""
    st.has_fau = any(tag == "FAU" for tag, _value in st.entries)
    return st.has_fau


def _h_auid(st: _State, v: str) -> None:
    if st.author is None:
        st.rec.add_extra("medline:AUID", v)
        return
    src, sep, value = v.partition(":")
    if sep and src.strip().upper() == "ORCID":
        st.author.orcid = normalize_orcid(value)
    elif sep:
        st.author.identifiers.append(Identifier(kind=src.strip().lower(), value=value.strip()))
    else:
        st.author.identifiers.append(Identifier(kind="other", value=v))


def _people(target: str, slot: str, full: bool) -> Handler:
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
        st.rec.add_extra("medline:IRAD", v)


# --------------------------------------------------------------------------- journal, book, identifiers
def _h_is(st: _State, v: str) -> None:
    value, kind = split_paren(v)
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


def _h_isbn(st: _State, v: str) -> None:
    if v[:4].upper() == "ISBN":
        v = v[4:].lstrip(" :-")
    if v and v not in st.rec.isbns:
        st.rec.isbns.append(v)


def _h_pg(st: _State, v: str) -> None:
    st.pg = v


def _article_id(st: _State, v: str, located: bool) -> None:
    value, kind = split_bracket(v)
    rec = st.rec
    if kind == "doi":
        if rec.doi is None:
            rec.doi = normalize_doi(value)
    elif kind == "pii":
        if rec.pii is None:
            rec.pii = value
        if located and st.lid_pii is None:  # the e-location: the pages when there is no PG
            st.lid_pii = value
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


def _h_pmc(st: _State, v: str) -> None:
    st.rec.pmcid = normalize_pmcid(v)


def _h_own(st: _State, v: str) -> None:
    st.rec.owner = v
    if v == "ERIC":
        st.eric = True


def _h_oid(st: _State, v: str) -> None:
    if st.eric and v[:2] in ("EJ", "ED"):
        st.rec.other_ids.append(Identifier(kind="eric", value=v))
    else:
        st.rec.add_extra("medline:OID", v)


# --------------------------------------------------------------------------- titles and text
def _h_ti(st: _State, v: str) -> None:
    st.ti = v


def _h_bti(st: _State, v: str) -> None:
    st.bti = v


def _h_pl(st: _State, v: str) -> None:
    st.pl = v


def _clean_title(attr: str) -> Handler:
    def handler(st: _State, v: str) -> None:
        setattr(st.rec, attr, clean_title(v))

    return handler


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
        st.rec.add_extra("medline:OABL", v)


def _h_la(st: _State, v: str) -> None:
    lang = languages.to_bcp47(v)
    if lang and lang not in st.rec.languages:
        st.rec.languages.append(lang)


# --------------------------------------------------------------------------- subjects, grants, chemicals, links
def _h_pt(st: _State, v: str) -> None:
    st.rec.publication_types.append(PublicationType(v))


def _h_mh(st: _State, v: str) -> None:
    # most headings are a bare descriptor ("Humans"): no parsing (v is stripped already)
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


def _link(kind: str) -> Handler:
    def handler(st: _State, v: str) -> None:
        st.rec.links.append(parse_link(kind, v))

    return handler


# --------------------------------------------------------------------------- dates
def _h_dp(st: _State, v: str) -> None:
    st.rec.issued = parse_date(v)


def _h_dep(st: _State, v: str) -> None:
    st.rec.epub = fast_date(v)


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


def _h_phst(st: _State, v: str) -> None:
    value, status = split_bracket(v)
    _add_history(st, status or "other", value)


def _history(status: str) -> Handler:
    def handler(st: _State, v: str) -> None:
        _add_history(st, status, v)

    return handler


# --------------------------------------------------------------------------- the tag table
class Tag(NamedTuple):
    """One MEDLINE tag: its handler (None: kept in ``record.extra["medline:<tag>"]`` as written), the record
    field(s) it fills and a note, for the docs."""

    tag: str
    handler: Handler | None
    fields: str
    note: str = ""


def _field(tag: str, attr: str, note: str = "") -> Tag:
    """A tag whose value is the field's value as written."""
    return Tag(tag, _set(attr), attr, note)


def _kept(tag: str, note: str) -> Tag:
    return Tag(tag, None, f"extra[medline:{tag}]", note)


class TagTable:
    """The tag table: handlers by tag (the builder), the tags known (the lexer), rows (the docs).

    docs/gen.py shows it as it shows a rule table; a reader-only table notes no loss (``lost``)."""

    lost = ()

    def __init__(self, tags: Iterable[Tag]) -> None:
        self.tags = tuple(tags)
        self.handlers = {t.tag: t.handler for t in self.tags if t.handler is not None}
        self.known = frozenset(t.tag for t in self.tags)

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(tag, record field(s), direction, note) per tag, for the docs."""
        return [(t.tag, t.fields, "read", t.note) for t in self.tags]


TABLE = TagTable((
    _field("PMID", "pmid"),
    Tag("OWN", _h_own, "owner", "`ERIC` makes an ERIC record (read without PMID)"),
    _field("STAT", "indexing_status"),
    _field("PST", "publication_status"),
    _field("PUBM", "pub_model"),
    Tag("IS", _h_is, "issn_print, issn_electronic, issn_linking, issn_other", "by the kind in parentheses"),
    Tag("ISSN", _h_issn, "issn_print, issn_electronic, issn_other", "ERIC's `ISSN-…`, `EISSN-…`"),
    _field("VI", "volume"),
    _field("IP", "issue"),
    Tag("DP", _h_dp, "issued", "seasons, ranges, `Jul-Ago`"),
    Tag("DEP", _h_dep, "epub"),
    Tag("TI", _h_ti, "title", "closing period dropped; of a book with BTI: kept in extra"),
    Tag("TT", _clean_title("original_title"), "original_title"),
    Tag("BTI", _h_bti, "title, container_title", "a book's title; a chapter's book; of an article: kept in extra"),
    Tag("CTI", _clean_title("collection_title"), "collection_title"),
    Tag("VTI", _clean_title("volume_title"), "volume_title"),
    Tag("PG", _h_pg, "pages, pages_raw, page_first, page_last",
        "abbreviated ranges expanded (`1051-2`); without PG, the `LID [pii]` (e-location) is the pages"),
    Tag("LID", _h_lid, "doi, pii, pmcid, mid, pmid, article_number, urls, other_ids",
        "by the kind in brackets; untyped: the article number (ERIC: a URL)"),
    Tag("AID", _h_aid, "doi, pii, pmcid, mid, pmid, urls, other_ids", "by the kind in brackets (`[doi]`, `[pii]`…)"),
    Tag("AB", _h_ab, "abstract", "split into sections at capitalised labels (`BACKGROUND: …`)"),
    _field("CI", "copyright"),
    Tag("FAU", _h_fau, "authors", "opens an author; suffixes split (`White, A Clinton Jr`)"),
    Tag("AU", _h_au, "authors, authors_truncated", "the initials of the author FAU opened, else opens one; `et al.`"),
    Tag("AUID", _h_auid, "authors[].orcid, authors[].identifiers", "of the current author"),
    Tag("AD", _h_ad, "authors[].affiliations", "of the current author (without FAU: of the first)"),
    Tag("CN", _h_cn, "authors[].literal", "a group author, in its place among the authors"),
    Tag("FIR", _people("investigators", "inv", True), "investigators", "as FAU"),
    Tag("IR", _people("investigators", "inv", False), "investigators", "as AU"),
    Tag("IRAD", _h_irad, "investigators[].affiliations"),
    Tag("FED", _people("editors", "ed", True), "editors", "as FAU"),
    Tag("ED", _people("editors", "ed", False), "editors", "as AU"),
    Tag("LA", _h_la, "languages", "BCP 47 (`eng` -> `en`), every one"),
    Tag("PT", _h_pt, "publication_types, type", "the item type from them"),
    Tag("MH", _h_mh, "mesh", "descriptor, qualifiers, `*` major topics"),
    Tag("OTO", _h_oto, "keywords[].owner", "of the OT lines after it"),
    Tag("OT", _h_ot, "keywords", "`*`: major"),
    Tag("GR", _h_gr, "grants", "`ID/ACRONYM/AGENCY/COUNTRY`; the line in `raw`"),
    Tag("RN", _h_rn, "chemicals", "`registry number (name)`"),
    _field("COIS", "conflict_of_interest"),
    Tag("PHST", _h_phst, "history", "status in brackets"),
    Tag("PMC", _h_pmc, "pmcid"),
    _field("MID", "mid"),
    _field("SO", "source"),
    _field("TA", "journal_abbrev"),
    _field("JT", "container_title", "ERIC reports, books, theses: the publisher"),
    _field("JID", "nlm_id"),
    Tag("PL", _h_pl, "publisher_place, journal_country", "the place of books, chapters, reports, theses; else the journal's country"),
    _field("PB", "publisher"),
    _field("EN", "edition"),
    Tag("ISBN", _h_isbn, "isbns"),
    Tag("OAB", _h_oab, "other_abstracts"),
    Tag("OABL", _h_oabl, "other_abstracts[].language"),
    Tag("OID", _h_oid, "other_ids", "ERIC numbers (`EJ…`, `ED…`) of ERIC records (else kept in extra)"),
    *(Tag(tag, _history(status), "history", f"status `{status}`") for tag, status in HISTORY_TAGS.items()),
    *(Tag(tag, _link(kind), "links", f"kind `{kind}`") for tag, kind in LINK_TAGS.items()),
    _kept("SB", "citation subset"),
    _kept("SI", "secondary source (databank link)"),
    _kept("GN", "general note"),
    _kept("GS", "gene symbol"),
    _kept("SFM", "space flight mission"),
    _kept("RF", "number of references"),
    _kept("NR", "number of references"),
    _kept("NM", "supplementary concept"),
    _kept("PS", "personal name as subject"),
    _kept("FPS", "personal name as subject"),
    _kept("OCI", "other copyright"),
    _kept("CTDT", "book date"),
    _kept("DRDT", "book date"),
    _kept("CDAT", "book date"),
))


# --------------------------------------------------------------------------- the record
# ERIC publication types (PT) -> item type; ERIC records have no PubMed PT vocabulary
ERIC_TYPES = (
    ("Dissertations/Theses", THESIS),
    ("Books", BOOK),
    ("Journal Articles", ARTICLE_JOURNAL),
    ("Reports", REPORT),
)


def _eric_type(st: _State, names: set[str]) -> str:
    so = st.rec.source or ""
    if so[:1] == "v" and so[1:2].isdigit():  # "v21 n1 p12-24 2020": a journal issue
        return ARTICLE_JOURNAL
    for prefix, kind in ERIC_TYPES:
        if any(n.startswith(prefix) for n in names):
            return kind
    return ARTICLE_JOURNAL


def _item_type(st: _State) -> str:
    names = {p.name for p in st.rec.publication_types}
    if st.eric:
        return _eric_type(st, names)
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
    if st.pg or rec.type != BOOK:
        set_pages(rec, st.pg, rec.article_number, st.lid_pii)
    if st.pending_ad:  # AD with no author at all
        for ad in st.pending_ad:
            rec.add_extra("medline:AD", ad)
    # TI and BTI: a chapter and its book, a book, or an article (a BTI kept in extra)
    if rec.type == CHAPTER:
        rec.title = clean_title(st.ti)
        rec.container_title = clean_title(st.bti) if st.bti else rec.container_title
    elif rec.type == BOOK:
        rec.title = clean_title(st.bti or st.ti)
        if st.bti and st.ti:
            rec.add_extra("medline:TI", st.ti)
    else:
        rec.title = clean_title(st.ti)
        if st.bti:
            rec.add_extra("medline:BTI", st.bti)
    rec.title_translated = is_translated_title(rec.title)
    if st.eric and rec.type != ARTICLE_JOURNAL and rec.container_title:
        # ERIC's JT names the publisher / institution of reports, books and theses
        rec.publisher, rec.container_title = rec.container_title, None
        if rec.type == THESIS and rec.source and ", " in rec.source:
            rec.add_extra("medline:JT", rec.publisher)
            rec.publisher = rec.source.split(", ", 1)[1]  # "Ph.D. Dissertation, Drexel University"
    if st.pl:
        if rec.type in (BOOK, CHAPTER, REPORT, THESIS):
            rec.publisher_place = st.pl
        else:
            rec.journal_country = st.pl
    return rec


def build_record(entries: list[list]) -> Record:
    """A Record from one record's ``[tag, value]`` entries."""
    st = _State(entries)
    handlers = TABLE.handlers
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
            st.rec.add_extra("medline:" + tag, v)
        else:
            h(st, v)
    return _finish(st)
