"""Curation between reading and writing: ``--dedupe``, ``--drop``/``--only`` and ``--journal``.

Each is a step on the stream of records, so it works the same for every writer, for one output
and for ``-o DIR/`` (one output per input), and in the Python API (``convert(..., dedupe=True,
drop=..., only=..., journal=...)``, ``write(..., drop=..., only=..., journal=...)``). The order
is: duplicates merged (they may fill each other's empty fields), then the journal form chosen,
then fields dropped.

- **dedupe**: records sharing a PMID, else a DOI (compared case-insensitively, resolver prefix
  removed), are merged. The kept record is the most complete one — the one with the most fields
  that have a value (ties: the first read) — and each of its empty fields is filled from the
  others, in reading order (a field and its companions, e.g. ``title`` and ``title_markup``,
  together). Every record is held until the inputs are read: memory grows with the number of
  records (see docs/cli.md for the measurement); without ``--dedupe`` nothing is held.
- **drop/only**: the record model's field names (``field_names()``); ``issn`` names the four
  ISSN fields; a field takes its companions along (``title`` its markup, ``pages`` the raw and
  first/last pages, ``authors`` the truncation flag). ``only`` always keeps ``type`` and ``id``.
- **journal**: ``full`` (the journal's full title), ``abbrev`` (the NLM abbreviation, MedlineTA:
  ``Br J Cancer``) or ``iso`` (the dotted ISO 4 abbreviation: ``Br. J. Cancer``) becomes the
  record's ``container_title``, which every writer writes as the journal. Where the asked form is
  not known, the nearest one is written and the run ends with one warning that counts them.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..core.errors import MedbibError, UsageError
from ..core.identifiers import normalize_doi
from ..core.model import Record
from ..core.vocabulary import BOOK, CHAPTER, PAPER_CONFERENCE
from ..plugins.registry import did_you_mean

ProblemHandler = Callable[[MedbibError, str], None]  # (error, "error" | "warning"), as for readers

JOURNAL_FORMS = ("full", "abbrev", "iso")

#: fields that go with another one: dropped, kept and filled together with it
COMPANIONS: dict[str, tuple[str, ...]] = {
    "title": ("title_markup", "title_translated"),
    "original_title": ("original_title_markup",),
    "container_title": ("container_title_markup",),
    "pages": ("pages_raw", "page_first", "page_last"),
    "authors": ("authors_truncated",),
}
#: names for several fields at once
GROUPS: dict[str, tuple[str, ...]] = {"issn": ("issn_print", "issn_electronic", "issn_linking", "issn_other")}
_NOT_DATA = ("origin", "type")  # where a record comes from, and what it is: never dropped
_ALWAYS_KEPT = ("type", "id")  # what --only keeps besides the fields named

_DEFAULTS: dict[str, Callable[[], Any]] = {
    f.name: (f.default_factory if f.default_factory is not dataclasses.MISSING else (lambda v=f.default: v))
    for f in dataclasses.fields(Record)
}
_DATA_FIELDS = tuple(name for name in _DEFAULTS if name not in _NOT_DATA)


def field_names() -> list[str]:
    """Every name ``--drop``/``--only`` take, sorted."""
    return sorted((*_DATA_FIELDS, *GROUPS))


def _names(value: str | Iterable[str] | None, option: str) -> tuple[str, ...]:
    """``"abstract,mesh"`` or ``["abstract", "mesh"]`` -> the field names, checked."""
    if value is None:
        return ()
    items = value.split(",") if isinstance(value, str) else [p for v in value for p in str(v).split(",")]
    names = tuple(n.strip() for n in items if n.strip())
    unknown = [n for n in names if n not in _DEFAULTS or n in _NOT_DATA] if names else []
    unknown = [n for n in unknown if n not in GROUPS]
    if unknown:
        raise UsageError(f"{option}: unknown field{'s' if len(unknown) > 1 else ''} "
                         f"{', '.join(map(repr, unknown))}{did_you_mean(unknown[0], field_names())}; "
                         f"valid: {', '.join(field_names())}")
    if not names and isinstance(value, str):  # `--drop ""`; an empty list asks for nothing
        raise UsageError(f"{option} needs at least one field name; valid: {', '.join(field_names())}")
    return names


def _expand(names: Iterable[str]) -> set[str]:
    """Field names with their groups opened and their companions added."""
    out: set[str] = set()
    for name in names:
        for f in GROUPS.get(name, (name,)):
            out.add(f)
            out.update(COMPANIONS.get(f, ()))
    return out


@dataclass(frozen=True)
class Curation:
    """What to do to the records before they are written (picklable, for --jobs and Dask)."""

    dedupe: bool = False
    cleared: tuple[str, ...] = ()  # the fields emptied (from drop or only), companions included
    journal: str | None = None

    @classmethod
    def make(cls, *, dedupe: bool = False, drop: str | Iterable[str] | None = None,
             only: str | Iterable[str] | None = None, journal: str | None = None) -> Curation | None:
        """The curation asked for (None when nothing is); UsageError for unknown names or forms."""
        dropped, kept = _names(drop, "--drop"), _names(only, "--only")
        if dropped and kept:
            raise UsageError("--drop and --only cannot be used together")
        if journal is not None and journal not in JOURNAL_FORMS:
            raise UsageError(f"--journal: unknown form {journal!r}; valid: {', '.join(JOURNAL_FORMS)}")
        if kept:
            keep = _expand(kept) | set(_ALWAYS_KEPT)
            cleared = tuple(f for f in _DATA_FIELDS if f not in keep)
        else:
            gone = _expand(dropped)
            cleared = tuple(f for f in _DATA_FIELDS if f in gone)
        if not (dedupe or cleared or journal):
            return None
        return cls(dedupe=dedupe, cleared=cleared, journal=journal)

    def kwargs(self) -> dict[str, Any]:
        """What to pass on to ``convert`` to curate the same way (for -o DIR/ and Dask)."""
        return {"dedupe": self.dedupe, "drop": list(self.cleared) or None, "journal": self.journal}

    def apply(self, records: Iterable[Record], *, on_problem: ProblemHandler | None = None,
              strict: bool = False, merges: list[Merge] | None = None) -> Iterator[Record]:
        """The records, curated; merges are appended to ``merges`` as they are decided."""
        stream: Iterable[Record] = records
        if self.dedupe:
            stream = dedupe(stream, merges if merges is not None else [])
        if self.journal:
            stream = JournalForms(self.journal, strict=strict, on_problem=on_problem).apply(stream)
        if self.cleared:
            stream = clear_fields(stream, self.cleared)
        return iter(stream)


# --------------------------------------------------------------------------- drop / only
def clear_fields(records: Iterable[Record], names: tuple[str, ...]) -> Iterator[Record]:
    """Each record (a shallow copy: the caller's records are left alone) with ``names`` emptied."""
    defaults = [(name, _DEFAULTS[name]) for name in names]
    for rec in records:
        rec = copy.copy(rec)
        for name, default in defaults:
            setattr(rec, name, default())
        yield rec


# --------------------------------------------------------------------------- dedupe
@dataclass
class Merge:
    """Records merged into one: the key they share, the kept one, the others, the fields filled."""

    key: str  # "PMID 38534005" or "DOI 10.1515/cclm-2024-0070"
    kept: str  # "a.xml record 1"
    merged: list[str]
    filled: list[str]
    merged_files: list[str | None]

    def line(self) -> str:
        filled = f" (filled: {', '.join(self.filled)})" if self.filled else ""
        return f"duplicate {self.key}: kept {self.kept}, merged {', '.join(self.merged)} into it{filled}"


def _where(rec: Record) -> str:
    o = rec.origin
    if o is None:
        return f"record {rec.id or '?'}"
    return f"{o.file or '<input>'} record {o.index if o.index is not None else '?'}"


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def completeness(rec: Record) -> int:
    """How many of the record's fields have a value (what "most complete" means)."""
    return sum(not _empty(getattr(rec, name)) for name in _DATA_FIELDS)


_UNITS: tuple[tuple[str, ...], ...] = tuple(
    (name, *COMPANIONS.get(name, ())) for name in _DATA_FIELDS
    if name not in {c for cs in COMPANIONS.values() for c in cs} and name != "extra"
)


def _fill(kept: Record, others: list[Record]) -> list[str]:
    """Fill the kept record's empty fields from the others (a field and its companions together,
    only when all of them are empty); ``extra`` gets the keys it lacks. Returns what was filled."""
    filled = []
    for unit in _UNITS:
        if not all(_empty(getattr(kept, f)) for f in unit):
            continue
        donor = next((o for o in others if not all(_empty(getattr(o, f)) for f in unit)), None)
        if donor is not None:
            for f in unit:
                setattr(kept, f, copy.copy(getattr(donor, f)))
            filled.append(unit[0])
    for other in others:
        for key, values in other.extra.items():
            if key not in kept.extra:
                kept.extra[key] = list(values)
                filled.append(f"extra[{key}]")
    return filled


def _doi_key(rec: Record) -> str | None:
    doi = normalize_doi(rec.doi) if rec.doi else None
    return doi.lower() if doi else None


class _Groups:
    """Records grouped by PMID, else DOI, in the order their first record was read."""

    def __init__(self) -> None:
        self.groups: list[list[Record]] = []
        self.by_pmid: dict[str, int] = {}
        self.by_doi: dict[str, int] = {}
        self.pmid_of: list[str | None] = []  # the group's PMID, once one of its records has one

    def _find(self, pmid: str | None, doi: str | None) -> int | None:
        if pmid and pmid in self.by_pmid:
            return self.by_pmid[pmid]
        if doi and doi in self.by_doi:
            g = self.by_doi[doi]
            if not (pmid and self.pmid_of[g]):  # two different PMIDs are two records, whatever the DOI
                return g
        return None

    def add(self, rec: Record) -> None:
        pmid, doi = (rec.pmid or "").strip() or None, _doi_key(rec)
        g = self._find(pmid, doi)
        if g is None:
            g = len(self.groups)
            self.groups.append([])
            self.pmid_of.append(None)
        self.groups[g].append(rec)
        if pmid:
            self.by_pmid.setdefault(pmid, g)
            self.pmid_of[g] = self.pmid_of[g] or pmid
        if doi:
            self.by_doi.setdefault(doi, g)


def dedupe(records: Iterable[Record], merges: list[Merge]) -> Iterator[Record]:
    """One record per PMID (else DOI): the most complete, filled from the others. Holds every
    record until the input ends; the output keeps the order of each group's first record."""
    groups = _Groups()
    for rec in records:
        groups.add(rec)
    for members in groups.groups:
        if len(members) == 1:
            yield members[0]
            continue
        best = max(range(len(members)), key=lambda i: (completeness(members[i]), -i))
        kept, others = members[best], members[:best] + members[best + 1:]
        filled = _fill(kept, others)
        key = f"PMID {kept.pmid}" if kept.pmid and all(o.pmid == kept.pmid for o in others) else \
            f"DOI {_doi_key(kept)}"
        merges.append(Merge(key, _where(kept), [_where(o) for o in others], filled,
                            [o.origin.file if o.origin else None for o in others]))
        yield kept


# --------------------------------------------------------------------------- journal names
_JOURNAL_TYPES_NOT = (BOOK, CHAPTER, PAPER_CONFERENCE)  # their container is a book or proceedings
_WORD = re.compile(r"\w+")


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


def full_title_known(rec: Record) -> bool:
    """Whether ``container_title`` is the journal's full title. The Abstract (text) export holds
    only the abbreviation, which its reader puts there: a title of several words equal to the
    NLM abbreviation is taken for an abbreviation."""
    t = rec.container_title
    return bool(t) and not (t == rec.journal_abbrev and " " in t)


def iso_from(abbrev: str, full: str) -> str:
    """The dotted ISO 4 form of an undotted NLM abbreviation, given the full title: a word of the
    abbreviation that is not a whole word of the title is abbreviated and takes a period
    (``Br J Cancer`` + ``British journal of cancer`` -> ``Br. J. Cancer``); words in parentheses
    (``(Bellingham)``) and words already ending in punctuation stay as written."""
    words = set(_WORD.findall(_folded(full)))
    out, depth = [], 0
    for token in abbrev.split():
        opened = depth > 0 or token.startswith("(")
        depth += token.count("(") - token.count(")")
        core = _folded(token)
        if opened or not token[-1:].isalnum() or core in words or not core.isalpha():
            out.append(token)
        else:
            out.append(token + ".")
    return " ".join(out)


def _iso(rec: Record) -> str | None:
    iso = rec.journal_iso_abbrev
    if iso and "." in iso:
        return iso
    abbrev = rec.journal_abbrev or iso
    if abbrev and full_title_known(rec):
        return iso_from(abbrev, rec.container_title or "")
    return None


_WANTED = {
    "full": (lambda r: r.container_title if full_title_known(r) else None, "full title",
             "the abbreviation was written"),
    "abbrev": (lambda r: r.journal_abbrev, "NLM abbreviation",
               "the ISO abbreviation, else the full title, was written"),
    "iso": (_iso, "ISO abbreviation (no dotted ISOAbbreviation, and no full title to derive it from)",
            "the NLM abbreviation was written"),
}


class JournalForms:
    """``--journal``: the asked form of the journal's name in ``container_title``; where it is not
    known, the nearest one, counted, with one warning at the end of the run."""

    def __init__(self, form: str, *, strict: bool = False, on_problem: ProblemHandler | None = None) -> None:
        self.form, self.strict, self.on_problem = form, strict, on_problem
        self.journals = self.missing = 0

    def _fallback(self, rec: Record) -> str | None:
        if self.form == "abbrev":
            return rec.journal_iso_abbrev or rec.container_title
        return rec.journal_abbrev or rec.journal_iso_abbrev or rec.container_title

    def one(self, rec: Record) -> Record:
        if rec.type in _JOURNAL_TYPES_NOT or not (rec.container_title or rec.journal_abbrev
                                                  or rec.journal_iso_abbrev):
            return rec
        self.journals += 1
        wanted = _WANTED[self.form][0](rec)
        if not wanted:
            self.missing += 1
            if self.strict:
                raise MedbibError(f"--journal {self.form}: no {_WANTED[self.form][1]}",
                                  file=rec.origin.file if rec.origin else None,
                                  record=rec.origin.index if rec.origin else None,
                                  record_id=f"PMID {rec.pmid}" if rec.pmid else None)
            wanted = self._fallback(rec)
        iso = wanted if self.form == "iso" and wanted and "." in wanted else rec.journal_iso_abbrev
        if wanted != rec.container_title or iso != rec.journal_iso_abbrev:
            rec = copy.copy(rec)
            if wanted != rec.container_title:
                rec.container_title, rec.container_title_markup = wanted, None
            rec.journal_iso_abbrev = iso
        return rec

    def apply(self, records: Iterable[Record]) -> Iterator[Record]:
        for rec in records:
            yield self.one(rec)
        if self.missing and self.on_problem:
            _, what, instead = _WANTED[self.form]
            records = f"record{'s' if self.journals != 1 else ''}"
            self.on_problem(MedbibError(f"--journal {self.form}: {self.missing} of {self.journals} journal "
                                        f"{records} had no {what}; {instead}"), "warning")
