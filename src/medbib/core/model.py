"""The intermediate record model: one shape that every reader fills and every writer reads.

It is shaped after CSL-JSON (field names follow CSL where CSL has the field) but holds
everything the PubMed formats carry, so that no reader ever has to drop what it found.

Conventions (all readers follow them, so that one article read from any format compares equal):

* Strings are plain Unicode text, whitespace collapsed, HTML entities decoded.
* Inline markup (italics, bold, super/subscript) is kept in a parallel ``*_markup`` field in
  medbib's small markup language (see :mod:`medbib.core.markup`); it is ``None`` when the text has
  no markup, so the plain field is always the source of truth.
* ``title`` keeps NLM's square brackets around translated titles and drops one closing period.
* Languages are BCP 47 tags (``en``, ``de``, ``zh``); see :mod:`medbib.core.languages`.
* Pages are written ``first-last`` with abbreviated ranges expanded (``1123-45`` -> ``1123-1145``).
* Identifiers are bare: DOI without resolver, PMID digits, PMCID with its ``PMC`` prefix,
  ORCID as ``https://orcid.org/0000-...``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .serialise import to_dict
from .vocabulary import ARTICLE_JOURNAL


@dataclass(slots=True)
class Date:
    """A date as precise as the source gives it.

    ``end`` holds the end of a range (``2010 Sep-Oct`` -> month 9, end month 10).
    ``season`` is a season name (``Summer``, ``Winter-Spring``) when the source gives one
    instead of a month. ``raw`` keeps the text as written whenever the source was text.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    season: str | None = None
    end: Date | None = None
    raw: str | None = None
    hour: int | None = None
    minute: int | None = None


@dataclass(slots=True)
class HistoryDate:
    """A dated event of the record's life: received, accepted, revised, aheadofprint, epublish,
    ppublish, ecollection, entrez, pubmed, medline, pmc-release, completed, revised-record, created…"""

    status: str
    date: Date


@dataclass(slots=True)
class Person:
    """A person or a group. Groups have only ``literal``."""

    family: str | None = None
    given: str | None = None
    initials: str | None = None  # as PubMed gives them, no periods ("TH")
    suffix: str | None = None  # Jr, Sr, 2nd, 3rd, III…
    literal: str | None = None  # group / collective name
    orcid: str | None = None  # https://orcid.org/0000-0000-0000-0000
    affiliations: list[str] = field(default_factory=list)
    equal_contrib: bool = False
    identifiers: list[Identifier] = field(default_factory=list)  # other person ids (ROR of affiliation etc.)

    @property
    def is_group(self) -> bool:
        return self.literal is not None and not self.family

    def display(self) -> str:
        if self.is_group:
            return self.literal or ""
        parts = [self.family or ""]
        if self.given:
            parts.append(self.given)
        elif self.initials:
            parts.append(self.initials)
        return ", ".join(p for p in parts if p)


@dataclass(slots=True)
class Identifier:
    kind: str  # e.g. "sici", "bookaccession", "nihms", "isbn", "ror", "other"
    value: str


@dataclass(slots=True)
class AbstractSection:
    text: str
    label: str | None = None  # author label (XML @Label) — "BACKGROUND", "PATIENT CONCERNS"
    nlm_category: str | None = None  # XML @NlmCategory — BACKGROUND, OBJECTIVE, METHODS, RESULTS…
    markup: str | None = None  # text with inline markup, when it has any


@dataclass(slots=True)
class OtherAbstract:
    """An abstract from another source (XML ``OtherAbstract``; MEDLINE ``OAB``; AT ``Publisher:``/``PIP:``)."""

    sections: list[AbstractSection] = field(default_factory=list)
    type: str | None = None  # Publisher, PIP, KIE, NASA, AAMC, AIDS, plain-language-summary
    language: str | None = None  # BCP 47
    copyright: str | None = None

    @property
    def text(self) -> str:
        return abstract_text(self.sections)


@dataclass(slots=True)
class Keyword:
    term: str
    owner: str | None = None  # NOTNLM (author keywords), NLM, KIE, NASA, PIP, HHS
    major: bool = False


@dataclass(slots=True)
class MeshQualifier:
    name: str
    ui: str | None = None
    major: bool = False


@dataclass(slots=True)
class MeshHeading:
    descriptor: str
    ui: str | None = None
    major: bool = False
    qualifiers: list[MeshQualifier] = field(default_factory=list)
    type: str | None = None  # "Geographic" where XML says so

    def as_string(self) -> str:
        """medbib's one string form: ``*Descriptor/qualifier/*major qualifier`` (MEDLINE's ``MH`` form)."""
        head = ("*" if self.major else "") + self.descriptor
        quals = "".join("/" + ("*" if q.major else "") + q.name for q in self.qualifiers)
        return head + quals


@dataclass(slots=True)
class PublicationType:
    name: str
    ui: str | None = None


@dataclass(slots=True)
class Chemical:
    name: str
    registry_number: str | None = None  # "0LVT1QZ0BA", "EC 3.6.3.14", "0"
    ui: str | None = None


@dataclass(slots=True)
class Grant:
    id: str | None = None
    acronym: str | None = None
    agency: str | None = None
    country: str | None = None
    raw: str | None = None  # MEDLINE GR line as written


@dataclass(slots=True)
class Link:
    """A link to a related record: erratum, retraction, comment, update, expression of concern…

    ``kind`` uses the XML ``CommentsCorrections/@RefType`` vocabulary (ErratumIn, ErratumFor,
    CommentIn, CommentOn, UpdateIn, UpdateOf, RetractionIn, RetractionOf,
    ExpressionOfConcernIn, ExpressionOfConcernFor, RepublishedIn, RepublishedFrom, …).
    See :data:`medbib.core.vocabulary.LINK_HEADERS` for how each kind is introduced in text.
    """

    kind: str
    citation: str | None = None  # RefSource / the citation string as written
    pmid: str | None = None
    doi: str | None = None
    note: str | None = None


