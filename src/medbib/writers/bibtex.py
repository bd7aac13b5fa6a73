"""BibTeX and BibLaTeX writers (mapping.md §1–§5).

An entry is built as (entry type, key, [(field, enclosed value)]) and serialised by
:func:`format_entry`, byte for byte as ``bibtexparser.write_string`` writes it (one-entry Library,
empty unparse stack, two-space indent, values at column 14, trailing comma; checked by
tests/test_bibtex_fast_writer.py). We enclose every value ourselves: bibtexparser's
``AddEnclosingMiddleware`` would brace the month macros (``{jan}`` is no macro) and cannot know
which values are already LaTeX; our values are escaped by :mod:`medbib.bibtex_map` so that the
only braces in a value are our own, balanced ones — which is what makes a hostile title unable
to end its field early.

One record is serialised at a time, so output streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from .. import bibtex_map as bm
from ..bibtex_map import collapse
from ..core import languages
from ..core.dates import format_date, iso_date
from ..core.model import Date, Record
from ..core.text import ascii_fold
from ..core.vocabulary import LINK_HEADERS, PREPRINT
from ..plugins.contexts import WriteContext

_KEY_BAD = re.compile(r"[^A-Za-z0-9_:.\-+/]")


def _brace(value: str) -> str:
    return "{" + value + "}"


class _Fields:
    """Ordered (name, enclosed value) pairs of one entry."""

    def __init__(self, ascii: bool) -> None:
        self.ascii = ascii
        self.items: list[tuple[str, str]] = []

    def raw(self, name: str, value: str | None) -> None:
        if value:
            self.items.append((name, value))

    def latex(self, name: str, value: str | None) -> None:
        if value:
            # parts of abstract/note are one per line; continuation lines are indented
            self.items.append((name, _brace(value.replace("\n", "\n" + " " * 18))))

    def text(self, name: str, value: str | None, markup: str | None = None, protect: bool = False) -> None:
        self.latex(name, bm.text_value(collapse(value) or None, markup, ascii=self.ascii, protect=protect))

    def verbatim(self, name: str, value: str | None) -> None:
        if value and collapse(value):
            self.items.append((name, _brace(bm.verbatim(collapse(value)))))


def _month(d: Date) -> str | None:
    """``jan``; a range ``sep # {--} # oct``; across years ``dec # {--1999 } # jan``; a season ``{Summer}``."""
    if d.season:
        return _brace(bm.escape(d.season))
    if not d.month:
        return None
    out = bm.MONTH_MACROS[d.month - 1]
    e = d.end
    if e and e.month and (e.month != d.month or (e.year and e.year != d.year)):
        if e.year and e.year != d.year:
            out += f" # {{--{e.year} }} # {bm.MONTH_MACROS[e.month - 1]}"
        else:
            out += f" # {{--}} # {bm.MONTH_MACROS[e.month - 1]}"
    return out


def _day(d: Date) -> str | None:
    if not d.day:
        return None
    e = d.end
    if e and e.day and (e.month in (None, d.month)) and e.day != d.day:
        return f"{d.day}--{e.day}"
    return str(d.day)


def _date_exact(d: Date) -> bool:
    """Whether year/month/day (or the ISO date) say everything the date says."""
    if d.raw and d.year is None:
        return False
    if d.season and d.season not in ("Spring", "Summer", "Fall", "Winter"):
        return False
    e = d.end
    if e and e.day and e.month and e.month != d.month and d.day:
        return False  # "Jul 30-Aug 5": BibTeX's month/day cannot hold it
    return True


def format_entry(etype: str, key: str, items: list[tuple[str, str]]) -> str:
    """One entry as BibTeX text, what bibtexparser's writer makes of it with our format.

    Why not bibtexparser's writer: profiled, building a ``Library``/``Entry``/``Field`` objects and
    ``write_string`` per record took about a quarter of the writer's time (2,000 XML records ->
    BibTeX); the format is fixed, so the lines are joined directly. bibtexparser is still used
    for reading.
    """
    lines = [f"@{etype}{{{key},"]
    for name, value in items:
        # the value starts at column 14 after the indent, unless the name is too long for it
        lines.append(f"  {name}{' ' * (11 - len(name))} = {value},")
    lines.append("}\n")
    return "\n".join(lines)


def link_line(link) -> str:  # type: ignore[no-untyped-def]
    header = LINK_HEADERS.get(link.kind, link.kind)
    body = collapse(link.citation) or ""
    if link.pmid and link.pmid not in body:
        body = (body + " " if body else "") + f"PMID: {link.pmid}"
    if link.doi and link.doi not in body:
        body = (body + " " if body else "") + f"doi: {link.doi}"
    return f"{header}: {body}" if body else header


