"""One ``PubmedArticle`` or ``PubmedBookArticle`` element -> a Record.

:class:`_Builder` walks each record's children once through dispatch tables (element name ->
handler, at the end of this module); an element no table names is kept in ``record.extra``
under its name (never dropped). ``finish`` settles what depends on several elements: the DOI
and pii (ELocationID before ArticleIdList), the pages, the titles and the item type.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ...core import languages
from ...core.identifiers import normalize_doi, normalize_pmcid
from ...core.model import (
    Chemical,
    Date,
    HistoryDate,
    Identifier,
    Keyword,
    OtherAbstract,
    Person,
    PublicationType,
    Record,
)
from ...core.pages import set_pages
from ...core.text import is_translated_title
from ...core.vocabulary import ARTICLE_JOURNAL, BOOK, CHAPTER, DATASET, PREPRINT
from .markup import rich, rich_title, txt
from .parts import abstract_sections, grant, leaves, link, mesh, people, person, pub_date, section_lines, ymd

_PAGINATION_FIELDS = {"MedlinePgn": "medline_pgn", "StartPage": "start_page", "EndPage": "end_page"}
_JOURNAL_INFO_FIELDS = {"Country": "journal_country", "MedlineTA": "journal_abbrev", "NlmUniqueID": "nlm_id",
                        "ISSNLinking": "issn_linking"}
_PMC = re.compile(r"PMC\d+")
_MANUSCRIPT_ID = re.compile(r"manuscript-id:\s*([^;\s]+)")

Handler = Callable[["_Builder", Any], None]


class _Builder:
    """Holds one record while its elements are read; ``finish`` settles derived fields."""

    __slots__ = ("article_title", "articleid_doi", "articleid_pii", "begin", "book_authors", "book_date",
                 "book_editors", "book_title", "book_title_markup", "chapter_authors", "elocation_doi",
                 "elocation_pii", "end", "end_page", "medline_pgn", "nameless", "rec", "start_page")

    def __init__(self, nameless: list[Any]) -> None:
        self.rec = Record()
        self.nameless = nameless  # Author elements with no name part, for the reader to warn about
        self.elocation_doi: str | None = None
        self.elocation_pii: str | None = None
        self.articleid_doi: str | None = None
        self.articleid_pii: str | None = None
        self.medline_pgn: str | None = None
        self.start_page: str | None = None
        self.end_page: str | None = None
        self.book_authors: list[Person] | None = None
        self.book_editors: list[Person] = []
        self.chapter_authors: list[Person] | None = None
        self.book_title: str | None = None
        self.book_title_markup: str | None = None
        self.article_title: tuple[str | None, str | None] | None = None
        self.book_date: Date | None = None
        self.begin: Date | None = None
        self.end: Date | None = None

    def _dispatch(self, el: Any, table: dict[str, Handler], prefix: str = "pubmed-xml:") -> None:
        """Each child to its handler; an element with none is kept in ``extra`` (never dropped)."""
        for c in el:
            handler = table.get(c.tag)
            if handler is not None:
                handler(self, c)
            elif isinstance(c.tag, str):
                self.rec.add_extra(prefix + c.tag, rich(c)[0] or "")

    # ----------------------------------------------------------------- shared parts
    def title(self, el: Any) -> None:
        self.article_title = rich_title(el)

    def vernacular(self, el: Any) -> None:
        text, markup = rich_title(el)
        if text:
            self.rec.original_title, self.rec.original_title_markup = text, markup

    def pagination(self, el: Any) -> None:
        leaves(self, el, _PAGINATION_FIELDS)

    def elocation(self, el: Any) -> None:
        value = txt(el)
        if not value:
            return
        kind = (el.get("EIdType") or "").lower()
        if el.get("ValidYN") == "N":
            self.rec.add_extra(f"pubmed-xml:invalid-elocation-{kind or 'id'}", value)
            return
        if kind == "doi":
            if self.elocation_doi is None:
                self.elocation_doi = normalize_doi(value)
        elif kind == "pii":
            if self.elocation_pii is None:
                self.elocation_pii = value
            else:
                self.rec.other_ids.append(Identifier("pii", value))
        elif self.rec.article_number is None:
            self.rec.article_number = value
        else:
            self.rec.other_ids.append(Identifier(kind or "elocation", value))

    def abstract(self, el: Any) -> None:
        found, copyright_ = abstract_sections(el)
        self.rec.abstract.extend(found)
        if copyright_:
            self.rec.copyright = copyright_

    def other_abstract(self, el: Any) -> None:
        found, copyright_ = abstract_sections(el)
        if found or copyright_:
            lang = el.get("Language")
            self.rec.other_abstracts.append(OtherAbstract(
                sections=found, type=el.get("Type"), copyright=copyright_,
                language=languages.to_bcp47(lang) if lang else None))

    def language(self, el: Any) -> None:
        code = txt(el)
        if code:
            tag = languages.to_bcp47(code)
            if tag and tag not in self.rec.languages:
                self.rec.languages.append(tag)

    def grants(self, el: Any) -> None:
        self.rec.grants.extend(grant(c) for c in el if c.tag == "Grant")

    def pubtypes(self, el: Any) -> None:
        for c in el:
            if c.tag == "PublicationType":
                self.pubtype(c)

    def pubtype(self, el: Any) -> None:
        name = txt(el)
        if name:
            self.rec.publication_types.append(PublicationType(name=name, ui=el.get("UI")))

    def keywords(self, el: Any) -> None:
        owner = el.get("Owner")
        for c in el:
            if c.tag == "Keyword":
                term = rich(c)[0]
                if term:
                    self.rec.keywords.append(Keyword(term=term, owner=owner, major=c.get("MajorTopicYN") == "Y"))

    def investigators(self, el: Any) -> None:
        self.rec.investigators.extend(people(el, self.nameless))

    def article_ids(self, el: Any) -> None:
        for c in el:
            if c.tag != "ArticleId":
                continue
            value = txt(c)
            if value:
                kind = (c.get("IdType") or "").lower()
                _ARTICLE_IDS.get(kind, _other_article_id)(self, kind, value)

    def history(self, el: Any) -> None:
        for c in el:
            if c.tag == "PubMedPubDate":
                d = ymd(c)
                if d is not None:
                    self.rec.history.append(HistoryDate(c.get("PubStatus") or "other", d))

    def references(self, el: Any) -> None:
        for ref in el.iter("Reference"):
            citation = None
            ids = []
            for c in ref:
                if c.tag == "Citation":
                    citation = rich(c)[0]
                elif c.tag == "ArticleIdList":
                    for a in c:
                        v = txt(a)
                        if v:
                            ids.append(f"{a.get('IdType') or 'id'}:{v}")
            if citation or ids:
                reference = " ".join(x for x in (citation, *(f"[{i}]" for i in ids)) if x)
                self.rec.add_extra("pubmed-xml:reference", reference)

    # ----------------------------------------------------------------- journal articles
    def citation(self, el: Any) -> None:
        rec = self.rec
        rec.indexing_status = el.get("Status") or rec.indexing_status
        rec.owner = el.get("Owner") or rec.owner
        self._dispatch(el, _CITATION)

    def pmid(self, el: Any) -> None:
        self.rec.pmid = txt(el)
        if el.get("Version") and el.get("Version") != "1":
            self.rec.add_extra("pubmed-xml:pmid-version", el.get("Version"))

    def article(self, el: Any) -> None:
        self.rec.pub_model = el.get("PubModel")
        self._dispatch(el, _ARTICLE)

    def journal(self, el: Any) -> None:
        rec = self.rec
        for c in el:
            tag = c.tag
            if tag == "ISSN":
                self._issn(c)
            elif tag == "JournalIssue":
                for j in c:
                    if j.tag == "Volume":
                        rec.volume = txt(j)
                    elif j.tag == "Issue":
                        rec.issue = txt(j)
                    elif j.tag == "PubDate":
                        rec.issued = pub_date(j)
                if c.get("CitedMedium"):
                    rec.add_extra("pubmed-xml:cited-medium", c.get("CitedMedium"))
            elif tag == "Title":
                rec.container_title = txt(c)
            elif tag == "ISOAbbreviation":
                rec.journal_iso_abbrev = txt(c)

    def _issn(self, el: Any) -> None:
        """The first print and the first electronic ISSN, any other in ``issn_other``."""
        rec = self.rec
        v = txt(el)
        kind = el.get("IssnType")
        if not v:
            return
        if kind == "Print" and not rec.issn_print:
            rec.issn_print = v
        elif kind == "Electronic" and not rec.issn_electronic:
            rec.issn_electronic = v
        else:
            rec.issn_other.append(v)

    def article_date(self, el: Any) -> None:
        d = ymd(el)
        if d is None:
            return
        kind = el.get("DateType") or "Electronic"
        if kind == "Electronic" and self.rec.epub is None:
            self.rec.epub = d
        else:
            self.rec.history.append(HistoryDate(kind.lower(), d))

    def authors(self, el: Any) -> None:
        found = people(el, self.nameless)
        if el.get("Type") == "editors":
            self.rec.editors.extend(found)
        else:
            self.rec.authors.extend(found)
            if el.get("CompleteYN") == "N":
                self.rec.authors_truncated = True

    def databanks(self, el: Any) -> None:
        for bank in el:
            if bank.tag != "DataBank":
                continue
            name = None
            accs: list[str] = []
            for c in bank:
                if c.tag == "DataBankName":
                    name = txt(c)
                elif c.tag == "AccessionNumberList":
                    accs.extend(v for v in (txt(a) for a in c) if v)
            for acc in accs or [""]:
                self.rec.add_extra("pubmed-xml:databank", f"{name or ''}: {acc}".strip(": "))

    def journal_info(self, el: Any) -> None:
        leaves(self.rec, el, _JOURNAL_INFO_FIELDS)

    def chemicals(self, el: Any) -> None:
        for chem in el:
            if chem.tag != "Chemical":
                continue
            name = rn = ui = None
            for c in chem:
                if c.tag == "NameOfSubstance":
                    name, ui = txt(c), c.get("UI")
                elif c.tag == "RegistryNumber":
                    rn = txt(c)
            if name:
                self.rec.chemicals.append(Chemical(name=name, registry_number=rn, ui=ui))

    def mesh_list(self, el: Any) -> None:
        for c in el:
            if c.tag == "MeshHeading":
                h = mesh(c)
                if h is not None:
                    self.rec.mesh.append(h)

    def suppl_mesh(self, el: Any) -> None:
        for c in el:
            v = txt(c)
            if v:
                ui = f", {c.get('UI')}" if c.get("UI") else ""
                self.rec.add_extra("pubmed-xml:suppl-mesh", f"{v} [{c.get('Type') or ''}{ui}]")

    def comments(self, el: Any) -> None:
        self.rec.links.extend(link(c) for c in el if c.tag == "CommentsCorrections")

    def personal_name_subjects(self, el: Any) -> None:
        self.rec.extra.setdefault("pubmed-xml:personal-name-subject", []).extend(
            p.display() for p in (person(c) for c in el) if p)

    def general_note(self, el: Any) -> None:
        v = rich(el)[0]
        if v:
            owner = el.get("Owner")
            self.rec.notes.append(f"{v}" if not owner or owner == "NLM" else f"{v} [{owner}]")

    def other_id(self, el: Any) -> None:
        v = txt(el)
        if v:
            self.rec.other_ids.append(Identifier((el.get("Source") or "other").lower(), v))

    def pubmed_data(self, el: Any) -> None:
        for c in el:
            handler = _DATA.get(c.tag)
            if handler is not None:
                handler(self, c)

    # ----------------------------------------------------------------- books
    def book_document(self, el: Any) -> None:
        self._dispatch(el, _BOOK_DOCUMENT)

    def book(self, el: Any) -> None:
        self._dispatch(el, _BOOK, prefix="pubmed-xml:book-")

    def publisher(self, el: Any) -> None:
        for p in el:
            if p.tag == "PublisherName":
                self.rec.publisher = txt(p)
            elif p.tag == "PublisherLocation":
                self.rec.publisher_place = txt(p)

    def read_book_title(self, el: Any) -> None:
        self.book_title, self.book_title_markup = rich_title(el)

    def book_author_list(self, el: Any) -> None:
        """The book's AuthorList (inside Book): its authors or editors."""
        found = people(el, self.nameless)
        if el.get("Type") == "editors":
            self.book_editors.extend(found)
        else:
            self.book_authors = (self.book_authors or []) + found

    def chapter_author_list(self, el: Any) -> None:
        """The BookDocument's own AuthorList: the chapter's authors (or the book's editors)."""
        found = people(el, self.nameless)
        if el.get("Type") == "editors":
            self.book_editors.extend(found)
        else:
            self.chapter_authors = (self.chapter_authors or []) + found
            if el.get("CompleteYN") == "N":
                self.rec.authors_truncated = True

    def isbn(self, el: Any) -> None:
        v = txt(el)
        if v and v not in self.rec.isbns:
            self.rec.isbns.append(v)

    def sections(self, el: Any) -> None:
        section_lines(el, self.rec.sections)

    def location_label(self, el: Any) -> None:
        v = txt(el)
        if v:
            self.rec.add_extra("pubmed-xml:location-label", v)

    def item_list(self, el: Any) -> None:
        _add_extra_texts(self.rec, f"pubmed-xml:item-{(el.get('ListType') or 'list').lower()}", el)

    # ----------------------------------------------------------------- finishing
    def finish(self, kind: str) -> Record:
        rec = self.rec
        self._settle_ids()
        self._settle_pages(kind == "PubmedBookArticle")
        if kind == "PubmedBookArticle":
            self._finish_book()
        else:
            self._finish_article()
        rec.title_translated = is_translated_title(rec.title)
        return rec

    def _settle_ids(self) -> None:
        """DOI and pii from ELocationID before those of ArticleIdList; a different one kept in other_ids."""
        rec = self.rec
        rec.doi = self.elocation_doi or self.articleid_doi
        if self.elocation_doi and self.articleid_doi and self.articleid_doi.lower() != self.elocation_doi.lower():
            rec.other_ids.append(Identifier("doi", self.articleid_doi))
        rec.pii = self.elocation_pii or self.articleid_pii
        if self.elocation_pii and self.articleid_pii and self.articleid_pii != self.elocation_pii:
            rec.other_ids.append(Identifier("pii", self.articleid_pii))

    def _settle_pages(self, book: bool) -> None:
        """Pages from MedlinePgn, else StartPage-EndPage, else (not for a book) the ELocationID
        that is no DOI (core.pages.set_pages)."""
        rec = self.rec
        raw = self.medline_pgn
        if not raw and self.start_page:
            raw = self.start_page + (f"-{self.end_page}" if self.end_page and self.end_page != self.start_page else "")
        set_pages(rec, raw, *(() if book else (rec.article_number, self.elocation_pii)))
        if rec.pages and self.start_page and not self.medline_pgn:
            rec.page_first = self.start_page

    def _finish_article(self) -> None:
        rec = self.rec
        if self.article_title:
            rec.title, rec.title_markup = self.article_title
        if not rec.title and rec.original_title:  # <ArticleTitle/> with only a VernacularTitle
            rec.title, rec.title_markup = rec.original_title, rec.original_title_markup
        names = {pt.name for pt in rec.publication_types}
        if "Preprint" in names:
            rec.type = PREPRINT
        elif "Dataset" in names:
            rec.type = DATASET
        else:
            rec.type = ARTICLE_JOURNAL

    def _finish_book(self) -> None:
        """A chapter when the BookDocument has its own ArticleTitle, else the whole book."""
        rec = self.rec
        if self.article_title and self.article_title[0]:
            self._as_chapter()
        else:
            rec.type = BOOK
            rec.title, rec.title_markup = self.book_title, self.book_title_markup
            rec.authors = (self.book_authors or []) + (self.chapter_authors or [])
        rec.editors = self.book_editors + rec.editors
        self._book_dates()

    def _as_chapter(self) -> None:
        """The chapter's authors are the record's; the book's (when the chapter has its own) go to extra."""
        rec = self.rec
        rec.type = CHAPTER
        rec.title, rec.title_markup = self.article_title
        rec.container_title, rec.container_title_markup = self.book_title, self.book_title_markup
        if self.chapter_authors is not None:
            rec.authors = self.chapter_authors
            for p in self.book_authors or []:
                rec.add_extra("pubmed-xml:book-author", p.display())
        else:
            rec.authors = self.book_authors or []

    def _book_dates(self) -> None:
        """Issued: PubDate, else BeginningDate (to EndingDate when in another year); else in history."""
        rec = self.rec
        rec.issued = self.book_date or self.begin
        if rec.issued is not None and self.book_date is None and self.end is not None \
                and self.end.year != rec.issued.year:
            rec.issued.end = self.end
        elif self.begin is not None and self.book_date is not None:
            rec.history.append(HistoryDate("beginning", self.begin))
            if self.end is not None:
                rec.history.append(HistoryDate("ending", self.end))


