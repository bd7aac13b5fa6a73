"""RIS reader: tolerant of what EndNote, Zotero, Mendeley, Scopus, Citavi and hand-made files hold.

rispy (:class:`rispy.RisParser`, subclassed) turns the lines of one ``TY``…``ER`` block into
``{tag: [values]}``; medbib's tables (:mod:`medbib.ris_map`) turn that into a record.
The file is cut into blocks here only to stream (one record in memory at a time) and to know
each record's line number for messages.

Tolerated: a BOM, CRLF/CR/LF, UTF-16, ``TY - JOUR`` with one space, ``ER  -`` without the
trailing space, text outside records, a missing ``ER`` (the next ``TY`` closes the record),
wrapped values (continuation lines), repeated tags, ``Y1``/``PY``/``DA`` dates such as
``1998///Spring``, ``JO``/``JF``/``JA``/``T2``/``J2`` journal variants, a whole page range
in ``SP``, legacy names such as ``Baldwin,S.A.``. Tags medbib has no field for are kept in
``record.extra`` under their tag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import rispy

from ..core import languages
from ..core.identifiers import normalize_doi, normalize_pmcid
from ..core.model import AbstractSection, Keyword, Link, Origin, PublicationType, Record
from ..core.pages import expand_pages
from ..core.streams import iter_lines
from ..core.text import clean_title, collapse, is_translated_title
from ..core.vocabulary import ARTICLE_JOURNAL, BOOK, CHAPTER, DOCUMENT, LINK_KIND_BY_HEADER, PREPRINT
from ..registry import ReadContext, ReaderPlugin
from ..ris_map import (
    ABBREV_JOURNAL_TAGS,
    ABSTRACT_TAGS,
    AUTHOR_TAGS,
    DATE_TAGS,
    FULL_JOURNAL_TAGS,
    NEWLINE_VALUE_TAGS,
    NOTE_COI,
    NOTE_COPYRIGHT,
    TITLE_TAGS,
    TY_TO_TYPE,
    TYPE_TO_TY,
    parse_person,
    parse_ris_date,
)

# Zotero's line pattern: tag, one or two spaces, hyphen, then " value" or nothing.
_LINE = re.compile(r"^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?\s*$")


class _Every(dict):
    """rispy mapping where every tag maps to itself (medbib decides what tags mean)."""

    def __missing__(self, key: str) -> str:
        return key


class _All:
    """rispy list-tag set that holds every tag: repeated tags are all kept, in order."""

    def __contains__(self, item: object) -> bool:
        return True


class _RisParser(rispy.RisParser):
    """rispy's parser, subclassed where RIS files in the wild differ from what rispy expects:

    * ``parse_line``: rispy wants exactly ``XX  - `` (two spaces); files have ``TY - JOUR``
      (one space) and ``ER  -`` (no trailing space) — Zotero's pattern is used instead.
    * ``_add_tag``: rispy adds a continuation line of a list tag as a new value; that is right
      for keyword lists (KW, L1…: one value per line, as Zotero reads them) but a wrapped
      title or abstract must be joined to the value it continues.
    """

    def __init__(self) -> None:
        super().__init__(mapping=_Every(TY="TY"), list_tags=_All(), delimiter_tags_mapping={})

    def parse_line(self, line: str) -> tuple[str, str] | tuple[None, str]:
        m = _LINE.match(line.rstrip())
        if m:
            return m.group(1), (m.group(2) or "").strip()
        return None, line.strip()

    def _add_tag(self, record: dict, tag: str, content: Any, extend_multiline: bool = False) -> None:
        if extend_multiline:
            if not content or tag is None or not record.get(tag):
                return
            if tag not in NEWLINE_VALUE_TAGS:
                record[tag][-1] = f"{record[tag][-1]} {content}".strip()
                return
        super()._add_tag(record, tag, content)


_PARSER = _RisParser()


def _blocks(lines: Iterator[str], ctx: ReadContext) -> Iterator[tuple[int, list[str] | None, str | None]]:
    """(line number of TY, the block's lines with a closing ER, None) per record, or
    (line, None, reason) for a block that cannot be a record."""
    block: list[str] | None = None
    start = 0
    orphan_line = 0  # first tag line seen outside a record
    for n, line in enumerate(lines, 1):
        m = _LINE.match(line.rstrip())
        tag = m.group(1) if m else None
        if tag == "TY":
            if block is not None:
                ctx.warn("record not closed by ER (closed by the next TY)", line=start)
                yield start, block + ["ER  - "], None
            block, start, orphan_line = [line], n, 0
        elif tag == "ER":
            if block is not None:
                yield start, block + [line], None
                block = None
            elif orphan_line:
                yield orphan_line, None, "record without TY (tags before this ER have no TY line)"
                orphan_line = 0
        elif block is not None:
            block.append(line)
        elif tag and not orphan_line:
            orphan_line = n
    if block is not None:
        ctx.warn("last record not closed by ER", line=start)
        yield start, block + ["ER  - "], None


def _first(tags: dict[str, list[str]], *names: str) -> str | None:
    for name in names:
        for v in tags.get(name, ()):
            v = collapse(v)
            if v:
                return v
    return None


_ISSN = re.compile(r"^\d{4}-?\d{3}[\dXx]$")
_ISBN = re.compile(r"^(?:\d[\d-]{8,15}[\dXx])$")
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+$", re.I)
_DATELIKE = re.compile(r"^\d{4}(?:/\d{1,2}(?:/\d{1,2})?)?/?$")
_LINK_SUFFIX = re.compile(r"\s*\[(PMID|DOI|Note): ([^\]]*)\]$")


def _link(note: str) -> Link | None:
    head, sep, rest = note.partition(": ")
    kind = LINK_KIND_BY_HEADER.get(head.strip().lower())
    if not sep or not kind:
        return None
    link = Link(kind=kind)
    while (m := _LINK_SUFFIX.search(rest)):
        setattr(link, {"PMID": "pmid", "DOI": "doi", "Note": "note"}[m.group(1)], m.group(2))
        rest = rest[: m.start()]
    link.citation = rest.strip() or None
    return link


def tags_to_record(tags: dict[str, list[str]]) -> Record:
    """One rispy entry (every tag a list) -> Record. Raises ValueError for an empty record."""
    tags = {k: [collapse(v) for v in (vs if isinstance(vs, list) else [vs]) if collapse(v)]
            for k, vs in tags.items()}
    tags = {k: vs for k, vs in tags.items() if vs}
    used: set[str] = {"TY", "ER"}
    rec = Record()
    extra: dict[str, list[str]] = {}

    def take(*names: str) -> list[str]:
        out = []
        for name in names:
            out.extend(tags.get(name, ()))
            used.add(name)
        return out

    def keep(tag: str, *values: str) -> None:
        for v in values:
            extra.setdefault(tag, []).append(v)

    ty = (tags.get("TY") or ["JOUR"])[0].upper().strip()
    rec.type = TY_TO_TYPE.get(ty, DOCUMENT)
    if rec.type == PREPRINT and (tags.get("VL") or tags.get("IS")):
        rec.type = ARTICLE_JOURNAL  # EndNote's "Electronic Article" of a journal
    if TYPE_TO_TY.get(rec.type) != ty:
        keep("TY", ty)
    is_book, is_chapter = rec.type == BOOK, rec.type == CHAPTER
    if not set(tags) - {"TY", "ID", "ER"}:
        raise ValueError("empty record (no tag besides TY)")

    ids = take("ID")
    rec.id = ids[0] if ids else None
    rec.title = clean_title(_first(tags, *TITLE_TAGS))
    used.update(TITLE_TAGS)
    rec.title_translated = is_translated_title(rec.title)
    rec.original_title = _first(tags, "TT")
    rec.short_title = _first(tags, "ST")
    used.update({"TT", "ST"})

    # people: AU and A1 in the order their tags first appear
    for tag in [t for t in tags if t in AUTHOR_TAGS]:
        rec.authors.extend(p for p in map(parse_person, take(tag)) if p)
    editor_tags = ["A3", "ED"] if is_book else ["A2", "ED"]
    for tag in editor_tags:
        rec.editors.extend(p for p in map(parse_person, take(tag)) if p)
    rec.translators = [p for p in map(parse_person, take("A4")) if p]

    # containers
    bt = take("BT")
    if is_book:
        rec.collection_title = _first(tags, "T2", "T3")
        used.update({"T2", "T3"})
        if bt and not rec.title:
            rec.title = clean_title(bt[0])
        elif bt:
            keep("BT", *bt)
    else:
        rec.container_title = _first(tags, *FULL_JOURNAL_TAGS) or (bt[0] if bt else None)
        used.update(FULL_JOURNAL_TAGS)
        rec.collection_title = _first(tags, "T3")
        used.add("T3")
    rec.journal_abbrev = _first(tags, *ABBREV_JOURNAL_TAGS)
    used.update(ABBREV_JOURNAL_TAGS)
    if not rec.container_title and rec.journal_abbrev and not is_book:
        rec.container_title = rec.journal_abbrev  # Zotero does the same (JA/JO only: Nature)

    # dates: DA wins over Y1 over PY; Y2 (access date) stays in extra
    for tag in DATE_TAGS:
        for v in tags.get(tag, ()):
            d = parse_ris_date(v)
            if d is not None and (d.year is not None or d.raw):
                rec.issued = d
                break
        if rec.issued:
            break
    used.update(DATE_TAGS)

    for v in take("ET"):
        if not (is_book or is_chapter) and _DATELIKE.match(v) and rec.epub is None:
            rec.epub = parse_ris_date(v)
        elif rec.edition is None:
            rec.edition = v
        else:
            keep("ET", v)

    rec.volume = _first(tags, "VL")
    rec.issue = _first(tags, "IS")
    used.update({"VL", "IS"})
    for v in take("M1"):
        if is_book and rec.collection_number is None:
            rec.collection_number = v
        elif rec.type == ARTICLE_JOURNAL and rec.issue is None:
            rec.issue = v  # EndNote puts the issue in M1 (Zotero reads it so too)
        else:
            keep("M1", v)

    sp, ep = _first(tags, "SP"), _first(tags, "EP")
    used.update({"SP", "EP"})
    if is_book:
        rec.number_of_pages = sp
        if ep:
            keep("EP", ep)
    elif sp and ("-" in sp or "," in sp):
        rec.pages = expand_pages(sp)
        if ep:
            keep("EP", ep)
    elif sp and ep:
        rec.pages = expand_pages(f"{sp}-{ep}")  # SP 136 + EP 41 -> 136-141
    else:
        rec.pages = expand_pages(sp or ep)
    rec.article_number = _first(tags, "C7")
    used.add("C7")

    for v in take("DO"):
        if rec.doi is None:
            rec.doi = normalize_doi(v)
        elif normalize_doi(v) != rec.doi:
            keep("DO", v)
    for v in take("M3"):
        if _DOI.match(v):
            if rec.doi is None:
                rec.doi = normalize_doi(v)
        else:
            rec.publication_types.extend(PublicationType(x.strip()) for x in v.split(";") if x.strip())

    for v in take("SN"):
        parts = re.split(r"[\s,;]+", v)
        if all(_ISSN.match(p) or _ISBN.match(p) for p in parts):
            for p in parts:
                target = rec.issn_other if _ISSN.match(p) else rec.isbns
                if p not in target:
                    target.append(p)
        else:
            keep("SN", v)

    abstracts = take(*ABSTRACT_TAGS)
    if abstracts:
        rec.abstract = [AbstractSection(text=abstracts[0])]
        for v in abstracts[1:]:
            if v != abstracts[0]:
                keep("N2", v)

    for v in take("KW"):
        if all(k.term != v for k in rec.keywords):
            rec.keywords.append(Keyword(term=v))

    for v in take("LA"):
        for part in re.split(r"\s*[,;]\s*", v):
            code = languages.to_bcp47(part) or part
            if code and code not in rec.languages:
                rec.languages.append(code)

    # identifiers: AN (EndNote: PMID), C2 (EndNote JOUR: PMCID), C6 (NIHMSID), M2 "PMID: n" lines
    for v in take("AN"):
        if re.fullmatch(r"\d{1,9}", v) and rec.pmid in (None, v):
            rec.pmid = v
        else:
            keep("AN", v)
    for v in take("M2"):
        key, sep, value = v.partition(":")
        key, value = key.strip().upper(), value.strip()
        if sep and key == "PMID" and re.fullmatch(r"\d{1,9}", value) and rec.pmid in (None, value):
            rec.pmid = value
        elif sep and key == "PMCID" and normalize_pmcid(value) and rec.pmcid in (None, normalize_pmcid(value)):
            rec.pmcid = normalize_pmcid(value)
        else:
            keep("M2", v)
    for v in take("C2"):
        if not is_chapter and re.fullmatch(r"PMC\d+", v, re.I) and rec.pmcid in (None, v.upper()):
            rec.pmcid = v.upper()
        else:
            keep("C2", v)
    for v in take("C6"):
        if re.fullmatch(r"(?:NIHMS|EMS)\d+", v) and rec.mid is None:
            rec.mid = v
        else:
            keep("C6", v)

    rec.publisher = _first(tags, "PB")
    rec.publisher_place = _first(tags, "CY")
    used.update({"PB", "CY"})
    for v in take("UR"):
        if v.startswith("PM:") and rec.pmid is None:  # Reference Manager puts PMIDs in UR
            rec.pmid = v[3:].strip()
        elif v not in rec.urls:
            rec.urls.append(v)

    for v in take("N1"):
        if v == rec.title:
            continue  # EndNote repeats the title in N1 sometimes (Zotero skips it too)
        head, sep, rest = v.partition(": ")
        if sep and head == NOTE_COI and rec.conflict_of_interest is None:
            rec.conflict_of_interest = rest
        elif sep and head == NOTE_COPYRIGHT and rec.copyright is None:
            rec.copyright = rest
        elif (link := _link(v)) is not None:
            rec.links.append(link)
        else:
            rec.notes.append(v)

    for tag, values in tags.items():
        if tag not in used:
            keep(tag, *values)
    rec.extra = extra
    return rec


class RisReader(ReaderPlugin):
    name = "ris"
    aliases = ("refman",)
    suffixes = (".ris",)
    description = "RIS (EndNote, Zotero, Mendeley, Scopus, Citavi exports)"
    priority = 5

    def sniff(self, head: bytes) -> bool:
        """``TY  - `` among the first non-blank lines (as Zotero's detectImport); MEDLINE text
        (``PMID- ``) never, although it has ``XX  - `` lines too."""
        text = head.lstrip(b"\xef\xbb\xbf").decode("utf-8", "replace")
        seen = 0
        for line in text.splitlines()[:200]:
            line = line.strip()
            if not line:
                continue
            if line.startswith("PMID-"):
                return False
            if re.match(r"^TY {1,2}- ", line + " "):
                return True
            seen += 1
            if seen > 4:
                return False
        return False

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
        index = 0
        for line, block, problem in _blocks(iter_lines(stream, ctx), ctx):
            index += 1
            if problem:
                ctx.error(problem, line=line, record=index)
                continue
            try:
                entries = _PARSER.parse_lines(iter(block or []))
                if len(entries) != 1:
                    raise ValueError("cannot read this block as one record")
                rec = tags_to_record(entries[0])
            except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
                ctx.error(str(exc), line=line, record=index)
                continue
            rec.origin = Origin(file=ctx.file, line=line, index=index, format=self.name)
            yield rec


reader = RisReader()
