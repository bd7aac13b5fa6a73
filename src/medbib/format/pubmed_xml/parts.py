"""Readers of the small elements a record is made of: dates, people, abstract sections, MeSH
headings, grants, links, book sections. Each takes an element and gives a model value."""

from __future__ import annotations

from typing import Any

from ...core.dates import month_number, parse_date, season_name
from ...core.identifiers import normalize_orcid
from ...core.model import AbstractSection, Date, Grant, Identifier, Link, MeshHeading, MeshQualifier, Person
from ...core.names import SUFFIX_ENDINGS, given_from_forename, split_suffix
from ...core.text import collapse
from .markup import norm, rich, txt

_GRANT_FIELDS = {"GrantID": "id", "Acronym": "acronym", "Agency": "agency", "Country": "country"}
_LINK_FIELDS = {"RefSource": "citation", "PMID": "pmid", "Note": "note"}


def leaves(obj: Any, el: Any, fields: dict[str, str]) -> Any:
    """The text of each child of ``el`` that ``fields`` names, set on that attribute of ``obj``."""
    for c in el:
        name = fields.get(c.tag)
        if name is not None:
            setattr(obj, name, txt(c))
    return obj


def to_int(value: str | None) -> int | None:
    if value:
        if value.isdecimal():
            return int(value)
        value = value.strip()
        if value.isdecimal():
            return int(value)
    return None


# --------------------------------------------------------------------------- dates
def ymd(el: Any) -> Date | None:
    """Year/Month/Day[/Hour/Minute] (History, ArticleDate, DateCompleted…)."""
    d = Date()
    for c in el:
        name = c.tag
        v = c.text
        if name == "Year":
            d.year = to_int(v)
        elif name == "Month":
            d.month = month_number(v)
        elif name == "Day":
            d.day = to_int(v)
        elif name == "Hour":
            d.hour = to_int(v)
        elif name == "Minute":
            d.minute = to_int(v)
        elif name == "Season":
            d.season = collapse(v) or None
    if d.year is None:
        return None
    if d.month is not None and d.day is not None and not 1 <= d.day <= 31:
        d.day = None
    return d


def pub_date(el: Any) -> Date | None:
    """PubDate: Year/Month/Day, Year/Season, or MedlineDate (free text)."""
    parts = {c.tag: norm(c.text) for c in el}
    year = parts.get("Year")
    if not year:
        medline = parts.get("MedlineDate")
        return parse_date(medline) if medline else None
    month, day, season = parts.get("Month"), parts.get("Day"), parts.get("Season")
    y = to_int(year)
    if y is None:
        return parse_date(" ".join(x for x in (year, month, day, season) if x))
    d = Date(year=y)
    if month:
        d.month = month_number(month)
        if d.month is None:  # "Jul-Aug" in Month, or garbage: parse as text
            return parse_date(f"{year} {month}" + (f" {day}" if day else ""))
        if day:
            d.day = to_int(day)
            if d.day is not None and not 1 <= d.day <= 31:
                d.day = None
    if season:
        return _with_season(d, year, season)
    return d


def _with_season(d: Date, year: str, season: str) -> Date:
    name = season_name(season)
    if name:
        d.season = name
        return d
    parsed = parse_date(f"{year} {season}")  # "Apr-Jun", "Sep-Dec": a month range
    if parsed is not None and parsed.month:
        return parsed
    d.raw = f"{year} {season}"
    return d


# --------------------------------------------------------------------------- people
def person(el: Any) -> Person | None:
    """Author / Investigator; None for ValidYN="N"."""
    if el.get("ValidYN") == "N":
        return None
    p = Person()
    for c in el:
        tag = c.tag
        if tag == "LastName":  # the parts nearly every author has, before the table (one call less each)
            p.family = txt(c)
        elif tag == "ForeName":
            fore = txt(c)
            if fore:
                p.given = given_from_forename(fore) if (len(fore) < 4 or fore[1] == " ") else fore
        elif tag == "Initials":
            p.initials = txt(c)
        else:
            part = _PERSON_PARTS.get(tag)
            if part is not None:
                part(p, c)
    if el.get("EqualContrib") == "Y":
        p.equal_contrib = True
    if p.given and p.suffix is None and p.given.endswith(SUFFIX_ENDINGS):  # "Watson A 3rd": a glued suffix
        p.given, p.suffix = split_suffix(p.given)
    if not (p.family or p.literal or p.given):
        return None
    return p


