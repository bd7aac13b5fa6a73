"""The ids ``medbib fetch`` takes: PMIDs, PMCIDs and DOIs in the spellings people paste.

``33204024``, ``PMID:33204024``, ``https://pubmed.ncbi.nlm.nih.gov/33204024/``; ``PMC7782796``,
``https://pmc.ncbi.nlm.nih.gov/articles/PMC7782796/``; ``10.1038/s41416-020-01128-5``,
``doi:10.1038/…``, ``https://doi.org/10.1038/…``. Anything else is a usage error naming it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from ...core.errors import InputError, UsageError

_PMID = re.compile(
    r"(?:pmid:?\s*|https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/)?"
    r"(\d{1,9})/?", re.IGNORECASE)
_PMCID = re.compile(
    r"(?:pmcid:?\s*|https?://(?:www\.)?(?:pmc\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pmc)/articles/)?"
    r"PMC(\d{1,9})/?", re.IGNORECASE)
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.IGNORECASE)

_COMMENT = re.compile(r"(?:^|\s)#.*")  # a "#" that starts a line or follows a space (DOIs may hold "#")

#: what each kind is called in messages
LABELS = {"pmid": "PMID", "pmcid": "PMCID", "doi": "DOI"}


@dataclass(frozen=True)
class Ident:
    """One id in its bare form (``value``)."""

    kind: str  # "pmid" | "pmcid" | "doi"
    value: str

    def label(self) -> str:
        """``PMID 33204024``, ``DOI 10.1038/…``: how messages name it."""
        return f"{LABELS[self.kind]} {self.value}"


def parse_id(text: str) -> Ident:
    """The id ``text`` names; :class:`UsageError` (naming it) when it has no known shape."""
    t = text.strip()
    m = _PMID.fullmatch(t)
    if m and int(m.group(1)):
        return Ident("pmid", str(int(m.group(1))))
    m = _PMCID.fullmatch(t)
    if m and int(m.group(1)):
        return Ident("pmcid", f"PMC{int(m.group(1))}")
    m = _DOI.fullmatch(t)
    if m:
        return Ident("doi", unquote(m.group(1)) if "://" in t else m.group(1))
    raise UsageError(f"not a PMID, PMCID or DOI: {text!r}")


def ids_from_file(path: str) -> list[str]:
    """One id a line from ``path`` (``-`` = standard input); blank lines and ``#`` comments ignored."""
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", file=path) from None
    except (OSError, UnicodeError) as exc:
        raise InputError(f"cannot read ({getattr(exc, 'strerror', None) or exc})", file=path) from None
    lines = (_COMMENT.sub("", line).strip() for line in text.splitlines())
    return [line for line in lines if line]
