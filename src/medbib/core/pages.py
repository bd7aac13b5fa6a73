"""Pages: MEDLINE pagination normalised (abbreviated ranges expanded) and split."""

from __future__ import annotations

import re

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
    if not m:
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


def split_pages(pages: str | None) -> tuple[str | None, str | None]:
    """First and last page of a normalised pagination (``136-141`` -> (136, 141))."""
    if not pages:
        return None, None
    first_part = pages.split(",")[0].strip()
    last_part = pages.split(",")[-1].strip()
    a, sep, _ = first_part.partition("-")
    _, sep2, b = last_part.rpartition("-")
    first = a.strip() or None
    last = (b.strip() if sep2 else last_part) or None
    if not sep and "," not in pages:
        last = None
    return first, last

