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
format. Rules are looked up per record type once (:meth:`RuleTable.for_type`), not per record:
reading and writing each run a function generated from them.
"""

from __future__ import annotations

import keyword
import textwrap
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
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
    the reason stands for the record's type, ``{detail}`` for ``detail(record, env)``."""

    field: str
    reason: str
    types: Collection[str] | None = None
    skip_types: Collection[str] = ()
    when: Callable[[Record, Any], bool] | None = None
    detail: Callable[[Record, Any], str] | None = None

    def applies(self, rtype: str) -> bool:
        return (self.types is None or rtype in self.types) and rtype not in self.skip_types


def _attribute(name: str) -> str:
    """``record.<name>`` in generated code: only a field name (or a dotted path) can go there."""
    if not all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split(".")):
        raise ValueError(f"not a record field: {name!r}")
    return f"record.{name}"


def _write_step(i: int, rule: Rule, namespace: dict[str, Any]) -> str:
    """The lines that write one rule: its value (or its converter's result), yielded when not empty."""
    namespace[f"s{i}"] = rule.source
    if rule.whole or not rule.fields:
        args = "record"
    else:
        args = ", ".join(_attribute(f) for f in rule.fields)
    if rule.write is not None:
        namespace[f"c{i}"] = rule.write
        value = f"c{i}({args}, env)"
    else:
        value = f"({args})" if len(rule.fields) > 1 and not rule.whole else args
    step = f"v = {value}\nif v:\n    yield s{i}, v"
    if rule.when is not None:
        namespace[f"w{i}"] = rule.when
        step = f"if w{i}(record, env):\n" + textwrap.indent(step, "    ")
    return textwrap.indent(step, "    ")


def _compile_writer(rules: tuple[Rule, ...]) -> Callable[[Record, Any], Iterator[tuple[str, Any]]]:
    """One generator function that runs ``rules`` in order, in straight-line code (as
    core.serialise generates ``to_dict``): looking at each rule's when, fields and converter per
    record would cost more than most converters do."""
    namespace: dict[str, Any] = {}
    steps = [_write_step(i, rule, namespace) for i, rule in enumerate(rules)]
    code = "def write(record, env):\n" + "\n".join(steps) + "\n    yield from ()\n"
    exec(compile(code, "<medbib rule table>", "exec"), namespace)  # noqa: S102 - our own template
    return namespace["write"]


def _read_step(i: int, rule: Rule, namespace: dict[str, Any]) -> str:
    """The lines that read one rule: the values of its names, in order, given to its converter."""
    namespace[f"r{i}"] = rule.read
    names = (rule.source, *rule.also)
    for j, name in enumerate(names):
        namespace[f"n{i}_{j}"] = name
    extend = "".join(f"\n    found.extend(values.get(n{i}_{j}, ()))" for j in range(1, len(names)))
    return f"    found = list(values.get(n{i}_0, ())){extend}\n    r{i}(found, record, env)"


def _compile_reader(rules: tuple[Rule, ...]) -> Callable[[Mapping[str, list[Any]], Record, Any], None]:
    """One function that runs the ``read`` converters of ``rules`` in order (see _compile_writer)."""
    namespace: dict[str, Any] = {}
    steps = [_read_step(i, rule, namespace) for i, rule in enumerate(rules)]
    code = "def read(values, record, env):\n" + "\n".join(steps) + "\n    return None\n"
    exec(compile(code, "<medbib rule table>", "exec"), namespace)  # noqa: S102 - our own template
    return namespace["read"]


class RuleTable:
    """A format's table of :class:`Rule` and :class:`Lost` lines, and the engine that runs it."""

    def __init__(self, lines: Collection[Rule | Lost]) -> None:
        self.lines = tuple(lines)
        self.rules = tuple(x for x in self.lines if isinstance(x, Rule))
        self.lost = tuple(x for x in self.lines if isinstance(x, Lost))
        self._by_type: dict[str, Callable[[Record, Any], Iterator[tuple[str, Any]]]] = {}
        self._lost_by_type: dict[str, tuple[Lost, ...]] = {}
        self._sources: dict[str, frozenset[str]] = {}
        self._read_by_type: dict[str, Callable[[Mapping[str, list[Any]], Record, Any], None]] = {}

    def sources(self, rtype: str) -> frozenset[str]:
        """Every name of the format that some rule reads for a record of this type (what is left
        over is the reader's to keep)."""
        found = self._sources.get(rtype)
        if found is None:
            found = self._sources[rtype] = frozenset(
                n for r in self.rules if r.read and r.applies(rtype) for n in (r.source, *r.also))
        return found

    def for_type(self, rtype: str) -> tuple[Rule, ...]:
        """The writing rules of a record type, in table order."""
        return tuple(r for r in self.rules if not r.read_only and r.applies(rtype))

    def write(self, record: Record, env: Any = None) -> Iterator[tuple[str, Any]]:
        """(source, value) of each rule that has something to write for ``record``."""
        writer = self._by_type.get(record.type)
        if writer is None:
            writer = self._by_type[record.type] = _compile_writer(self.for_type(record.type))
        return writer(record, env)

    def read(self, values: Mapping[str, list[Any]], record: Record, env: Any = None) -> None:
        """Run every reading rule that applies to ``record.type`` on the input's values."""
        reader = self._read_by_type.get(record.type)
        if reader is None:
            reader = self._read_by_type[record.type] = _compile_reader(
                tuple(r for r in self.rules if r.read is not None and r.applies(record.type)))
        reader(values, record, env)

    def losses(self, record: Record, env: Any = None) -> Iterator[tuple[str, str]]:
        """(field, reason) of everything in ``record`` that this format cannot hold."""
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
                yield lost.field, reason

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(format name, record field(s), direction, note) per rule, for the docs."""
        out = []
        for r in self.rules:
            names = ", ".join((r.source, *r.also))
            direction = "read" if r.read_only else "read, write" if r.read else "write"
            out.append((names, ", ".join(r.fields) or "—", direction, r.note))
        return out
