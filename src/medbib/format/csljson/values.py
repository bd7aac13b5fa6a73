"""CSL-JSON values, both directions: text, names, dates, and CSL's HTML-like markup.

Reading is tolerant of what citeproc, pandoc and Zotero write (numeric strings in ``date-parts``,
``raw`` and ``literal`` dates, name particles, a name given as a string) and strict about shapes
that cannot be a value (``"author": "x"``): those raise TypeError/ValueError with a message that
names the variable, and the reader skips the item.
"""

from __future__ import annotations

import re
from typing import Any

from ...core.dates import parse_date, season_name
from ...core.markup import escape, has_markup, plain, segments
from ...core.model import Date, Person
from ...core.names import initials_to_given, split_suffix
from ...core.text import case_protected, collapse
from ...core.vocabulary import SEASON_BY_CODE, SEASON_CODES


# --------------------------------------------------------------------------- text
def text(value: Any) -> str | None:
    """A scalar as one line of text (whitespace collapsed); None for nothing, objects and lists."""
    if value is None or isinstance(value, (dict, list, bool)):
        return None
    s = collapse(str(value))
    return s or None


def split_list(value: str) -> list[str]:
    """``a, b; c`` -> ``[a, b, c]`` (ISSN and ISBN variables may hold several)."""
    return [s for s in re.split(r"[\s,;]+", value) if s]


# --------------------------------------------------------------------------- markup
_CSL_OPEN = {"i": "<i>", "b": "<b>", "sup": "<sup>", "sub": "<sub>",
             "sc": '<span style="font-variant:small-caps;">'}
_CSL_CLOSE = {"i": "</i>", "b": "</b>", "sup": "</sup>", "sub": "</sub>", "sc": "</span>"}
# CSL's HTML-like tags as read: the styles, a small-caps span and a nocase span (its text is kept,
# the protection is the writer's to add again)
_CSL_TAG = re.compile(r"</?(?:i|b|sup|sub)>|<span (?:class=\"nocase\"|style=\"font-variant:\s*small-caps;?\")>|</span>")
_CSL_TAG_SPLIT = re.compile(f"({_CSL_TAG.pattern})")
NOCASE_OPEN, NOCASE_CLOSE = '<span class="nocase">', "</span>"


def protect_case(text: str) -> str:
    """Plain text with the words BibTeX would brace (``mRNA``, ``HIV``, ``SARS-CoV-2``) in nocase spans."""
    out, pos = [], 0
    for start, end in case_protected(text):
        out += [text[pos:start], NOCASE_OPEN, text[start:end], NOCASE_CLOSE]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def title_to_csl(title: str | None, markup: str | None) -> str | None:
    """A title as CSL: its markup as tags, and what BibTeX protects with braces in nocase spans: an
    italic run (a species: "Klebsiella pneumoniae" must not become "Klebsiella Pneumoniae" in a
    title-case style) and words with inner capitals. None when the plain title says it all."""
    if not (markup and has_markup(markup)):
        protected = protect_case(title) if title else None
        return protected if protected != title else None
    out = []
    for run, styles in segments(markup):
        order = sorted(styles)
        body = NOCASE_OPEN + run + NOCASE_CLOSE if "i" in styles and run.strip() else protect_case(run)
        out.append("".join(_CSL_OPEN[t] for t in order) + body + "".join(_CSL_CLOSE[t] for t in reversed(order)))
    return "".join(out)


def has_csl_markup(value: str) -> bool:
    return _CSL_TAG.search(value) is not None


def markup_from_csl(raw: str) -> tuple[str, str]:
    """A CSL string with tags -> (medbib markup, plain text); nocase spans leave their text only."""
    out, spans = [], []
    for i, part in enumerate(_CSL_TAG_SPLIT.split(collapse(raw))):
        if not i % 2:
            out.append(escape(part))
        elif part.startswith("<span"):
            spans.append("nocase" not in part)
            out.append("<sc>" if spans[-1] else "")
        elif part == "</span>":
            out.append("</sc>" if spans and spans.pop() else "")
        else:
            out.append(part)
    markup = "".join(out)
    return markup, plain(markup)


# --------------------------------------------------------------------------- names
def person_to_csl(p: Person) -> dict[str, str]:
    """``family``/``given``/``suffix`` (given from the initials when there is none, ``T. H.``), or
    ``literal`` for a group."""
    if p.is_group:
        return {"literal": p.literal or ""}
    out = {}
    if p.family:
        out["family"] = p.family
    given = p.given
    if not given and p.initials:
        given = initials_to_given(p.initials)
    if given:
        out["given"] = given
    if p.suffix:
        out["suffix"] = p.suffix
    if not out and p.literal:
        out["literal"] = p.literal
    return out


