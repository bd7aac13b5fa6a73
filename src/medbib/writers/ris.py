"""RIS writer: one ``TY``…``ER`` block per record, CRLF line ends, UTF-8.

Line syntax is rispy's (:class:`rispy.RisWriter`); the record -> tag mapping is medbib's
(:mod:`medbib.ris_map`). Every value is folded onto one line first (:func:`ris_map.fold`), so no
value can span lines or start a tag of its own.
"""

from __future__ import annotations

import re
import string
import warnings
from collections.abc import Iterable
from typing import Any, TextIO

import rispy

from ..core import languages
from ..core.model import Link, Record
from ..core.pages import split_pages
from ..core.vocabulary import BOOK, CHAPTER, LINK_HEADERS, PREPRINT
from ..registry import WriteContext, WriterPlugin
from ..ris_map import (
    NOTE_COI,
    NOTE_COPYRIGHT,
    TY_TO_TYPE,
    TYPE_TO_TY,
    WRITE_ORDER,
    fold,
    person_value,
    ris_date,
    short_date,
)

_TAG = re.compile(r"^[A-Z][A-Z0-9]$")
_ALL_TAGS = [a + b for a in string.ascii_uppercase for b in string.ascii_uppercase + string.digits]


class _RisWriter(rispy.RisWriter):
    """rispy's writer with RIS's CRLF line ends (rispy writes LF) and no ``1.`` record header.

    Every tag is a list tag here: medbib hands rispy one list of values per tag, in output order.
    """

    NEWLINE = "\r\n"

    def set_header(self, count: int) -> str:
        return ""


_MAPPING = {"TY": "type_of_reference", **{t: t.lower() for t in _ALL_TAGS if t != "TY"}}


def _writer() -> _RisWriter:
    # a frozenset, not a list: rispy tests ``tag in list_tags`` for every line, and a scan of
    # the 935-tag list was the largest single cost of writing RIS (profiled)
    return _RisWriter(mapping=_MAPPING, list_tags=frozenset(t for t in _ALL_TAGS if t != "TY"))


def link_note(link: Link) -> str:
    """``Erratum in: Br J Cancer. 2021;124(2):500 [PMID: 33300000] [DOI: 10.…]``."""
    header = LINK_HEADERS.get(link.kind, link.kind)
    text = f"{header}: {link.citation or ''}".rstrip()
    for label, value in (("PMID", link.pmid), ("DOI", link.doi), ("Note", link.note)):
        if value:
            text += f" [{label}: {value}]"
    return text


