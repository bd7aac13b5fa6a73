"""The ``custom`` block: medbib's extension that makes CSL-JSON lossless.

What no standard variable carries (MeSH structure, grants, links, history dates, other
abstracts…) goes under ``custom`` with medbib's own field names, and so does the structure of
what a standard variable flattens (abstract sections, every language, URL and ISBN, ISSN kinds,
keyword owners); name details (initials, ORCID, affiliations…) go to ``<field>_extra`` lists
beside the names, times of dates to ``<field>_date``. CSL processors ignore ``custom`` (it is
valid CSL); medbib reads it back into the same record.
"""

from __future__ import annotations

import json
from typing import Any

from ...core.model import Date, Identifier, Person, Record
from ...core.serialise import convert_checked, field_types, json_value, prune, to_dict
from .variables import DATES, PEOPLE, STANDARD

#: standard variables that hold only part of their field (``status`` says retracted or ahead of
#: print, nothing else): the field goes under custom all the same
_PARTIAL = frozenset({"status"})
#: record fields the standard variables carry: not repeated under custom (``origin`` is not data)
CARRIED = frozenset({f for r in STANDARD if r.source not in _PARTIAL for f in r.fields} | {"origin"})


#: carried fields kept whole under custom when their variable flattens them, in the order written:
#: (field, kept only when it has several items: the variable holds the first, or all joined)
_FLATTENED = (
    ("languages", True), ("urls", True), ("isbns", True), ("keywords", False), ("mesh", False),
    ("notes", True), ("issn_other", False), ("abstract", False), ("issn_print", False),
    ("issn_electronic", False), ("issn_linking", False), ("journal_iso_abbrev", False), ("title_markup", False),
)
#: the fields the block never takes from the serialised record, so never serialised for it (the
#: abstract is looked at on the record, and serialised only when it has structure)
CUSTOM_SKIP = CARRIED - {name for name, _ in _FLATTENED if name != "abstract"}


# --------------------------------------------------------------------------- writing
def write_custom(record: Record, key: str) -> dict[str, Any]:
    full = to_dict(record, skip=CUSTOM_SKIP)
    custom = {k: v for k, v in full.items() if k not in CARRIED}
    for name, several in _FLATTENED:
        value = _sections(record) if name == "abstract" else full.get(name)
        if value and (not several or len(value) > 1):
            custom[name] = value
    for name in PEOPLE:
        extras = [_person_details(p) for p in getattr(record, name)]
        if any(extras):
            custom[f"{name}_extra"] = extras
    for name in DATES:
        d = getattr(record, name)
        if d is not None and d.hour is not None:
            custom[f"{name}_date"] = to_dict(d)
    return custom


def _sections(record: Record) -> list[Any] | None:
    """The abstract's sections when they have labels, categories or markup."""
    if record.abstract and any(s.label or s.nlm_category or s.markup for s in record.abstract):
        return [json_value(x) for x in record.abstract]
    return None


def _person_details(p: Person) -> dict[str, Any]:
    """What a CSL name cannot hold: ``prune`` of these fields, built directly (once per name)."""
    d: dict[str, Any] = {}
    if p.initials:
        d["initials"] = p.initials
    if p.orcid:
        d["orcid"] = p.orcid
    if p.affiliations:
        d["affiliations"] = list(p.affiliations)
    if p.equal_contrib:
        d["equal_contrib"] = p.equal_contrib
    if p.identifiers:
        d["identifiers"] = [prune({"kind": i.kind, "value": i.value}) for i in p.identifiers]
    if p.given is None and p.initials and not p.is_group:
        d["given_absent"] = True
    return d


# --------------------------------------------------------------------------- reading
def read_custom(values: list[Any], rec: Record, env: Any) -> None:
    """Every key back into its field (a value of the wrong shape is kept in ``extra``), name
    details onto the names read from the standard variables, times onto their dates; unknown
    keys are kept in ``extra`` as ``csljson:custom.<key>``."""
    custom = values[0] if values else None
    if not isinstance(custom, dict):
        return
    hints = field_types(Record)
    for key, value in custom.items():
        if key in hints and key != "origin":
            setattr(rec, key, convert_checked(hints[key], value, f"custom.{key}"))
        elif key.endswith("_extra") and key[:-6] in PEOPLE and isinstance(value, list):
            _read_person_details(getattr(rec, key[:-6]), value, key)
        elif key.endswith("_date") and key[:-5] in DATES:
            _read_time(rec, key[:-5], value)
        else:
            rec.add_extra(f"csljson:custom.{key}", kept_text(value))
    # ISSNs with kinds from custom replace the untyped list
    typed = {rec.issn_print, rec.issn_electronic, rec.issn_linking} - {None}
    if typed and "issn_other" not in custom:
        rec.issn_other = [i for i in rec.issn_other if i not in typed]


def kept_text(value: Any) -> str:
    """A value kept in ``extra`` as text: text as it is, anything else as JSON (one rule for the
    unknown variables and the unknown keys of ``custom``)."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _read_person_details(people: list[Person], extras: list[Any], key: str) -> None:
    for i, (p, extra) in enumerate(zip(people, extras)):
        if not isinstance(extra, dict):
            continue
        initials, orcid, affiliations = extra.get("initials"), extra.get("orcid"), extra.get("affiliations")
        if not (_text_or_none(initials) and _text_or_none(orcid)
                and (not affiliations or (type(affiliations) is list and set(map(type, affiliations)) == {str}))):
            where = f"custom.{key}[{i}]"
            convert_checked(str | None, initials, f"{where}.initials")
            convert_checked(str | None, orcid, f"{where}.orcid")
            convert_checked(list[str], affiliations or [], f"{where}.affiliations")
        p.initials = initials or p.initials
        p.orcid = orcid or p.orcid
        p.affiliations = list(affiliations or [])
        p.equal_contrib = bool(extra.get("equal_contrib"))
        p.identifiers = [Identifier(*convert_checked(list[str], [i["kind"], i["value"]], f"custom.{key}.identifiers"))
                         for i in extra.get("identifiers") or [] if isinstance(i, dict) and "kind" in i and "value" in i]
        if extra.get("given_absent"):
            p.given = None


def _text_or_none(value: Any) -> bool:
    return value is None or isinstance(value, str)


def _read_time(rec: Record, name: str, value: Any) -> None:
    """A date with its time (history-like dates keep hours and minutes)."""
    try:
        setattr(rec, name, convert_checked(Date, value, name))
    except (TypeError, ValueError):
        pass
