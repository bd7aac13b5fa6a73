"""Whether an input is BibTeX: apart from :mod:`.read`, so that telling formats apart (and writing
BibTeX) does not import bibtexparser."""

from __future__ import annotations

import re

_SNIFF = re.compile(rb"^\s*@\s*(?:[A-Za-z]+)\s*[{(]", re.M)


def sniff(head: bytes) -> bool:
    """An ``@type{`` line, and before it nothing that looks like XML, JSON, MEDLINE or RIS."""
    text = head.lstrip(b"\xef\xbb\xbf")
    stripped = text.lstrip()
    if stripped[:1] in (b"<", b"[", b"{"):  # XML, JSON
        return False
    if re.search(rb"^(PMID|TY  |PMID-)\s*-", text[:2048], re.M):  # MEDLINE / RIS
        return False
    m = _SNIFF.search(text[:8192])
    if not m:
        return False
    # lines before the first entry may only be comments or blank/free text without tags
    before = text[: m.start()]
    return not re.search(rb"^[A-Z]{2,4}\s{0,2}-\s", before, re.M)
