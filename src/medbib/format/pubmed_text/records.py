"""The syntax of the file: lines -> records (``N. `` openings, glued records) -> blank-line blocks.

Grammar: ``formats.md`` §1.1. A record opens with ``N. `` and its citation line after a blank
line; it closes with its ``PMID:`` line (and what follows it, up to the next opening). Exports
sometimes glue the next record onto a line of the previous one (``...]181. Horm Res Paediatr.
2018;...``, ``PMID: 3012656561. Foo. 2018...``): such a line is cut in two.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.text import collapse, unescape

#: (line number, text)
Line = tuple[int, str]

RECORD_START = re.compile(r"^(\d+)\. (\S.*)$")
CITATION_LIKE = re.compile(r"^\S.*?\. \d{4}\b")
PMID_LINE = re.compile(r"^PMID:\s*(\d+)\s*(?:\[([^\]]*)\])?\s*(.*)$")
ID_LINE = re.compile(r"^(DOI|PMCID|PMID|NIHMSID|MID):\s*(.*)$")
_BARE_PMID = re.compile(r"^(PMID:\s*)(\d+)\. (.*)$")


def unwrap(lines: list[str]) -> str:
    """Join wrapped lines with one space, collapse space runs, decode leftover HTML entities."""
    return unescape(collapse(" ".join(lines)))


# --------------------------------------------------------------------------- glued records
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
    m = _BARE_PMID.match(line)
    if not m:
        return None
    digits, rest = m.group(2), m.group(3)
    for rank in dict.fromkeys((str(next_rank), "1")):
        if digits.endswith(rank) and len(digits) > len(rank) and CITATION_LIKE.match(rest):
            return m.group(1) + digits[: -len(rank)], f"{rank}. {rest}"
    return None


def _pmid_line_glued(line: str, next_rank: int) -> tuple[str, str] | None:
    """The next record glued onto a PMID line: after its digits, or after text following them."""
    cut = _bare_pmid_glued(line, next_rank)
    if cut is None:
        pm = PMID_LINE.match(line)
        if pm and pm.group(3):
            cut = _glued_split(line, next_rank)
    return cut


# --------------------------------------------------------------------------- records
def _opens_record(m: re.Match[str], current: list[Line], pmid_seen: bool, rank: int) -> bool:
    """An ``N. `` line after a blank line opens a record: the first one, any after a PMID line,
    otherwise only with the next rank (or 1) and a citation after it."""
    if not current or pmid_seen:
        return True
    return bool(CITATION_LIKE.match(m.group(2))) and int(m.group(1)) in (rank + 1, 1)


def split_records(lines: Iterator[str]) -> Iterator[list[Line]]:
    """Group lines into records (formats.md §1.1), splitting glued records.

    Text before the first record is handed out as a record of its own (the reader reports it).
    """
    current: list[Line] = []
    pmid_seen = False
    rank = 0
    prev_blank = True
    for num, line in enumerate((ln.rstrip() for ln in lines), 1):
        m = RECORD_START.match(line) if prev_blank else None
        if m and _opens_record(m, current, pmid_seen, rank):
            if current:
                yield current
            current, rank, pmid_seen, prev_blank = [(num, line)], int(m.group(1)), False, False
            continue
        cut = None
        if line.startswith("PMID:") and current:
            pmid_seen = True
            cut = _pmid_line_glued(line, rank + 1)
        elif pmid_seen and line.strip():
            cut = _glued_split(line, rank + 1)
        if cut:  # the next record starts inside this line
            current.append((num, cut[0]))
            yield current
            current, rank, pmid_seen, prev_blank = [(num, cut[1])], int(cut[1].split(".", 1)[0]), False, False
            continue
        if current or line.strip():
            current.append((num, line))
        prev_blank = not line.strip()
    if current:
        yield current


# --------------------------------------------------------------------------- blocks
def _split_id_lines(blk: list[Line]) -> list[list[Line]]:
    """ID lines that follow a paragraph with no blank line (after Publisher: abstracts) make a
    block of their own."""
    k = len(blk)
    while k > 0 and ID_LINE.match(blk[k - 1][1]):
        k -= 1
    if 0 < k < len(blk):
        return [blk[:k], blk[k:]]
    return [blk]


def blocks_of(record_lines: list[Line]) -> list[list[Line]]:
    """Blank-line separated blocks (raw lines kept: link entries are recognised by indentation)."""
    out: list[list[Line]] = []
    cur: list[Line] = []
    for num, line in record_lines:
        if line.strip():
            cur.append((num, line))
        elif cur:
            out.extend(_split_id_lines(cur))
            cur = []
    if cur:
        out.extend(_split_id_lines(cur))
    return out
