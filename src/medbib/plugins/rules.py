"""The rule engine: a format's field mapping as one table, run in both directions.

After citation-js (``{source, target, convert: {toTarget, toSource}, when}``) and rispy (one tag
table for parser and writer). A format declares a list of :class:`Rule` and :class:`Lost` lines;
:class:`RuleTable` runs them:

- **writing** (:meth:`RuleTable.write`): for each rule that applies to the record's type (and
  whose ``when`` holds), the value of its ``target`` field (or its ``write`` converter's result)
  goes to its ``source`` (a tag, a field, a variable); empty values are left out;
- **reading** (:meth:`RuleTable.read`): each rule's ``read`` converter gets the values the input
  has for its ``source`` (and ``also``) names and fills the record; :meth:`RuleTable.sources`
  names everything the table reads for a record type, so a reader knows what is left over for
  ``record.extra``;
- **loss notes** (:meth:`RuleTable.losses`): each :class:`Lost` line says what the format cannot
  hold and why (the ``--report`` table);
- **documentation** (:meth:`RuleTable.rows`): docs/gen.py writes the format's table from it.

Awkward cases are small named functions the table points to; the engine knows nothing of any
format. Rules are looked up per record type once (:meth:`RuleTable.for_type`), not per record.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from ..core.model import Record

#: ``write(value, env)`` (one target field), ``write(record, env)`` (no target), or
#: ``write(*values, env)`` (several): the format's value(s), or something empty for nothing
WriteConvert = Callable[..., Any]
#: ``read(values, record, env)``: set what ``values`` (the input's values for the rule's names)
#: mean on ``record``
ReadConvert = Callable[[list[Any], Record, Any], None]


@dataclass(frozen=True)
class Rule:
    """One line of a mapping table: a format's ``source`` and the record's ``target`` field(s)."""

    source: str
    target: str | tuple[str, ...] = ()
    read: ReadConvert | None = None
    write: WriteConvert | None = None
    #: the record types the rule applies to (None: every type) and those it never applies to
    types: Collection[str] | None = None
    skip_types: Collection[str] = ()
    #: writing only when ``when(record, env)`` holds (a writer option, a field's value)
    when: Callable[[Record, Any], bool] | None = None
    #: other names of the format read by this rule (RIS ``T1`` and ``CT`` beside ``TI``)
    also: tuple[str, ...] = ()
    #: the rule reads only; it writes nothing (another rule writes its target)
    read_only: bool = False
    #: ``write`` gets the whole record (``target`` then only names the fields, for the docs)
    whole: bool = False
    note: str = ""

    def applies(self, rtype: str) -> bool:
        return (self.types is None or rtype in self.types) and rtype not in self.skip_types

    @property
    def fields(self) -> tuple[str, ...]:
        return (self.target,) if isinstance(self.target, str) else self.target


@dataclass(frozen=True)
class Lost:
    """What the format cannot hold: ``field`` (a record field, or a name for part of one) and why.

    Noted when the record has a value there, or when ``when(record, env)`` says so. ``{type}`` in
    the reason stands for the record's type, ``{detail}`` for ``detail(record, env)``. ``kept``:
    the value is written, only flattened (abstract sections in one AB, MeSH as keyword strings);
    ``--report`` lists such lines apart from real losses."""

    field: str
    reason: str
    types: Collection[str] | None = None
    skip_types: Collection[str] = ()
    when: Callable[[Record, Any], bool] | None = None
    detail: Callable[[Record, Any], str] | None = None
    kept: bool = False

    def applies(self, rtype: str) -> bool:
        return (self.types is None or rtype in self.types) and rtype not in self.skip_types


def _getter(rule: Rule) -> Callable[[Record], Any]:
    if rule.whole or not rule.fields:
        return lambda record: record
    return attrgetter(*rule.fields)


class RuleTable:
    """A format's table of :class:`Rule` and :class:`Lost` lines, and the engine that runs it."""

    def __init__(self, lines: Collection[Rule | Lost]) -> None:
        self.lines = tuple(lines)
        self.rules = tuple(x for x in self.lines if isinstance(x, Rule))
        self.lost = tuple(x for x in self.lines if isinstance(x, Lost))
        self._by_type: dict[str, tuple[Any, ...]] = {}
        self._lost_by_type: dict[str, tuple[Lost, ...]] = {}
        self._read_by_type: dict[str, tuple[Any, ...]] = {}
        self._sources: dict[str, frozenset[str]] = {}

    def sources(self, rtype: str) -> frozenset[str]:
        """Every name of the format that some rule reads for a record of this type (what is left
        over is the reader's to keep)."""
        found = self._sources.get(rtype)
        if found is None:
            found = self._sources[rtype] = frozenset(
                n for _, source, also in self._reading(rtype) for n in (source, *also))
        return found

    def _reading(self, rtype: str) -> tuple[Any, ...]:
        """(read, source, also) for each reading rule of a record type, in table order."""
        plan = self._read_by_type.get(rtype)
        if plan is None:
            plan = self._read_by_type[rtype] = tuple(
                (r.read, r.source, r.also) for r in self.rules if r.read is not None and r.applies(rtype))
        return plan

    def for_type(self, rtype: str) -> tuple[Any, ...]:
        """(rule, getter, several fields?) for each writing rule of a record type, in table order."""
        plan = self._by_type.get(rtype)
        if plan is None:
            plan = self._by_type[rtype] = tuple(
                (r, _getter(r), len(r.fields) > 1 and not r.whole) for r in self.rules
                if not r.read_only and r.applies(rtype))
        return plan

    def write(self, record: Record, env: Any = None) -> Iterator[tuple[str, Any]]:
        """(source, value) of each rule that has something to write for ``record``."""
        for rule, get, several in self.for_type(record.type):
            if rule.when is not None and not rule.when(record, env):
                continue
            value = get(record)
            convert = rule.write
            if convert is not None:
                value = convert(*value, env) if several else convert(value, env)
            if value:
                yield rule.source, value

    def read(self, values: Mapping[str, list[Any]], record: Record, env: Any = None) -> None:
        """Run every reading rule that applies to ``record.type`` on the input's values."""
        for read, source, also in self._reading(record.type):
            found = list(values.get(source, ()))
            for name in also:
                found.extend(values.get(name, ()))
            read(found, record, env)

    def losses(self, record: Record, env: Any = None) -> Iterator[tuple[str, str, bool]]:
        """(field, reason, kept) of everything in ``record`` that this format cannot hold (``kept``:
        only flattened)."""
        lines = self._lost_by_type.get(record.type)
        if lines is None:
            lines = self._lost_by_type[record.type] = tuple(x for x in self.lost if x.applies(record.type))
        for lost in lines:
            if lost.when(record, env) if lost.when is not None else getattr(record, lost.field):
                reason = lost.reason
                if "{" in reason:
                    reason = reason.replace("{type}", repr(record.type))
                    if lost.detail is not None:
                        reason = reason.replace("{detail}", lost.detail(record, env))
                yield lost.field, reason, lost.kept

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(format name, record field(s), direction, note) per rule, for the docs."""
        out = []
        for r in self.rules:
            names = ", ".join((r.source, *r.also))
            direction = "read" if r.read_only else "read, write" if r.read else "write"
            out.append((names, ", ".join(r.fields) or "—", direction, r.note))
        return out