# --------------------------------------------------------------------------- ArticleId by IdType
def _pubmed_id(b: _Builder, kind: str, value: str) -> None:
    if b.rec.pmid is None:
        b.rec.pmid = value


def _doi_id(b: _Builder, kind: str, value: str) -> None:
    if b.articleid_doi is None:
        b.articleid_doi = normalize_doi(value)


def _pmc_id(b: _Builder, kind: str, value: str) -> None:
    b.rec.pmcid = b.rec.pmcid or normalize_pmcid(value)


def _pii_id(b: _Builder, kind: str, value: str) -> None:
    if b.articleid_pii is None:
        b.articleid_pii = value


def _manuscript_id(b: _Builder, kind: str, value: str) -> None:
    b.rec.mid = b.rec.mid or value


def _old_pmcid(b: _Builder, kind: str, value: str) -> None:
    """The old form ``pmc-id: PMC123;manuscript-id: NIHMS45;``."""
    rec = b.rec
    m = _PMC.search(value)
    if m and not rec.pmcid:
        rec.pmcid = m.group(0)
    m = _MANUSCRIPT_ID.search(value)
    if m and not rec.mid:
        rec.mid = m.group(1)
    if not (m or _PMC.search(value)):
        rec.other_ids.append(Identifier(kind, value))