def people(el: Any, nameless: list[Any]) -> list[Person]:
    """The valid Authors / Investigators of a list; one with no name part at all (no LastName,
    ForeName or CollectiveName) is left out and its element added to ``nameless`` for a warning."""
    out = []
    for c in el:
        if c.tag in ("Author", "Investigator"):
            p = person(c)
            if p is not None:
                out.append(p)
            elif c.get("ValidYN") != "N":
                nameless.append(c)
    return out


def _suffix(p: Person, el: Any) -> None:
    p.suffix = (txt(el) or "").rstrip(".") or None


def _collective(p: Person, el: Any) -> None:
    p.literal = rich(el)[0]


def _identifier(p: Person, el: Any) -> None:
    """The first ORCID in ``orcid``, every other identifier in ``identifiers``."""
    value = txt(el)
    if not value:
        return
    source = (el.get("Source") or "").strip()
    if source.upper() == "ORCID" and not p.orcid:
        p.orcid = normalize_orcid(value)
    else:
        p.identifiers.append(Identifier(source.lower() or "other", value))


def _affiliation_info(p: Person, el: Any) -> None:
    for a in el:
        if a.tag == "Affiliation":
            t = rich(a)[0]
            if t:
                p.affiliations.append(t)
        elif a.tag == "Identifier":
            v = txt(a)
            if v:
                p.identifiers.append(Identifier((a.get("Source") or "other").lower(), v))


#: the other parts of an Author / Investigator
_PERSON_PARTS = {"Suffix": _suffix, "CollectiveName": _collective, "Identifier": _identifier,
                 "AffiliationInfo": _affiliation_info}


# --------------------------------------------------------------------------- abstracts, MeSH, grants, links
def abstract_sections(el: Any) -> tuple[list[AbstractSection], str | None]:
    """The sections of an Abstract / OtherAbstract, and its copyright line."""
    sections: list[AbstractSection] = []
    copyright_ = None
    for c in el:
        if c.tag == "AbstractText":
            text, markup = rich(c)
            if not text:
                continue
            label = collapse(c.get("Label")) or None
            cat = collapse(c.get("NlmCategory")) or None
            if label is None and cat and cat != "UNASSIGNED":
                label = cat
            if label and label.upper() == "UNLABELLED":
                label = None
            sections.append(AbstractSection(text=text, label=label, nlm_category=cat, markup=markup))
        elif c.tag == "CopyrightInformation":
            copyright_ = rich(c)[0]
    return sections, copyright_


def mesh(el: Any) -> MeshHeading | None:
    heading: MeshHeading | None = None
    quals = []
    for c in el:
        tag = c.tag
        if tag == "QualifierName":
            q = norm(c.text) if not len(c) else txt(c)
            if q:
                quals.append(MeshQualifier(q, c.get("UI"), c.get("MajorTopicYN") == "Y"))
        elif tag == "DescriptorName":
            name = norm(c.text) if not len(c) else txt(c)
            if not name:
                return None
            heading = MeshHeading(name, c.get("UI"), c.get("MajorTopicYN") == "Y", [], c.get("Type"))
    if heading is not None:
        heading.qualifiers = quals
    return heading


def grant(el: Any) -> Grant:
    return leaves(Grant(), el, _GRANT_FIELDS)


def link(el: Any) -> Link:
    return leaves(Link(kind=el.get("RefType") or "Other"), el, _LINK_FIELDS)


def section_lines(el: Any, out: list[str]) -> None:
    """Book sections as ``label: title`` lines, nested sections in document order."""
    for sec in el:
        if sec.tag != "Section":
            continue
        label = title = None
        for c in sec:
            if c.tag == "LocationLabel":
                label = txt(c)
            elif c.tag == "SectionTitle":
                title = rich(c)[0]
        entry = ": ".join(x for x in (label, title) if x)
        if entry:
            out.append(entry)
        section_lines(sec, out)
