"""BibTeX / BibLaTeX reader (bibtexparser v2 splitter + our middlewares, pylatexenc decoding).

A .bib file must be read whole: ``@string`` macros and ``crossref`` parents may come after the
entries that use them. Blocks bibtexparser cannot parse are reported with file and line
(``ctx.error``) and the rest is converted. Fields with no record attribute are kept in
``record.extra`` as ``bibtex:<field>``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import bibtexparser
from bibtexparser import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from .. import bibtex_map as bm
from ..core import languages
from ..core.dates import parse_date
from ..core.identifiers import normalize_doi, normalize_pmcid
from ..core.markup import plain as markup_plain
from ..core.model import AbstractSection, Date, Keyword, Link, Origin, Person, PublicationType, Record
from ..core.pages import split_pages
from ..core.streams import iter_lines
from ..core.text import collapse
from ..core.vocabulary import LINK_KIND_BY_HEADER, PREPRINT
from ..plugins.contexts import ReadContext

# bibtexparser logs each failed block itself; we report them through ctx.error instead
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)



# --------------------------------------------------------------------------- value resolution
def _split_concat(raw: str) -> list[str]:
    """Split a raw field value at ``#`` outside braces and quotes."""
    if "#" not in raw:  # the common case, without the walk over every character
        return [raw.strip()]
    parts, depth, quote, cur = [], 0, False, []
    for c in raw:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quote = not quote
        elif c == "#" and depth == 0 and not quote:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(c)
    parts.append("".join(cur))
    return [p.strip() for p in parts]


class ResolveValuesMiddleware(LibraryMiddleware):
    """Resolve ``@string`` macros, month macros and ``#`` concatenation; strip the enclosing.

    (bibtexparser's own ResolveStringReferencesMiddleware resolves only a value that is one
    whole macro name, not ``sep # "--" # oct`` or ``stefan # and # maintainer``.) Month macros
    resolve to the names BibTeX's standard styles give them (``jan`` -> ``January``).
    """

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "medbib_resolve_values"

    def resolve(self, raw: Any, strings: dict[str, str]) -> str:
        if not isinstance(raw, str):
            return str(raw)
        out = []
        for piece in _split_concat(raw):
            if len(piece) >= 2 and piece[0] == "{" and piece[-1] == "}":
                out.append(piece[1:-1])
            elif len(piece) >= 2 and piece[0] == '"' and piece[-1] == '"':
                out.append(piece[1:-1])
            elif piece.isdigit():
                out.append(piece)
            elif piece.lower() in strings:
                out.append(strings[piece.lower()])
            else:
                out.append(piece)  # an undefined macro: BibTeX warns and uses nothing; we keep the name
        return "".join(out)

    def transform(self, library: Library) -> Library:
        strings = {m: bm.MONTH_NAMES[i] for i, m in enumerate(bm.MONTH_MACROS)}
        for s in library.strings:  # in file order: later definitions win, may use earlier ones
            strings[s.key.lower()] = self.resolve(s.value, strings)
        for entry in library.entries:
            for field in entry.fields:
                field.value = self.resolve(field.value, strings)
        return library


# --------------------------------------------------------------------------- helpers
def _people(value: str | None, rec: Record) -> tuple[list[Person], bool]:
    if not value:
        return [], False
    out, truncated = [], False
    for name in split_multiple_persons_names(value):
        name = name.strip()
        if not name:
            continue
        if name.lower() == "others":
            truncated = True
            continue
        if _one_group(name):
            lit = bm.decode(name[1:-1])
            if lit:
                out.append(Person(literal=lit))
            continue
        try:
            parts = parse_single_name_into_parts(name, strict=False)
        except (InvalidNameError, ValueError, IndexError):
            out.append(Person(literal=bm.decode(name)))
            continue
        family = bm.decode(" ".join(parts.von + parts.last))
        given = bm.decode(" ".join(parts.first)) or None
        suffix = bm.decode(" ".join(parts.jr)) or None
        if not family:
            if given:
                out.append(Person(literal=given))
            continue
        out.append(Person(family=family, given=given, suffix=suffix))
    return out, truncated


def _one_group(name: str) -> bool:
    """``{Name}``: the whole name is one brace group (a group author / one-field name)."""
    if not (name.startswith("{") and name.endswith("}")):
        return False
    depth = 0
    for i, c in enumerate(name):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and i != len(name) - 1:
                return False
    return True


def _split_top(value: str, seps: str) -> list[str]:
    """Split at separator characters outside braces."""
    out, depth, cur = [], 0, []
    for c in value:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c in seps and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(c)
    out.append("".join(cur))
    return out


def _keywords(value: str) -> list[str]:
    seps = "," if _split_top(value, ",")[1:] else ";"
    out = []
    for part in _split_top(value, seps):
        term = part.strip()
        if _one_group(term):
            term = term[1:-1]
        t = bm.decode(term)
        if t:
            out.append(t)
    return out


