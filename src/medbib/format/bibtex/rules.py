"""BibTeX and BibLaTeX: the two field tables the reader, the writers, ``--report`` and
docs/formats/bibtex.md use.

Each :class:`~medbib.plugins.rules.Rule` pairs a field with record field(s): its ``write``
converter gives the field's value as written (LaTeX in its braces, or a month macro), its ``read``
converter sets what the field's value means on the record. The tables are in the order the
fields are written (``@type`` first: the entry type), and the reader runs them in that order.
:class:`~medbib.plugins.rules.Lost` lines say what the dialect cannot hold.

The two tables are built from shared lines; where the dialects differ (``journal`` /
``journaltitle``, ``year``+``month``+``day`` / ``date``, ``pmid``+``pmcid`` / ``eprint``…) each has
its own line. One reader reads both dialects: every field either dialect has is read in both
tables by the same line (tests/formats/bibtex checks that the two tables read alike), so the
reader runs :data:`BIBTEX`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter
from typing import Any

from ...core import languages
from ...core import vocabulary as item
from ...core.dates import format_date, iso_date, year_range
from ...core.identifiers import normalize_doi, normalize_pmcid
from ...core.model import Date, Keyword, Person, Record
from ...core.pages import dash_ranges, split_pages
from ...core.text import collapse as collapse_all
from ...core.vocabulary import CHAPTER, PAPER_CONFERENCE, PREPRINT
from ...plugins.rules import Lost, Rule, RuleTable
from .escape import brace, enclose, escape, escape_protected, format_people, text_value, verbatim
from .latex import collapse, decode, decode_markup, unverbatim
from .values import (
    AHEAD_OF_PRINT_NOTE,
    DATE_NOTE_PREFIX,
    EPUB_PREFIX,
    PMCID_PREFIX,
    RETRACTED_NOTE,
    apply_note,
    date_exact,
    date_from_fields,
    day_value,
    isbn_valid,
    issn_valid,
    link_line,
    month_value,
    note_parts,
    parse_abstract,
    parse_keywords,
    parse_people,
)

# --------------------------------------------------------------------------- entry types
#: record type -> (BibTeX entry type, BibLaTeX entry type); any other record type is @misc.
#: A preprint is an @article in its server (``journal``) with ``pubstate = {prepublished}``: Zotero
#: imports it as a journal article with server, ISSN and DOI (an @misc is a "document" there, without
#: DOI or ISSN; an @online a web page), biblatex prints "pre-published", and the reader reads it back
#: as a preprint.
WRITE_TYPES: dict[str, tuple[str, str]] = {
    item.ARTICLE_JOURNAL: ("article", "article"),
    item.BOOK: ("book", "book"),
    item.CHAPTER: ("incollection", "incollection"),
    item.PREPRINT: ("article", "article"),
    item.DATASET: ("misc", "dataset"),
    item.REPORT: ("techreport", "report"),
    item.THESIS: ("phdthesis", "thesis"),
    item.WEBPAGE: ("misc", "online"),
    item.PAPER_CONFERENCE: ("inproceedings", "inproceedings"),
    item.DOCUMENT: ("misc", "misc"),
}
DEFAULT_WRITE_TYPE = ("misc", "misc")

#: BibTeX/BibLaTeX entry type (lower case) -> record type (others: "document")
READ_TYPES: dict[str, str] = {
    **dict.fromkeys(("article", "periodical", "suppperiodical"), item.ARTICLE_JOURNAL),
    **dict.fromkeys(("book", "mvbook", "booklet", "collection", "mvcollection", "proceedings",
                     "mvproceedings", "reference", "manual"), item.BOOK),
    **dict.fromkeys(("inbook", "incollection", "suppbook", "suppcollection", "bookinbook", "inreference"),
                    item.CHAPTER),
    **dict.fromkeys(("inproceedings", "conference"), item.PAPER_CONFERENCE),
    **dict.fromkeys(("techreport", "report"), item.REPORT),
    **dict.fromkeys(("phdthesis", "mastersthesis", "thesis"), item.THESIS),
    **dict.fromkeys(("online", "electronic", "www"), item.WEBPAGE),
    "dataset": item.DATASET,
    **dict.fromkeys(("misc", "unpublished", "software", "patent"), item.DOCUMENT),
}

# BibLaTeX fields medbib writes that biber's default data model does not allow for an entry type
# (from biber-tool.conf; biber --validate-datamodel warns and drops them). Data table, not code.
BIBLATEX_INVALID: dict[str, frozenset[str]] = {t: frozenset(v.split()) for t, v in {
    "article": "booktitle edition howpublished isbn location organization pagetotal publisher",
    "book": "booktitle howpublished issn issue journaltitle organization",
    "incollection": "howpublished issn issue journaltitle organization pagetotal",
    "online": "booktitle edition eid howpublished isbn issn issue journaltitle location number pages "
              "pagetotal publisher series translator volume",
    "dataset": "booktitle eid howpublished isbn issn issue journaltitle pages pagetotal translator volume",
    "report": "booktitle edition editor howpublished isbn issn issue journaltitle organization publisher "
              "series translator volume",
    "thesis": "booktitle edition editor howpublished isbn issn issue journaltitle number organization "
              "publisher series translator volume",
    "inproceedings": "edition howpublished issn issue journaltitle pagetotal translator",
    "misc": "booktitle edition eid isbn issn issue journaltitle number pages pagetotal publisher series "
            "translator volume",
}.items()}


class EntryTypes:
    """One dialect's entry type per record type, and rule restrictions named by entry type."""

    def __init__(self, dialect: int) -> None:
        self.by_record_type = {t: pair[dialect] for t, pair in WRITE_TYPES.items()}
        self.default = DEFAULT_WRITE_TYPE[dialect]

    def write(self, rtype: str, env: Any) -> str:
        return self.by_record_type.get(rtype, self.default)

    def only(self, *etypes: str) -> dict[str, frozenset[str]]:
        """``types``/``skip_types`` of a line for the record types written as one of ``etypes``
        (record types medbib does not know are written as the default type)."""
        if self.default in etypes:
            return {"skip_types": frozenset(t for t, e in self.by_record_type.items() if e not in etypes)}
        return {"types": frozenset(t for t, e in self.by_record_type.items() if e in etypes)}

    def besides(self, *etypes: str) -> dict[str, frozenset[str]]:
        """The record types written as any entry type but ``etypes``."""
        return self.only(*({*self.by_record_type.values(), self.default} - set(etypes)))