def _other_article_id(b: _Builder, kind: str, value: str) -> None:
    b.rec.other_ids.append(Identifier(kind or "other", value))


#: ArticleId IdType (lower case) -> where the value goes; the first of each kind wins
_ARTICLE_IDS: dict[str, Callable[[_Builder, str, str], None]] = {
    "pubmed": _pubmed_id, "doi": _doi_id, "pmc": _pmc_id, "pii": _pii_id, "mid": _manuscript_id,
    "pmcid": _old_pmcid,
}


# --------------------------------------------------------------------------- handler factories
def _history_date(status: str) -> Handler:
    """A Year/Month/Day element -> a history date of this status."""
    def handler(b: _Builder, el: Any) -> None:
        d = ymd(el)
        if d is not None:
            b.rec.history.append(HistoryDate(status, d))
    return handler


def _extra_text(key: str) -> Handler:
    """The element's text -> ``extra["pubmed-xml:<key>"]``."""
    key = "pubmed-xml:" + key

    def handler(b: _Builder, el: Any) -> None:
        v = rich(el)[0]
        if v:
            b.rec.add_extra(key, v)
    return handler


def _extra_list(key: str) -> Handler:
    """The text of each child -> ``extra["pubmed-xml:<key>"]``."""
    key = "pubmed-xml:" + key

    def handler(b: _Builder, el: Any) -> None:
        _add_extra_texts(b.rec, key, el)
    return handler