def record_to_tags(rec: Record, key: str, ctx: WriteContext | None = None,
                   zotero_extra: bool = True, epub_et: bool = True) -> dict[str, Any]:
    """A record as ``{"type_of_reference": TY, "id": [key], "ti": [...], ...}`` for rispy."""
    out: dict[str, list[str]] = {}

    def add(tag: str, *values: str | None) -> None:
        for v in values:
            v = fold(v)
            if v:
                out.setdefault(tag.lower(), []).append(v)

    def lost(field: str, reason: str) -> None:
        if ctx is not None:
            ctx.lost(rec, field, reason)

    ty = TYPE_TO_TY.get(rec.type, "GEN")
    kept_ty = (rec.extra.get("TY") or [None])[0]
    if kept_ty and TY_TO_TYPE.get(kept_ty.upper(), "document") == rec.type:
        ty = kept_ty  # a TY read from RIS (e.g. PAT) goes back out as it came
    elif rec.type not in TYPE_TO_TY:
        lost("type", f"no RIS type for {rec.type!r}; written as GEN")
    is_book, is_chapter = rec.type == BOOK, rec.type == CHAPTER

    add("ID", key)
    add("TI", rec.title)
    add("TT", rec.original_title)
    add("ST", rec.short_title)
    add("AU", *(person_value(p) for p in rec.authors))
    add("A3" if is_book else "A2", *(person_value(p) for p in rec.editors))
    add("A4", *(person_value(p) for p in rec.translators))
    # containers: journal (or the book a chapter is in) in T2, abbreviation in J2, series in T3
    if is_book:
        add("T2", rec.collection_title)
        if rec.container_title:
            lost("container_title", "a book has no container in RIS")
    else:
        container = rec.container_title
        if not container and not is_chapter:
            container = rec.journal_abbrev or rec.journal_iso_abbrev
        add("T2", container)
        add("T3", rec.collection_title)
    abbrev = rec.journal_abbrev or rec.journal_iso_abbrev
    add("J2", abbrev)
    if rec.journal_iso_abbrev and rec.journal_abbrev and rec.journal_iso_abbrev != rec.journal_abbrev:
        lost("journal_iso_abbrev", "RIS has one abbreviation (J2); MedlineTA written")
    if rec.issued:
        if rec.issued.year is not None:
            add("PY", f"{rec.issued.year:04d}")
        add("DA", ris_date(rec.issued))
    # ET: edition for books and chapters; EndNote's "Epub Date" for everything else
    if is_book or is_chapter:
        add("ET", rec.edition)
        if rec.epub:
            lost("epub", "ET holds the edition for books and chapters")
    else:
        # EndNote reads ET of an article as its Epub Date; pandoc reads ET as an edition
        # (option epub_et=False leaves it out); Zotero ignores it for journal articles.
        if epub_et:
            add("ET", short_date(rec.epub))
        elif rec.epub:
            lost("epub", "ET left out (epub_et=False)")
        if rec.edition:
            lost("edition", "ET holds the epub date for articles")
    add("VL", rec.volume)
    add("IS", rec.issue)
    if is_book:
        add("SP", rec.number_of_pages)  # EndNote/Zotero: SP of a book = number of pages
        add("M1", rec.collection_number)  # Zotero: M1 of a book = series number
    else:
        pages = rec.pages or rec.page_first
        if pages and ("," in pages or pages.count("-") != 1):
            add("SP", pages)  # "1559-1565, 1570", "e0179990": whole in SP (Zotero, pandoc keep it)
        elif pages:
            first, last = split_pages(pages)
            add("SP", first)
            add("EP", last)
        if rec.number_of_pages:
            lost("number_of_pages", "SP/EP hold the page range")
        if rec.collection_number:
            lost("collection_number", "no RIS tag outside books")
    if rec.pages_raw:
        lost("pages_raw", "pages are written normalised")
    add("C7", rec.article_number)
    add("DO", rec.doi)
    add("SN", *rec.issns, *rec.isbns)
    if rec.issn_print or rec.issn_electronic or rec.issn_linking:
        lost("issn kinds", "SN carries the ISSN, not whether it is print, electronic or linking")
    add("AB", rec.abstract_text)  # sections "LABEL: text" joined; fold() makes it one line
    if any(s.nlm_category for s in rec.abstract):
        lost("abstract sections", "AB is one line: labels kept inline, NLM categories lost")
    add("KW", *(k.term for k in rec.keywords))
    add("KW", *(m.as_string() for m in rec.mesh))
    if rec.mesh:
        lost("mesh", "written as KW strings (*Descriptor/qualifier); UIs and the MeSH/keyword distinction are lost")
    add("LA", *(languages.to_bcp47(x) or x for x in rec.languages))
    add("AN", rec.pmid)
    if not is_chapter:  # Zotero reads C2 of a CHAP as a book author
        add("C2", rec.pmcid)
    add("C6", rec.mid)
    if zotero_extra:
        # Zotero's RIS import appends every M2 value to Extra, one line each ("PMID: n").
        add("M2", f"PMID: {rec.pmid}" if rec.pmid else None, f"PMCID: {rec.pmcid}" if rec.pmcid else None)
    add("M3", "; ".join(p.name for p in rec.publication_types))
    add("PB", rec.publisher)
    add("CY", rec.publisher_place)
    add("UR", *rec.urls)
    affiliations: list[str] = []
    for p in rec.authors + rec.editors:
        for a in p.affiliations:
            a = fold(a)
            if a and a not in affiliations:
                affiliations.append(a)
    add("AD", *affiliations)
    if affiliations:
        lost("affiliations", "AD lists the record's affiliations; which author has which is lost")
    add("N1", *(fold(n) for n in rec.notes))
    add("N1", f"{NOTE_COI}: {rec.conflict_of_interest}" if rec.conflict_of_interest else None)
    add("N1", f"{NOTE_COPYRIGHT}: {rec.copyright}" if rec.copyright else None)
    add("N1", *(link_note(x) for x in rec.links))
    # unknown tags read from RIS come back out as they came
    for tag, values in rec.extra.items():
        if _TAG.match(tag) and tag != "TY":
            add(tag, *values)
    for name, why in (
        ("title_markup", "RIS is plain text"), ("investigators", "no RIS tag"),
        ("grants", "no RIS tag"), ("chemicals", "no RIS tag"), ("history", "no RIS tag"),
        ("other_abstracts", "no RIS tag"), ("pii", "no RIS tag"), ("other_ids", "no RIS tag"),
        ("nlm_id", "no RIS tag"), ("journal_country", "no RIS tag (CY is a place of publication)"),
        ("sections", "no RIS tag"), ("volume_title", "no RIS tag"), ("medium", "no RIS tag"),
        ("source", "no RIS tag"), ("publication_status", "no RIS tag"),
        ("indexing_status", "no RIS tag"), ("pub_model", "no RIS tag"),
    ):
        if getattr(rec, name):
            lost(name, why)
    if any(p.orcid for p in rec.authors + rec.editors):
        lost("orcid", "no RIS tag")
    if rec.authors_truncated:
        lost("authors_truncated", "RIS cannot say a list is incomplete")
    if any(k not in ("TY",) and not _TAG.match(k) for k in rec.extra):
        lost("extra", "only RIS tags kept in extra are written back")
    if rec.type == PREPRINT and (rec.volume or rec.issue):
        lost("type", "an EJOUR with volume/issue reads back as a journal article")

    ref: dict[str, Any] = {"type_of_reference": ty}
    order = _ORDER
    for tag in sorted(out, key=lambda t: order.get(t, len(order))):
        ref[tag] = out[tag]
    return ref


