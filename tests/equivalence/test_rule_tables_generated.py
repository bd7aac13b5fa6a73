"""The rule engine (medbib.plugins.rules) runs a table through functions it generates per record
type, in straight-line code. They give what running the table line by line gives (the plain
loops below, which the engine ran before), for the tables of RIS and CSL-JSON, on the fixture
records and on generated ones."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from conftest import FIXTURES
from hypothesis import given, settings
from serialise_reference import records, same

import medbib
from medbib.core.model import Record
from medbib.format.csljson.table import TABLE as CSL
from medbib.format.csljson.write import record_to_item
from medbib.format.ris.tags import TABLE as RIS
from medbib.format.ris.tags import ReadEnv, WriteEnv
from medbib.format.ris.write import record_to_tags
from medbib.plugins.rules import RuleTable


def reference_write(table: RuleTable, record: Record, env: Any) -> list[tuple[str, Any]]:
    out = []
    for rule in table.rules:
        if rule.read_only or not rule.applies(record.type):
            continue
        if rule.when is not None and not rule.when(record, env):
            continue
        value = record if rule.whole or not rule.fields else attrgetter(*rule.fields)(record)
        if rule.write is not None:
            several = len(rule.fields) > 1 and not rule.whole
            value = rule.write(*value, env) if several else rule.write(value, env)
        if value:
            out.append((rule.source, value))
    return out


def reference_read(table: RuleTable, values: dict[str, list[Any]], record: Record, env: Any) -> None:
    rtype = record.type
    for rule in table.rules:
        if rule.read is None or not rule.applies(rtype):
            continue
        found = list(values.get(rule.source, ()))
        for name in rule.also:
            found.extend(values.get(name, ()))
        rule.read(found, record, env)


def fixture_records() -> list[Record]:
    paths = [p for fmt in ("pubmed-xml", "medline", "pubmed-text", "ris", "csljson")
             for p in sorted((FIXTURES / fmt).iterdir()) if p.is_file() and not p.name.startswith(("README", "."))]
    out = []
    for path in paths:
        try:
            out.extend(medbib.read(path))
        except medbib.MedbibError:
            pass  # the fixtures of broken input
    return out


def check_write(rec: Record) -> None:
    assert same(list(CSL.write(rec, "key")), reference_write(CSL, rec, "key"))
    for env in (WriteEnv(key="key"), WriteEnv(key="key", zotero_extra=False, epub_et=False)):
        assert same(list(RIS.write(rec, env)), reference_write(RIS, rec, env))


def check_read(rec: Record) -> None:
    values = {var: [value] for var, value in record_to_item(rec, "key").items()}
    new, old = Record(), Record()
    CSL.read(values, new, None)
    reference_read(CSL, values, old, None)
    assert same(new.to_dict(), old.to_dict())
    _, tags = record_to_tags(rec, WriteEnv(key="key"))
    new, old = Record(type=rec.type), Record(type=rec.type)
    new_env, old_env = ReadEnv(tags), ReadEnv(tags)
    RIS.read(tags, new, new_env)
    reference_read(RIS, tags, old, old_env)
    assert same(new.to_dict(), old.to_dict()) and new_env.extra == old_env.extra


def test_generated_code_runs_the_tables_as_written_on_fixtures() -> None:
    recs = fixture_records()
    assert len(recs) > 50
    for rec in recs:
        check_write(rec)
        check_read(rec)


@settings(max_examples=200)
@given(records)
def test_generated_code_runs_the_tables_as_written(rec: Record) -> None:
    check_write(rec)
    check_read(rec)
