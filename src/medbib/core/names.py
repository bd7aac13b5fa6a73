"""Personal names: suffixes, initials, forenames."""

from __future__ import annotations

from .text import collapse
from .vocabulary import NAME_SUFFIX


#: how every suffix of NAME_SUFFIX ends (a quick test before the pattern)
SUFFIX_ENDINGS = ("Jr", "Sr", "st", "nd", "rd", "th", "I", "V", ".")


def is_suffix(token: str) -> bool:
    """``Jr``, ``Sr.``, ``2nd``, ``3rd``, ``II``…, ``VI`` (vocabulary.NAME_SUFFIX)."""
    return NAME_SUFFIX.match(token) is not None


def split_suffix(given: str | None) -> tuple[str | None, str | None]:
    """A suffix written after a given name: ``A Clinton Jr`` -> (``A Clinton``, ``Jr``);
    ``William E 3rd`` -> (``William E``, ``3rd``); ``John III`` -> (``John``, ``III``).

    The rule every reader applies to a full given name (MEDLINE FAU, PubMed XML ForeName, RIS,
    BibTeX, CSL-JSON): the last word is a suffix when it is in the list and is not the only word;
    a single letter (``Ashok V``) is an initial. The suffix loses a final ``.``.
    """
    if not given:
        return given, None
    if not given.endswith(SUFFIX_ENDINGS) and not given[-1].isspace():  # fast path: most names
        return given, None
    parts = given.split()
    if len(parts) > 1 and len(parts[-1].rstrip(".")) > 1 and is_suffix(parts[-1]):
        return " ".join(parts[:-1]), parts[-1].rstrip(".")
    return given, None


def split_short_suffix(name: str) -> tuple[str, str | None]:
    """A suffix after ``Family INITIALS`` (MEDLINE AU, Abstract text): ``White AC Jr`` ->
    (``White AC``, ``Jr``), ``Williams LA 3rd`` -> (``Williams LA``, ``3rd``). Only after initials:
    in ``Ivanov II`` the ``II`` are the initials."""
    if not name or not name.endswith(SUFFIX_ENDINGS):
        return name, None
    tokens = name.split()
    suffix = suffix_after_initials(tokens)
    return (" ".join(tokens[:-1]), suffix) if suffix else (name, None)


def suffix_after_initials(tokens: list[str]) -> str | None:
    """The suffix ending ``[Family, INITIALS, Suffix]`` (see :func:`split_short_suffix`), or None."""
    if len(tokens) >= 3 and tokens[-1].endswith(SUFFIX_ENDINGS) and is_suffix(tokens[-1]) \
            and _initials_like(tokens[-2]):
        return tokens[-1].rstrip(".")
    return None


def _initials_like(token: str) -> bool:
    """``AC``, ``KhS``: capitals, perhaps with a transliteration's small letter."""
    return token.isalpha() and token[0].isupper() and len(token) <= 6 and sum(c.isupper() for c in token) * 2 >= len(token)


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
