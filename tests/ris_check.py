"""Re-read medbib's RIS output with rispy and pandoc and compare the core fields.

Shared by tests/test_ris_tools.py (fixtures) and tests/test_corpus_ris.py (../shared/corpus).
Core fields: title, authors, year, journal, volume, issue, pages, DOI.
"""

from __future__ import annotations

import io
import json
from typing import Any

import rispy

from medbib.core.model import Person, Record
from medbib.core.names import initials_to_given
from medbib.core.pages import range_ends, split_pages
from medbib.core.vocabulary import ARTICLE_JOURNAL, BOOK
from medbib.format.ris import write as writer
from medbib.format.ris.values import GROUP_COMMA, fold
from medbib.plugins.contexts import WriteContext, WriteOptions


def to_ris(records: list[Record]) -> str:
    out = io.StringIO(newline="")
    writer.write(records, out, WriteContext(options=WriteOptions()))
    return out.getvalue()


def _given(p: Person) -> str | None:
    return fold(p.given or (initials_to_given(p.initials) if p.initials else None)) or None


def _two_part(p: Person) -> bool:
    return bool(p.family and not p.is_group and (p.given or p.initials or p.suffix))


def expected_core(rec: Record) -> dict[str, Any]:
    """The core fields as medbib wrote them (folded onto one line)."""
    first, last = split_pages(rec.pages) if rec.pages else (None, None)
    # only a page range is split into SP/EP (core.pages.range_ends); a pii ("2024-vol4") goes whole
    simple = rec.pages and "," not in rec.pages and range_ends(rec.pages) is not None
    journal = rec.container_title or (rec.journal_abbrev if rec.type == ARTICLE_JOURNAL else None)
    return {
        "title": fold(rec.title) or None,
        # a person with a family name only ("Kenry") is written like a group name (no comma)
        "families": [fold(p.family) if _two_part(p) else None for p in rec.authors],
        "year": rec.issued.year if rec.issued else None,
        "journal": fold(journal) or None if rec.type == ARTICLE_JOURNAL else None,
        "volume": fold(rec.volume) or None,
        "issue": fold(rec.issue) or None,
        "pages": ((fold(rec.number_of_pages) or None, None) if rec.type == BOOK
                  else (first, last) if simple else (fold(rec.pages) or None, None)),
        "doi": fold(rec.doi) or None,
    }


def rispy_core(entry: dict[str, Any], rec: Record) -> dict[str, Any]:
    families = []
    for a in entry.get("authors", []):
        fam, sep, _ = a.partition(",")
        families.append(fam.strip() if sep else None)
    year = entry.get("year")
    return {
        "title": entry.get("title"),
        "families": families,
        "year": int(year) if year else None,
        "journal": entry.get("secondary_title") if rec.type == ARTICLE_JOURNAL else None,
        "volume": entry.get("volume"),
        "issue": entry.get("number"),
        "pages": (entry.get("start_page"), entry.get("end_page")),
        "doi": entry.get("doi"),
    }


def compare_rispy(records: list[Record], text: str) -> list[str]:
    entries = rispy.loads(text)
    problems = []
    if len(entries) != len(records):
        return [f"rispy read {len(entries)} records of {len(records)}"]
    for rec, entry in zip(records, entries):
        want, got = expected_core(rec), rispy_core(entry, rec)
        if want["pages"][0] is None:
            want["pages"] = (None, None)
        for key in want:
            if want[key] != got[key]:
                problems.append(f"{rec.pmid or rec.title!r}: rispy {key} {got[key]!r} != {want[key]!r}")
    return problems


def pandoc_items(text: str) -> list[dict[str, Any]]:
    import pypandoc

    return json.loads(pypandoc.convert_text(text, "csljson", format="ris"))


def _pandoc_family(author: dict[str, Any], want: str) -> str | None:
    """pandoc splits lowercase particles off a name (BibTeX rules), from the family ("van Raaij")
    or from the end of the given name ("Moraes, Maria de"): accept either reading."""
    family = author.get("family")
    particles = " ".join(x for x in (author.get("dropping-particle"), author.get("non-dropping-particle")) if x)
    if family == want or (particles and want in (f"{particles} {family}", f"{particles}{family}",
                                                 f"{particles}-{family}")):
        return want
    return family


def compare_pandoc(records: list[Record], text: str) -> list[str]:
    items = pandoc_items(text)
    if len(items) != len(records):
        return [f"pandoc read {len(items)} records of {len(records)}"]
    problems = []
    for rec, item in zip(records, items):
        want = expected_core(rec)
        got_pages = item.get("page")
        want_pages = want["pages"]
        want_page = (f"{want_pages[0]}-{want_pages[1]}" if want_pages[1] else want_pages[0])
        issued = item.get("issued", {}).get("date-parts", [[None]])[0][0]
        got = {
            "title": item.get("title"),
            # pandoc has no one-field names in RIS: groups are parsed as "Given Family"; persons with
            # a suffix are read as "Family, Suffix, Given" (BibTeX order): compare families of
            # the persons without suffix only
            "families": [_pandoc_family(a, fold(p.family))
                         for a, p in zip(item.get("author", []), rec.authors)
                         if _two_part(p) and not p.suffix],
            "year": int(issued) if issued else None,
            "journal": item.get("container-title") if rec.type == ARTICLE_JOURNAL else None,
            "volume": item.get("volume"),
            "issue": item.get("issue"),
            "pages": got_pages,
            "doi": item.get("DOI"),
        }
        want = {**want, "pages": want_page,
                "families": [fold(p.family) for p in rec.authors if _two_part(p) and not p.suffix]}
        if len(item.get("author", [])) != len(rec.authors):
            problems.append(f"{rec.pmid or rec.title!r}: pandoc read {len(item.get('author', []))} authors "
                            f"of {len(rec.authors)}")
        for key in want:
            if want[key] != got[key]:
                problems.append(f"{rec.pmid or rec.title!r}: pandoc {key} {got[key]!r} != {want[key]!r}")
    return problems


__all__ = ["GROUP_COMMA", "compare_pandoc", "compare_rispy", "to_ris"]
