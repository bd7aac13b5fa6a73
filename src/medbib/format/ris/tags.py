"""RIS: the one tag table that the reader, the writer, ``--report`` and docs/formats/ris.md use.

Each :class:`~medbib.plugins.rules.Rule` pairs a tag with record field(s); its ``read`` converter
is what the reader does with the tag's values, its ``write`` converter what the writer puts
there. The table is in the order the writer writes tags (``TY`` first and ``ER`` last are the
record's frame), and the reader runs it in the same order. :class:`~medbib.plugins.rules.Lost`
lines say what RIS cannot hold. Tags no rule reads are kept in ``record.extra`` and written back.

Choices (docs/formats/ris.md gives the reasons): PMID goes to ``AN`` (EndNote's accession number)
**and** to ``M2  - PMID: n``; PMCID to ``C2`` (EndNote's JOUR convention; not for chapters,
whose ``C2`` Zotero reads as a book author) **and** ``M2  - PMCID: PMC…``: Zotero appends every
``M2`` value to Extra, where it treats ``PMID:``/``PMCID:`` lines as data. Writer options
``zotero_extra=False`` (no M2 lines) and ``epub_et=False`` (no epub date in ET).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...core import languages
from ...core.identifiers import normalize_doi, normalize_pmcid
from ...core.model import AbstractSection, Keyword, PublicationType, Record
from ...core.pages import expand_pages, range_ends
from ...core.text import clean_title, is_translated_title
from ...core.vocabulary import (
    ARTICLE_JOURNAL,
    BOOK,
    CHAPTER,
    DATASET,
    DOCUMENT,
    PAPER_CONFERENCE,
    PREPRINT,
    REPORT,
    THESIS,
    WEBPAGE,
)
from ...plugins.rules import Lost, Rule, RuleTable
from .values import (
    fold,
    link_note,
    parse_link_note,
    parse_person,
    parse_ris_date,
    person_value,
    ris_date,
    short_date,
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
#: TY read -> record type (TYs not listed become "document"; the TY is kept in extra["ris:TY"])
TY_TO_TYPE: dict[str, str] = {
    "JOUR": ARTICLE_JOURNAL, "JFULL": ARTICLE_JOURNAL, "ABST": ARTICLE_JOURNAL,
    "INPR": ARTICLE_JOURNAL, "MGZN": ARTICLE_JOURNAL,
    "EJOUR": PREPRINT,  # an EJOUR with a volume or issue is read as a journal article
    "BOOK": BOOK, "EBOOK": BOOK, "EDBOOK": BOOK, "CLSWK": BOOK, "SER": BOOK,
    "CHAP": CHAPTER, "ECHAP": CHAPTER,
    "DATA": DATASET, "DBASE": DATASET,
    "RPRT": REPORT, "GOVDOC": REPORT, "STAND": REPORT,
    "THES": THESIS,
    "ELEC": WEBPAGE, "WEB": WEBPAGE, "BLOG": WEBPAGE,
    "CONF": PAPER_CONFERENCE, "CPAPER": PAPER_CONFERENCE,
    "GEN": DOCUMENT,
}

#: tags whose continuation lines are separate values (as Zotero reads them); others are joined
NEWLINE_VALUE_TAGS: frozenset[str] = frozenset({"KW", "L1", "L2", "L3", "L4"})

# N1 notes medbib writes for fields RIS has no tag for; the reader parses them back.
NOTE_COI = "Conflict of interest"
NOTE_COPYRIGHT = "Copyright"

BOOKS = frozenset({BOOK})
BOOKS_AND_CHAPTERS = frozenset({BOOK, CHAPTER})


@dataclass
class WriteEnv:
    """What the writer's converters need besides the record."""

    key: str = ""
    zotero_extra: bool = True
    epub_et: bool = True


#: tags no rule reads are kept in ``record.extra`` as ``ris:<tag>``, and only those are written back
KEPT_PREFIX = "ris:"
KEPT_TAG = re.compile(r"ris:([A-Z][A-Z0-9])")


@dataclass
class ReadEnv:
    """What the reader's converters need besides their values: every tag of the record (for the
    few rules that look at another tag) and ``keep``, which puts a value in ``record.extra`` (as
    ``ris:<tag>``)."""

    tags: dict[str, list[str]]
    extra: dict[str, list[str]] = field(default_factory=dict)

    def keep(self, tag: str, *values: str) -> None:
        for v in values:
            self.extra.setdefault(KEPT_PREFIX + tag, []).append(v)

    def first(self, tag: str) -> str | None:
        values = self.tags.get(tag)
        return values[0] if values else None


