"""Pages: MEDLINE pagination normalised (abbreviated ranges expanded) and split."""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Record
from .text import collapse

_RANGE = re.compile(r"^(\D*?)(\d+)(\s*[-–]\s*)(\D*?)(\d+)(\D*)$")


def expand_range(part: str) -> str:
    """Expand one abbreviated page range: ``1123-45`` -> ``1123-1145``; ``S78-85`` -> ``S78-S85``?

    Only a *shorter numeric end* is expanded, with the start's prefix (``S78-85`` is left as
    written because the end carries no prefix that could be guessed safely... see below).
    Non-ranges (``e0179990``) are returned unchanged.
    """
    part = part.strip()
    m = _RANGE.match(part)
    if not m or range_ends(part) is None:  # a pii such as e01360-18 is no range
        return part
    pre1, a, _dash, pre2, b, post = m.groups()
    if post:
        return part
    if pre1 and not pre2:
        # "S78-85": a letter prefix on the start only; expand digits, keep the end bare as written
        if len(b) < len(a):
            b = a[: len(a) - len(b)] + b
        return f"{pre1}{a}-{b}"
    if pre1 != pre2:
        return part
    if len(b) < len(a):
        full = a[: len(a) - len(b)] + b
        # "1136-41" -> 1141; if the expansion is not after the start, keep as written
        if int(full) >= int(a):
            b = full
    return f"{pre1}{a}-{pre2}{b}"


def expand_pages(pages: str | None) -> str | None:
    """Normalise a MEDLINE pagination string: every comma-separated range expanded.

    ``136-41`` -> ``136-141``; ``1559-65, 1570`` -> ``1559-1565, 1570``; ``e0179990`` unchanged.
    """
    p = collapse(pages)
    if not p:
        return None
    return ", ".join(expand_range(x) for x in p.split(",") if x.strip())


#: one page: an optional short letter prefix, digits, an optional ``.e9``-like tail
#: (``136``, ``S78``, ``e0179990``, ``euae122``, ``1059.e9``), or a roman numeral (``iii``);
#: pii and DOIs are no pages
_PAGE = re.compile(r"([A-Za-z]{0,4})(\d+)(?:\.[A-Za-z]{0,2}\d+|[A-Za-z])?|[ivxlcdm]+|[IVXLCDM]+")
_DASH = re.compile(r"\s*[-\u2013]\s*")


def is_page(part: str) -> bool:
    """One page or article number (``136``, ``e154225``, ``S78``); not a pii (``S0140-6736(20)30681-4``)."""
    return _PAGE.fullmatch(part.strip()) is not None


def range_ends(part: str) -> tuple[str, str] | None:
    """``136-141`` -> (136, 141): a range of two pages whose end has the start's prefix or none
    (``e19-e23``, ``S78-85``, ``E3425-3434``), neither starting with 0; None for anything else
    (``2024-vol4``, ``e01360-18`` — ASM's pii —, ``S0035-3787(25)00576-4``)."""
    ends = _DASH.split(part.strip())
    if len(ends) != 2:
        return None
    a, b = _PAGE.fullmatch(ends[0]), _PAGE.fullmatch(ends[1])
    if a is None or b is None or b.group(1) not in ("", None, a.group(1)):
        return None
    if (a.group(2) or "1")[0] == "0" or (b.group(2) or "1")[0] == "0":
        return None
    return ends[0], ends[1]


_LIST_SEP = re.compile(r"(,\s*)")
_PARTS = re.compile(r"[,;]")


def dash_ranges(pages: str, dash: str, escape: Callable[[str], str] = str) -> str:
    """The pages with each range's hyphen as ``dash`` (``136--141``) and every other part as
    written: ``S0035-3787(25)00576-4`` keeps its hyphens. ``escape`` is applied to the pages."""
    out = []
    for i, part in enumerate(_LIST_SEP.split(pages)):
        ends = None if i % 2 else range_ends(part)  # odd items are the separators
        out.append(escape(ends[0]) + dash + escape(ends[1]) if ends else escape(part))
    return "".join(out)


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """First and last page of a normalised pagination (``136-141`` -> (136, 141)); only pages
    and page ranges have them: ``e0179990`` -> (e0179990, None), a pii -> (None, None)."""
    if not pages:
        return None, None
    parts = [p.strip() for p in _PARTS.split(pages)]  # "449-453; quiz 454": two parts
    first_ends = range_ends(parts[0])
    first = first_ends[0] if first_ends else (parts[0] if is_page(parts[0]) else None)
    if len(parts) == 1:
        return first, first_ends[1] if first_ends else None
    last_ends = range_ends(parts[-1])
    last = last_ends[1] if last_ends else (parts[-1] if is_page(parts[-1]) else None)
    return first, last


def is_doi(value: str) -> bool:
    """``10.1016/j.x`` (bare or ``doi:``): a DOI is never a page."""
    if "/" not in value:  # fast path: pages and most piis
        return False
    v = value.strip().lower().removeprefix("doi:").strip()
    return v.startswith("10.")


def set_pages(rec: Record, pagination: str | None, *elocations: str | None) -> None:
    """The one rule every reader follows for an article's location (``pages``).

    The pagination when there is one (abbreviated ranges expanded, the raw form kept in
    ``pages_raw`` when it differs); without one, the first e-location that is no DOI, as written
    (``e154225``, ``S0140-6736(20)30681-4``), as PubMed's own citation prints it after the colon.
    Readers pass the article number (an untyped ``LID``) before the pii (``LID [pii]``,
    ``ELocationID EIdType="pii"``): PubMed cites ``5(12):e134973`` where the pii is ``134973``
    (Zotero takes the pii). ``page_first``/``page_last`` only for pages and page
    ranges (:func:`split_pages`).
    """
    raw = collapse(pagination)
    if raw and not is_doi(raw):
        rec.pages = expand_pages(raw)
        if rec.pages != raw:
            rec.pages_raw = raw
    else:
        rec.pages = next((collapse(e) for e in elocations if e and collapse(e) and not is_doi(e)), None)
    rec.page_first, rec.page_last = split_pages(rec.pages)
