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

    @classmethod
    def metadata_key(cls) -> str:
        return "medbib_resolve_values"

    def resolve(self, raw: Any, strings: dict[str, str]) -> str:
        if not isinstance(raw, str):
            return str(raw)
        out = []
        for piece in _split_concat(raw):
            if len(piece) >= 2 and piece[0] == "{" and piece[-1] == "}":
                out.append(piece[1:-1])
            elif len(piece) >= 2 and piece[0] == '"' and piece[-1] == '"':
                out.append(piece[1:-1])
            elif piece.isdigit():
                out.append(piece)
            elif piece.lower() in strings:
                out.append(strings[piece.lower()])
            else:
                out.append(piece)  # an undefined macro: BibTeX warns and uses nothing; we keep the name
        return "".join(out)

    def transform(self, library: Library) -> Library:
        strings = dict(zip(MONTH_MACROS, MONTH_NAMES))
        for s in library.strings:  # in file order: later definitions win, may use earlier ones
            strings[s.key.lower()] = self.resolve(s.value, strings)
        for entry in library.entries:
            for field in entry.fields:
                field.value = self.resolve(field.value, strings)
        return library


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


def read(stream: BinaryIO, ctx: ReadContext) -> Iterator[Record]:
    text = "\n".join(iter_lines(stream, ctx))
    library = bibtexparser.parse_string(text, parse_stack=[ResolveValuesMiddleware()])
    _report_failed(library, ctx)
    entries = _entries(library, ctx)
    by_key = {e.key.lower(): e for e in entries}
    for index, entry in enumerate(entries, 1):
        line = (entry.start_line or 0) + 1
        try:
            rec = entry_to_record(entry, _fields(entry, by_key))
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
            ctx.error(f"cannot convert @{entry.entry_type}{{{entry.key}: {exc}", line=line,
                      record=index, record_id=entry.key)
            continue
        rec.origin = Origin(file=ctx.file, line=line, index=index, format="bibtex")
        yield rec
