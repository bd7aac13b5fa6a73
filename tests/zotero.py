"""Compare a medbib record with the item Zotero creates from the same input.

``zotero_view(record)`` says what Zotero would hold if it imported our record's data field by
field; ``compare(record, expected_item)`` returns the differences after normalising what is
only spelling (dates as Y/M/D, ISSN order, tags as a set, en dashes in pages, "Extra" lines).
Each reader's corpus test asserts that the differences are exactly the deliberate ones it
names, each with its reason.
"""

from __future__ import annotations

import re
from typing import Any

from medbib.core import languages
from medbib.core.dates import parse_date
from medbib.core.model import Record
from medbib.core.text import collapse

ITEM_TYPES = {
    "article-journal": "journalArticle",
    "book": "book",
    "chapter": "bookSection",
    "article": "preprint",
    "report": "report",
    "thesis": "thesis",
    "paper-conference": "conferencePaper",
    "webpage": "webpage",
    "document": "document",
    "dataset": "dataset",
}


def _date_key(text: str | None) -> tuple[Any, ...] | None:
    if not text:
        return None
    d = parse_date(text)
    if d is None or d.year is None:
        return (collapse(text),)
    return (d.year, d.month, d.day)


def _creator(c: dict[str, Any]) -> tuple[str, str, str]:
    if c.get("fieldMode") == 1 or "name" in c:
        return (c.get("creatorType", "author"), collapse(c.get("lastName") or c.get("name")), "")
    return (c.get("creatorType", "author"), collapse(c.get("lastName")), collapse(c.get("firstName")))


def _norm_given(g: str) -> str:
    """Compare given names without periods/spaces between initials ("T. H." == "TH" == "T H")."""
    return re.sub(r"[.\s]", "", g or "")


def _extra(text: str | None) -> dict[str, str]:
    out = {}
    for line in (text or "").splitlines():
        k, sep, v = line.partition(":")
        if sep and k.strip() in ("PMID", "PMCID"):
            out[k.strip()] = v.strip()
    return out


def zotero_view(record: Record) -> dict[str, Any]:
    """Our record in Zotero's item vocabulary (only the fields the comparison uses)."""
    people = []
    for role, plist in (("author", record.authors), ("editor", record.editors)):
        for p in plist:
            if p.is_group:
                people.append((role, p.literal, ""))
            else:
                given = p.given or p.initials or ""
                if p.suffix:
                    given = f"{given}, {p.suffix}" if given else p.suffix
                people.append((role, p.family or "", given))
    tags = {k.term for k in record.keywords} | {m.descriptor for m in record.mesh}
    extra = {}
    if record.pmid:
        extra["PMID"] = record.pmid
    if record.pmcid:
        extra["PMCID"] = record.pmcid
    return {
        "itemType": ITEM_TYPES.get(record.type, record.type),
        "title": record.title,
        "creators": people,
        "date": (record.issued.year, record.issued.month, record.issued.day) if record.issued else None,
        "publicationTitle": record.container_title,
        "journalAbbreviation": record.journal_abbrev or record.journal_iso_abbrev,
        "volume": record.volume,
        "issue": record.issue,
        "pages": record.pages,
        "DOI": record.doi,
        "ISSN": set(record.issns),
        "abstractNote": record.abstract_text,
        "language": {languages.to_bcp47(x) for x in record.languages},
        "extra": extra,
        "tags": tags,
        "publisher": record.publisher,
        "place": record.publisher_place,
        "ISBN": set(record.isbns),
    }


def expected_view(item: dict[str, Any]) -> dict[str, Any]:
    tags = set()
    for t in item.get("tags", []):
        tags.add(collapse(t["tag"] if isinstance(t, dict) else t))
    langs = {languages.to_bcp47(x.strip()) for x in re.split(r"[,;]", item.get("language") or "") if x.strip()}
    return {
        "itemType": item.get("itemType"),
        "title": collapse(item.get("title")) or None,
        "creators": [_creator(c) for c in item.get("creators", [])],
        "date": _date_key(item.get("date")),
        "publicationTitle": item.get("publicationTitle") or item.get("bookTitle") or None,
        "journalAbbreviation": item.get("journalAbbreviation") or None,
        "volume": item.get("volume") or None,
        "issue": item.get("issue") or None,
        "pages": (item.get("pages") or "").replace("\u2013", "-") or None,
        "DOI": item.get("DOI") or None,
        "ISSN": set(re.split(r"[\s,]+", item["ISSN"].strip())) if item.get("ISSN") else set(),
        "abstractNote": collapse(item.get("abstractNote")) or None,
        "language": langs,
        "extra": _extra(item.get("extra")),
        "tags": tags,
        "publisher": item.get("publisher") or None,
        "place": item.get("place") or None,
        "ISBN": set(re.split(r"[\s,]+", item["ISBN"].strip())) if item.get("ISBN") else set(),
    }