# --------------------------------------------------------------------------- read converters
def _setter(name: str):  # type: ignore[no-untyped-def]
    """Read: the first value (of the tag, then of its ``also`` tags) into the field."""
    def read(values: list[str], rec: Record, env: ReadEnv) -> None:
        setattr(rec, name, values[0] if values else None)
    return read


def _read_id(values: list[str], rec: Record, env: ReadEnv) -> None:
    rec.id = values[0] if values else None


def _read_title(values: list[str], rec: Record, env: ReadEnv) -> None:
    rec.title = clean_title(values[0] if values else None)
    rec.title_translated = is_translated_title(rec.title)


def _read_authors(values: list[str], rec: Record, env: ReadEnv) -> None:
    # AU and A1 in the order their tags first appear
    for tag in [t for t in env.tags if t in ("AU", "A1")]:
        rec.authors.extend(p for p in map(parse_person, env.tags[tag]) if p)


def _read_people(name: str):  # type: ignore[no-untyped-def]
    def read(values: list[str], rec: Record, env: ReadEnv) -> None:
        getattr(rec, name).extend(p for p in map(parse_person, values) if p)
    return read


def _read_book_series(values: list[str], rec: Record, env: ReadEnv) -> None:
    rec.collection_title = values[0] if values else None


def _read_book_title(values: list[str], rec: Record, env: ReadEnv) -> None:
    """BT of a book is its title when TI is missing; else it is kept."""
    if values and not rec.title:
        rec.title = clean_title(values[0])
    elif values:
        env.keep("BT", *values)


def _read_container(values: list[str], rec: Record, env: ReadEnv) -> None:
    rec.container_title = values[0] if values else None  # T2, else JF, else BT


def _read_abbrev(values: list[str], rec: Record, env: ReadEnv) -> None:
    rec.journal_abbrev = values[0] if values else None
    if not rec.container_title and rec.journal_abbrev and rec.type != BOOK:
        rec.container_title = rec.journal_abbrev  # Zotero does the same (JA/JO only: Nature)


def _read_issued(values: list[str], rec: Record, env: ReadEnv) -> None:
    """DA wins over Y1 over PY (as in Zotero); the first that parses."""
    for v in values:
        d = parse_ris_date(v)
        if d is not None and (d.year is not None or d.raw):
            rec.issued = d
            return


_DATELIKE = re.compile(r"^\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?/?$")


def _read_et(values: list[str], rec: Record, env: ReadEnv) -> None:
    """EndNote's Epub Date for articles when it looks like a date; else the edition."""
    for v in values:
        if rec.type not in BOOKS_AND_CHAPTERS and _DATELIKE.match(v) and rec.epub is None:
            rec.epub = parse_ris_date(v)
        elif rec.edition is None:
            rec.edition = v
        else:
            env.keep("ET", v)


def _read_pages(values: list[str], rec: Record, env: ReadEnv) -> None:
    """SP + EP; a whole range in SP; SP of a book is its number of pages."""
    sp, ep = env.first("SP"), env.first("EP")
    if rec.type == BOOK:
        rec.number_of_pages = sp
        if ep:
            env.keep("EP", ep)
    elif sp and ("-" in sp or "," in sp):
        rec.pages = expand_pages(sp)
        if ep:
            env.keep("EP", ep)
    elif sp and ep:
        rec.pages = expand_pages(f"{sp}-{ep}")  # SP 136 + EP 41 -> 136-141
    else:
        rec.pages = expand_pages(sp or ep)


