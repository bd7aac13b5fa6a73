"""Reading BibTeX and BibLaTeX: bibtexparser v2 splits the file, ``@string`` macros, ``#`` and
``crossref`` are resolved here, the field table (:mod:`.rules`) turns each entry into a record.

A .bib file must be read whole: ``@string`` macros and ``crossref`` parents may come after the
entries that use them. Blocks bibtexparser cannot parse are reported with file and line
(``ctx.error``) and the rest is converted. Fields no rule reads are kept in ``record.extra`` as
``bibtex:<field>``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any, BinaryIO

import bibtexparser
from bibtexparser import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from ...core.errors import ParseError
from ...core.model import Origin, Record
from ...core.streams import iter_lines
from ...core.vocabulary import DOCUMENT, MONTH_NAMES, PREPRINT
from ...plugins.contexts import ReadContext
from .latex import decode
from .rules import BIBTEX, READ_TYPES, ReadEnv
from .values import MONTH_MACROS

# bibtexparser logs each failed block itself; we report them through ctx.error instead
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

#: read here, not by the table
FRAME_FIELDS = frozenset({"crossref"})
#: the longest value ``@string`` macros may expand to, and how deep macros may use macros
#: (a few lines of ``@string{a1 = a0 # a0}`` would otherwise double to gigabytes)
MAX_EXPANSION = 1 << 20
MAX_MACRO_DEPTH = 100
#: fields kept in extra as they are written (not LaTeX)
RAW_FIELDS = frozenset({"file"})


# --------------------------------------------------------------------------- value resolution
def _split_concat(raw: str) -> list[str]:
    """Split a raw field value at ``#`` outside braces and quotes."""
    if "#" not in raw:  # the common case, without the walk over every character
        return [raw.strip()]
    parts, depth, quote, cur = [], 0, False, []
    for c in raw:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quote = not quote
        elif c == "#" and depth == 0 and not quote:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(c)
    parts.append("".join(cur))
    return [p.strip() for p in parts]


class ResolveValuesMiddleware(LibraryMiddleware):
    """Resolve ``@string`` macros, month macros and ``#`` concatenation; strip the enclosing.

    (bibtexparser's own ResolveStringReferencesMiddleware resolves only a value that is one
    whole macro name, not ``sep # "--" # oct`` or ``stefan # and # maintainer``.) Month macros
    resolve to the names BibTeX's standard styles give them (``jan`` -> ``January``).
    """

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        #: id(entry) -> why its values were not expanded (the entry is reported and skipped)
        self.refused: dict[int, str] = {}

    @classmethod
    def metadata_key(cls) -> str:
        return "medbib_resolve_values"

    def resolve(self, raw: Any, strings: dict[str, Any]) -> str:
        """The value with its macros expanded; :class:`_Refused` when a value using macros is longer
        than ``MAX_EXPANSION`` or uses a macro that was refused."""
        if not isinstance(raw, str):
            return str(raw)
        out = []
        size = 0
        expanded = False  # a literal value is bounded by the line limit; only expansions are by this
        for piece in _split_concat(raw):
            if len(piece) >= 2 and piece[0] == "{" and piece[-1] == "}":
                piece = piece[1:-1]
            elif len(piece) >= 2 and piece[0] == '"' and piece[-1] == '"':
                piece = piece[1:-1]
            elif not piece.isdigit() and piece.lower() in strings:
                piece = strings[piece.lower()]
                if isinstance(piece, _Refused):
                    raise piece
                expanded = True
            # else an undefined macro: BibTeX warns and uses nothing; we keep the name
            size += len(piece)
            if expanded and size > MAX_EXPANSION:
                raise _Refused(f"macro expansion longer than {MAX_EXPANSION >> 20} MB (the limit)")
            out.append(piece)
        return "".join(out)

    def transform(self, library: Library) -> Library:
        strings: dict[str, Any] = dict(zip(MONTH_MACROS, MONTH_NAMES))
        depth: dict[str, int] = {}
        for s in library.strings:  # in file order: later definitions win, may use earlier ones
            key = s.key.lower()
            used = [depth.get(p.lower(), 0) for p in _split_concat(s.value)] if isinstance(s.value, str) else []
            depth[key] = 1 + max(used, default=0)
            try:
                strings[key] = self.resolve(s.value, strings)
                if depth[key] > MAX_MACRO_DEPTH:
                    raise _Refused(f"macros nested deeper than {MAX_MACRO_DEPTH} (the limit)")
            except _Refused as exc:  # the first macro refused is named by those using it
                strings[key] = exc if exc.macro else _Refused(exc.reason, macro=s.key)
        for entry in library.entries:
            for field in entry.fields:
                try:
                    field.value = self.resolve(field.value, strings)
                except _Refused as exc:
                    self.refused[id(entry)] = f"field {field.key}: {exc}"
                    field.value = ""
        return library