def compare(record: Record, item: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields on which our record and Zotero's item differ: {field: (ours, zotero)}.

    Only fields Zotero fills are compared (a field Zotero leaves empty is no disagreement).
    """
    ours, theirs = zotero_view(record), expected_view(item)
    diffs: dict[str, tuple[Any, Any]] = {}
    for key, want in theirs.items():
        if want in (None, set(), {}, [], ""):
            continue
        have = ours.get(key)
        if key == "abstractNote":
            have = collapse(have) or None
        if key == "creators":
            a = [(r, f, _norm_given(g)) for r, f, g in have]
            b = [(r, f, _norm_given(g)) for r, f, g in want]
            if a != b:
                diffs[key] = (have, want)
            continue
        if key == "date":
            if have is None or tuple(x for x in have if x is not None) != tuple(x for x in want if x is not None):
                diffs[key] = (have, want)
            continue
        if have != want:
            diffs[key] = (have, want)
    return diffs


# --------------------------------------------------------------------------- the oracle
# Zotero's own import code (../shared/zotero: translation-server, run with node), asked what Zotero
# makes of a file. Tests that use it skip with the reason where node or ../shared is missing.
def zotero_dir():  # type: ignore[no-untyped-def]
    """../shared/zotero beside the corpus, or None."""
    from conftest import CORPUS

    d = CORPUS.parent / "zotero" if CORPUS else None
    return d if d is not None and (d / "start.sh").is_file() else None


def start_oracle() -> tuple[Any, str | None]:
    """(the ``zotero_import`` module of ../shared/zotero, None) once the translation-server answers,
    else (None, why not)."""
    import importlib
    import shutil
    import subprocess
    import sys

    d = zotero_dir()
    if d is None:
        return None, "../shared/zotero not present (Zotero's import code runs as an oracle where it is)"
    if shutil.which("node") is None:
        return None, "node not installed (needed to run Zotero's translation-server: apt-get install nodejs)"
    proc = subprocess.run(["sh", str(d / "start.sh")], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        return None, f"Zotero's translation-server did not start: {proc.stderr.strip()[-300:]}"
    if str(d) not in sys.path:
        sys.path.insert(0, str(d))
    return importlib.import_module("zotero_import"), None


def zotero_items(oracle: Any, path: Any) -> list[dict[str, Any]]:
    """The items Zotero imports from ``path`` (notes and attachments left out)."""
    return [i for i in oracle.import_file(str(path)) if i.get("itemType") not in ("note", "attachment")]


def fidelity_misses(oracle_dir: Any, sources: list[Any], to: str, convert: Any, skip: tuple[str, ...] = ()
                    ) -> tuple[int, list[tuple[str, str, str, Any, Any]]]:
    """The fidelity figure of ../shared/zotero/fidelity.py, per field and record: for each source,
    Zotero's import of the source against Zotero's import of our conversion (``convert(src, out)``
    writes it). Returns (fields compared, misses as (file, PMID, field, reference, ours))."""
    import importlib
    import sys
    import tempfile
    from pathlib import Path

    if str(oracle_dir) not in sys.path:
        sys.path.insert(0, str(oracle_dir))
    fid = importlib.import_module("fidelity")
    total, misses = 0, []
    suffix = {"bibtex": ".bib", "csljson": ".json"}.get(to, "." + to)
    for src in sources:
        try:
            ref = fid.records(str(src))
        except fid.TranslationError:  # Zotero cannot read the source itself: no reference
            continue
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / ("out" + suffix)
            convert(src, out)
            got = fid.records(str(out))
        for r, g in fid.pair(ref, got):
            for f in fid.FIELDS:
                if not r[f] or f in skip:
                    continue
                total += 1
                if not _same_as_fidelity(fid, f, r, g):
                    misses.append((Path(src).name, r["PMID"], f, r[f], g[f] if g else None))
    return total, misses


def _same_as_fidelity(fid: Any, f: str, r: dict[str, Any], g: dict[str, Any] | None) -> bool:
    """fidelity.py's rule for one field (its main() has it inline): equal after its normalising, or
    no loss (a more precise date, more ISSNs or creators, a shared language, no abbreviation
    where it equals the title)."""
    if g is None:
        return False
    return bool(g[f] == r[f] or (f == "date" and g[f].startswith(r[f] + "-"))
                or (f == "ISSN" and set(r[f]) <= set(g[f]))
                or (f == "creators" and fid._creators_kept(r[f], g[f]))
                or (f == "language" and set(r[f]) & set(g[f]))
                or (f == "journalAbbreviation" and not g[f]
                    and r[f] == fid._ws(r["publicationTitle"].replace(".", " "))))
