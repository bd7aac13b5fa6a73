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


def sniff(head: bytes) -> bool:
    """A first line ``N. Citation`` and a PMID line; or, for a long first record cut by the head,
    its citation line and paragraphs after it."""
    sample = _head_text(head)
    lines = sample.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((ln for ln in lines if ln.strip()), "")
    m = RECORD_START.match(first)
    if not m:
        return False
    if _PMID_AT_LINE_START.search(sample) or _PMID_WITH_STATUS.search(sample):
        return True
    # a first record longer than the head (thousands of authors or affiliations, a long abstract
    # without an Author information block): its citation line, and more paragraphs after it
    truncated = len(head) >= 16384
    return truncated and bool(CITATION_LIKE.match(m.group(2))) and sample.count("\n\n") >= 2
