"""Whether an input is an Abstract (text) export: apart from :mod:`.read`,
so that telling formats apart imports no reader."""

from __future__ import annotations

import re

from .records import CITATION_LIKE, RECORD_START

_PMID_AT_LINE_START = re.compile(r"^PMID: ?\d+(?:\s|\[|$)", re.MULTILINE)
_PMID_WITH_STATUS = re.compile(r"\nPMID: \d+ *\[")


def _head_text(head: bytes) -> str:
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:  # a multi-byte char cut at the head's end
        sample = head[: exc.start].decode("utf-8", "ignore") if exc.start > len(head) - 4 else ""
        return sample or head.decode("latin-1")


def _lines(sample: str) -> list[str]:
    return sample.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def sniff(head: bytes) -> bool:
    """A first line ``N. Citation`` and a PMID line; or, for a long first record cut by the head,
    its citation line and paragraphs after it. Not a "Summary (text)" export."""
    sample = _head_text(head)
    lines = _lines(sample)
    first = next((ln for ln in lines if ln.strip()), "")
    m = RECORD_START.match(first)
    if not m or _summary_block(lines):
        return False
    if _PMID_AT_LINE_START.search(sample) or _PMID_WITH_STATUS.search(sample):
        return True
    # a first record longer than the head (thousands of authors or affiliations, a long abstract
    # without an Author information block): its citation line, and more paragraphs after it
    truncated = len(head) >= 16384
    return truncated and bool(CITATION_LIKE.match(m.group(2))) and sample.count("\n\n") >= 2


#: "Summary (text)", 2019-2020 (formats.md §1.10): ``1: Authors. Title. Source. … PMID: n.`` wrapped
_SUMMARY_START = re.compile(r"^\d+: \S")
_SUMMARY_PMID = re.compile(r"\bPMID:\s+\d+\.")
_PMID_LINE = re.compile(r"^PMID: ?\d+")


def _summary_block(lines: list[str]) -> bool:
    """Summary (text) laid out a line per part: ``1. Title`` / authors / citation / ``PMID: n`` in
    one block. An Abstract (text) record's first block is its citation alone (every era)."""
    start = next((i for i, ln in enumerate(lines) if ln.strip()), len(lines))
    block: list[str] = []
    for ln in lines[start:]:
        if not ln.strip():
            break
        block.append(ln)
    return len(block) >= 3 and bool(RECORD_START.match(block[0])) and any(_PMID_LINE.match(ln) for ln in block[1:])


def sniff_summary(head: bytes) -> bool:
    """A PubMed "Summary (text)" export: numbered one-paragraph records with the PMID inline
    (``1: Barras C. Ancient worm… Nature. 2019 Sep;573(7772):15. … PubMed PMID: 31485070.``), or
    a numbered title line, authors, citation and ``PMID: n`` in one block. It holds no abstract
    and abbreviated author names only, so no reader takes it."""
    lines = _lines(_head_text(head))
    first = next((ln for ln in lines if ln.strip()), "")
    if _SUMMARY_START.match(first):
        return bool(_SUMMARY_PMID.search(" ".join(lines)))
    return _summary_block(lines)