def _add_extra_texts(rec: Record, key: str, el: Any) -> None:
    for c in el:
        v = rich(c)[0] if isinstance(c.tag, str) else None
        if v:
            rec.add_extra(key, v)


def _text_field(field: str) -> Handler:
    """The element's text (no markup) -> a record field."""
    def handler(b: _Builder, el: Any) -> None:
        setattr(b.rec, field, txt(el))
    return handler


def _rich_field(field: str) -> Handler:
    """The plain text of a mixed-content element -> a record field."""
    def handler(b: _Builder, el: Any) -> None:
        setattr(b.rec, field, rich(el)[0])
    return handler


def _book_date(attr: str) -> Handler:
    """A PubDate-like element of the Book -> the builder's ``book_date``, ``begin`` or ``end``."""
    def handler(b: _Builder, el: Any) -> None:
        setattr(b, attr, pub_date(el))
    return handler


# --------------------------------------------------------------------------- the dispatch tables
_B = _Builder
_CITATION: dict[str, Handler] = {  # MedlineCitation
    "PMID": _B.pmid,
    "DateCompleted": _history_date("completed"),
    "DateRevised": _history_date("revised-record"),
    "DateCreated": _history_date("created"),
    "Article": _B.article,
    "MedlineJournalInfo": _B.journal_info,
    "ChemicalList": _B.chemicals,
    "SupplMeshList": _B.suppl_mesh,
    "CitationSubset": _extra_text("citation-subset"),
    "CommentsCorrectionsList": _B.comments,
    "GeneSymbolList": _extra_list("gene-symbol"),
    "MeshHeadingList": _B.mesh_list,
    "NumberOfReferences": _extra_text("number-of-references"),
    "PersonalNameSubjectList": _B.personal_name_subjects,
    "OtherID": _B.other_id,
    "OtherAbstract": _B.other_abstract,
    "KeywordList": _B.keywords,
    "CoiStatement": _rich_field("conflict_of_interest"),
    "SpaceFlightMission": _extra_text("space-flight-mission"),
    "InvestigatorList": _B.investigators,
    "GeneralNote": _B.general_note,
}
_ARTICLE: dict[str, Handler] = {  # MedlineCitation/Article
    "Journal": _B.journal,
    "ArticleTitle": _B.title,
    "Pagination": _B.pagination,
    "ELocationID": _B.elocation,
    "Abstract": _B.abstract,
    "AuthorList": _B.authors,
    "Language": _B.language,
    "DataBankList": _B.databanks,
    "GrantList": _B.grants,
    "PublicationTypeList": _B.pubtypes,
    "VernacularTitle": _B.vernacular,
    "ArticleDate": _B.article_date,
}
_DATA: dict[str, Handler] = {  # PubmedData, PubmedBookData (other elements, ObjectList among them, ignored)
    "History": _B.history,
    "PublicationStatus": _text_field("publication_status"),
    "ArticleIdList": _B.article_ids,
    "ReferenceList": _B.references,
}
_BOOK_DOCUMENT: dict[str, Handler] = {  # BookDocument
    "PMID": _B.pmid,
    "ArticleIdList": _B.article_ids,
    "Book": _B.book,
    "LocationLabel": _B.location_label,
    "ArticleTitle": _B.title,
    "VernacularTitle": _B.vernacular,
    "Pagination": _B.pagination,
    "Language": _B.language,
    "AuthorList": _B.chapter_author_list,
    "InvestigatorList": _B.investigators,
    "PublicationType": _B.pubtype,
    "Abstract": _B.abstract,
    "Sections": _B.sections,
    "KeywordList": _B.keywords,
    "ContributionDate": _history_date("contribution"),
    "DateRevised": _history_date("revised"),
    "CitationString": _rich_field("source"),
    "GrantList": _B.grants,
    "ItemList": _B.item_list,
}
_BOOK: dict[str, Handler] = {  # BookDocument/Book (other elements kept as extra "book-<name>")
    "Publisher": _B.publisher,
    "BookTitle": _B.read_book_title,
    "PubDate": _book_date("book_date"),
    "BeginningDate": _book_date("begin"),
    "EndingDate": _book_date("end"),
    "AuthorList": _B.book_author_list,
    "InvestigatorList": _B.investigators,
    "Volume": _text_field("volume"),
    "VolumeTitle": _rich_field("volume_title"),
    "Edition": _text_field("edition"),
    "CollectionTitle": _rich_field("collection_title"),
    "Isbn": _B.isbn,
    "ELocationID": _B.elocation,
    "Medium": _text_field("medium"),
    "ReportNumber": _text_field("collection_number"),
}


def convert(element: Any, nameless: list[Any]) -> Record:
    """One ``PubmedArticle`` or ``PubmedBookArticle`` element -> a Record. An author with no name
    part is left out; its element is added to ``nameless``."""
    b = _Builder(nameless)
    kind = element.tag
    if kind == "PubmedArticle":
        for c in element:
            if c.tag == "MedlineCitation":
                b.citation(c)
            elif c.tag == "PubmedData":
                b.pubmed_data(c)
    else:
        for c in element:
            if c.tag == "BookDocument":
                b.book_document(c)
            elif c.tag == "PubmedBookData":
                b.pubmed_data(c)
    return b.finish(kind)
