"""Identifiers in their bare form: DOI without resolver, PMCID with ``PMC``, ORCID as a URL."""

from __future__ import annotations

import re

from .text import collapse

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_PMCID = re.compile(r"(?:PMC)?(\d+)", re.IGNORECASE)
_ORCID_PREFIX = re.compile(r"^ORCID:\s*", re.IGNORECASE)


def normalize_doi(value: str | None, sentence: bool = False) -> str | None:
    """Bare DOI: resolver prefix and ``doi:`` removed. ``sentence=True`` (a DOI cut out of running
    text, as in a citation line) also drops the sentence's closing period; structured fields keep
    the DOI exactly as given."""
    v = collapse(value)
    if not v:
        return None
    v = _DOI_PREFIX.sub("", v)
    if sentence:
        v = v.rstrip(".")
    return v or None


def normalize_pmcid(value: str | None) -> str | None:
    v = collapse(value)
    if not v:
        return None
    v = v.split("[")[0].strip()  # "PMC3951712 [Available on 2014/12/1]"
    m = _PMCID.search(v)
    return f"PMC{m.group(1)}" if m else None


_ORCID = re.compile(r"(\d{3,4})-?(\d{4})-?(\d{4})-?(\d{3}[\dXx])")


def normalize_orcid(value: str | None) -> str | None:
    """``0000-0003-3724-9945``, ``http://orcid.org/…``, ``ORCID: …`` -> ``https://orcid.org/0000-0003-3724-9945``.

    Malformed values (a digit missing) are kept as written, without the URL prefix.
    """
    v = collapse(value)
    if not v:
        return None
    v = _ORCID_PREFIX.sub("", v)
    m = _ORCID.search(v)
    if m and len(m.group(1)) == 4:
        return "https://orcid.org/" + "-".join(m.groups()).upper()
    return v