_LABEL_RE = re.compile(r"^([A-Z][A-Z0-9 ,&/()'+-]{0,80}[A-Z0-9)]):\s+(.*)$")


def _abstract(raw: str) -> list[AbstractSection]:
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    if len(lines) <= 1:
        text, markup = bm.decode_markup(raw)
        return [AbstractSection(text=text, markup=markup)] if text else []
    out = []
    for ln in lines:
        label = None
        m = _LABEL_RE.match(ln.strip())
        body = ln
        if m:
            label, body = bm.decode(m.group(1)), m.group(2)
        text, markup = bm.decode_markup(body)
        if text or label:
            out.append(AbstractSection(text=text, label=label, markup=markup))
    return out


def _date_from_fields(fields: dict[str, str]) -> Date | None:
    """``date`` (ISO/EDTF, ranges ``/``, seasons 21–24) or ``year`` + ``month`` + ``day``."""
    if fields.get("date"):
        return _iso_date(bm.decode(fields["date"]))
    year = bm.decode(fields.get("year"))
    if not year:
        return None
    month = bm.decode(fields.get("month")).replace("–", "-").replace("—", "-")
    day = bm.decode(fields.get("day")).replace("–", "-")
    if month.isdecimal() and 1 <= int(month) <= 12:
        month = bm.MONTH_NAMES[int(month) - 1]
    text = " ".join(x for x in (year, month, day) if x)
    d = parse_date(text)
    if d is None or d.year is None:
        m = re.match(r"^\d{4}", year)
        return Date(year=int(m.group(0)), raw=text) if m else Date(raw=text)
    if d.month or d.season or (not month and not day):
        d.raw = None  # fully represented (a raw date the writer could not express is in the note)
    return d


_ISO_ONE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_SEASON_BY_CODE = {21: "Spring", 22: "Summer", 23: "Fall", 24: "Winter"}


def _iso_one(s: str) -> Date | None:
    m = _ISO_ONE.match(s.strip())
    if not m:
        return None
    y, mo, d = (int(x) if x else None for x in m.groups())
    if mo and mo in _SEASON_BY_CODE:
        return Date(year=y, season=_SEASON_BY_CODE[mo])
    if mo and not 1 <= mo <= 12:
        return Date(year=y, raw=s)
    return Date(year=y, month=mo, day=d)


def _iso_date(text: str) -> Date | None:
    if not text:
        return None
    a, sep, b = text.partition("/")
    start = _iso_one(a)
    if start is None:
        return parse_date(text)
    if sep:
        end = _iso_one(b)
        if end is not None and end.year is not None:
            start.end = end
    return start


def _languages(fields: dict[str, str]) -> list[str]:
    out: list[str] = []
    for key in ("language", "langid"):
        for part in re.split(r"\s*(?:,|;|\band\b)\s*", bm.decode(fields.get(key))):
            tag = languages.to_bcp47(part)
            if tag and tag not in out:
                out.append(tag)
    return out


def _note_parts(raw: str) -> list[str]:
    """A note written by medbib has one part per line, each but the last closed by ``;``."""
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()]
    out = []
    for i, ln in enumerate(lines):
        if i < len(lines) - 1 and ln.endswith(";"):
            ln = ln[:-1]
        t = bm.decode(ln)
        if t:
            out.append(t)
    return out


_PMID_IN = re.compile(r"\s*PMID:\s*(\d+)")
_DOI_IN = re.compile(r"\s*doi:\s*(\S+)$")


def _apply_note(rec: Record, part: str) -> None:
    if part.startswith(bm.EPUB_PREFIX) and rec.epub is None:
        d = parse_date(part[len(bm.EPUB_PREFIX):])
        if d is not None and d.year is not None:
            rec.epub = d
            return
    if part == bm.AHEAD_OF_PRINT_NOTE:
        rec.publication_status = "aheadofprint"
        return
    if part.startswith(bm.DATE_NOTE_PREFIX) and rec.issued is not None:
        rec.issued.raw = part[len(bm.DATE_NOTE_PREFIX):]
        return
    m = re.match(r"^(PMID|PMCID):\s*(\S+)$", part)
    if m:
        if m.group(1) == "PMID" and not rec.pmid:
            rec.pmid = m.group(2)
        elif m.group(1) == "PMCID" and not rec.pmcid:
            rec.pmcid = normalize_pmcid(m.group(2))
        return
    if part == bm.RETRACTED_NOTE:
        rec.publication_types.append(PublicationType("Retracted Publication"))
        return
    header, sep, body = part.partition(":")
    kind = LINK_KIND_BY_HEADER.get(header.strip().lower()) if sep else None
    if kind:
        link = Link(kind=kind)
        body = body.strip()
        m = _DOI_IN.search(body)
        if m:
            link.doi = m.group(1)
            body = body[: m.start()]
        m = _PMID_IN.search(body)
        if m:
            link.pmid = m.group(1)
            if body[m.start():].strip() == m.group(0).strip():
                body = body[: m.start()]
        link.citation = collapse(body) or None
        rec.links.append(link)
        return
    rec.notes.append(part)


