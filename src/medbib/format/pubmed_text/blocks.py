"""The blocks of a record after its citation and title, by kind: one table of (test, handler).

Between the title and the ID block: ``[Article in X]``, *Collaborators*, *Author information*,
link lists (*Erratum in*, *Comment on*…), a book's ``In:`` and date lines, the author list (or
``[No authors listed]``), and the abstract paragraphs — what no kind claims. After the ID block:
the conflict-of-interest statement. Nothing is dropped: any other paragraph is kept as a note,
counted in ``ctx.unclassified`` and reported with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ...core import languages
from ...core.identifiers import normalize_doi
from ...core.model import Link, Record
from ...core.vocabulary import LINK_HEADERS
from ...plugins.contexts import ReadContext
from .abstract import read_abstract
from .citation import BOOK_DATE, book_date, book_in
from .people import (drop_markers, join_affiliations, looks_like_author_list, looks_like_broken_author_list,
                     parse_affiliations, parse_people)
from .records import Line, unwrap

#: Abstract-text link header -> Link.kind
LINK_KINDS: dict[str, str] = {header: kind for kind, header in LINK_HEADERS.items()}

LANG_NOTE = re.compile(r"^\[Article in ([^\];]+)(?:;\s*([^\]]*))?\]\.?$")
COLLAB = re.compile(r"^Collaborators:\s*(.*)$", re.DOTALL)
AUTHOR_INFO = re.compile(r"^Author information:\s*(.*)$", re.DOTALL)
COI = re.compile(r"^Conflict of interest statement:\s*(.*)$", re.DOTALL)
_LINK_DOI = re.compile(r"(?:^|\s)doi:\s*(\S+)")
#: "Exp Appl Acarol. 2012 Jun;57(2):209. Patrizia, Mulatto [corrected to Mulatto, Patrizia]."
_CORRECTED = re.compile(r"^(.*?\d[^.]*)\. (\S.*\[corrected to .*\]\.?)$")
NO_AUTHORS = "[No authors listed]"


class Block:
    """One blank-line separated block: its numbered lines, their text, the text unwrapped."""

    __slots__ = ("lines", "raw", "text")

    def __init__(self, raw: list[Line]) -> None:
        self.raw = raw
        self.lines = [ln for _, ln in raw]
        self.text = unwrap(self.lines)


@dataclass(slots=True)
class Body:
    """What reading the blocks between the title and the ID block has found so far."""

    rec: Record
    book: bool
    authors_done: bool = False
    seen_info: bool = False
    affiliations: dict[str, str] = field(default_factory=dict)
    paragraphs: list[list[Line]] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message) to report


# --------------------------------------------------------------------------- handlers
def _languages(body: Body, blk: Block, m: re.Match[str]) -> None:
    """``[Article in Spanish; Abstract available in Spanish from the publisher].``"""
    rec = body.rec
    for name in m.group(1).split(","):
        tag = languages.to_bcp47(name.strip())
        if tag and tag not in rec.languages:
            rec.languages.append(tag)
    if m.group(2):
        rec.add_extra("pubmed-text:language-note", m.group(2).strip())


def _collaborators(body: Body, blk: Block, m: re.Match[str]) -> None:
    body.rec.investigators.extend(parse_people(m.group(1)))
    drop_markers(body.rec.investigators)


def _author_information(body: Body, blk: Block, m: re.Match[str]) -> None:
    body.seen_info = True
    body.authors_done = True
    body.affiliations.update(parse_affiliations(" ".join([m.group(1), *blk.lines[1:]])))


def _link(kind: str, entry: list[str]) -> Link:
    """One entry of a link list: its citation, DOI and correction note."""
    cit = unwrap(entry)
    dm = _LINK_DOI.search(cit)
    doi = normalize_doi(dm.group(1), sentence=True) if dm else None
    citation = cit  # DOI-only entries ("doi: 10.1210/clinem/dgaf284.") stay as written, like MEDLINE
    note = None
    nm = _CORRECTED.match(citation or "")
    if nm:
        citation, note = nm.group(1), nm.group(2).rstrip(".")
    if citation and citation.endswith("."):
        citation = citation[:-1]
    return Link(kind=kind, citation=citation, doi=doi, note=note)


def _links(body: Body, blk: Block, found: object) -> None:
    """``Erratum in`` and the indented entries under it (an entry may wrap)."""
    kind = LINK_KINDS[blk.lines[0].strip()]
    entries: list[list[str]] = []
    for ln in blk.lines[1:]:
        if ln.startswith("    ") or not entries:
            entries.append([ln])
        else:
            entries[-1].append(ln)
    body.rec.links.extend(_link(kind, e) for e in entries)


def _book_in(body: Body, blk: Block, found: object) -> None:
    book_in(body.rec, blk.lines)


def _book_date(body: Body, blk: Block, found: object) -> None:
    book_date(body.rec, blk.text)


def _no_authors(body: Body, blk: Block, found: object) -> None:
    # legacy exports say so instead of an author line
    body.rec.add_extra("pubmed-text:authors-note", blk.text)
    body.authors_done = True


def _authors(body: Body, blk: Block, found: object) -> None:
    body.rec.authors = parse_people(blk.text)
    body.authors_done = True


def _authors_unparsed(body: Body, blk: Block, found: object) -> None:
    """An author line that cannot be read: kept whole in extra and reported, never dropped."""
    body.rec.add_extra("pubmed-text:authors-unparsed", blk.text)
    body.problems.append((blk.raw[0][0], f"author line not understood, kept in extra: {blk.text[:60]!r}"))
    body.authors_done = True


# --------------------------------------------------------------------------- tests
def _is_link_list(body: Body, blk: Block) -> bool:
    lines = blk.lines
    return lines[0].strip() in LINK_KINDS and len(lines) > 1 and lines[1].startswith("    ")


def _is_book_in(body: Body, blk: Block) -> bool:
    return body.book and blk.lines[0].startswith("In: ")


def _is_book_date(body: Body, blk: Block) -> bool:
    return body.book and BOOK_DATE.match(blk.text) is not None and body.rec.issued is None


def _is_no_authors(body: Body, blk: Block) -> bool:
    return not body.authors_done and blk.text == NO_AUTHORS


def _is_author_list(body: Body, blk: Block) -> bool:
    return (not body.authors_done and not body.paragraphs and not body.rec.authors
            and looks_like_author_list(blk.text))


def _is_broken_author_list(body: Body, blk: Block) -> bool:
    return (not body.authors_done and not body.paragraphs and not body.rec.authors
            and looks_like_broken_author_list(blk.text))


Test = Callable[[Body, Block], object]
Handler = Callable[[Body, Block, Any], None]  # the test's result: a match, or True

#: block kinds, tried in this order; a block no test claims is an abstract paragraph
KINDS: tuple[tuple[Test, Handler], ...] = (
    (lambda body, blk: LANG_NOTE.match(blk.text), _languages),
    (lambda body, blk: COLLAB.match(blk.text), _collaborators),
    (lambda body, blk: AUTHOR_INFO.match(blk.lines[0].strip()), _author_information),
    (_is_link_list, _links),
    (_is_book_in, _book_in),
    (_is_book_date, _book_date),
    (_is_no_authors, _no_authors),
    (_is_author_list, _authors),
    (_is_broken_author_list, _authors_unparsed),
)


def _read_block(body: Body, blk: Block) -> None:
    for test, handle in KINDS:
        found = test(body, blk)
        if found:
            handle(body, blk, found)
            return
    body.authors_done = True
    body.paragraphs.append(blk.raw)


def read_body(rec: Record, blocks: list[list[Line]], book: bool) -> list[tuple[int, str]]:
    """The blocks between the title and the ID block into the record; then the abstract and the
    authors' affiliations, which need all of them. Returns the problems to report (line, message)."""
    body = Body(rec, book)
    for raw in blocks:
        _read_block(body, Block(raw))
    read_abstract(rec, body.paragraphs)
    join_affiliations(rec, body.affiliations, body.seen_info)
    return body.problems


def unclassified(rec: Record, ctx: ReadContext, text: str, num: int, index: int, rid: str) -> None:
    """A paragraph of no known kind: kept as a note, counted and reported."""
    rec.notes.append(text)
    ctx.unclassified += 1
    ctx.warn(f"unclassified paragraph kept as a note: {text[:60]!r}", line=num, record=index, record_id=rid)


def read_after(rec: Record, ctx: ReadContext, blocks: list[list[Line]], index: int, rid: str) -> None:
    """The blocks after the ID block: the conflict-of-interest statement, or notes."""
    for raw in blocks:
        text = unwrap([ln for _, ln in raw])
        cm = COI.match(text)
        if cm:
            rec.conflict_of_interest = cm.group(1) or None
        else:
            unclassified(rec, ctx, text, raw[0][0], index, rid)