BIBTEX_TYPES = EntryTypes(0)
BIBLATEX_TYPES = EntryTypes(1)
IN_BOOKS = BIBTEX_TYPES.only("incollection", "inproceedings")  # the same record types in both dialects


# --------------------------------------------------------------------------- environments
@dataclass
class WriteEnv:
    """What the writers' converters need besides the record."""

    ascii: bool = False  # non-ASCII characters as LaTeX macros


@dataclass
class ReadEnv:
    """What the reader's converters need besides their values: every field of the entry (names in
    lower case; for the rules that look at several) and the entry type (lower case)."""

    fields: dict[str, str]
    etype: str


# --------------------------------------------------------------------------- read converters
def _ignore(values: list[str], rec: Record, env: ReadEnv) -> None:
    """Read and dropped: not data (``key`` only tells bibtex how to sort)."""


def _text_into(name: str) -> Callable[[list[str], Record, ReadEnv], None]:
    """Read: the first value (of the field, then of its ``also`` fields) decoded into ``name``."""
    def read(values: list[str], rec: Record, env: ReadEnv) -> None:
        for v in values:
            if not getattr(rec, name):
                setattr(rec, name, decode(v) or None)
    return read


def _people_into(name: str) -> Callable[[list[str], Record, ReadEnv], None]:
    def read(values: list[str], rec: Record, env: ReadEnv) -> None:
        if values:
            setattr(rec, name, parse_people(values[0])[0])
    return read


