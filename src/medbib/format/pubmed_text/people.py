"""Names, author lists and the *Author information* block.

``Beckham TH(1), Dán Á(2); ESNIP3 Consortium.``: persons as ``Family Initials``, group names
after ``; ``, ``(n)`` markers that point into ``Author information: (1)Dept A. (2)Dept B.``
(``(#)`` marks authors who contributed equally). While a list is read, a person's markers wait
in its ``identifiers`` (kind ``aff-marker``) until :func:`join_affiliations` resolves them.
"""

from __future__ import annotations

import re

from ...core.model import Identifier, Person, Record
from ...core.names import initials_to_given, suffix_after_initials
from ...core.text import collapse

MARKERS = re.compile(r"((?:\((?:\d+|#)\))+)$")
_MARKER = re.compile(r"\d+|#")
AFF_SPLIT = re.compile(r"(?:(?<=\s)|^)\((\d+|#)\)(?=\S)")
AFF_MARKER = "aff-marker"
#: ". Electronic address: x@y.org" after a group name (``…; ACMG Laboratory Quality Assurance
#: Committee. Electronic address: documents@acmg.net(7).``): part of the group's name, as in
#: PubMed's CollectiveName and MEDLINE's CN
EMAIL_NOTE = re.compile(r"\. Electronic address: [^\s;,()]+@[^\s;,()]+")


def _markers(found: re.Match[str]) -> list[Identifier]:
    """``(1)(#)`` -> the markers as identifiers."""
    return [Identifier(AFF_MARKER, n) for n in _MARKER.findall(found.group(1))]


def drop_markers(people: list[Person]) -> None:
    """Forget the ``(n)`` markers of people with no affiliations to join (collaborators)."""
    for p in people:
        p.identifiers = [i for i in p.identifiers if i.kind != AFF_MARKER]


def _is_initials(token: str) -> bool:
    """``TH``, ``Á``, ``KhS`` (transliterated initials keep a lower-case letter after a capital)."""
    if not (token.isalpha() and token[0].isupper() and len(token) <= 6):
        return False
    return token.isupper() or sum(c.isupper() for c in token) >= 2


def parse_name(item: str) -> Person | None:
    """``Beckham TH(1)`` -> Person(family, initials, given); None when it is no personal name.

    Returns the person with its ``(n)`` markers in ``identifiers`` (kind ``aff-marker``), which
    the caller resolves against the Author information block.
    """
    item = collapse(item).rstrip(".").strip()
    m = MARKERS.search(item)
    markers: list[Identifier] = []
    if m:
        markers = _markers(m)
        item = item[: m.start()].rstrip()
    tokens = item.split()
    if len(tokens) == 1 and markers and tokens[0][:1].isupper() and tokens[0].isalpha():
        # a mononym with its affiliation marker ("Natasia(1)"): a person with a family name only
        return Person(family=tokens[0], identifiers=markers)
    if len(tokens) < 2:
        return None
    suffix = suffix_after_initials(tokens)  # the one suffix rule (core.names)
    if suffix:
        tokens.pop()
    initials = tokens[-1]
    if not _is_initials(initials):
        return None
    family = " ".join(tokens[:-1])
    if not family or not (family[0].isalpha() or family[0] in "'’"):
        return None
    return Person(family=family, initials=initials, given=initials_to_given(initials), suffix=suffix,
                  identifiers=markers)


def _group(names: list[str], persons_before: bool) -> Person:
    """Consecutive items that are no personal name: one group name (which may hold commas), or a
    mononym ("Colombo") after persons."""
    marks = MARKERS.search(names[-1])
    ids: list[Identifier] = []
    if marks:  # a group with an affiliation marker: "... Association(1)"
        ids = _markers(marks)
        names[-1] = names[-1][: marks.start()].rstrip()
    if persons_before and len(names) == 1 and names[0].isalpha() and names[0][0].isupper():
        return Person(family=names[0], identifiers=ids)
    return Person(literal=", ".join(names), identifiers=ids)


