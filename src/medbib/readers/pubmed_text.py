"""PubMed "Abstract (text)" reader: the plain-text file PubMed saves as ``pubmed-*.txt``.

Grammar: ``formats.md`` §1 (all eras: legacy 2014-15, legacy 2018-20, new site). The reader
streams: lines come from :func:`medbib.core.streams.iter_lines`, one record's lines are collected at a
time, split into blank-line separated blocks and classified block by block (tables below).
Nothing is dropped: a paragraph that fits no block kind is kept in ``record.notes``, counted in
``ctx.unclassified`` and reported with ``ctx.warn`` naming its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from ..core import languages
from ..core.dates import parse_date
from ..core.identifiers import normalize_doi, normalize_pmcid
from ..core.model import (
    AbstractSection,
    Date,
    HistoryDate,
    Identifier,
    Link,
    Origin,
    OtherAbstract,
    Person,
    Record,
)
from ..core.names import initials_to_given
from ..core.pages import expand_pages, split_pages
from ..core.streams import iter_lines
from ..core.text import clean_title, collapse, is_translated_title, unescape
from ..core.vocabulary import BOOK, CHAPTER, LINK_HEADERS, PREPRINT, SUFFIX_WORDS_TEXT
from ..plugins.contexts import ReadContext

# --------------------------------------------------------------------------- tables (data)
#: Abstract-text link header -> Link.kind
LINK_KINDS: dict[str, str] = {header: kind for kind, header in LINK_HEADERS.items()}

#: PMID status bracket (lower-cased, "pubmed - " removed) -> indexing_status
STATUS: dict[str, str] = {
    "indexed for medline": "MEDLINE",
    "in process": "In-Process",
    "in data review": "In-Data-Review",
    "as supplied by publisher": "PubMed-not-MEDLINE",
    "pubmed": "PubMed-not-MEDLINE",
    "": "PubMed-not-MEDLINE",
}

#: ``Type: `` openings of other abstracts (XML OtherAbstract/@Type values)
OTHER_ABSTRACT_TYPES = ("Publisher", "PIP", "KIE", "NASA", "AAMC", "AIDS", "ARPL", "CPC", "IDEA",
                        "PLAIN LANGUAGE SUMMARY", "Plain Language Summary")

#: openings of a copyright paragraph / line (block 10)
COPYRIGHT_START = re.compile(
    r"^(?:Copyright\b|©|\(c\)\s|\(C\)\s|Crown [Cc]opyright|This article is protected by copyright"
    r"|Published by\b|© The Author)")

RECORD_START = re.compile(r"^(\d+)\. (\S.*)$")
CITATION_LIKE = re.compile(r"^\S.*?\. \d{4}\b")
PMID_LINE = re.compile(r"^PMID:\s*(\d+)\s*(?:\[([^\]]*)\])?\s*(.*)$")
ID_LINE = re.compile(r"^(DOI|PMCID|PMID|NIHMSID|MID):\s*(.*)$")
LANG_NOTE = re.compile(r"^\[Article in ([^\];]+)(?:;\s*([^\]]*))?\]\.?$")
ABSTRACT_AVAILABLE = re.compile(r"Abstract available in ([A-Za-z ,]+?) from the publisher")
OTHER_ABSTRACT = re.compile(r"^(" + "|".join(re.escape(t) for t in OTHER_ABSTRACT_TYPES) + r"):\s*(.*)$", re.S)
COI = re.compile(r"^Conflict of interest statement:\s*(.*)$", re.S)
COLLAB = re.compile(r"^Collaborators:\s*(.*)$", re.S)
AUTHOR_INFO = re.compile(r"^Author information:\s*(.*)$", re.S)
#: section labels: capitals (with spaces / & - , ( ) digits) or, in a clearly structured paragraph,
#: a capitalised short phrase ("Methods", "Case presentation")
LABEL_CAPS = re.compile(r"^([A-Z][A-Z0-9 ,/&()'\-]*[A-Z0-9)]):\s+(?=\S)")
LABEL_SENTENCE = re.compile(r"^([A-Z][a-z]+(?: [a-z]+){0,3}):\s+(?=\S)")
SENTENCE_END = tuple(".?!)]\"'’”")

# citation line
SOURCE_RE = re.compile(r"^(?P<source>\S.*?)\. (?P<rest>\d{4}(?:\b.*)?)$")
DATE_RE = re.compile(r"^(?P<date>\d{4}[^;:.]*?)(?=[;:.]|$)")
VIP_RE = re.compile(r"^(?P<vip>[;:].*?)\.(?=\s(?:doi:|pii:|Epub\b|eCollection\b|\[Epub|Online ahead|Print\b)|\s*$)")
VIP_PARTS = re.compile(r"^(?:;(?P<vol>[^(:]*))?(?:\((?P<iss>[^)]*)\)\s*)?(?::(?P<loc>.*))?$")
TAIL_ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doi", re.compile(r"^doi:\s*(\S+?)\.?(?=\s|$)")),
    ("pii", re.compile(r"^pii:\s*(\S+?)\.?(?=\s|$)")),
    ("epub", re.compile(r"^Epub\s+(\d{4}[^.\[]*?)\s*\.(?=\s|$)")),
    ("ecollection", re.compile(r"^eCollection\s+(\d{4}[^.]*?)\s*\.(?=\s|$)")),
    ("aheadofprint", re.compile(r"^\[Epub ahead of print\]\.?")),
    ("aheadofprint", re.compile(r"^Online ahead of print\.?")),
    ("print", re.compile(r"^Print\s+(\d{4}[^.]*?)\s*\.(?=\s|$)")),
)
BOOK_IN = re.compile(r"^In:\s*(?P<editors>.*?),\s*editors?\.\s*(?P<rest>.*)$", re.S)
BOOK_PUB = re.compile(r"^(?P<title>.*?)\.\s+(?P<place>[^.:;]+?):\s*(?P<publisher>[^;]+?);\s*(?P<years>[^.]*)\.?$", re.S)
BOOK_DATE = re.compile(r"^(?P<date>\d{4}[^\[.]*?)\s*(?:\[updated (?P<updated>[^\]]+)\])?\.?$", re.I)

# authors
MARKERS = re.compile(r"((?:\((?:\d+|#)\))+)$")
AFF_SPLIT = re.compile(r"(?:(?<=\s)|^)\((\d+|#)\)(?=\S)")


# --------------------------------------------------------------------------- small pure helpers
def unwrap(lines: list[str]) -> str:
    """Join wrapped lines with one space, collapse space runs, decode leftover HTML entities."""
    return unescape(collapse(" ".join(lines)))


def _is_initials(token: str) -> bool:
    """``TH``, ``Á``, ``KhS`` (transliterated initials keep a lower-case letter after a capital)."""
    if not (token.isalpha() and token[0].isupper() and len(token) <= 6):
        return False
    return token.isupper() or sum(c.isupper() for c in token) >= 2


def parse_name(item: str) -> Person | None:
    """``Beckham TH(1)`` -> Person(family, initials, given); None when it is no personal name.

    Returns the person with its ``(n)`` markers in ``identifiers`` (kind ``aff-marker``), which
    the caller resolves against the Author information block.
    """
    item = collapse(item).rstrip(".").strip()
    m = MARKERS.search(item)
    markers: list[str] = []
    if m:
        markers = re.findall(r"\d+|#", m.group(1))
        item = item[: m.start()].rstrip()
    tokens = item.split()
    if len(tokens) == 1 and markers and tokens[0][:1].isupper() and tokens[0].isalpha():
        # a mononym with its affiliation marker ("Natasia(1)"): a person with a family name only
        p = Person(family=tokens[0])
        p.identifiers = [Identifier("aff-marker", n) for n in markers]
        return p
    if len(tokens) < 2:
        return None
    suffix = None
    if tokens[-1].rstrip(".") in SUFFIX_WORDS_TEXT and len(tokens) >= 3 and _is_initials(tokens[-2]):
        suffix = tokens.pop().rstrip(".")
    initials = tokens[-1]
    if not _is_initials(initials):
        return None
    family = " ".join(tokens[:-1])
    if not family or not (family[0].isalpha() or family[0] in "'’"):
        return None
    p = Person(family=family, initials=initials, given=initials_to_given(initials), suffix=suffix)
    p.identifiers = [Identifier("aff-marker", n) for n in markers]
    return p


def parse_people(line: str) -> list[Person]:
    """An author (or collaborator / editor) list: persons, and group names after ``; ``.

    A group name may contain commas: within a ``;`` segment, consecutive items that are no
    personal name are joined back into one group name.
    """
    line = collapse(line)
    if line.endswith("."):
        line = line[:-1]
    people: list[Person] = []
    for segment in line.split("; "):
        pending: list[str] = []
        persons_before = False

        def flush() -> None:
            names = [x for x in pending if x]
            if not names:
                return
            marks = MARKERS.search(names[-1])
            ids: list[Identifier] = []
            if marks:  # a group with an affiliation marker: "... Association(1)"
                ids = [Identifier("aff-marker", n) for n in re.findall(r"\d+|#", marks.group(1))]
                names[-1] = names[-1][: marks.start()].rstrip()
            if persons_before and len(names) == 1 and names[0].isalpha() and names[0][0].isupper():
                people.append(Person(family=names[0], identifiers=ids))  # a mononym ("Colombo")
            else:
                people.append(Person(literal=", ".join(names), identifiers=ids))
            pending.clear()

        for item in segment.split(", "):
            p = parse_name(item)
            if p is None:
                pending.append(item.strip())
                continue
            flush()
            people.append(p)
            persons_before = True
        flush()
    return people


def looks_like_author_list(line: str) -> bool:
    """A block of names: comma list ending in ``.``, no sentence inside."""
    line = collapse(line)
    if not line.endswith(".") or len(line) < 3:
        return False
    body = line[:-1]
    if ". " in body or ": " in body[:40]:
        return False
    people = parse_people(line)
    if not people:
        return False
    persons = sum(1 for p in people if not p.is_group)
    if persons and persons >= 0.5 * len(people):
        return True
    # group-only author line: short, one or two names
    return persons == 0 and len(line) <= 200 and len(people) <= 3


def parse_affiliations(body: str) -> dict[str, str]:
    """``(1)Dept A. (2)Dept B.`` (wrapped or run together) -> {"1": "Dept A.", "2": "Dept B."}.

    Splits only at the next expected number, so a ``(3)`` inside an address is no boundary.
    """
    body = collapse(body)
    if not body:
        return {}
    out: dict[str, str] = {}
    matches = list(AFF_SPLIT.finditer(body))
    if not matches or matches[0].start() != 0:
        return {"1": body}
    cuts: list[tuple[int, int, str]] = []
    expected = int(matches[0].group(1)) if matches[0].group(1) != "#" else 1
    for m in matches:
        if m.group(1) == "#":  # "(#)Contributed equally": the key of the (#) author markers
            cuts.append((m.start(), m.end(), "#"))
        elif int(m.group(1)) == expected:
            cuts.append((m.start(), m.end(), m.group(1)))
            expected += 1
    for i, (_start, end, num) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(body)
        out[num] = body[end:stop].strip()
    return out


@dataclass
class Citation:
    source: str | None = None
    date: Date | None = None
    volume: str | None = None
    issue: str | None = None
    pages_raw: str | None = None
    tail: dict[str, list[str]] = field(default_factory=dict)
    unparsed: str | None = None
    preprint: bool = False


def parse_citation(cite: str) -> Citation | None:
    """``Br J Cancer. 2021 Jan;124(1):136-141. doi: 10.x/y. Epub 2020 Nov 18.`` -> parts.

    None when the text has no ``SOURCE. YYYY`` shape (a book's chapter title line).
    """
    cite = collapse(cite)
    m = SOURCE_RE.match(cite)
    if not m:
        return None
    c = Citation(source=m.group("source"))
    if c.source.endswith(" [Preprint]"):
        c.preprint = True
        c.source = c.source[: -len(" [Preprint]")]
    rest = m.group("rest")
    dm = DATE_RE.match(rest)
    if not dm:
        return None
    c.date = parse_date(dm.group("date"))
    rest = rest[dm.end():]
    if re.match(r"^\.[;:]", rest):  # "2017 Dec.;18(12):..."
        rest = rest[1:]
    vm = VIP_RE.match(rest)
    if vm:
        parts = VIP_PARTS.match(vm.group("vip"))
        if parts:
            c.volume = collapse(parts.group("vol")) or None
            c.issue = collapse(parts.group("iss")) or None
            c.pages_raw = collapse(parts.group("loc")) or None
        else:
            c.unparsed = vm.group("vip")
        rest = rest[vm.end():]
    elif rest.startswith("."):
        rest = rest[1:]
    rest = rest.strip()
    while rest:
        for key, pat in TAIL_ITEMS:
            tm = pat.match(rest)
            if tm:
                c.tail.setdefault(key, []).append(tm.group(1) if tm.groups() else "")
                rest = rest[tm.end():].strip()
                break
        else:
            c.unparsed = ((c.unparsed + " ") if c.unparsed else "") + rest
            break
    return c


def status_of(bracket: str | None) -> str:
    key = (bracket or "").strip().lower()
    key = re.sub(r"^pubmed\s*-\s*", "", key)
    return STATUS.get(key, "PubMed-not-MEDLINE" if not key else bracket.strip())


def split_sections(lines: list[str]) -> list[AbstractSection]:
    """One abstract paragraph -> sections; a section starts on a line opening with ``LABEL: ``.

    Capital labels start a section at the paragraph start or after a line ending a sentence;
    sentence-case labels (``Methods:``) only when the paragraph has at least two of them at
    line starts (otherwise ``Background: ...`` is ordinary text, as PubMed's XML has it).
    """
    lines = [ln.strip() for ln in lines if ln.strip()]
    sentence_starts = [i for i, ln in enumerate(lines) if LABEL_SENTENCE.match(ln)
                       and (i == 0 or lines[i - 1].endswith(SENTENCE_END))]
    use_sentence = len(sentence_starts) >= 2
    starts: list[tuple[int, str | None]] = []
    for i, ln in enumerate(lines):
        prev_ok = i == 0 or lines[i - 1].endswith(SENTENCE_END)
        m = LABEL_CAPS.match(ln)
        if m and prev_ok and any(ch.isalpha() for ch in m.group(1)) and len(m.group(1)) > 1:
            starts.append((i, m.group(1)))
        elif use_sentence and i in sentence_starts:
            starts.append((i, LABEL_SENTENCE.match(ln).group(1)))  # type: ignore[union-attr]
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, None))
    sections = []
    for k, (i, label) in enumerate(starts):
        j = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        body = unwrap(lines[i:j])
        if label:
            body = body[len(label) + 1:].strip()
        sections.append(AbstractSection(text=body, label=label))
    return sections


# --------------------------------------------------------------------------- record splitting
Line = tuple[int, str]  # (line number, text)


def _glued_split(line: str, next_rank: int) -> tuple[str, str] | None:
    """Find a record glued onto this line: ``...]181. Horm Res Paediatr. 2018;...``."""
    for rank in dict.fromkeys((next_rank, 1)):
        token = f"{rank}. "
        start = 0
        while True:
            k = line.find(token, start)
            if k < 0:
                break
            start = k + 1
            if k == 0 or line[k - 1].isdigit() or line[k - 1].isspace():
                continue
            rest = line[k + len(token):]
            if CITATION_LIKE.match(rest):
                return line[:k], line[k:]
    return None


def _bare_pmid_glued(line: str, next_rank: int) -> tuple[str, str] | None:
    """``PMID: 3012656561. Foo. 2018...`` (no status bracket): cut the expected rank off the digits."""
    m = re.match(r"^(PMID:\s*)(\d+)\. (.*)$", line)
    if not m:
        return None
    digits, rest = m.group(2), m.group(3)
    for rank in dict.fromkeys((str(next_rank), "1")):
        if digits.endswith(rank) and len(digits) > len(rank) and CITATION_LIKE.match(rest):
            return m.group(1) + digits[: -len(rank)], f"{rank}. {rest}"
    return None


def split_records(lines: Iterator[str]) -> Iterator[list[Line]]:
    """Group lines into records (formats.md §1.1), splitting glued records."""
    current: list[Line] = []
    pmid_seen = False
    rank = 0
    prev_blank = True
    for num, line in enumerate((ln.rstrip() for ln in lines), 1):
        m = RECORD_START.match(line)
        starts = False
        if m and prev_blank:
            n = int(m.group(1))
            if not current:
                starts = True
            elif pmid_seen:
                starts = True
            elif CITATION_LIKE.match(m.group(2)) and n in (rank + 1, 1):
                starts = True
        if starts:
            if current:
                yield current
            current = [(num, line)]
            rank = int(m.group(1))  # type: ignore[union-attr]
            pmid_seen = False
            prev_blank = False
            continue
        if not current:
            if line.strip():
                current = [(num, line)]  # text before any record: the parser reports it
            prev_blank = not line.strip()
            continue
        cut = None
        if line.startswith("PMID:"):
            pmid_seen = True
            cut = _bare_pmid_glued(line, rank + 1)
            if cut is None and PMID_LINE.match(line) and PMID_LINE.match(line).group(3):  # type: ignore[union-attr]
                cut = _glued_split(line, rank + 1)
        elif pmid_seen and line.strip():
            cut = _glued_split(line, rank + 1)
        if cut:  # the next record starts inside this line
            current.append((num, cut[0]))
            yield current
            current = [(num, cut[1])]
            rank = int(cut[1].split(".", 1)[0])
            pmid_seen = False
            prev_blank = False
            continue
        current.append((num, line))
        prev_blank = not line.strip()
    if current:
        yield current


def blocks_of(record_lines: list[Line]) -> list[list[Line]]:
    """Blank-line separated blocks (raw lines kept: link entries are recognised by indentation)."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for num, line in record_lines:
        if line.strip():
            cur.append((num, line))
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    # ID lines that follow a paragraph with no blank line (after Publisher: abstracts)
    fixed: list[list[Line]] = []
    for blk in out:
        k = len(blk)
        while k > 0 and ID_LINE.match(blk[k - 1][1]):
            k -= 1
        if 0 < k < len(blk):
            fixed.append(blk[:k])
            fixed.append(blk[k:])
        else:
            fixed.append(blk)
    return fixed


# --------------------------------------------------------------------------- the reader
class PubmedTextReader:
    name = "pubmed-text"
    aliases = ("abstract-text",)
    suffixes = (".txt",)
    suffix_alone = False
    priority = 5
    description = 'PubMed "Abstract (text)" export (pubmed-*.txt, abstract-*.txt), every era'

    # ---- sniffing
    def sniff(self, head: bytes) -> bool:
        try:
            sample = head.decode("utf-8")
        except UnicodeDecodeError as exc:  # a multi-byte char cut at the head's end
            sample = head[: exc.start].decode("utf-8", "ignore") if exc.start > len(head) - 4 else ""
            if not sample:
                sample = head.decode("latin-1")
        lines = sample.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
        first = next((ln for ln in lines if ln.strip()), "")
        m = RECORD_START.match(first)
        if not m:
            return False
        if re.search(r"^PMID: ?\d+(?:\s|\[|$)", sample, re.M) or re.search(r"\nPMID: \d+ *\[", sample):
            return True
        # a long first record cut by the head: the citation line and an author information block
        truncated = len(head) >= 16384
        return truncated and bool(CITATION_LIKE.match(m.group(2))) and "\nAuthor information:" in sample

    # ---- reading
    def read(self, stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
        index = 0
        for rec_lines in split_records(iter_lines(stream, ctx)):
            index += 1
            first_line = rec_lines[0][0]
            try:
                rec = self.parse_record(rec_lines, ctx, index)
            except (ValueError, IndexError, AttributeError, TypeError, KeyError) as exc:
                ctx.error(f"cannot parse record: {exc}", line=first_line, record=index)
                continue
            if rec is None:
                continue
            rec.origin = Origin(file=ctx.file, line=first_line, index=index, format=self.name)
            yield rec

    def parse_record(self, rec_lines: list[Line], ctx: ReadContext, index: int) -> Record | None:
        blocks = blocks_of(rec_lines)
        first_num = rec_lines[0][0]
        if not blocks:
            return None
        m = RECORD_START.match(blocks[0][0][1])
        if not m:
            ctx.error("text outside any record (expected 'N. ' and a citation)", line=first_num, record=index)
            return None
        # the ID block: the last block with a PMID line
        id_pos = next((i for i in range(len(blocks) - 1, 0, -1)
                       if any(PMID_LINE.match(ln) for _, ln in blocks[i])), None)
        if id_pos is None:
            ctx.error("record without a PMID line", line=first_num, record=index)
            return None
        rec = Record()
        blocks[0] = [(blocks[0][0][0], m.group(2))] + blocks[0][1:]
        self._id_block(rec, blocks[id_pos], ctx)
        rid = f"PMID {rec.pmid}"
        body = blocks[:id_pos]
        after = blocks[id_pos + 1:]

        cite_text = unwrap([ln for _, ln in body[0]])
        cite = parse_citation(cite_text)
        rest: list[list[Line]]
        book = cite is None or any(b[0][1].startswith("In: ") for b in body[1:])
        if not book:
            rec.source = cite_text
            self._apply_citation(rec, cite, ctx, body[0][0][0], rid)  # type: ignore[arg-type]
            if len(body) < 2:
                ctx.error("record without a title", line=first_num, record=index, record_id=rid)
                return None
            self._title(rec, body[1])
            rest = body[2:]
        else:
            has_in = any(b[0][1].startswith("In: ") for b in body[1:])
            rec.type = CHAPTER if has_in else BOOK
            rec.source = cite_text
            self._title(rec, body[0])
            rest = body[1:]

        authors_done = False
        seen_info = False
        affiliations: dict[str, str] = {}
        abstract_paras: list[list[Line]] = []
        for blk in rest:
            lines = [ln for _, ln in blk]
            joined = unwrap(lines)
            num = blk[0][0]
            if LANG_NOTE.match(joined):
                self._languages(rec, joined)
                continue
            cm = COLLAB.match(joined)
            if cm:
                rec.investigators.extend(p for p in parse_people(cm.group(1)))
                for p in rec.investigators:
                    p.identifiers = [i for i in p.identifiers if i.kind != "aff-marker"]
                continue
            am = AUTHOR_INFO.match(lines[0].strip())
            if am:
                seen_info = True
                authors_done = True
                affiliations.update(parse_affiliations(" ".join([am.group(1), *lines[1:]])))
                continue
            if lines[0].strip() in LINK_KINDS and len(lines) > 1 and lines[1].startswith("    "):
                self._links(rec, lines)
                continue
            if book and lines[0].startswith("In: "):
                self._book_in(rec, lines, ctx, num, rid)
                continue
            if book and BOOK_DATE.match(joined) and rec.issued is None:
                self._book_date(rec, joined)
                continue
            if not authors_done and joined == "[No authors listed]":
                rec.add_extra("authors-note", joined)  # legacy exports say so instead of an author line
                authors_done = True
                continue
            if (not authors_done and not abstract_paras and not rec.authors
                    and looks_like_author_list(joined)):
                rec.authors = parse_people(joined)
                authors_done = True
                continue
            authors_done = True
            abstract_paras.append(blk)
        self._abstract(rec, abstract_paras)
        self._join_affiliations(rec, affiliations, seen_info)
        for blk in after:
            joined = unwrap([ln for _, ln in blk])
            cm = COI.match(joined)
            if cm:
                rec.conflict_of_interest = cm.group(1) or None
            else:
                self._unclassified(rec, ctx, joined, blk[0][0], index, rid)
        if not rec.languages:
            rec.languages = ["en"]  # PubMed prints "[Article in X]" only for non-English articles
        return rec

    # ---- blocks
    def _unclassified(self, rec: Record, ctx: ReadContext, joined: str, num: int, index: int, rid: str) -> None:
        rec.notes.append(joined)
        ctx.unclassified += 1
        ctx.warn(f"unclassified paragraph kept as a note: {joined[:60]!r}", line=num, record=index,
                 record_id=rid)

    def _apply_citation(self, rec: Record, c: Citation, ctx: ReadContext, num: int, rid: str) -> None:
        if c.preprint:
            rec.type = PREPRINT
            rec.publisher = c.source
        rec.journal_abbrev = c.source
        rec.container_title = c.source
        rec.issued = c.date
        rec.volume = c.volume
        rec.issue = c.issue
        if c.pages_raw:
            self._pages(rec, c.pages_raw)
        for value in c.tail.get("doi", []):
            doi = normalize_doi(value, sentence=True)
            if rec.doi and doi and doi.lower() != rec.doi.lower():
                rec.add_extra("citation-doi", doi)
            elif not rec.doi:
                rec.doi = doi
        for value in c.tail.get("pii", []):
            rec.pii = value
        for value in c.tail.get("epub", []):
            rec.epub = parse_date(value)
        for value in c.tail.get("ecollection", []):
            d = parse_date(value)
            if d:
                rec.history.append(HistoryDate("ecollection", d))
        for value in c.tail.get("print", []):
            d = parse_date(value)
            if d:
                rec.history.append(HistoryDate("ppublish", d))
        if "aheadofprint" in c.tail:
            rec.publication_status = "aheadofprint"
            if rec.epub is None and rec.issued is not None:
                # the date of an ahead-of-print citation is its electronic date
                rec.epub = Date(rec.issued.year, rec.issued.month, rec.issued.day, rec.issued.season)
        if c.unparsed:
            rec.add_extra("citation-unparsed", c.unparsed)
            ctx.warn(f"citation line part not understood: {c.unparsed!r}", line=num, record_id=rid)

    @staticmethod
    def _pages(rec: Record, raw: str) -> None:
        if raw.lower() == "null":
            rec.pages_raw = raw
            return
        pages = expand_pages(raw)
        rec.pages = pages
        if pages != raw:
            rec.pages_raw = raw
        rec.page_first, rec.page_last = split_pages(pages)

    @staticmethod
    def _title(rec: Record, blk: list[Line]) -> None:
        raw = unwrap([ln for _, ln in blk])
        rec.title = clean_title(raw)
        rec.title_translated = is_translated_title(rec.title)

    @staticmethod
    def _languages(rec: Record, joined: str) -> None:
        m = LANG_NOTE.match(joined)
        assert m
        for name in m.group(1).split(","):
            tag = languages.to_bcp47(name.strip())
            if tag and tag not in rec.languages:
                rec.languages.append(tag)
        if m.group(2):
            rec.add_extra("language-note", m.group(2).strip())

    @staticmethod
    def _links(rec: Record, lines: list[str]) -> None:
        kind = LINK_KINDS[lines[0].strip()]
        entries: list[list[str]] = []
        for ln in lines[1:]:
            if ln.startswith("    ") or not entries:
                entries.append([ln])
            else:
                entries[-1].append(ln)
        for e in entries:
            cit = unwrap(e)
            dm = re.search(r"(?:^|\s)doi:\s*(\S+)", cit)
            doi = normalize_doi(dm.group(1), sentence=True) if dm else None
            citation = cit  # DOI-only entries ("doi: 10.1210/clinem/dgaf284.") stay as written, like MEDLINE
            note = None
            nm = re.match(r"^(.*?\d[^.]*)\. (\S.*\[corrected to .*\]\.?)$", citation or "")
            if nm:  # "Exp Appl Acarol. 2012 Jun;57(2):209. Patrizia, Mulatto [corrected to Mulatto, Patrizia]."
                citation, note = nm.group(1), nm.group(2).rstrip(".")
            if citation and citation.endswith("."):
                citation = citation[:-1]
            rec.links.append(Link(kind=kind, citation=citation, doi=doi, note=note))

    def _abstract(self, rec: Record, paras: list[list[Line]]) -> None:
        if not paras:
            return
        # copyright: the last paragraph by its opening words, or its own trailing lines
        last = [ln.strip() for _, ln in paras[-1]]
        k = next((i for i, ln in enumerate(last)
                  if COPYRIGHT_START.match(ln) and (i == 0 or last[i - 1].endswith(SENTENCE_END))), None)
        if k is not None:
            rec.copyright = unwrap(last[k:])
            paras = paras[:-1] + ([paras[-1][:k]] if k > 0 else [])
        for blk in paras:
            lines = [ln for _, ln in blk]
            joined = unwrap(lines)
            om = OTHER_ABSTRACT.match(joined)
            if om:
                kind = om.group(1)
                first = lines[0].strip()[len(kind) + 1:].strip()
                sections = split_sections([first, *lines[1:]])
                lang = None
                for note in rec.extra.get("language-note", []):
                    am = ABSTRACT_AVAILABLE.search(note)
                    if am and kind == "Publisher":
                        lang = languages.to_bcp47(am.group(1).split(",")[0].strip())
                rec.other_abstracts.append(OtherAbstract(sections=sections, type=kind, language=lang))
                continue
            if rec.other_abstracts:  # a paragraph after an other abstract continues it
                rec.other_abstracts[-1].sections.extend(split_sections(lines))
                continue
            rec.abstract.extend(split_sections(lines))

    @staticmethod
    def _join_affiliations(rec: Record, affiliations: dict[str, str], seen: bool) -> None:
        people = [p for p in rec.authors if not p.is_group]
        any_marker = any(i.kind == "aff-marker" for p in people for i in p.identifiers)
        for p in rec.authors:
            for ident in p.identifiers:
                if ident.kind == "aff-marker" and ident.value == "#":
                    p.equal_contrib = True
                elif ident.kind == "aff-marker" and ident.value in affiliations:
                    aff = affiliations[ident.value]
                    if aff not in p.affiliations:
                        p.affiliations.append(aff)
            p.identifiers = [i for i in p.identifiers if i.kind != "aff-marker"]
        if seen and not any_marker and people and affiliations:
            # old records: one unnumbered affiliation, the first author's
            people[0].affiliations.extend(affiliations.values())
        used = {a for p in rec.authors for a in p.affiliations}
        for n, aff in affiliations.items():
            if aff not in used and n != "#":
                rec.add_extra("affiliation-unassigned", f"({n}){aff}")

    def _id_block(self, rec: Record, blk: list[Line], ctx: ReadContext) -> None:
        for num, line in blk:
            line = line.strip()
            pm = PMID_LINE.match(line)
            if pm:
                rec.pmid = pm.group(1)
                bracket = pm.group(2)
                rec.indexing_status = status_of(bracket)
                if bracket:
                    rec.add_extra("pubmed-status", bracket)
                if pm.group(3):
                    rec.notes.append(pm.group(3))
                    ctx.unclassified += 1
                    ctx.warn(f"text after the PMID kept as a note: {pm.group(3)[:60]!r}", line=num,
                             record_id=f"PMID {rec.pmid}")
                continue
            im = ID_LINE.match(line)
            if not im:
                rec.add_extra("id-line", line)
                continue
            label, value = im.group(1), im.group(2).strip()
            if label == "DOI":
                doi = normalize_doi(value, sentence=True)
                if rec.doi and doi and rec.doi.lower() != doi.lower():
                    rec.add_extra("citation-doi", rec.doi)
                rec.doi = doi
            elif label == "PMCID":
                rec.pmcid = normalize_pmcid(value)
                em = re.search(r"\[Available on ([^\]]+)\]", value)
                if em:
                    d = parse_date(em.group(1))
                    if d:
                        rec.history.append(HistoryDate("pmc-release", d))
                    rec.add_extra("pmc-embargo", em.group(0))
            elif label in ("NIHMSID", "MID"):
                rec.mid = value or None

    def _book_in(self, rec: Record, lines: list[str], ctx: ReadContext, num: int, rid: str) -> None:
        joined = unwrap(lines)
        m = BOOK_IN.match(joined)
        if not m:
            rec.add_extra("book", joined)
            return
        rec.editors = [p for p in parse_people(m.group("editors") + ".")]
        for p in rec.editors:
            p.identifiers = []
        rest = m.group("rest")
        # the date line may sit in the same block: "... 1993-2025. 2006 Apr 18 [updated 2025 Aug 14]."
        dm = re.search(r"\s(\d{4}(?: [A-Z][a-z]{2}(?: \d{1,2})?)?(?: \[updated [^\]]+\])?\.?)$", rest)
        if dm and ";" in rest[: dm.start()]:
            self._book_date(rec, dm.group(1))
            rest = rest[: dm.start()]
        pm = BOOK_PUB.match(rest.strip())
        if pm:
            title = pm.group("title").strip()
            if title.endswith("[Internet]"):
                rec.medium = "Internet"
                title = title[: -len("[Internet]")].strip()
            rec.container_title = title
            rec.publisher_place = pm.group("place").strip()
            rec.publisher = pm.group("publisher").strip()
            years = pm.group("years").strip()
            if years:
                rec.add_extra("book-years", years)
        else:
            rec.container_title = clean_title(rest)

    @staticmethod
    def _book_date(rec: Record, joined: str) -> None:
        m = BOOK_DATE.match(joined.strip())
        if not m:
            return
        rec.issued = parse_date(m.group("date"))
        if m.group("updated"):
            d = parse_date(m.group("updated"))
            if d:
                rec.history.append(HistoryDate("revised", d))


reader = PubmedTextReader()