def _read_authors(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.authors, rec.authors_truncated = parse_people(values[0])


def _read_title(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``title``, and ``subtitle`` after a colon (the markup then is dropped)."""
    title, markup = decode_markup(env.fields.get("title"))
    subtitle = env.fields.get("subtitle")
    if subtitle:
        sub, _ = decode_markup(subtitle)
        title = f"{title}: {sub}" if title else sub
        markup = None
    rec.title = title or None
    rec.title_markup = markup
    if rec.title and rec.title.startswith("[") and rec.title.endswith("]"):
        rec.title_translated = True


def _read_original_title(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.original_title, rec.original_title_markup = decode_markup(values[0])


def _read_container(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``journaltitle``, else ``journal``, else ``fjournal`` (the full title, where ``journal`` is
    the abbreviation as in MathSciNet's files); ``booktitle`` of chapters and papers, and of
    anything without a journal; ``howpublished`` / ``organization`` of @misc, @online…"""
    f = env.fields
    container = f.get("journaltitle") or f.get("journal") or f.get("fjournal") or None
    if f.get("fjournal") and f.get("journal") and not f.get("journaltitle"):
        container = f["fjournal"]
    if rec.type in (CHAPTER, PAPER_CONFERENCE) or (container is None and f.get("booktitle")):
        container = f.get("booktitle") or container
    if container is None and env.etype in ("misc", "online", "dataset", "electronic", "www"):
        # medbib writes the container of @misc as howpublished, of @online/@dataset as organization
        container = f.get("howpublished") or (f.get("organization") if env.etype != "misc" else None)
    if container:
        rec.container_title, rec.container_title_markup = decode_markup(container)


def _read_short_journal(values: list[str], rec: Record, env: ReadEnv) -> None:
    f = env.fields
    value = values[0] if values else None
    if not value and f.get("fjournal") and f.get("journal") and not f.get("journaltitle"):
        value = f["journal"]  # journal is the abbreviation beside fjournal
    if value:
        rec.journal_abbrev = decode(value) or None


def _read_date(values: list[str], rec: Record, env: ReadEnv) -> None:
    rec.issued = date_from_fields(env.fields)


def _read_issue(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``issue``; beside an integer BibLaTeX volume, the rest of the volume (see _volume_rest)."""
    issue = decode(values[0]) or None if values else None
    if issue and rec.volume and rec.volume.isdigit() and "journaltitle" in env.fields:
        rec.volume = f"{rec.volume} {issue}" if issue[:1].isalnum() else f"{rec.volume}{issue}"
    elif issue:
        rec.issue = issue


def _read_pages(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        pages = decode(values[0]).replace("\u2013", "-").replace("\u2014", "-")
        rec.pages = re.sub(r"\s*-+\s*", "-", pages) or None
        rec.page_first, rec.page_last = split_pages(rec.pages)


_PUBLISHER_ALTERNATIVES = ("institution", "school", "organization", "howpublished")


def _read_publisher(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``publisher``, else the first of institution, school, organization, howpublished (not the
    container of a preprint written there)."""
    f = env.fields
    publisher = f.get("publisher")
    if publisher:
        rec.publisher = decode(publisher) or None
        if rec.publisher:
            return
    for name in _PUBLISHER_ALTERNATIVES:
        value = f.get(name)
        value = decode(value) if value else ""
        if value and not (rec.type == PREPRINT and value == rec.container_title):
            rec.publisher = value
            return


def _read_doi(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.doi = normalize_doi(unverbatim(collapse_all(values[0])))


def _read_eprint(values: list[str], rec: Record, env: ReadEnv) -> None:
    """An eprint of type ``pubmed`` is the PMID (unless a ``pmid`` field gave one), of type ``pmc``
    the PMCID; others are kept in extra."""
    eprint = env.fields.get("eprint")
    if not eprint:
        return
    ep = unverbatim(collapse_all(eprint))
    eprinttype = decode(env.fields.get("eprinttype")).lower()
    if eprinttype == "pubmed":
        rec.pmid = rec.pmid or ep
    elif eprinttype in ("pmc", "pubmedcentral"):
        rec.pmcid = normalize_pmcid(ep)
    else:
        rec.add_extra("bibtex:eprint", ep)
        if eprinttype:
            rec.add_extra("bibtex:eprinttype", eprinttype)


def _read_pmcid(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        value = decode(values[0])
        rec.pmcid = normalize_pmcid(value) or value


def _read_url(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.urls = [collapse_all(values[0])]


def _read_issn(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.issn_other = [x for x in re.split(r"[\s,;]+", decode(values[0])) if x]


def _read_isbn(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.isbns = [x for x in re.split(r"\s*[,;]\s*|\s+(?=\d{3}-|\d{9})", decode(values[0])) if x]


def _read_abstract(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.abstract = parse_abstract(values[0])


def _read_keywords(values: list[str], rec: Record, env: ReadEnv) -> None:
    if values:
        rec.keywords = [Keyword(t) for t in parse_keywords(values[0])]


def _read_languages(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``language`` then ``langid``: names, codes or babel names, separated by ``,`` ``;`` ``and``."""
    out: list[str] = []
    for value in values:
        for part in re.split(r"\s*(?:,|;|\band\b)\s*", decode(value)):
            tag = languages.to_bcp47(part)
            if tag and tag not in out:
                out.append(tag)
    rec.languages = out


def _read_pubstate(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``inpress``: ahead of print (``prepublished`` made the record a preprint already)."""
    if values and values[0].strip().lower() == "inpress":
        rec.publication_status = "aheadofprint"


def _read_notes(values: list[str], rec: Record, env: ReadEnv) -> None:
    """``note`` and ``addendum``: what medbib writes there is data again, the rest free notes."""
    for value in values:
        for part in note_parts(value):
            apply_note(rec, part)


# --------------------------------------------------------------------------- write converters
def _text(value: str | None, env: WriteEnv) -> str | None:
    value = collapse(value)
    return enclose(escape(value, env.ascii)) if value else None


def _protected(value: str | None, env: WriteEnv) -> str | None:
    """A title-like value: words with inner capitals braced (``{mRNA}``)."""
    value = collapse(value)
    return enclose(escape_protected(value, env.ascii)) if value else None


def _marked(plain: str | None, markup: str | None, env: WriteEnv) -> str | None:
    """A title with its markup (``\\textit`` …), words with inner capitals braced."""
    return enclose(text_value(collapse(plain) or None, markup, ascii=env.ascii, protect=True))


def _verbatim(value: str | None, env: WriteEnv) -> str | None:
    value = collapse(value)
    return "{" + verbatim(value, env.ascii) + "}" if value else None


def _people(people: list[Person], env: WriteEnv) -> str | None:
    return brace(format_people(people, False, env.ascii))


def _authors(people: list[Person], truncated: bool, env: WriteEnv) -> str | None:
    return brace(format_people(people, truncated, env.ascii))


def _no_people(rec: Record, env: WriteEnv) -> bool:
    return not rec.authors and not rec.editors


def _sort_key(title: str | None, container: str | None, abbrev: str | None, env: WriteEnv) -> str | None:
    return _text(title or container or abbrev, env)


def _journal(journal: str | None, markup: str | None, abbrev: str | None, iso: str | None,
             env: WriteEnv) -> str | None:
    """The journal's full title, else its abbreviation."""
    value = journal or abbrev or iso
    return enclose(text_value(collapse(value) or None, markup if journal else None, ascii=env.ascii))


def _short_journal(abbrev: str | None, iso: str | None, journal: str | None, env: WriteEnv) -> str | None:
    abbrev = abbrev or iso
    return _text(abbrev, env) if abbrev and abbrev != (journal or abbrev) else None


def _outside_books(rec: Record, env: WriteEnv) -> bool:
    return rec.type not in IN_BOOKS["types"]


def _year(d: Date | None, env: WriteEnv) -> str | None:
    """``{2021}``; a range of years with no month (``DP - 2004-2005``) as ``{2004--2005}``."""
    if d is None or d.year is None:
        return None
    years = year_range(d)
    if years:
        return "{" + f"{years[0]}--{years[1]}" + "}"
    return "{" + str(d.year) + "}"


def _month(d: Date | None, env: WriteEnv) -> str | None:
    return month_value(d) if d is not None and d.year is not None else None


def _day(d: Date | None, env: WriteEnv) -> str | None:
    return enclose(day_value(d)) if d is not None and d.year is not None else None


def _iso(d: Date | None, env: WriteEnv) -> str | None:
    return enclose(iso_date(d)) if d is not None and d.year is not None else None


_VOLUME = re.compile(r"(\d+)(\D.*)")


def _integer_volume(volume: str | None, env: WriteEnv) -> str | None:
    """BibLaTeX's volume is an integer (biber drops anything else): ``18 Suppl 2`` -> 18."""
    v = collapse(volume)
    m = _VOLUME.fullmatch(v)
    if m:
        return _text(m.group(1), env)
    return _text(v, env) if v.isdigit() or not v else None


def _volume_rest(volume: str | None, env: WriteEnv) -> str | None:
    """What follows the integer volume (``Suppl 2``, ``-602``), or a volume that is no number,
    as BibLaTeX's ``issue`` (the reader joins them back)."""
    v = collapse(volume)
    m = _VOLUME.fullmatch(v)
    if m:
        return _text(m.group(2).strip(), env)
    return _text(v, env) if v and not v.isdigit() else None


def _volume_not_integer(rec: Record, env: WriteEnv) -> bool:
    v = collapse(rec.volume)
    return bool(v) and not v.isdigit() and not _VOLUME.fullmatch(v)


def _pages(pages: str | None, env: WriteEnv) -> str | None:
    """``136--141``: a page range with TeX's en dash; any other hyphen as written
    (``S0035-3787(25)00576-4``, a pii, is no range)."""
    return enclose(dash_ranges(collapse(pages), "--", escape)) if pages else None


def _pages_or_number(pages: str | None, number: str | None, env: WriteEnv) -> str | None:
    """BibTeX has no eid: an article number without pages goes to pages."""
    return _pages(pages, env) if pages else _text(number, env)


def _eid(number: str | None, pages: str | None, env: WriteEnv) -> str | None:
    """``eid``: an article number that is not already the pages (an article without pagination
    has its article number in ``pages``, which Zotero and pandoc read and which drop ``eid``)."""
    return _text(number, env) if number != pages else None


def _unless_container(publisher: str | None, container: str | None, env: WriteEnv) -> str | None:
    """The publisher, when it is not the container already written (a preprint server)."""
    return _text(publisher, env) if publisher != container else None


def _joined(values: list[str], env: WriteEnv) -> str | None:
    return _text(", ".join(values), env)


def _valid_isbns(isbns: list[str], env: WriteEnv) -> str | None:
    """biber rejects an ISBN with a wrong check digit (it goes to the note)."""
    return _text(", ".join(x for x in isbns if isbn_valid(x)), env)


def _valid_issns(issns: list[str]) -> list[str]:
    return [x for x in issns if issn_valid(x)]


def _one_issn(issns: list[str], env: WriteEnv) -> str | None:
    """biber validates one ISSN (with its check digit) per entry."""
    good = _valid_issns(issns)
    return _text(good[0], env) if good else None


def _first_url(urls: list[str], env: WriteEnv) -> str | None:
    return _verbatim(urls[0], env) if urls else None


def _pubmed(pmid: str | None, env: WriteEnv) -> str | None:
    return "{pubmed}" if pmid else None


def _abstract(sections: list, env: WriteEnv) -> str | None:
    """``LABEL: text`` per section, one per line; plain text: Zotero's abstract is plain text, where
    any markup (``\\textit`` or the tags its import makes of it) would show as code."""
    lines = []
    for s in sections:
        body = escape(collapse(s.text), env.ascii)
        label = collapse(s.label)
        if label and label.upper() != "UNLABELLED":
            body = f"{escape(label, env.ascii)}: {body}"
        if body:
            lines.append(body)
    return enclose("\n".join(lines))


def _keywords(keywords: list, mesh: list, env: WriteEnv) -> str | None:
    """Keywords and MeSH strings (``*Descriptor/qualifier``); a term with ``,``/``;`` braced."""
    terms = [collapse(k.term) for k in keywords] + [collapse(m.as_string()) for m in mesh]
    ascii = env.ascii
    return enclose(", ".join("{" + escape(t, ascii) + "}" if "," in t or ";" in t else escape(t, ascii)
                             for t in terms if t))


def _language_names(langs: list[str], env: WriteEnv) -> str | None:
    """English names: ``German, French``."""
    return enclose(", ".join(escape(languages.name(x) or x) for x in langs if x))


def _langid(langs: list[str], env: WriteEnv) -> str | None:
    """The babel name of the first language babel knows."""
    return brace(next((i for i in (languages.langid(x) for x in langs if x) if i), None))


def _language_ids(langs: list[str], env: WriteEnv) -> str | None:
    """Babel names where babel has one: ``german and french``."""
    return enclose(" and ".join(escape(languages.langid(x) or languages.name(x) or x) for x in langs if x))


def _pubstate(rtype: str, status: str | None, env: WriteEnv) -> str | None:
    """``prepublished`` for preprints (not a BibTeX field: styles ignore it; read back)."""
    return "{prepublished}" if rtype == PREPRINT else None


def _pubstate_inpress(rtype: str, status: str | None, env: WriteEnv) -> str | None:
    """``prepublished`` for preprints, ``inpress`` ahead of print."""
    return _pubstate(rtype, status, env) or ("{inpress}" if status == "aheadofprint" else None)


def _status_notes(rec: Record) -> list[str]:
    """The Epub date, ahead of print, a date the fields cannot hold."""
    notes: list[str] = []
    if rec.epub is not None and rec.epub.year is not None:
        notes.append(EPUB_PREFIX + (format_date(rec.epub) or ""))
    if rec.publication_status == "aheadofprint":
        notes.append(AHEAD_OF_PRINT_NOTE)
    d = rec.issued
    if d is not None and not date_exact(d):
        notes.append(DATE_NOTE_PREFIX + (d.raw or format_date(d) or ""))
    return notes


def _link_lines(rec: Record) -> list[str]:
    """A line per link (``Erratum in: …``); ``Retracted Publication`` when no link says so."""
    lines = [link_line(link) for link in rec.links]
    if any(p.name == "Retracted Publication" for p in rec.publication_types) and not any(
            link.kind == "RetractionIn" for link in rec.links):
        lines.insert(0, RETRACTED_NOTE)
    return lines


def _free_notes(rec: Record) -> list[str]:
    return [collapse(n) for n in rec.notes if collapse(n)]


def _bad_ids(rec: Record) -> list[str]:
    """ISBNs and ISSNs biber would reject (wrong check digit)."""
    return [f"ISBN {x}" for x in rec.isbns if not isbn_valid(x)] + [
        f"ISSN {x}" for x in rec.issns if not issn_valid(x)]


def _lines(parts: list[str], env: WriteEnv) -> str | None:
    """Parts of a note, one per line, ``;``-separated."""
    return enclose(";\n".join(escape(n, env.ascii) for n in parts))


def _note(rec: Record, env: WriteEnv) -> str | None:
    return _lines(_status_notes(rec) + _link_lines(rec) + _free_notes(rec), env)


def _note_without_links(rec: Record, env: WriteEnv) -> str | None:
    """BibLaTeX's note: links go to the addendum; the PMCID (no BibLaTeX field) is a line here."""
    pmcid = [PMCID_PREFIX + rec.pmcid] if rec.pmcid else []
    return _lines(_status_notes(rec) + pmcid + _free_notes(rec) + _bad_ids(rec), env)


def _addendum(rec: Record, env: WriteEnv) -> str | None:
    return _lines(_link_lines(rec), env)


# --------------------------------------------------------------------------- loss tests
def _iso_differs(rec: Record, env: Any) -> bool:
    abbrev, iso = rec.journal_abbrev, rec.journal_iso_abbrev
    return bool(abbrev and iso and abbrev != iso)


def _any_person(name: str) -> Callable[[Record, Any], bool]:
    """Whether some author, editor or translator has a value in ``name``."""
    get = attrgetter(name)
    return lambda rec, env: any(map(get, chain(rec.authors, rec.editors, rec.translators)))


def _issn_kinds(rec: Record, env: Any) -> bool:
    return bool(rec.issn_print or rec.issn_electronic or rec.issn_linking)


def _several_valid_issns(rec: Record, env: Any) -> bool:
    return len(_valid_issns(rec.issns)) > 1


def _online_publisher(rec: Record, env: Any) -> bool:
    return bool(rec.publisher) and rec.publisher != rec.container_title


# --------------------------------------------------------------------------- shared lines
_read_translators = _people_into("translators")
_read_short_title = _text_into("short_title")
_read_volume = _text_into("volume")
_read_number = _text_into("issue")
_read_article_number = _text_into("article_number")
_read_place = _text_into("publisher_place")
_read_edition = _text_into("edition")
_read_series = _text_into("collection_title")
_read_pagetotal = _text_into("number_of_pages")
_read_pmid = _text_into("pmid")
_read_copyright = _text_into("copyright")

AUTHOR = Rule("author", ("authors", "authors_truncated"), read=_read_authors, write=_authors,
              note="`Family, Given`; `Family, Suffix, Given`; `{Group}`; initials-only as `T. H.`; "
                   "`and others` when truncated")
EDITOR = Rule("editor", "editors", read=_people_into("editors"), write=_people)
TITLE = Rule("title", ("title", "title_markup"), read=_read_title, also=("subtitle",), write=_marked,
             note="capital-bearing words braced (`{mRNA}`, `{SARS-CoV-2}`); markup as `\\textit` `\\textbf` `\\textsc` "
                  "`$^{\\textrm{…}}$` `$_{\\textrm{…}}$` (forms Zotero's import reads too); read: also "
                  "`\\emph` `\\textsuperscript` `\\textsubscript`, `subtitle` after a colon")
SHORT_TITLE = Rule("shorttitle", "short_title", read=_read_short_title, write=_protected)
CONTAINER = Rule("journaltitle", ("container_title", "container_title_markup"), read=_read_container,
                 also=("journal", "fjournal", "booktitle", "howpublished", "organization"), read_only=True,
                 note="read: `journaltitle`, else `journal`, else `fjournal` (the full title beside an "
                      "abbreviated `journal`); `booktitle` of chapters and papers")
BOOKTITLE = Rule("booktitle", ("container_title", "container_title_markup"), write=_marked, **IN_BOOKS,
                 note="the book of a chapter or paper")
SHORT_JOURNAL = Rule("shortjournal", ("journal_abbrev", "journal_iso_abbrev", "container_title"),
                     read=_read_short_journal, write=_short_journal, when=_outside_books,
                     note="the abbreviation when it differs from the title written (MedlineTA, else ISO)")
READ_DATE = Rule("date", "issued", read=_read_date, also=("year", "month", "day"), read_only=True,
                 note="read: ISO/EDTF `date` (ranges, seasons 21–24), else `year` + `month` + `day`")
NUMBER = Rule("number", "issue", read=_read_number, write=_text)
READ_ISSUE = Rule("issue", ("issue", "volume"), read=_read_issue, read_only=True,
                  note="read: the issue; beside an integer volume (BibLaTeX), the rest of the volume")
PAGES = Rule("pages", "pages", read=_read_pages, write=_pages, note="`136--141`")
READ_PUBLISHER = Rule("publisher", "publisher", read=_read_publisher, read_only=True,
                      also=("institution", "school", "organization", "howpublished"),
                      note="read: `publisher`, else `institution`, `school`, `organization`, `howpublished`")
READ_PLACE = Rule("address", "publisher_place", read=_read_place, also=("location",), read_only=True)
EDITION = Rule("edition", "edition", read=_read_edition, write=_text)
SERIES = Rule("series", "collection_title", read=_read_series, write=_protected)
DOI = Rule("doi", "doi", read=_read_doi, write=_verbatim,
           note="verbatim: `{ } \\` and spaces percent-encoded")
URL = Rule("url", "urls", read=_read_url, write=_first_url, note="verbatim; the first URL")
ABSTRACT = Rule("abstract", "abstract", read=_read_abstract, write=_abstract,
                note="`LABEL: text` sections, one per line, plain text (no markup: Zotero's abstract is plain)")
KEYWORDS = Rule("keywords", ("keywords", "mesh"), read=_read_keywords, write=_keywords,
                note="keywords and MeSH strings (`*Descriptor/*qualifier`), comma-separated; a term with "
                     "`,`/`;` braced; read: split at commas outside braces (or at `;`)")
NOTE_FIELDS = ("epub", "publication_status", "issued", "links", "publication_types", "notes")
NO_FIELD = "no field"

LOST = [
    *(Lost(name, reason) for name, reason in (
        ("investigators", "no investigator field"), ("grants", "no grant field"),
        ("chemicals", "no substance field"), ("publication_types", "only the entry type is kept"),
        ("other_abstracts", "only one abstract field"),
        ("conflict_of_interest", "no conflict-of-interest field"),
        ("history", "only the issue and Epub dates are kept"))),
    *(Lost(name, NO_FIELD) for name in ("nlm_id", "journal_country", "pii", "mid", "other_ids")),
    Lost("sections", "no table-of-contents field"),
    *(Lost(name, NO_FIELD) for name in ("volume_title", "collection_number", "medium", "source",
                                        "indexing_status", "owner", "pub_model")),
    Lost("journal_iso_abbrev", "one abbreviation only (MedlineTA preferred)", when=_iso_differs),
]
LOST_TOO = [
    Lost("mesh", "MeSH written as keyword strings (*Descriptor/qualifier); UIs lost", kept=True),
    Lost("pages_raw", "pages are written normalised", kept=True),
    Lost("urls", "one url field: the first URL is kept", when=lambda rec, env: len(rec.urls) > 1),
    Lost("issn types", "ISSNs kept, their kinds (print/electronic/linking) are not", when=_issn_kinds, kept=True),
    Lost("orcid", "no ORCID field in BibTeX name lists", when=_any_person("orcid")),
    Lost("affiliations", "no affiliation field", when=_any_person("affiliations")),
    Lost("equal_contrib", NO_FIELD, when=_any_person("equal_contrib")),
    Lost("abstract markup", "the abstract is written as plain text (Zotero reads it as plain text)",
         when=lambda rec, env: any(s.markup for s in rec.abstract)),
    Lost("abstract categories", "labels kept, NLM categories lost",
         when=lambda rec, env: any(s.nlm_category for s in rec.abstract), kept=True),
    Lost("keyword owners", "keywords kept, owners/major flags lost",
         when=lambda rec, env: any(k.owner or k.major for k in rec.keywords), kept=True),
]


def _no_container(types: EntryTypes, *etypes: str) -> list[Lost]:
    return [Lost("container_title", f"no container field for @{e}", **types.only(e)) for e in etypes]


# --------------------------------------------------------------------------- BibTeX
BIBTEX = RuleTable([
    Rule("@type", "type", write=BIBTEX_TYPES.write,
         note="`@article` (also a preprint, with `pubstate`), `@book`, `@incollection`, `@misc` (dataset, "
              "webpage, document), `@techreport`, `@phdthesis`, `@inproceedings`; read: BibLaTeX's types too (others: document), "
              "`pubstate = {prepublished}` makes a preprint"),
    AUTHOR,
    EDITOR,
    Rule("translator", "translators", read=_read_translators, read_only=True),
    Rule("key", ("title", "container_title", "journal_abbrev"), read=_ignore, write=_sort_key,
         when=_no_people,
         note="when there is no author or editor (bibtex sorts by it); ignored when read"),
    TITLE,
    Rule("origtitle", ("original_title", "original_title_markup"), read=_read_original_title, read_only=True),
    SHORT_TITLE,
    CONTAINER,
    BOOKTITLE,
    Rule("journal", ("container_title", "container_title_markup", "journal_abbrev", "journal_iso_abbrev"),
         write=_journal, **BIBTEX_TYPES.only("article"), note="the full title, else the abbreviation"),
    SHORT_JOURNAL,
    READ_DATE,
    Rule("year", "issued", write=_year),
    Rule("month", "issued", write=_month,
         note="bare `jan`; a range `sep # {--} # oct`, across years `dec # {--1999 } # jan`; "
              "a season `{Summer}`"),
    Rule("day", "issued", write=_day),
    Rule("volume", "volume", read=_read_volume, write=_text),
    NUMBER,
    READ_ISSUE,
    Rule("pages", ("pages", "article_number"), read=_read_pages, write=_pages_or_number,
         note="`136--141`; the article number when there are no pages"),
    Rule("eid", "article_number", read=_read_article_number, read_only=True),
    Rule("howpublished", "container_title", write=_text, **BIBTEX_TYPES.only("misc"),
         note="the container of a @misc"),
    READ_PUBLISHER,
    Rule("publisher", ("publisher", "container_title"), write=_unless_container, **BIBTEX_TYPES.only("misc"),
         note="of a @misc: unless it is the container"),
    Rule("publisher", "publisher", write=_text, **BIBTEX_TYPES.besides("misc"), note="of the other types"),
    Rule("address", "publisher_place", read=_read_place, also=("location",), write=_text),
    EDITION,
    SERIES,
    Rule("pagetotal", "number_of_pages", read=_read_pagetotal, read_only=True),
    Rule("isbn", "isbns", read=_read_isbn, write=_joined),
    Rule("issn", "issns", read=_read_issn, write=_joined, note="every ISSN"),
    DOI,
    Rule("pmid", "pmid", read=_read_pmid, write=_text),
    Rule("eprint", ("pmid", "pmcid"), read=_read_eprint, also=("eprinttype",), read_only=True,
         note="read: `eprinttype = {pubmed}` a PMID, `{pmc}` a PMCID"),
    Rule("pmcid", "pmcid", read=_read_pmcid, write=_text),
    URL,
    ABSTRACT,
    KEYWORDS,
    Rule("language", "languages", read=_read_languages, also=("langid",), write=_language_names,
         note="English names (`German, French`); read: names, codes, babel names"),
    Rule("pubstate", ("type", "publication_status"), read=_read_pubstate, write=_pubstate,
         note="`{prepublished}` for a preprint (an @article in its server; read back; bibtex styles ignore it); "
              "read: `{inpress}` is ahead of print"),
    Rule("note", NOTE_FIELDS, read=_read_notes, also=("addendum",), write=_note, whole=True,
         note="`Epub 2020 Nov 18`, `Online ahead of print`, `Published <date>` when year and month cannot "
              "hold the date, link lines (`Erratum in: … PMID: n`), `Retracted Publication`, free notes; "
              "one per line, `;`-separated; read back into data"),
    Rule("copyright", "copyright", read=_read_copyright, write=_text),

    *_no_container(BIBTEX_TYPES, "book", "techreport", "phdthesis"),
    *LOST,
    *(Lost(name, "no BibTeX field (BibLaTeX has one)") for name in ("original_title", "translators")),
    *LOST_TOO,
])

# --------------------------------------------------------------------------- BibLaTeX
BIBLATEX = RuleTable([
    Rule("@type", "type", write=BIBLATEX_TYPES.write,
         note="`@article` (also a preprint, with `pubstate`), `@book`, `@incollection`, `@online` (webpage), "
              "`@dataset`, `@report`, "
              "`@thesis`, `@inproceedings`, `@misc`"),
    AUTHOR,
    EDITOR,
    Rule("translator", "translators", read=_read_translators, write=_people),
    Rule("key", read=_ignore, read_only=True, note="ignored"),
    TITLE,
    Rule("origtitle", ("original_title", "original_title_markup"), read=_read_original_title, write=_marked),
    SHORT_TITLE,
    CONTAINER,
    BOOKTITLE,
    Rule("journaltitle", ("container_title", "container_title_markup", "journal_abbrev",
                          "journal_iso_abbrev"), write=_journal, **BIBLATEX_TYPES.only("article"),
         note="the full title, else the abbreviation"),
    SHORT_JOURNAL,
    READ_DATE,
    Rule("date", "issued", write=_iso, note="ISO: `2021-01-18`, `2010-09/2010-10`, seasons `2016-21`…`24`"),
    Rule("volume", "volume", read=_read_volume, write=_integer_volume,
         note="an integer (biber drops anything else): `18 Suppl 2` = 18 + `issue = {Suppl 2}`"),
    NUMBER,
    Rule("issue", "volume", write=_volume_rest,
         note="what follows the integer volume, or a volume that is no number"),
    READ_ISSUE,
    PAGES,
    Rule("eid", ("article_number", "pages"), read=_read_article_number, write=_eid,
         note="the article number, unless it is the pages already (biblatex would print it twice)"),
    Rule("organization", "container_title", write=_text, **BIBLATEX_TYPES.only("online", "dataset"),
         note="the container of an @online or @dataset"),
    Rule("howpublished", "container_title", write=_text, **BIBLATEX_TYPES.only("misc"),
         note="the container of a @misc"),
    READ_PUBLISHER,
    Rule("publisher", ("publisher", "container_title"), write=_unless_container,
         **BIBLATEX_TYPES.only("dataset"), note="of a @dataset: unless it is the container"),
    Rule("organization", ("publisher", "container_title"), write=_unless_container,
         **BIBLATEX_TYPES.only("misc"),
         note="the publisher of a @misc (no publisher field there)"),
    Rule("publisher", "publisher", write=_text, **BIBLATEX_TYPES.besides("online", "dataset", "misc"),
         note="of the types that have one (not @online)"),
    READ_PLACE,
    Rule("location", "publisher_place", write=_text),
    EDITION,
    SERIES,
    Rule("pagetotal", "number_of_pages", read=_read_pagetotal, write=_text),
    Rule("isbn", "isbns", read=_read_isbn, write=_valid_isbns, note="valid ISBNs; others in the note"),
    Rule("issn", "issns", read=_read_issn, write=_one_issn,
         note="the first valid ISSN; invalid ones in the note"),
    DOI,
    Rule("pmid", "pmid", read=_read_pmid, read_only=True),
    Rule("eprint", "pmid", read=_read_eprint, also=("eprinttype",), write=_verbatim,
         note="the PMID; read: `eprinttype = {pubmed}` a PMID, `{pmc}` a PMCID"),
    Rule("eprinttype", "pmid", write=_pubmed, note="`pubmed`"),
    Rule("pmcid", "pmcid", read=_read_pmcid, read_only=True),
    URL,
    ABSTRACT,
    KEYWORDS,
    Rule("langid", "languages", write=_langid, note="the babel name of the first language"),
    Rule("language", "languages", read=_read_languages, also=("langid",), write=_language_ids,
         note="babel names (`german and french`)"),
    Rule("pubstate", ("type", "publication_status"), read=_read_pubstate, write=_pubstate_inpress,
         note="`{prepublished}` for a preprint, `{inpress}` ahead of print"),
    Rule("note", (*NOTE_FIELDS, "pmcid", "isbns", "issns"), read=_read_notes, also=("addendum",),
         write=_note_without_links, whole=True,
         note="as BibTeX's, without the links; `PMCID: PMC…`; ISBNs and ISSNs with a wrong check digit"),
    Rule("addendum", "links", write=_addendum, whole=True, note="link lines"),
    Rule("copyright", "copyright", read=_read_copyright, read_only=True),

    Lost("publisher", "@online has no publisher field", **BIBLATEX_TYPES.only("online"),
         when=_online_publisher),
    Lost("issn", "BibLaTeX holds one ISSN; kept {detail}", when=_several_valid_issns,
         detail=lambda rec, env: _valid_issns(rec.issns)[0]),
    Lost("volume", "BibLaTeX volume must be an integer: {detail} written as issue", when=_volume_not_integer,
         detail=lambda rec, env: repr(collapse(rec.volume)), kept=True),
    *_no_container(BIBLATEX_TYPES, "book", "report", "thesis"),
    *LOST,
    Lost("copyright", "not in the BibLaTeX data model"),
    Lost("extra", "fields outside the BibLaTeX data model",
         when=lambda rec, env: any(k.startswith("bibtex:") for k in rec.extra)),
    *LOST_TOO,
])


@dataclass(frozen=True)
class Dialect:
    """What the writer needs of a dialect: its table, what its data model lacks, extra fields."""

    name: str
    table: RuleTable
    #: entry type -> fields biber's data model does not allow there (written ones are dropped, noted)
    invalid: Mapping[str, frozenset[str]]
    #: fields read from a .bib file into ``record.extra`` (``bibtex:<field>``) are written back
    writes_extra: bool


BIBTEX_DIALECT = Dialect("bibtex", BIBTEX, {}, writes_extra=True)
BIBLATEX_DIALECT = Dialect("biblatex", BIBLATEX, BIBLATEX_INVALID, writes_extra=False)
