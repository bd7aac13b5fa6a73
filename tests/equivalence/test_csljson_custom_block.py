"""CSL-JSON's ``custom`` block takes two shortcuts (medbib.format.csljson.custom): the record is
serialised without the fields the block never uses (``CUSTOM_SKIP``: the names, the dates, the
abstract…), and each name's details are built field by field instead of by ``prune``. Both give
what the plain way gives: the whole record serialised by the reference, and ``prune``."""

from __future__ import annotations

from typing import Any

from conftest import FIXTURES
from hypothesis import given, settings
from hypothesis import strategies as st
from serialise_reference import FIELD_NAMES, ODD, records, ref_to_dict, same

import medbib
from medbib.core.model import Person, Record
from medbib.core.serialise import prune, to_dict
from medbib.format.csljson.custom import CARRIED, CUSTOM_SKIP, write_custom

PEOPLE = ("authors", "editors", "translators")
DATES = ("issued", "epub")


def reference_custom(record: Record) -> dict[str, Any]:
    """The custom block from the whole record serialised plainly, name details by ``prune``."""
    full = ref_to_dict(record)
    custom = {k: v for k, v in full.items() if k not in CARRIED}
    for name in ("languages", "urls", "isbns", "keywords", "mesh", "notes", "issn_other"):
        value = full.get(name)
        if value and (len(value) > 1 or name in ("keywords", "mesh", "issn_other")):
            custom[name] = value
    if any(s.label or s.nlm_category or s.markup for s in record.abstract):
        custom["abstract"] = full["abstract"]
    for name in ("issn_print", "issn_electronic", "issn_linking", "journal_iso_abbrev", "title_markup"):
        if full.get(name):
            custom[name] = full[name]
    for name in PEOPLE:
        extras = [reference_person_details(p) for p in getattr(record, name)]
        if any(extras):
            custom[f"{name}_extra"] = extras
    for name in DATES:
        d = getattr(record, name)
        if d is not None and d.hour is not None:
            custom[f"{name}_date"] = full[name]
    return custom


def reference_person_details(p: Person) -> dict[str, Any]:
    return prune({"initials": p.initials, "orcid": p.orcid, "affiliations": p.affiliations,
                  "equal_contrib": p.equal_contrib,
                  "identifiers": [{"kind": i.kind, "value": i.value} for i in p.identifiers],
                  "given_absent": p.given is None and bool(p.initials) and not p.is_group})


@settings(max_examples=300)
@given(records)
def test_custom_block_matches_the_plain_way(rec: Record) -> None:
    assert same(write_custom(rec, "key"), reference_custom(rec))


def test_custom_block_matches_the_plain_way_on_fixtures() -> None:
    recs = [r for fmt in ("pubmed-xml", "medline", "csljson") for path in sorted((FIXTURES / fmt).iterdir())
            if path.is_file() and path.suffix in (".xml", ".gz", ".nbib", ".txt", ".json")
            for r in medbib.read(path)]
    assert len(recs) > 20 and any(write_custom(r, "key") for r in recs)
    for rec in recs:
        assert same(write_custom(rec, "key"), reference_custom(rec))


# the serialisation without CUSTOM_SKIP gives what the reference gives without those fields
@settings(max_examples=300)
@given(records)
def test_custom_skip_serialises_as_the_reference(rec: Record) -> None:
    assert same(to_dict(rec, skip=CUSTOM_SKIP), ref_to_dict(rec, CUSTOM_SKIP))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.sampled_from(FIELD_NAMES), ODD), max_size=6))
def test_custom_skip_serialises_as_the_reference_on_odd_values(assignments: list[tuple[str, Any]]) -> None:
    rec = Record()
    for name, value in assignments:
        setattr(rec, name, value)
    assert same(to_dict(rec, skip=CUSTOM_SKIP), ref_to_dict(rec, CUSTOM_SKIP))
