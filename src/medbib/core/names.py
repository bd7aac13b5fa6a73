"""Personal names: suffixes, initials, forenames."""

from __future__ import annotations

from .text import collapse
from .vocabulary import SUFFIX_MEDLINE


def split_suffix(given: str | None) -> tuple[str | None, str | None]:
    """``A Clinton Jr`` -> (``A Clinton``, ``Jr``); ``John R 2nd`` -> (``John R``, ``2nd``)."""
    if not given:
        return given, None
    last = given[-1]
    if last not in "rdh." and not last.isspace():  # every suffix ends in r, d, h or "."
        return given, None
    parts = given.split()
    if len(parts) > 1 and SUFFIX_MEDLINE.match(parts[-1]):
        return " ".join(parts[:-1]), parts[-1].rstrip(".")
    return given, None


def initials_to_given(initials: str) -> str:
    """``TH`` -> ``T. H.``; ``T C`` -> ``T. C.`` (spaced initials of old records)."""
    letters = [c for c in initials if not c.isspace() and c not in ".-"]
    if not letters or not all(c.isupper() for c in letters):
        return initials
    return " ".join(f"{c}." for c in letters)


def given_from_forename(forename: str | None) -> str | None:
    """A ForeName that is only spaced capitals (``T C``) becomes ``T. C.``; others stay."""
    f = collapse(forename)
    if not f:
        return None
    tokens = f.split()
    if all(len(t) == 1 and t.isupper() for t in tokens):
        return " ".join(t + "." for t in tokens)
    return f