@dataclass(slots=True)
class Origin:
    """Where a record came from, for messages (not part of the bibliographic data)."""

    file: str | None = None
    line: int | None = None
    index: int | None = None  # 1-based position of the record in its file
    format: str | None = None


@dataclass(slots=True)
class Record:
    type: str = ARTICLE_JOURNAL
    id: str | None = None  # citation key (BibTeX key, CSL id, RIS ID); None = generate

    # titles
    title: str | None = None
    title_markup: str | None = None
    original_title: str | None = None  # VernacularTitle / TT
    original_title_markup: str | None = None
    title_translated: bool = False  # title is NLM's bracketed English translation
    short_title: str | None = None
    languages: list[str] = field(default_factory=list)  # BCP 47

    # people
    authors: list[Person] = field(default_factory=list)
    authors_truncated: bool = False  # list truncated at source (CompleteYN="N", "and others")
    editors: list[Person] = field(default_factory=list)
    investigators: list[Person] = field(default_factory=list)
    translators: list[Person] = field(default_factory=list)

    # container: journal, or the book a chapter is in
    container_title: str | None = None  # Journal/Title, JT; book title for chapters
    container_title_markup: str | None = None
    journal_abbrev: str | None = None  # MedlineTA / TA ("Br J Cancer")
    journal_iso_abbrev: str | None = None  # ISOAbbreviation ("Br. J. Cancer" in older records)
    issn_print: str | None = None
    issn_electronic: str | None = None
    issn_linking: str | None = None
    issn_other: list[str] = field(default_factory=list)  # ISSNs whose kind is unknown
    nlm_id: str | None = None  # NlmUniqueID / JID
    journal_country: str | None = None  # MedlineJournalInfo/Country, MEDLINE PL for journals

    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # normalised, ranges expanded: "136-141", "1559-1565, 1570", "e0179990"
    pages_raw: str | None = None  # as written when it differs from ``pages``
    page_first: str | None = None
    page_last: str | None = None
    article_number: str | None = None  # untyped ELocationID / LID ("e0179990")

    # dates
    issued: Date | None = None  # issue / publication date
    epub: Date | None = None  # electronic publication date (CSL available-date)
    history: list[HistoryDate] = field(default_factory=list)

    # identifiers
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    pii: str | None = None
    mid: str | None = None  # NIHMS / EMS manuscript id
    isbns: list[str] = field(default_factory=list)
    other_ids: list[Identifier] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    # content
    abstract: list[AbstractSection] = field(default_factory=list)
    other_abstracts: list[OtherAbstract] = field(default_factory=list)
    copyright: str | None = None
    keywords: list[Keyword] = field(default_factory=list)
    mesh: list[MeshHeading] = field(default_factory=list)
    publication_types: list[PublicationType] = field(default_factory=list)
    chemicals: list[Chemical] = field(default_factory=list)
    grants: list[Grant] = field(default_factory=list)
    conflict_of_interest: str | None = None
    links: list[Link] = field(default_factory=list)

    # books
    publisher: str | None = None
    publisher_place: str | None = None
    edition: str | None = None
    collection_title: str | None = None
    collection_number: str | None = None
    volume_title: str | None = None
    medium: str | None = None
    number_of_pages: str | None = None
    sections: list[str] = field(default_factory=list)  # a book's table of contents, flattened

    # status
    publication_status: str | None = None  # ppublish, epublish, aheadofprint
    indexing_status: str | None = None  # MEDLINE, PubMed-not-MEDLINE, In-Process, In-Data-Review, Publisher
    owner: str | None = None  # NLM, NOTNLM, KIE, …
    pub_model: str | None = None  # Print, Print-Electronic, Electronic, …
    source: str | None = None  # the citation string as written (MEDLINE SO, Abstract-text citation line)

    notes: list[str] = field(default_factory=list)  # free notes; unclassified text is kept here
    #: anything else, by origin: ``"<reader>:<name>"`` -> values (``medline:SB``, ``ris:M1``,
    #: ``pubmed-xml:citation-subset``, ``bibtex:eprint``); a writer writes back only its own
    extra: dict[str, list[str]] = field(default_factory=dict)
    origin: Origin | None = field(default=None, compare=False)

    # --- convenience -------------------------------------------------------------------------
    @property
    def abstract_text(self) -> str | None:
        return abstract_text(self.abstract) or None

    @property
    def issns(self) -> list[str]:
        """Every ISSN, deduplicated, print first."""
        out: list[str] = []
        for v in (self.issn_print, self.issn_electronic, self.issn_linking, *self.issn_other):
            if v and v not in out:
                out.append(v)
        return out

    @property
    def retracted(self) -> bool:
        return any(l.kind == "RetractionIn" for l in self.links) or any(
            p.name == "Retracted Publication" for p in self.publication_types
        )

    def add_extra(self, key: str, value: str) -> None:
        self.extra.setdefault(key, []).append(value)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the non-empty fields (for ``medbib inspect --json`` and tests).

        Empty values (None, "", [], {}, False) are left out; ``origin`` is not data.
        """
        return to_dict(self, skip=("origin",))


def abstract_text(sections: list[AbstractSection], sep: str = "\n") -> str:
    """Sections joined as ``LABEL: text`` paragraphs (the form Zotero and PubMed use)."""
    parts = []
    for s in sections:
        if s.label and s.label.upper() != "UNLABELLED":
            parts.append(f"{s.label}: {s.text}")
        else:
            parts.append(s.text)
    return sep.join(p for p in parts if p)