_ORDER = {t.lower(): i for i, t in enumerate(WRITE_ORDER)}
_LABEL_TO_TAG = {label: tag for tag, label in _MAPPING.items() if tag != "TY"}


def format_ref(ref: dict[str, Any]) -> str:
    """One reference as RIS text, byte for byte what :class:`_RisWriter` writes for it.

    Why not rispy's own writer: profiled, ``RisWriter.format_lines`` (a generator per reference,
    ``str.format`` and one ``write`` per line, tag look-ups per line) took about half as long as
    building the tags themselves (0.9 s of 7 s for 2,000 MEDLINE records -> RIS). Here every tag is
    a list tag and the label -> tag mapping is fixed, so the lines are joined directly.
    tests/test_ris_fast_writer.py checks the equality with rispy's writer on every fixture.
    rispy is still used for reading RIS.
    """
    lines = [f"TY  - {ref.get('type_of_reference', 'JOUR')}"]
    for label, values in ref.items():
        tag = _LABEL_TO_TAG.get(label.lower())
        if tag is None:
            if label.lower() != "type_of_reference":  # rispy warns and leaves the label out
                warnings.warn(UserWarning(f"label `{label}` not exported"), stacklevel=2)
            continue
        for v in values:
            lines.append(f"{tag}  - {v}")
    lines.append("ER  - \r\n")
    return "\r\n".join(lines)


class RisWriterPlugin(WriterPlugin):
    name = "ris"
    aliases = ("refman",)
    suffixes = (".ris",)
    description = "RIS (EndNote, Zotero, Mendeley, pandoc): CRLF, PMID in AN + M2, PMCID in C2 + M2"

    def write(self, records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:
        zotero_extra = bool(ctx.options.extra.get("zotero_extra", True))
        epub_et = bool(ctx.options.extra.get("epub_et", True))
        for rec in records:
            try:
                ref = record_to_tags(rec, ctx.key(rec), ctx, zotero_extra=zotero_extra, epub_et=epub_et)
            except (TypeError, ValueError, AttributeError) as exc:
                ctx.error(rec, f"cannot write as RIS: {exc}")
                continue
            out.write(format_ref(ref))
            out.write("\r\n")  # an empty line after each ER


writer = RisWriterPlugin()