def _segment_people(segment: str, people: list[Person]) -> None:
    """One ``;`` segment of a list: persons, and runs of other items as group names."""
    pending: list[str] = []
    persons_before = False
    for item in segment.split(", "):
        p = parse_name(item)
        if p is None:
            pending.append(item.strip())
            continue
        names = [x for x in pending if x]
        if names:
            people.append(_group(names, persons_before))
        pending.clear()
        people.append(p)
        persons_before = True
    names = [x for x in pending if x]
    if names:
        people.append(_group(names, persons_before))


def parse_people(line: str) -> list[Person]:
    """An author (or collaborator / editor) list: persons, and group names after ``; ``.

    A group name may contain commas: within a ``;`` segment, consecutive items that are no
    personal name are joined back into one group name.
    """
    line = collapse(line)
    line = line.removesuffix(".")
    people: list[Person] = []
    for segment in line.split("; "):
        _segment_people(segment, people)
    return people


def looks_like_author_list(line: str) -> bool:
    """A block of names: comma list ending in ``.``, no sentence inside."""
    line = collapse(line)
    if not line.endswith(".") or len(line) < 3:
        return False
    body = EMAIL_NOTE.sub("", line[:-1])
    if ". " in body or ": " in body[:40]:
        return False
    people = parse_people(line)
    if not people:
        return False
    persons = sum(1 for p in people if not p.is_group)
    if persons and persons >= 0.5 * len(people):
        return True
    # group-only author line: short, one or two names
    return persons == 0 and len(line) <= 200 and len(people) <= 3


def looks_like_broken_author_list(line: str) -> bool:
    """A block that starts as an author list (its first three items or more are personal names)
    but is no list :func:`looks_like_author_list` accepts: to be reported, not read as abstract."""
    items = collapse(line).split("; ")[0].split(", ")
    if len(items) < 3 or parse_name(items[0]) is None:
        return False
    return sum(1 for item in items if parse_name(item) is not None) >= max(3, 0.8 * len(items))


# --------------------------------------------------------------------------- affiliations
def parse_affiliations(body: str) -> dict[str, str]:
    """``(1)Dept A. (2)Dept B.`` (wrapped or run together) -> {"1": "Dept A.", "2": "Dept B."}.

    Splits only at the next expected number, so a ``(3)`` inside an address is no boundary.
    """
    body = collapse(body)
    if not body:
        return {}
    matches = list(AFF_SPLIT.finditer(body))
    if not matches or matches[0].start() != 0:
        return {"1": body}
    cuts: list[tuple[int, int, str]] = []
    expected = int(matches[0].group(1)) if matches[0].group(1) != "#" else 1
    for m in matches:
        if m.group(1) == "#":  # "(#)Contributed equally": the key of the (#) author markers
            cuts.append((m.start(), m.end(), "#"))
        elif int(m.group(1)) == expected:
            cuts.append((m.start(), m.end(), m.group(1)))
            expected += 1
    out: dict[str, str] = {}
    for i, (_start, end, num) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(body)
        out[num] = body[end:stop].strip()
    return out


def _resolve_markers(p: Person, affiliations: dict[str, str]) -> None:
    """A person's markers -> its affiliations (``#``: contributed equally); the markers go."""
    for ident in p.identifiers:
        if ident.kind != AFF_MARKER:
            continue
        if ident.value == "#":
            p.equal_contrib = True
        elif ident.value in affiliations:
            aff = affiliations[ident.value]
            if aff not in p.affiliations:
                p.affiliations.append(aff)
    p.identifiers = [i for i in p.identifiers if i.kind != AFF_MARKER]


def join_affiliations(rec: Record, affiliations: dict[str, str], seen: bool) -> None:
    """The authors' markers resolved against the Author information block (``seen``: there was
    one); an affiliation no author points to is kept in ``extra['pubmed-text:affiliation-unassigned']``."""
    people = [p for p in rec.authors if not p.is_group]
    any_marker = any(i.kind == AFF_MARKER for p in people for i in p.identifiers)
    for p in rec.authors:
        _resolve_markers(p, affiliations)
    if seen and not any_marker and people and affiliations:
        # old records: one unnumbered affiliation, the first author's
        people[0].affiliations.extend(affiliations.values())
    used = {a for p in rec.authors for a in p.affiliations}
    for n, aff in affiliations.items():
        if aff not in used and n != "#":
            rec.add_extra("pubmed-text:affiliation-unassigned", f"({n}){aff}")
