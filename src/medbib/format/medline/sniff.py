"""Whether an input is MEDLINE text: apart from :mod:`.read`,
so that telling formats apart imports no reader."""

from __future__ import annotations


def sniff(head: bytes) -> bool:
    """``PMID- `` first, after a BOM and blank lines."""
    text = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    text = text.lstrip(b" \t\r\n")
    return text.startswith(b"PMID- ")
