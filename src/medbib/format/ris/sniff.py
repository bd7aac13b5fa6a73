"""Whether an input is RIS: apart from :mod:`.read`, so that telling formats apart imports no reader."""

from __future__ import annotations

import re


def sniff(head: bytes) -> bool:
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