class _Refused(Exception):
    """A macro (or a value using it) whose expansion is refused, with the reason."""

    def __init__(self, reason: str, macro: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.macro = macro

    def __str__(self) -> str:
        return f"@string {self.macro}: {self.reason}" if self.macro else self.reason


# --------------------------------------------------------------------------- entries
def entry_to_record(entry: Entry, fields: dict[str, str]) -> Record:
    """One entry (its fields resolved, names in lower case) -> Record."""
    etype = entry.entry_type.lower()
    rec = Record(type=READ_TYPES.get(etype, DOCUMENT), id=entry.key or None)
    if fields.get("pubstate", "").strip().lower() == "prepublished":
        rec.type = PREPRINT
    BIBTEX.read({k: [v] for k, v in fields.items() if v}, rec, ReadEnv(fields, etype))
    consumed = BIBTEX.sources(rec.type)
    for key, value in fields.items():
        if value and key not in consumed and key not in FRAME_FIELDS:
            rec.add_extra(f"bibtex:{key}", value if key in RAW_FIELDS else decode(value))
    return rec


def _inherit(child: dict[str, str], parent: dict[str, str]) -> None:
    """crossref: the parent's fields fill the child's gaps (title -> booktitle, as biber does)."""
    for k, v in parent.items():
        if k in FRAME_FIELDS:
            continue
        if k == "title":
            child.setdefault("booktitle", v)
            continue
        child.setdefault(k, v)


def _report_failed(library: Library, ctx: ReadContext) -> None:
    for block in library.failed_blocks:
        if isinstance(block, ParsingFailedBlock) and not isinstance(block, DuplicateBlockKeyBlock):
            err = getattr(block, "error", None)
            reason = " ".join(str(getattr(err, "abort_reason", None) or err or "cannot parse block").split())
            ctx.error(f"BibTeX block not readable: {reason}", line=(block.start_line or 0) + 1)


def _entries(library: Library, ctx: ReadContext) -> list[Entry]:
    """The entries in file order, including the second of two with the same key (a warning)."""
    entries: list[Entry] = []
    for block in library.blocks:
        if isinstance(block, Entry):
            entries.append(block)
        elif isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, Entry):
            dup = block.ignore_error_block
            ctx.warn(f"duplicate key {dup.key!r}", line=(block.start_line or 0) + 1)
            entries.append(dup)
    return entries


def _fields(entry: Entry, by_key: dict[str, Entry]) -> dict[str, str]:
    """The entry's fields (names in lower case), its crossref parent's filling the gaps."""
    fields = {f.key.lower(): f.value for f in entry.fields if isinstance(f.value, str)}
    parent_key = fields.get("crossref", "").strip().lower()
    if parent_key and parent_key in by_key and by_key[parent_key] is not entry:
        _inherit(fields, {f.key.lower(): f.value for f in by_key[parent_key].fields})
    return fields


def _text(stream: BinaryIO, ctx: ReadContext) -> tuple[str, ParseError | None]:
    """The whole text, or what came before damage (a cut gzip stream, a line over the limit) and
    the error, raised once the entries before it are read."""
    lines: list[str] = []
    try:
        lines.extend(iter_lines(stream, ctx))
    except ParseError as exc:
        return "\n".join(lines), exc
    return "\n".join(lines), None


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    text, damage = _text(stream, ctx)
    yield from _records(text, ctx)
    if damage is not None:
        raise damage


def _records(text: str, ctx: ReadContext) -> Iterator[Record]:
    resolver = ResolveValuesMiddleware()
    library = bibtexparser.parse_string(text, parse_stack=[resolver])
    _report_failed(library, ctx)
    entries = _entries(library, ctx)
    by_key = {e.key.lower(): e for e in entries}
    for index, entry in enumerate(entries, 1):
        line = (entry.start_line or 0) + 1
        if id(entry) in resolver.refused:
            ctx.error(f"@{entry.entry_type}{{{entry.key}: {resolver.refused[id(entry)]}; entry skipped",
                      line=line, record=index, record_id=entry.key)
            continue
        try:
            rec = entry_to_record(entry, _fields(entry, by_key))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
            ctx.error(f"cannot convert @{entry.entry_type}{{{entry.key}: {exc}", line=line,
                      record=index, record_id=entry.key)
            continue
        rec.origin = Origin(file=ctx.file, line=line, index=index, format="bibtex")
        yield rec