class BibtexWriter:
    name = "bibtex"
    aliases = ("bib",)
    suffixes = (".bib", ".bibtex")
    description = "BibTeX (.bib): @article etc., UTF-8 (--ascii for LaTeX escapes), PubMed ids as pmid/pmcid"
    biblatex = False

    # ------------------------------------------------------------------ output
    def write(self, records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:
        used: set[str] = set()
        first = True
        for rec in records:
            try:
                text = format_entry(*self.entry(rec, ctx, used))
            except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
                ctx.error(rec, f"cannot write as {self.name}: {exc}")
                continue
            out.write(text if first else "\n" + text)
            first = False

    def key(self, rec: Record, ctx: WriteContext, used: set[str]) -> str:
        """ctx.key, made safe for BibTeX (ASCII, no comma/brace/space) and unique."""
        key = ctx.key(rec)
        safe = _KEY_BAD.sub("", ascii_fold(key)) or "anon"
        base, n = safe, 0
        while safe in used:
            n += 1
            safe = f"{base}-{n}"
        used.add(safe)
        return safe

    # ------------------------------------------------------------------ one entry
    def entry(self, rec: Record, ctx: WriteContext, used: set[str]) -> tuple[str, str, list[tuple[str, str]]]:
        """(entry type, key, [(field, enclosed value)]) of one record."""
        ascii = bool(ctx.options.ascii)
        f = _Fields(ascii)
        bl = self.biblatex
        btype, bltype = bm.WRITE_TYPES.get(rec.type, bm.DEFAULT_WRITE_TYPE)
        etype = bltype if bl else btype
        chapter = etype in ("incollection", "inbook", "inproceedings")
        article = etype == "article"

        f.raw("author", _brace_opt(bm.format_people(rec.authors, rec.authors_truncated, ascii)))
        f.raw("editor", _brace_opt(bm.format_people(rec.editors, False, ascii)))
        if bl:
            f.raw("translator", _brace_opt(bm.format_people(rec.translators, False, ascii)))
        if not bl and not rec.authors and not rec.editors:
            # bibtex styles sort (and label) by "key" when there is no author: no warning then
            f.text("key", rec.title or rec.container_title or rec.journal_abbrev)
        f.text("title", rec.title, rec.title_markup, protect=True)
        if bl:
            f.text("origtitle", rec.original_title, rec.original_title_markup, protect=True)
        f.text("shorttitle", rec.short_title, protect=True)

        # container
        bad_ids: list[str] = []  # identifiers biber would reject: kept in the note (BibLaTeX)
        journal = rec.container_title
        abbrev = rec.journal_abbrev or rec.journal_iso_abbrev
        if chapter:
            f.text("booktitle", journal, rec.container_title_markup, protect=True)
        elif article:
            name = "journaltitle" if bl else "journal"
            f.text(name, journal or abbrev, rec.container_title_markup if journal else None)
        elif journal and etype not in ("misc", "online", "dataset"):
            ctx.lost(rec, "container_title", f"no container field for @{etype}")
        if abbrev and abbrev != (journal or abbrev) and not chapter:
            f.text("shortjournal", abbrev)

        # dates
        d = rec.issued
        if d is not None and d.year is not None:
            if bl:
                f.latex("date", iso_date(d))
            else:
                f.latex("year", str(d.year))
                f.raw("month", _month(d))
                f.latex("day", _day(d))

        self.volume_issue(rec, f, ctx)
        if rec.pages:
            f.latex("pages", bm.escape(collapse(rec.pages)).replace("-{}", "-").replace("-", "--"))
        if rec.article_number and (bl or not rec.pages):
            if bl:
                f.text("eid", rec.article_number)
            else:
                f.text("pages", rec.article_number)

        if etype in ("misc", "online", "dataset"):
            # no journal field there: the preprint server / container goes to howpublished/organization
            f.text("organization" if bl and etype != "misc" else "howpublished", journal)
            if bl and etype == "online":
                if rec.publisher and rec.publisher != journal:
                    ctx.lost(rec, "publisher", "@online has no publisher field")
            elif rec.publisher != journal:
                f.text("publisher", rec.publisher)
        else:
            f.text("publisher", rec.publisher)
        f.text("location" if bl else "address", rec.publisher_place)
        f.text("edition", rec.edition)
        f.text("series", rec.collection_title, protect=True)
        if bl:
            f.text("pagetotal", rec.number_of_pages)
        isbns = rec.isbns
        if bl and any(not bm.isbn_valid(x) for x in isbns):
            # biber rejects an ISBN with a wrong check digit: it is kept in the note instead
            bad_ids.extend(f"ISBN {x}" for x in isbns if not bm.isbn_valid(x))
            isbns = [x for x in isbns if bm.isbn_valid(x)]
        if isbns:
            f.text("isbn", ", ".join(isbns))
        if rec.issns and bl:
            # biber validates one ISSN (with its check digit) per entry
            good = [x for x in rec.issns if bm.issn_valid(x)]
            bad_ids.extend(f"ISSN {x}" for x in rec.issns if not bm.issn_valid(x))
            if good:
                f.text("issn", good[0])
            if len(good) > 1:
                ctx.lost(rec, "issn", f"BibLaTeX holds one ISSN; kept {good[0]}")
        elif rec.issns and not bl:
            f.text("issn", ", ".join(rec.issns))

        # identifiers
        f.verbatim("doi", rec.doi)
        if bl:
            if rec.pmid:
                f.verbatim("eprint", rec.pmid)
                f.raw("eprinttype", "{pubmed}")
        else:
            f.text("pmid", rec.pmid)
            f.text("pmcid", rec.pmcid)
        if rec.urls:
            f.verbatim("url", rec.urls[0])

        # content
        if rec.abstract:
            lines = []
            for s in rec.abstract:
                body = bm.text_value(collapse(s.text) or None, s.markup, ascii=ascii) or ""
                label = collapse(s.label)
                if label and label.upper() != "UNLABELLED":
                    body = f"{bm.escape(label, ascii)}: {body}"
                if body:
                    lines.append(body)
            f.latex("abstract", "\n".join(lines))
        terms = [collapse(k.term) for k in rec.keywords] + [collapse(m.as_string()) for m in rec.mesh]
        terms = [t for t in terms if t]
        if terms:
            f.latex("keywords", ", ".join(
                _brace(bm.escape(t, ascii)) if ("," in t or ";" in t) else bm.escape(t, ascii) for t in terms))
        self.languages(rec, f)

        # status, notes
        if bl and rec.type == PREPRINT:
            f.raw("pubstate", "{prepublished}")
        elif bl and rec.publication_status == "aheadofprint":
            f.raw("pubstate", "{inpress}")
        elif not bl and rec.type == PREPRINT:
            f.raw("pubstate", "{prepublished}")  # not a BibTeX field (styles ignore it); read back
        notes, addenda = self.notes(rec, bl)
        notes.extend(bad_ids)
        f.latex("note", ";\n".join(bm.escape(n, ascii) for n in notes))
        f.latex("addendum", ";\n".join(bm.escape(n, ascii) for n in addenda))
        if not bl:
            f.text("copyright", rec.copyright)
            for key, values in rec.extra.items():
                if key.startswith("bibtex:") and values and re.fullmatch(r"[a-z][a-z0-9_-]*", key[7:]):
                    if key[7:] not in {n for n, _ in f.items}:
                        f.text(key[7:], values[0])
        self.report_losses(rec, ctx)

        items = f.items
        if bl:
            invalid = bm.BIBLATEX_INVALID.get(etype, frozenset())
            if etype in ("misc",) and "organization" not in {k for k, _ in items}:
                # misc has no publisher field but an organization
                items = [("organization", v) if k == "publisher" else (k, v) for k, v in items]
            for k, _ in items:
                if k in invalid:
                    ctx.lost(rec, k, f"not in BibLaTeX's data model for @{etype}")
            items = [(k, v) for k, v in items if k not in invalid]
        return etype, self.key(rec, ctx, used), items

    def volume_issue(self, rec: Record, f: _Fields, ctx: WriteContext) -> None:
        """``volume``/``number``. BibLaTeX's volume is an integer (biber drops anything else):
        ``18 Suppl 2`` is written as volume 18 plus ``issue = {Suppl 2}``, ``601-602`` as 601 plus
        ``issue = {-602}`` (the reader joins them back)."""
        volume = collapse(rec.volume)
        m = re.fullmatch(r"(\d+)(\D.*)", volume) if self.biblatex else None
        if m:
            f.text("volume", m.group(1))
            f.text("number", rec.issue)
            f.text("issue", m.group(2).strip())
        elif volume and self.biblatex and not volume.isdigit():
            f.text("number", rec.issue)
            f.text("issue", volume)
            ctx.lost(rec, "volume", f"BibLaTeX volume must be an integer: {volume!r} written as issue")
        else:
            f.text("volume", volume)
            f.text("number", rec.issue)

    def languages(self, rec: Record, f: _Fields) -> None:
        langs = [x for x in rec.languages if x]
        if not langs:
            return
        if self.biblatex:
            ids = [languages.langid(x) for x in langs]
            first = next((i for i in ids if i), None)
            f.raw("langid", _brace(first) if first else None)
            f.latex("language", " and ".join(bm.escape(i or languages.name(x) or x) for i, x in zip(ids, langs)))
        else:
            f.latex("language", ", ".join(bm.escape(languages.name(x) or x) for x in langs))

    def notes(self, rec: Record, bl: bool) -> tuple[list[str], list[str]]:
        notes: list[str] = []
        addenda: list[str] = []
        if rec.epub is not None and rec.epub.year is not None:
            notes.append(bm.EPUB_PREFIX + (format_date(rec.epub) or ""))
        if rec.publication_status == "aheadofprint":
            notes.append(bm.AHEAD_OF_PRINT_NOTE)
        d = rec.issued
        if d is not None and not _date_exact(d):
            notes.append(bm.DATE_NOTE_PREFIX + (d.raw or format_date(d) or ""))
        if bl and rec.pmcid:
            notes.append(bm.PMCID_PREFIX + rec.pmcid)
        links = [link_line(link) for link in rec.links]
        if any(p.name == "Retracted Publication" for p in rec.publication_types) and not any(
                link.kind == "RetractionIn" for link in rec.links):
            links.insert(0, bm.RETRACTED_NOTE)
        (addenda if bl else notes).extend(links)
        notes.extend(collapse(n) for n in rec.notes if collapse(n))
        return notes, addenda

    def report_losses(self, rec: Record, ctx: WriteContext) -> None:
        for fname, reason in bm.NO_HOME.items():
            if fname == "journal_iso_abbrev" and not (rec.journal_abbrev and rec.journal_iso_abbrev
                                                      and rec.journal_abbrev != rec.journal_iso_abbrev):
                continue
            if getattr(rec, fname):
                ctx.lost(rec, fname, reason)
        if not self.biblatex:
            for fname in ("original_title", "translators"):
                if getattr(rec, fname):
                    ctx.lost(rec, fname, "no BibTeX field (BibLaTeX has one)")
        else:
            if rec.copyright:
                ctx.lost(rec, "copyright", "not in the BibLaTeX data model")
            if any(k.startswith("bibtex:") for k in rec.extra):
                ctx.lost(rec, "extra", "fields outside the BibLaTeX data model")
        if rec.pmcid and self.biblatex:
            pass  # kept in note as "PMCID: ..."
        if rec.mesh:
            ctx.lost(rec, "mesh", "MeSH written as keyword strings (*Descriptor/qualifier); UIs lost")
        if len(rec.urls) > 1:
            ctx.lost(rec, "urls", "one url field: the first URL is kept")
        if [x for x in (rec.issn_print, rec.issn_electronic, rec.issn_linking) if x]:
            ctx.lost(rec, "issn types", "ISSNs kept, their kinds (print/electronic/linking) are not")
        people = rec.authors + rec.editors + rec.translators
        if any(p.orcid for p in people):
            ctx.lost(rec, "orcid", "no ORCID field in BibTeX name lists")
        if any(p.affiliations for p in people):
            ctx.lost(rec, "affiliations", "no affiliation field")
        if any(p.equal_contrib for p in people):
            ctx.lost(rec, "equal_contrib", "no field")
        if any(s.nlm_category for s in rec.abstract):
            ctx.lost(rec, "abstract categories", "labels kept, NLM categories lost")
        if any(k.owner or k.major for k in rec.keywords):
            ctx.lost(rec, "keyword owners", "keywords kept, owners/major flags lost")


def _brace_opt(value: str | None) -> str | None:
    return _brace(value) if value else None


class BiblatexWriter(BibtexWriter):
    name = "biblatex"
    aliases = ("bibla", "biber")
    # a plain ".bib" output picks plain BibTeX; "refs.biblatex.bib" (longer suffix) picks BibLaTeX
    suffixes = (".biblatex.bib",)
    description = "BibLaTeX (.bib for biber): journaltitle, ISO date, eprint+eprinttype=pubmed, langid"
    biblatex = True


writer = BibtexWriter()
biblatex_writer = BiblatexWriter()
