"""Writing BibTeX and BibLaTeX: the dialect's table applied, the entry's text joined.

An entry is (entry type, key, [(field, value as written)]); :func:`format_entry` joins it as
``bibtexparser.write_string`` writes it (one-entry Library, empty unparse stack, two-space indent,
values at column 14, trailing comma; tests/equivalence/test_bibtex_format_entry.py checks it).
Every value is enclosed by the converters themselves (bibtexparser's ``AddEnclosingMiddleware``
would brace the month macros, and cannot know which values are LaTeX already), escaped by
:mod:`.escape` so that the only braces in a value are balanced ones — which is what makes a hostile
title unable to end its field early. One record is written at a time, so output streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TextIO

from ...core.model import Record
from ...core.text import ascii_fold
from ...plugins.contexts import WriteContext
from .ascii import describe, noting
from .escape import enclose, escape
from .latex import collapse
from .rules import BIBLATEX_DIALECT, BIBTEX_DIALECT, Dialect, WriteEnv

_KEY_BAD = re.compile(r"[^A-Za-z0-9_:.\-+/]")
_EXTRA_FIELD = re.compile(r"[a-z][a-z0-9_-]*")

Entry = tuple[str, str, list[tuple[str, str]]]


def format_entry(etype: str, key: str, items: list[tuple[str, str]]) -> str:
    """One entry as BibTeX text, what bibtexparser's writer makes of it with our format."""
    lines = [f"@{etype}{{{key},"]
    for name, value in items:
        # the value starts at column 14 after the indent, unless the name is too long for it
        lines.append(f"  {name}{' ' * (11 - len(name))} = {value},")
    lines.append("}\n")
    return "\n".join(lines)


def _extra_fields(rec: Record, written: list[tuple[str, str]], env: WriteEnv) -> list[tuple[str, str]]:
    """Fields read from a .bib file into ``record.extra`` (``bibtex:<field>``), as they came."""
    names = {n for n, _ in written}
    out = []
    for key, values in rec.extra.items():
        if key.startswith("bibtex:") and values and _EXTRA_FIELD.fullmatch(key[7:]) and key[7:] not in names:
            value = collapse(values[0])
            if value:
                out.append((key[7:], enclose(escape(value, env.ascii))))
    return out


def unique_key(rec: Record, ctx: WriteContext, used: set[str]) -> str:
    """ctx.key, made safe for BibTeX (ASCII, no comma/brace/space) and unique."""
    safe = _KEY_BAD.sub("", ascii_fold(ctx.key(rec))) or "anon"
    base, n = safe, 0
    while safe in used:
        n += 1
        safe = f"{base}-{n}"
    used.add(safe)
    return safe


def record_to_entry(rec: Record, dialect: Dialect, env: WriteEnv, ctx: WriteContext, used: set[str]) -> Entry:
    """(entry type, key, [(field, value as written)]) of one record; what it cannot hold noted.
    ``--ascii``: the characters written approximately or left out are named in a warning (DOIs and
    URLs are percent-encoded, exactly)."""
    if not env.ascii:
        return _entry(rec, dialect, env, ctx, used)
    with noting() as chars:
        entry = _entry(rec, dialect, env, ctx, used)
    if chars:
        ctx.warn(rec, f"--ascii: characters with no LaTeX form: {describe(chars)}")
    return entry


def _entry(rec: Record, dialect: Dialect, env: WriteEnv, ctx: WriteContext, used: set[str]) -> Entry:
    fields = dialect.table.write(rec, env)
    _, etype = next(fields)  # the table's first line: the entry type
    invalid = dialect.invalid.get(etype, ())
    items: list[tuple[str, str]] = []
    dropped: list[str] = []
    for name, value in fields:
        if name in invalid:
            dropped.append(name)
        else:
            items.append((name, value))
    if dialect.writes_extra and rec.extra:
        items += _extra_fields(rec, items, env)
    for name, reason, kept in dialect.table.losses(rec, env):
        ctx.lost(rec, name, reason, kept=kept)
    for name in dropped:
        ctx.lost(rec, name, f"not in BibLaTeX's data model for @{etype}")
    return etype, unique_key(rec, ctx, used), items


def _writer(dialect: Dialect):  # type: ignore[no-untyped-def]
    def write(records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:
        env = WriteEnv(ascii=bool(ctx.options.ascii))
        used: set[str] = set()
        first = True
        for rec in records:
            try:
                text = format_entry(*record_to_entry(rec, dialect, env, ctx, used))
            except (TypeError, ValueError, KeyError, IndexError, AttributeError) as exc:
                ctx.error(rec, f"cannot write as {dialect.name}: {exc}")
                continue
            out.write(text if first else "\n" + text)
            first = False
    return write


write_bibtex = _writer(BIBTEX_DIALECT)
write_biblatex = _writer(BIBLATEX_DIALECT)