def _read_m1(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if rec.type == BOOK and rec.collection_number is None:
            rec.collection_number = v
        elif rec.type == ARTICLE_JOURNAL and rec.issue is None:
            rec.issue = v  # EndNote puts the issue in M1 (Zotero reads it so too)
        else:
            env.keep("M1", v)


def _read_doi(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if rec.doi is None:
            rec.doi = normalize_doi(v)
        elif normalize_doi(v) != rec.doi:
            env.keep("DO", v)


_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^(?:\d[\d-]{8,15}[\dXx])$")
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)


def _read_sn(values: list[str], rec: Record, env: ReadEnv) -> None:
    """ISSNs and ISBNs, one or several per line; anything else is kept."""
    for v in values:
        parts = re.split(r"[\s,;]+", v)
        if all(_ISSN.match(p) or _ISBN.match(p) for p in parts):
            for p in parts:
                target = rec.issn_other if _ISSN.match(p) else rec.isbns
                if p not in target:
                    target.append(p)
        else:
            env.keep("SN", v)


def _read_abstract(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.abstract = [AbstractSection(text=values[0])]
        for v in values[1:]:
            if v != values[0]:
                env.keep("N2", v)


def _read_keywords(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if all(k.term != v for k in rec.keywords):
            rec.keywords.append(Keyword(term=v))


def _read_languages(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        for part in re.split(r"\s*[,;]\s*", v):
            code = languages.to_bcp47(part) or part
            if code and code not in rec.languages:
                rec.languages.append(code)


def _read_an(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if re.fullmatch(r"\d{1,9}", v) and rec.pmid in (None, v):
            rec.pmid = v
        else:
            env.keep("AN", v)


def _read_c2(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if rec.type != CHAPTER and re.fullmatch(r"PMC\d+", v, re.I) and rec.pmcid in (None, v.upper()):
            rec.pmcid = v.upper()
        else:
            env.keep("C2", v)


def _read_c6(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if re.fullmatch(r"(?:NIHMS|EMS)\d+", v) and rec.mid is None:
            rec.mid = v
        else:
            env.keep("C6", v)


def _read_m2(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``PMID: n`` and ``PMCID: PMC…`` lines (medbib's and Zotero's Extra); others are kept."""
    for v in values:
        key, sep, value = v.partition(":")
        key, value = key.strip().upper(), value.strip()
        if sep and key == "PMID" and re.fullmatch(r"\d{1,9}", value) and rec.pmid in (None, value):
            rec.pmid = value
        elif sep and key == "PMCID" and normalize_pmcid(value) and rec.pmcid in (None, normalize_pmcid(value)):
            rec.pmcid = normalize_pmcid(value)
        else:
            env.keep("M2", v)


def _read_m3(values: list[str], rec: Record, env: ReadEnv) -> None:
    """EndNote's Type of Article; some exporters put the DOI here."""
    for v in values:
        if _DOI.match(v):
            if rec.doi is None:
                rec.doi = normalize_doi(v)
        else:
            rec.publication_types.extend(PublicationType(x.strip()) for x in v.split(";") if x.strip())


def _read_urls(values: list[str], rec: Record, env: ReadEnv) -> None:
    for v in values:
        if v.startswith("PM:") and rec.pmid is None:  # Reference Manager puts PMIDs in UR
            rec.pmid = v[3:].strip()
        elif v not in rec.urls:
            rec.urls.append(v)


def _read_notes(values: list[str], rec: Record, env: ReadEnv) -> None:
    """Free notes, and what medbib writes as notes: conflict of interest, copyright, links."""
    for v in values:
        if v == rec.title:
            continue  # EndNote repeats the title in N1 sometimes (Zotero skips it too)
        head, sep, rest = v.partition(": ")
        if sep and head == NOTE_COI and rec.conflict_of_interest is None:
            rec.conflict_of_interest = rest
        elif sep and head == NOTE_COPYRIGHT and rec.copyright is None:
            rec.copyright = rest
        elif (link := parse_link_note(v)) is not None:
            rec.links.append(link)
        else:
            rec.notes.append(v)


# --------------------------------------------------------------------------- write converters
def _kept_ty(rec: Record) -> str | None:
    """The TY read from RIS (kept in extra), when it still means the record's type."""
    kept = (rec.extra.get(KEPT_PREFIX + "TY") or [None])[0]
    return kept if kept and TY_TO_TYPE.get(kept.upper(), "document") == rec.type else None


def _write_type(rec: Record, env: WriteEnv) -> str:
    """A TY read from RIS (e.g. PAT) goes back out as it came; else the type's TY."""
    return _kept_ty(rec) or TYPE_TO_TY.get(rec.type, "GEN")


def _no_ty(rec: Record, env: WriteEnv) -> bool:
    return rec.type not in TYPE_TO_TY and not _kept_ty(rec)


def _people(people: list, env: WriteEnv) -> list[str]:
    return [person_value(p) for p in people]


def _container(rec: Record, env: WriteEnv) -> str | None:
    """The journal (or the book a chapter is in); the abbreviation when no full title is known."""
    if not rec.container_title and rec.type != CHAPTER:
        return rec.journal_abbrev or rec.journal_iso_abbrev
    return rec.container_title


def _abbrev(abbrev: str | None, iso: str | None, env: WriteEnv) -> str | None:
    return abbrev or iso


def _year(d: Any, env: WriteEnv) -> str | None:
    return f"{d.year:04d}" if d is not None and d.year is not None else None


def _range(pages: str) -> tuple[str, str] | None:
    """The ends of a page range, split into SP and EP; None for what goes whole in SP (Zotero and
    pandoc keep it): ``1559-1565, 1570``, ``e0179990`` or a pii (``S0140-6736(20)30681-4``, ``2024-vol4``)."""
    return None if "," in pages else range_ends(pages)


def _start_page(pages: str | None, first: str | None, env: WriteEnv) -> str | None:
    pages = pages or first
    if not pages:
        return None
    ends = _range(pages)
    return ends[0] if ends else pages


def _end_page(pages: str | None, first: str | None, env: WriteEnv) -> str | None:
    pages = pages or first
    ends = _range(pages) if pages else None
    return ends[1] if ends else None


def _sn(rec: Record, env: WriteEnv) -> list[str]:
    """The ISSNs on one line and the ISBNs on one line (``1092-7875, 1573-6628``, as Zotero's own
    export writes them): Zotero keeps only the first SN line, so a book's ISBNs come first."""
    lines = [", ".join(rec.issns), ", ".join(rec.isbns)]
    if rec.type in BOOKS_AND_CHAPTERS:
        lines.reverse()
    return [line for line in lines if line]


def _abstract(rec: Record, env: WriteEnv) -> str | None:
    return rec.abstract_text  # sections "LABEL: text" joined; folded onto one line


def _keywords(rec: Record, env: WriteEnv) -> list[str]:
    return [k.term for k in rec.keywords] + [m.as_string() for m in rec.mesh]


def _languages(langs: list[str], env: WriteEnv) -> str | None:
    """Every language on one line, ``en; es``: Zotero and rispy keep only the first of several LA
    lines; both keep a whole line."""
    return "; ".join(languages.to_bcp47(x) or x for x in langs) or None


def _zotero_extra(rec: Record, env: WriteEnv) -> list[str | None]:
    return [f"PMID: {rec.pmid}" if rec.pmid else None, f"PMCID: {rec.pmcid}" if rec.pmcid else None]


def _pubtypes(pts: list, env: WriteEnv) -> str:
    return "; ".join(p.name for p in pts)


def _affiliations(rec: Record, env: WriteEnv) -> list[str]:
    """Every affiliation once, in author order."""
    out: list[str] = []
    for p in rec.authors + rec.editors:
        for a in p.affiliations:
            a = fold(a)
            if a and a not in out:
                out.append(a)
    return out


def _notes(notes: list[str], env: WriteEnv) -> list[str]:
    return [fold(n) for n in notes]


def _prefixed(prefix: str):  # type: ignore[no-untyped-def]
    def write(value: str | None, env: WriteEnv) -> str | None:
        return f"{prefix}: {value}" if value else None
    return write


def _links(links: list, env: WriteEnv) -> list[str]:
    return [link_note(x) for x in links]


def _key(rec: Record, env: WriteEnv) -> str:
    return env.key


def _not_chapter(rec: Record, env: WriteEnv) -> bool:
    return rec.type != CHAPTER  # Zotero reads C2 of a CHAP as a book author


def _option(name: str):  # type: ignore[no-untyped-def]
    def when(rec: Record, env: WriteEnv) -> bool:
        return bool(getattr(env, name))
    return when


def _iso_differs(rec: Record, env: WriteEnv) -> bool:
    return bool(rec.journal_iso_abbrev and rec.journal_abbrev and rec.journal_iso_abbrev != rec.journal_abbrev)


def _any(test):  # type: ignore[no-untyped-def]
    return lambda rec, env: test(rec)


# --------------------------------------------------------------------------- the table
NO_TAG = "no RIS tag"

TABLE = RuleTable([
    Rule("TY", "type", write=_write_type, whole=True, note="JOUR, BOOK, CHAP, EJOUR (preprint), DATA, RPRT, THES, ELEC, CPAPER, "
         "GEN; a TY read from RIS (e.g. EDBOOK) is written back as read"),
    Rule("ID", "id", read=_read_id, write=_key, whole=True, note="the citation key"),
    Rule("TI", "title", read=_read_title, also=("T1", "CT")),
    Rule("TT", "original_title", read=_setter("original_title"), note="vernacular title"),
    Rule("ST", "short_title", read=_setter("short_title")),
    Rule("AU", "authors", read=_read_authors, write=_people, also=("A1",),
         note="`Family, Given[, Suffix]`; initials-only given as `T. H.`; group names verbatim, commas as U+201A"),
    Rule("A2", "editors", read=_read_people("editors"), write=_people, also=("ED",), skip_types=BOOKS,
         note="editors of chapters and articles (as Zotero and EndNote read them)"),
    Rule("A3", "editors", read=_read_people("editors"), write=_people, also=("ED",), types=BOOKS,
         note="editors of books"),
    Rule("A4", "translators", read=_read_people("translators"), write=_people),
    Rule("T2", "collection_title", read=_read_book_series, also=("T3",), types=BOOKS, note="series of a book"),
    Rule("T2", ("container_title", "journal_abbrev", "journal_iso_abbrev"), read=_read_container, write=_container,
         whole=True, also=("JF", "BT"), skip_types=BOOKS,
         note="journal (full title), book title for chapters; the abbreviation when no full title is known"),
    Rule("BT", "title", read=_read_book_title, read_only=True, types=BOOKS, note="title of a book without TI"),
    Rule("J2", ("journal_abbrev", "journal_iso_abbrev"), read=_read_abbrev, write=_abbrev, also=("JO", "JA", "J1"),
         note="journal abbreviation (MedlineTA, else ISO); never JO: Zotero reads JO as abbreviation, pandoc as journal"),
    Rule("T3", "collection_title", read=_setter("collection_title"), skip_types=BOOKS, note="series"),
    Rule("PY", "issued", write=_year, note="4-digit year"),
    Rule("DA", "issued", read=_read_issued, write=lambda d, env: ris_date(d), also=("Y1", "PY"),
         note="`YYYY/MM/DD/other` with only the known parts: `2021/01//`, `2016///Summer`, `2010/09//Sep-Oct`; "
         "a range of years as `2004-2005` (Zotero keeps it whole); read: DA over Y1 over PY"),
    Rule("ET", ("epub", "edition"), read=_read_et, read_only=True,
         note="read: an article's date-like ET is its epub date, else the edition"),
    Rule("ET", "edition", types=BOOKS_AND_CHAPTERS, note="edition of books and chapters"),
    Rule("ET", "epub", write=lambda d, env: short_date(d), skip_types=BOOKS_AND_CHAPTERS, when=_option("epub_et"),
         note="EndNote's Epub Date `2020/11/18` (option `epub_et=False` leaves it out)"),
    Rule("VL", "volume", read=_setter("volume")),
    Rule("IS", "issue", read=_setter("issue")),
    Rule("SP", ("pages", "number_of_pages"), read=_read_pages, read_only=True, also=("EP",),
         note="read: a range in SP, or SP and EP; a book's SP is its number of pages"),
    Rule("SP", "number_of_pages", types=BOOKS, note="a book's number of pages"),
    Rule("SP", ("pages", "page_first"), write=_start_page, skip_types=BOOKS,
         note="`136-141` -> SP 136 + EP 141; `1559-1565, 1570` or `e0179990` whole in SP"),
    Rule("EP", ("pages", "page_first"), write=_end_page, skip_types=BOOKS),
    Rule("C7", "article_number", read=_setter("article_number")),
    Rule("M1", "collection_number", read=_read_m1, types=BOOKS,
         note="series number of a book (Zotero); read: the issue of an article when IS is missing"),
    Rule("M1", ("collection_number", "issue"), read=_read_m1, read_only=True, skip_types=BOOKS),
    Rule("DO", "doi", read=_read_doi),
    Rule("SN", ("issn_print", "issn_electronic", "issn_linking", "issn_other", "isbns"), read=_read_sn,
         write=_sn, whole=True,
         note="the ISSNs on one line, `1092-7875, 1573-6628` (Zotero keeps one SN line), the ISBNs on another "
              "(first for books and chapters); read: one or several per line"),
    Rule("AB", "abstract", read=_read_abstract, write=_abstract, whole=True, also=("N2",),
         note="sections as `LABEL: text`, one line"),
    Rule("KW", ("keywords", "mesh"), read=_read_keywords, write=_keywords, whole=True,
         note="each keyword, then each MeSH heading as `*Descriptor/qualifier`"),
    Rule("LA", "languages", read=_read_languages, write=_languages,
         note="BCP 47, every language on one line (`en; es`: Zotero keeps one LA line); read: one or several "
              "per line, codes or names"),
    Rule("AN", "pmid", read=_read_an, note="EndNote's accession number for PubMed records"),
    Rule("C2", "pmcid", read=_read_c2, when=_not_chapter,
         note="EndNote's JOUR convention; not for chapters (Zotero reads C2 of a CHAP as a book author)"),
    Rule("C6", "mid", read=_read_c6, note="NIHMS/EMS manuscript id"),
    Rule("M2", ("pmid", "pmcid"), read=_read_m2, write=_zotero_extra, whole=True, when=_option("zotero_extra"),
         note="`PMID: n`, `PMCID: PMC…` for Zotero's Extra (option `zotero_extra=False` leaves them out)"),
    Rule("M3", "publication_types", read=_read_m3, write=_pubtypes, note="EndNote's Type of Article, `; `-joined"),
    Rule("PB", "publisher", read=_setter("publisher")),
    Rule("CY", "publisher_place", read=_setter("publisher_place"), note="never a journal's country"),
    Rule("UR", "urls", read=_read_urls),
    Rule("AD", "authors", write=_affiliations, whole=True, note="affiliations (of authors and editors), each once"),
    Rule("N1", "notes", read=_read_notes, write=_notes,
         note="free notes; `Conflict of interest: …`; `Copyright: …`; links such as `Erratum in: <citation> "
         "[PMID: n] [DOI: …]`; all read back into their fields"),
    Rule("N1", "conflict_of_interest", write=_prefixed(NOTE_COI)),
    Rule("N1", "copyright", write=_prefixed(NOTE_COPYRIGHT)),
    Rule("N1", "links", write=_links),

    Lost("type", "no RIS type for {type}; written as GEN", when=_no_ty),
    Lost("container_title", "a book has no container in RIS", types=BOOKS),
    Lost("journal_iso_abbrev", "RIS has one abbreviation (J2); MedlineTA written", when=_iso_differs),
    Lost("epub", "ET holds the edition for books and chapters", types=BOOKS_AND_CHAPTERS),
    Lost("epub", "ET left out (epub_et=False)", skip_types=BOOKS_AND_CHAPTERS,
         when=lambda rec, env: bool(rec.epub) and not env.epub_et),
    Lost("edition", "ET holds the epub date for articles", skip_types=BOOKS_AND_CHAPTERS),
    Lost("number_of_pages", "SP/EP hold the page range", skip_types=BOOKS),
    Lost("collection_number", "no RIS tag outside books", skip_types=BOOKS),
    Lost("pages_raw", "pages are written normalised", kept=True),
    Lost("issn kinds", "SN carries the ISSN, not whether it is print, electronic or linking",
         when=_any(lambda r: r.issn_print or r.issn_electronic or r.issn_linking), kept=True),
    Lost("abstract sections", "AB is one line: labels kept inline, NLM categories lost",
         when=_any(lambda r: any(s.nlm_category for s in r.abstract)), kept=True),
    Lost("mesh", "written as KW strings (*Descriptor/qualifier); UIs and the MeSH/keyword distinction are lost",
         kept=True),
    Lost("affiliations", "AD lists the record's affiliations; which author has which is lost",
         when=_any(lambda r: any(fold(a) for p in r.authors + r.editors for a in p.affiliations)), kept=True),
    Lost("title_markup", "RIS is plain text", kept=True),
    *(Lost(name, NO_TAG) for name in ("investigators", "grants", "chemicals", "history", "other_abstracts",
                                      "pii", "other_ids", "nlm_id")),
    Lost("journal_country", "no RIS tag (CY is a place of publication)"),
    *(Lost(name, NO_TAG) for name in ("sections", "volume_title", "medium", "source", "publication_status",
                                      "indexing_status", "pub_model")),
    Lost("orcid", NO_TAG, when=_any(lambda r: any(p.orcid for p in r.authors + r.editors))),
    Lost("authors_truncated", "RIS cannot say a list is incomplete"),
    Lost("extra", "only RIS tags read from RIS (extra `ris:<tag>`) are written back",
         when=_any(lambda r: any(not KEPT_TAG.fullmatch(k) for k in r.extra))),
    Lost("type", "an EJOUR with volume/issue reads back as a journal article", types=frozenset({PREPRINT}),
         when=_any(lambda r: bool(r.volume or r.issue))),
])

#: the order in which the writer writes tags: the table's (a tag kept in extra goes to its place)
WRITE_ORDER: tuple[str, ...] = tuple(dict.fromkeys(r.source for r in TABLE.rules if not r.read_only))[1:]
