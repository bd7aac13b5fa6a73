"""The ID block that closes a record: ``DOI:``, ``PMCID:`` (with its embargo), ``NIHMSID:``/``MID:``
and ``PMID: n [status]``."""

from __future__ import annotations

import re

from ...core.dates import parse_date
from ...core.identifiers import normalize_doi, normalize_pmcid
from ...core.model import HistoryDate, Record
from ...plugins.contexts import ReadContext
from .records import ID_LINE, PMID_LINE, Line

#: PMID status bracket (lower-cased, "pubmed - " removed) -> indexing_status
STATUS: dict[str, str] = {
    "indexed for medline": "MEDLINE",
    "in process": "In-Process",
    "in data review": "In-Data-Review",
    "as supplied by publisher": "PubMed-not-MEDLINE",
    "pubmed": "PubMed-not-MEDLINE",
    "": "PubMed-not-MEDLINE",
}
_PUBMED_DASH = re.compile(r"^pubmed\s*-\s*")
_EMBARGO = re.compile(r"\[Available on ([^\]]+)\]")


def status_of(bracket: str | None) -> str:
    key = (bracket or "").strip().lower()
    key = _PUBMED_DASH.sub("", key)
    return STATUS.get(key, "PubMed-not-MEDLINE" if not key else bracket.strip())


def _pmid(rec: Record, pm: re.Match[str], ctx: ReadContext, num: int) -> None:
    rec.pmid = pm.group(1)
    bracket = pm.group(2)
    rec.indexing_status = status_of(bracket)
    if bracket:
        rec.add_extra("pubmed-text:pubmed-status", bracket)
    if pm.group(3):
        rec.notes.append(pm.group(3))
        ctx.unclassified += 1
        ctx.warn(f"text after the PMID kept as a note: {pm.group(3)[:60]!r}", line=num,
                 record_id=f"PMID {rec.pmid}")


def _doi(rec: Record, value: str) -> None:
    doi = normalize_doi(value, sentence=True)
    if rec.doi and doi and rec.doi.lower() != doi.lower():
        # a second, different DOI line: the earlier DOI kept here
        rec.add_extra("pubmed-text:citation-doi", rec.doi)
    rec.doi = doi


def _pmcid(rec: Record, value: str) -> None:
    rec.pmcid = normalize_pmcid(value)
    em = _EMBARGO.search(value)
    if em:
        d = parse_date(em.group(1))
        if d:
            rec.history.append(HistoryDate("pmc-release", d))
        rec.add_extra("pubmed-text:pmc-embargo", em.group(0))


def _mid(rec: Record, value: str) -> None:
    rec.mid = value or None


#: ID line label -> what it sets (a PMID line without the PMID_LINE shape sets nothing)
_ID_LINES = {"DOI": _doi, "PMCID": _pmcid, "NIHMSID": _mid, "MID": _mid}


def read_ids(rec: Record, blk: list[Line], ctx: ReadContext) -> None:
    """Every line of the ID block; a line of no known shape is kept in ``extra['pubmed-text:id-line']``."""
    for num, line in blk:
        line = line.strip()
        pm = PMID_LINE.match(line)
        if pm:
            _pmid(rec, pm, ctx, num)
            continue
        im = ID_LINE.match(line)
        if not im:
            rec.add_extra("pubmed-text:id-line", line)
            continue
        apply = _ID_LINES.get(im.group(1))
        if apply:
            apply(rec, im.group(2).strip())
