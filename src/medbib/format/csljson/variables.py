"""CSL-JSON's standard variables and the record fields they carry, both directions.

Each :class:`~medbib.plugins.rules.Rule` pairs a CSL variable with record field(s): its ``read``
converter gets the item's value (as a one-item list: a JSON object has one value per name) and
fills the record; its ``write`` converter gives the value written. The lines are in the order an
item's variables are written, and the reader runs them in the same order; a variable written by
two lines (``title``, ``container-title-short``) keeps the place of the first that writes it,
with the value of the last. What no standard variable carries goes under ``custom``
(:mod:`.custom`), which the table (:mod:`.table`) adds as its last line.

Choices (docs/formats/csljson.md gives the reasons): ``journalAbbreviation`` beside
``container-title-short`` (Zotero reads only the former); ``note`` starts with ``PMID: n`` and
``PMCID: …`` lines (Zotero's CSL import drops the ``PMID``/``PMCID`` variables but keeps these in
*Extra*).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...core import languages
from ...core.identifiers import normalize_doi, normalize_pmcid
from ...core.markup import has_markup
from ...core.model import AbstractSection, Date, Keyword, Person, Record
from ...core.text import collapse
from ...core.vocabulary import ARTICLE_JOURNAL, PREPRINT
from ...plugins.rules import Rule
from .values import (
    date_from_csl,
    date_to_csl,
    has_csl_markup,
    markup_from_csl,
    title_to_csl,
    person_from_csl,
    person_to_csl,
    split_list,
    text,
)

ReadConvert = Callable[[list[Any], Record, Any], None]



# --------------------------------------------------------------------------- read converters
def _text(values: list[Any]) -> str | None:
    """The first value that is text (of ``id``, then of ``citation-key``)."""
    for v in values:
        s = text(v)
        if s:
            return s
    return None


def _setter(name: str) -> ReadConvert:
    def read(values: list[Any], rec: Record, env: Any) -> None:
        if values:
            setattr(rec, name, text(values[0]))
    return read


def _read_id(values: list[Any], rec: Record, env: Any) -> None:
    rec.id = _text(values)


def _read_type(values: list[Any], rec: Record, env: Any) -> None:
    rec.type = _text(values) or ARTICLE_JOURNAL


#: ``genre`` of a preprint written as a journal article in its server (see _type)
PREPRINT_GENRE = "preprint"


def _read_genre(values: list[Any], rec: Record, env: Any) -> None:
    """``genre: preprint`` of a journal article (or of CSL's own ``article``) makes it a preprint;
    other genres are kept in extra."""
    genre = _text(values)
    if genre and genre.lower() == PREPRINT_GENRE and rec.type in (ARTICLE_JOURNAL, PREPRINT):
        rec.type = PREPRINT
    elif genre:
        rec.add_extra("csljson:genre", genre)


def _read_title(values: list[Any], rec: Record, env: Any) -> None:
    rec.title = _text(values)
    if values and isinstance(values[0], str) and has_csl_markup(values[0]):
        markup, rec.title = markup_from_csl(values[0])
        rec.title_markup = markup if has_markup(markup) else None  # nocase spans alone are no markup


def _read_doi(values: list[Any], rec: Record, env: Any) -> None:
    doi = _text(values)
    rec.doi = normalize_doi(doi) if doi else None


def _read_pmcid(values: list[Any], rec: Record, env: Any) -> None:
    pmcid = _text(values)
    rec.pmcid = normalize_pmcid(pmcid) if pmcid else None


def _read_abbreviation(values: list[Any], rec: Record, env: Any) -> None:
    if not rec.journal_abbrev:
        rec.journal_abbrev = _text(values)


def _read_language(values: list[Any], rec: Record, env: Any) -> None:
    lang = _text(values)
    if lang:
        rec.languages = [languages.to_bcp47(lang) or lang]


def _people_reader(name: str, var: str) -> ReadConvert:
    def read(values: list[Any], rec: Record, env: Any) -> None:
        people = values[0] if values else None
        if people is None:
            return
        if not isinstance(people, list):
            raise TypeError(f"{var!r} must be a list of names, not {type(people).__name__}")
        setattr(rec, name, [person_from_csl(p, var) for p in people])
    return read


def _date_reader(name: str, var: str) -> ReadConvert:
    def read(values: list[Any], rec: Record, env: Any) -> None:
        if values:
            setattr(rec, name, date_from_csl(values[0], var))
    return read


def _read_issn(values: list[Any], rec: Record, env: Any) -> None:
    issn = _text(values)
    if issn:
        rec.issn_other = split_list(issn)


def _read_isbn(values: list[Any], rec: Record, env: Any) -> None:
    isbn = _text(values)
    if isbn:
        rec.isbns = split_list(isbn)


def _read_url(values: list[Any], rec: Record, env: Any) -> None:
    url = _text(values)
    if url:
        rec.urls = [url]


def _read_abstract(values: list[Any], rec: Record, env: Any) -> None:
    """One section per line."""
    if _text(values):
        lines = (collapse(x) for x in str(values[0]).split("\n"))
        rec.abstract = [AbstractSection(line) for line in lines if line]


def _read_keywords(values: list[Any], rec: Record, env: Any) -> None:
    """``; ``-separated (``,`` when there is no ``;``)."""
    kw = _text(values)
    if kw:
        sep = ";" if ";" in kw else ","
        rec.keywords = [Keyword(t.strip()) for t in kw.split(sep) if t.strip()]


_NOTE_ID = re.compile(r"^\s*(PMID|PMCID|DOI)\s*:\s*(\S+)\s*$", flags=re.IGNORECASE)


def _read_note(values: list[Any], rec: Record, env: Any) -> None:
    """``PMID:``, ``PMCID:`` and ``DOI:`` lines (Zotero's *Extra*) fill what the variables did
    not; other lines are notes."""
    note = values[0] if values else None
    if not isinstance(note, str):
        return
    for line in note.splitlines():
        m = _NOTE_ID.match(line)
        if m:
            _note_id(rec, m.group(1).upper(), m.group(2))
        elif line.strip():
            rec.notes.append(line.strip())


def _note_id(rec: Record, key: str, value: str) -> None:
    if key == "PMID" and not rec.pmid:
        rec.pmid = value
    elif key == "PMCID" and not rec.pmcid:
        rec.pmcid = normalize_pmcid(value)
    elif key == "DOI" and not rec.doi:
        rec.doi = normalize_doi(value)


def _read_status(values: list[Any], rec: Record, env: Any) -> None:
    status = _text(values)
    if status == "ahead of print":
        rec.publication_status = "aheadofprint"
    elif status and status != "retracted":
        rec.add_extra("csljson:status", status)


# --------------------------------------------------------------------------- write converters
def _citation_key(rec: Record, key: str) -> str:
    return key  # the writer's env is the record's citation key


def _type(rtype: str | None, key: str) -> str:
    """The record's type; a preprint is a journal article in its server (``genre: preprint``):
    Zotero's CSL import makes CSL's ``article`` a "preprint" item, which has no journal and no ISSN."""
    if rtype == PREPRINT:
        return ARTICLE_JOURNAL
    return rtype or ARTICLE_JOURNAL


def _genre(rtype: str | None, key: str) -> str | None:
    return PREPRINT_GENRE if rtype == PREPRINT else None


def _title_markup(title: str | None, markup: str | None, key: str) -> str | None:
    return title_to_csl(title, markup)


def _iso_abbreviation(abbrev: str | None, iso: str | None, key: str) -> str | None:
    return iso if not abbrev else None


def _abbreviation(abbrev: str | None, iso: str | None, key: str) -> str | None:
    return abbrev or iso


def _first(values: list[str], key: str) -> str | None:
    return values[0] if values else None


def _people(people: list[Person], key: str) -> list[dict[str, str]]:
    return [person_to_csl(p) for p in people]


def _date(d: Date | None, key: str) -> dict[str, Any] | None:
    return date_to_csl(d) if d is not None else None


def _issns(rec: Record, key: str) -> str:
    return ", ".join(rec.issns)


def _isbns(isbns: list[str], key: str) -> str:
    return ", ".join(isbns)


def _abstract(rec: Record, key: str) -> str | None:
    return rec.abstract_text if rec.abstract else None


def _keywords(rec: Record, key: str) -> str:
    return "; ".join([k.term for k in rec.keywords] + [m.as_string() for m in rec.mesh])


def _status(rec: Record, key: str) -> str | None:
    if rec.retracted:
        return "retracted"
    if rec.publication_status == "aheadofprint":
        return "ahead of print"
    return None


def _note(rec: Record, key: str) -> str:
    lines = []
    if rec.pmid:
        lines.append(f"PMID: {rec.pmid}")
    if rec.pmcid:
        lines.append(f"PMCID: {rec.pmcid}")
    lines.extend(rec.notes)
    return "\n".join(lines)


# --------------------------------------------------------------------------- the variables
def _plain(var: str, name: str, note: str = "") -> Rule:
    """A variable that holds one record field as it is."""
    return Rule(var, name, read=_setter(name), note=note)


def _names(var: str, name: str, note: str = "") -> Rule:
    return Rule(var, name, read=_people_reader(name, var), write=_people, note=note)


def _dated(var: str, name: str, note: str = "") -> Rule:
    return Rule(var, name, read=_date_reader(name, var), write=_date, note=note)


STANDARD: list[Rule] = [
    Rule("id", "id", read=_read_id, write=_citation_key, whole=True, also=("citation-key",),
         note="the citation key"),
    Rule("type", "type", read=_read_type, write=_type,
         note="medbib's item types are CSL's; a preprint is an `article-journal` with `genre: preprint` (so "
              "that Zotero keeps its server, ISSN and DOI: its CSL `article` is a preprint item without them)"),
    Rule("genre", "type", read=_read_genre, write=_genre,
         note="`preprint` for a preprint; read: `preprint` of an `article-journal` makes a preprint, other "
              "genres are kept in `extra`"),
    Rule("title", "title", read=_read_title,
         note="`<i>`, `<b>`, `<sup>`, `<sub>`, small-caps spans read as markup (`title_markup`), nocase spans as text"),
    _plain("original-title", "original_title"),
    _plain("title-short", "short_title"),
    _plain("container-title", "container_title"),
    _plain("container-title-short", "journal_abbrev"),
    _plain("volume", "volume"),
    _plain("issue", "issue"),
    _plain("page", "pages"),
    _plain("page-first", "page_first"),
    _plain("number", "article_number"),
    Rule("DOI", "doi", read=_read_doi, note="normalised (`10.…`)"),
    _plain("PMID", "pmid"),
    Rule("PMCID", "pmcid", read=_read_pmcid, note="normalised (`PMC…`)"),
    _plain("publisher", "publisher"),
    _plain("publisher-place", "publisher_place"),
    _plain("edition", "edition"),
    _plain("collection-title", "collection_title"),
    _plain("collection-number", "collection_number"),
    _plain("volume-title", "volume_title"),
    _plain("medium", "medium"),
    _plain("number-of-pages", "number_of_pages"),
    _plain("source", "source"),
    Rule("title", ("title", "title_markup"), write=_title_markup,
         note="markup as CSL's HTML-like tags (`<i>`, `<b>`, `<sup>`, `<sub>`, small caps as a `<span>`); what "
              "BibTeX braces in `<span class=\"nocase\">` (italic runs such as species, words with inner capitals: "
              "`mRNA`, `HIV`), so that title-case styles leave them; read: nocase spans give their text"),
    Rule("container-title-short", ("journal_abbrev", "journal_iso_abbrev"), write=_iso_abbreviation,
         note="the ISO abbreviation when there is no MedlineTA"),
    Rule("journalAbbreviation", ("journal_abbrev", "journal_iso_abbrev"), read=_read_abbreviation,
         write=_abbreviation, note="legacy variable, the one Zotero reads; read when `container-title-short` is missing"),
    Rule("language", "languages", read=_read_language, write=_first, note="the first language (BCP 47)"),
    _names("author", "authors", note="family, given, suffix, or `literal` for groups; read: particles joined, "
           "a string `Family, Given` tolerated"),
    _names("editor", "editors"),
    _names("translator", "translators"),
    _dated("issued", "issued", note="integer `date-parts` (a range as two parts, a season as 21–24 plus "
           "`season`), `raw` when unparsed; read: numeric strings, `raw`, `literal`, date strings"),
    _dated("available-date", "epub"),
    Rule("ISSN", ("issn_print", "issn_electronic", "issn_linking", "issn_other"), read=_read_issn, write=_issns,
         whole=True, note="every ISSN, `, `-joined, print first; read into `issn_other`"),
    Rule("ISBN", "isbns", read=_read_isbn, write=_isbns, note="`, `-joined"),
    Rule("URL", "urls", read=_read_url, write=_first, note="the first URL"),
    Rule("abstract", "abstract", read=_read_abstract, write=_abstract, whole=True,
         note="sections as `LABEL: text` lines; read: one section per line"),
    Rule("keyword", ("keywords", "mesh"), read=_read_keywords, write=_keywords, whole=True,
         note="`; `-separated; MeSH as `Descriptor/qualifier`, `*` for major topics"),
    Rule("status", "publication_status", read=_read_status, write=_status, whole=True,
         note="`retracted` (a retraction link or publication type), `ahead of print` "
              "(`publication_status` aheadofprint); read: other values kept in `extra` as `csljson:status`"),
    Rule("note", ("pmid", "pmcid", "notes"), read=_read_note, write=_note, whole=True,
         note="`PMID: n` and `PMCID: …` lines first (for Zotero's Extra), then the notes; read: "
              "`PMID:`/`PMCID:`/`DOI:` lines fill those fields"),
]

#: the record fields of the name variables and of the date variables
PEOPLE = tuple(r.target for r in STANDARD if r.write is _people)
DATES = tuple(r.target for r in STANDARD if r.write is _date)