def person_from_csl(p: Any, var: str) -> Person:
    """A CSL name object (particles joined to family and given), or a string: ``Family, Given``
    or a literal."""
    if isinstance(p, str):
        family, _, given = p.partition(",")
        return Person(family=family.strip(), given=given.strip() or None) if given else Person(literal=p.strip())
    if not isinstance(p, dict):
        raise TypeError(f"a name in {var!r} must be an object, not {type(p).__name__}")
    family = text(p.get("family"))
    particle = text(p.get("non-dropping-particle"))
    if family and particle:
        family = f"{particle} {family}"
    given = text(p.get("given"))
    particle = text(p.get("dropping-particle"))
    if given and particle:
        given = f"{given} {particle}"
    literal = text(p.get("literal"))
    if not family and not given and literal:
        return Person(literal=literal)
    if not family and given and not literal:
        return Person(family=given)
    suffix = text(p.get("suffix"))
    if suffix is None:
        given, suffix = split_suffix(given)  # "William E 3rd": the one suffix rule (core.names)
    return Person(family=family, given=given, suffix=suffix)


# --------------------------------------------------------------------------- dates
#: the season names CSL codes as 21..24 in date-parts
_CSL_SEASONS = frozenset(SEASON_BY_CODE.values())


def _ymd(d: Date) -> list[int]:
    parts = [d.year]
    if d.month:
        parts.append(d.month)
        if d.day:
            parts.append(d.day)
    return parts  # type: ignore[return-value]


def date_to_csl(d: Date) -> dict[str, Any] | None:
    """Integer ``date-parts`` (a range as two parts; a season as 21..24, the name kept in
    ``season``: what pandoc and citeproc render), ``raw`` when the text did not parse."""
    if d.year is None:
        return {"raw": d.raw} if d.raw else None
    first = _ymd(d)
    if not d.month and d.season in _CSL_SEASONS:
        first.append(SEASON_CODES[d.season])
    parts = [first]
    if d.end and d.end.year:
        parts.append(_ymd(d.end))
    out: dict[str, Any] = {"date-parts": parts}
    if d.season:
        out["season"] = d.season
    if d.raw:
        out["raw"] = d.raw
    return out


def date_from_csl(value: Any, var: str) -> Date | None:
    """A CSL date object (``date-parts``, ``season``, ``raw``/``literal``) or a date string."""
    if isinstance(value, str):
        return parse_date(value)
    if not isinstance(value, dict):
        raise TypeError(f"{var!r} must be a date object")
    parts = value.get("date-parts")
    raw = text(value.get("raw")) or text(value.get("literal"))
    if not parts:
        return parse_date(raw) if raw else None
    if not isinstance(parts, list) or not all(isinstance(x, list) for x in parts):
        raise TypeError(f"{var!r} date-parts must be a list of lists")
    d = _date_part(parts[0], var)
    if len(parts) > 1 and parts[1]:
        end = _date_part(parts[1], var)
        if end.year is not None and (end.year, end.month, end.day) != (d.year, d.month, d.day):
            d.end = end
    _read_season(d, value.get("season"))
    if raw:
        d.raw = raw
    return d


def _date_part(seq: list[Any], var: str) -> Date:
    """``[year, month, day]`` (numbers or numeric strings; a month of 21..24 is a season)."""
    nums = []
    for x in seq[:3]:
        if isinstance(x, bool) or x in (None, ""):
            break
        try:
            nums.append(int(str(x).strip()))
        except ValueError:
            raise ValueError(f"{var!r} date-parts value {x!r} is not a number") from None
    d = Date(year=nums[0] if nums else None)
    if len(nums) > 1:
        if 21 <= nums[1] <= 24:
            d.season = SEASON_BY_CODE.get(nums[1])
        elif 1 <= nums[1] <= 12:
            d.month = nums[1]
            if len(nums) > 2 and 1 <= nums[2] <= 31:
                d.day = nums[2]
    return d


def _read_season(d: Date, season: Any) -> None:
    """CSL's ``season``: a name, or a number (1..4 or 21..24)."""
    if isinstance(season, str) and season.strip():
        if season.strip().isdecimal():
            n = int(season)
            d.season = SEASON_BY_CODE.get(n if n > 4 else n + 20)
        else:
            d.season = season_name(season) or season.strip()
    elif isinstance(season, int):
        d.season = SEASON_BY_CODE.get(season if season > 4 else season + 20)