# fields consumed by entry_to_record (everything else goes to extra)
_HANDLED = {
    "author", "editor", "translator", "title", "subtitle", "booktitle", "journal", "journaltitle", "fjournal",
    "year", "month", "day", "date", "pages", "doi", "pmid", "pmcid", "eprint", "eprinttype", "url", "issn",
    "isbn", "abstract", "keywords", "language", "langid", "note", "addendum", "pubstate", "howpublished",
    "organization", "institution", "school", "crossref", "issue", "key", *bm.READ_TEXT_FIELDS,
}


def entry_to_record(entry: Entry, fields: dict[str, str]) -> Record:
    etype = entry.entry_type.lower()
    rec = Record(type=bm.READ_TYPES.get(etype, "document"), id=entry.key or None)
    if fields.get("pubstate", "").strip().lower() == "prepublished":
        rec.type = PREPRINT

    rec.authors, rec.authors_truncated = _people(fields.get("author"), rec)
    rec.editors, _ = _people(fields.get("editor"), rec)
    rec.translators, _ = _people(fields.get("translator"), rec)

    title, title_markup = bm.decode_markup(fields.get("title"))
    if fields.get("subtitle"):
        sub, sub_markup = bm.decode_markup(fields["subtitle"])
        title = f"{title}: {sub}" if title else sub
        title_markup = None
    rec.title = title or None
    rec.title_markup = title_markup
    if rec.title and rec.title.startswith("[") and rec.title.endswith("]"):
        rec.title_translated = True

    container = next((fields[k] for k in bm.JOURNAL_FIELDS if fields.get(k)), None)
    if fields.get("fjournal") and fields.get("journal") and not fields.get("journaltitle"):
        # AMS/MathSciNet style: journal = abbreviation, fjournal = full title
        container = fields["fjournal"]
        if not fields.get("shortjournal"):
            fields["shortjournal"] = fields["journal"]
    if rec.type in ("chapter", "paper-conference") or (container is None and fields.get("booktitle")):
        container = fields.get("booktitle") or container
    if container is None and etype in ("misc", "online", "dataset", "electronic", "www"):
        # medbib writes the container of @misc as howpublished, of @online/@dataset as organization
        container = fields.get("howpublished") or (fields.get("organization") if etype != "misc" else None)
    if container:
        rec.container_title, rec.container_title_markup = bm.decode_markup(container)
    for fname, attr in bm.READ_TEXT_FIELDS.items():
        if fields.get(fname) and not getattr(rec, attr):
            setattr(rec, attr, bm.decode(fields[fname]) or None)
    if not rec.publisher:
        for k in bm.PUBLISHER_ALTERNATIVES:
            if fields.get(k) and not (rec.type == PREPRINT and bm.decode(fields[k]) == rec.container_title):
                rec.publisher = bm.decode(fields[k]) or None
                if rec.publisher:
                    break
    if fields.get("origtitle"):
        rec.original_title, rec.original_title_markup = bm.decode_markup(fields["origtitle"])

    rec.issued = _date_from_fields(fields)
    issue = bm.decode(fields.get("issue")) or None
    if issue and rec.volume and rec.volume.isdigit() and "journaltitle" in fields:
        # medbib's BibLaTeX (biber wants an integer volume): "18 Suppl 2" = volume 18 + issue "Suppl 2"
        rec.volume = f"{rec.volume} {issue}" if issue[:1].isalnum() else f"{rec.volume}{issue}"
    elif issue:
        rec.issue = issue

    if fields.get("pages"):
        pages = bm.decode(fields["pages"]).replace("\u2013", "-").replace("\u2014", "-")
        pages = re.sub(r"\s*-+\s*", "-", pages)
        rec.pages = pages or None
        rec.page_first, rec.page_last = split_pages(rec.pages)

    # identifiers
    if fields.get("doi"):
        rec.doi = normalize_doi(bm.unverbatim(collapse(fields["doi"])))
    if fields.get("pmid"):
        rec.pmid = bm.decode(fields["pmid"]) or None
    eprinttype = bm.decode(fields.get("eprinttype")).lower()
    if fields.get("eprint"):
        ep = bm.unverbatim(collapse(fields["eprint"]))
        if eprinttype == "pubmed":
            rec.pmid = rec.pmid or ep
        elif eprinttype in ("pmc", "pubmedcentral"):
            rec.pmcid = normalize_pmcid(ep)
        else:
            rec.add_extra("bibtex:eprint", ep)
            if eprinttype:
                rec.add_extra("bibtex:eprinttype", eprinttype)
    if fields.get("pmcid"):
        rec.pmcid = normalize_pmcid(bm.decode(fields["pmcid"])) or bm.decode(fields["pmcid"])
    if fields.get("url"):
        rec.urls = [collapse(fields["url"])]
    if fields.get("issn"):
        rec.issn_other = [x for x in re.split(r"[\s,;]+", bm.decode(fields["issn"])) if x]
    if fields.get("isbn"):
        rec.isbns = [x for x in re.split(r"\s*[,;]\s*|\s+(?=\d{3}-|\d{9})", bm.decode(fields["isbn"])) if x]

    if fields.get("abstract"):
        rec.abstract = _abstract(fields["abstract"])
    if fields.get("keywords"):
        rec.keywords = [Keyword(t) for t in _keywords(fields["keywords"])]
    rec.languages = _languages(fields)
    pubstate = fields.get("pubstate", "").strip().lower()
    if pubstate == "inpress":
        rec.publication_status = "aheadofprint"
    for key in ("note", "addendum"):
        if fields.get(key):
            for part in _note_parts(fields[key]):
                _apply_note(rec, part)
    if pubstate == "inpress" and bm.AHEAD_OF_PRINT_NOTE not in rec.notes:
        rec.publication_status = "aheadofprint"

    for key, value in fields.items():
        if key not in _HANDLED and value:
            rec.add_extra(f"bibtex:{key}", bm.decode(value) if key not in ("file",) else value)
    if rec.title_markup and markup_plain(rec.title_markup) != rec.title:
        rec.title_markup = None
    return rec


def _inherit(child: dict[str, str], parent: dict[str, str]) -> None:
    """crossref: the parent's fields fill the child's gaps (title -> booktitle, as biber does)."""
    for k, v in parent.items():
        if k in ("crossref",):
            continue
        if k == "title":
            child.setdefault("booktitle", v)
            continue
        child.setdefault(k, v)


# --------------------------------------------------------------------------- plugin
class BibtexReader:
    name = "bibtex"
    aliases = ("biblatex", "bib")
    suffixes = (".bib", ".bibtex")
    description = "BibTeX / BibLaTeX (.bib): @string, crossref, LaTeX decoded to Unicode"
    priority = 5

    _SNIFF = re.compile(rb"^\s*@\s*(?:[A-Za-z]+)\s*[{(]", re.M)

    def sniff(self, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf")
        stripped = text.lstrip()
        if stripped[:1] in (b"<", b"[", b"{"):  # XML, JSON
            return False
        if re.search(rb"^(PMID|TY  |PMID-)\s*-", text[:2048], re.M):  # MEDLINE / RIS
            return False
        m = self._SNIFF.search(text[:8192])
        if not m:
            return False
        # lines before the first entry may only be comments or blank/free text without tags
        before = text[: m.start()]
        return not re.search(rb"^[A-Z]{2,4}\s{0,2}-\s", before, re.M)

    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
        text = "\n".join(iter_lines(stream, ctx))
        library = bibtexparser.parse_string(text, parse_stack=[ResolveValuesMiddleware()])
        for block in library.failed_blocks:
            if isinstance(block, DuplicateBlockKeyBlock):
                continue
            if isinstance(block, ParsingFailedBlock):
                line = (block.start_line or 0) + 1
                err = getattr(block, "error", None)
                reason = " ".join(str(getattr(err, "abort_reason", None) or err or "cannot parse block").split())
                ctx.error(f"BibTeX block not readable: {reason}", line=line)
        # entries in file order, including the second of two with the same key
        entries: list[Entry] = []
        for block in library.blocks:
            if isinstance(block, Entry):
                entries.append(block)
            elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry):
                dup = block.ignore_error_block
                ctx.warn(f"duplicate key {dup.key!r}", line=(block.start_line or 0) + 1)
                entries.append(dup)
        by_key = {e.key.lower(): e for e in entries}
        for index, entry in enumerate(entries, 1):
            try:
                fields = {f.key.lower(): f.value for f in entry.fields if isinstance(f.value, str)}
                parent_key = fields.get("crossref", "").strip().lower()
                if parent_key and parent_key in by_key and by_key[parent_key] is not entry:
                    parent = {f.key.lower(): f.value for f in by_key[parent_key].fields}
                    _inherit(fields, parent)
                rec = entry_to_record(entry, fields)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
                ctx.error(f"cannot convert @{entry.entry_type}{{{entry.key}: {exc}", line=(entry.start_line or 0) + 1,
                          record=index, record_id=entry.key)
                continue
            rec.origin = Origin(file=ctx.file, line=(entry.start_line or 0) + 1, index=index, format=self.name)
            yield rec


reader = BibtexReader()
