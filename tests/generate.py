"""Generate large or many inputs by repeating real fixture records with unique PMIDs.

Used by the Dask tests and by ``benchmarks/`` (which imports this module).
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from medbib.plugins.registry import registry

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def has_reader(name: str) -> bool:
    try:
        registry.reader(name)
        return True
    except Exception:
        return False


def xml_templates() -> list[str]:
    """The PubmedArticle elements of the XML fixtures, as text."""
    out = []
    for path in sorted((FIXTURES / "pubmed-xml").glob("*.xml")):
        text = path.read_text(encoding="utf-8")
        out.extend(m.group(0) for m in re.finditer(r"<PubmedArticle>.*?</PubmedArticle>", text, flags=re.S))
    return out


def write_xml(path: Path, records: int, start_pmid: int, deletions: int = 0) -> Path:
    templates = xml_templates()
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
                 '1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
                 "<PubmedArticleSet>\n")
        for i in range(records):
            t = templates[i % len(templates)]
            pmid = start_pmid + i
            t = re.sub(r"(<PMID[^>]*>)\d+(</PMID>)", rf"\g<1>{pmid}\g<2>", t, count=1)
            t = re.sub(r'(<ArticleId IdType="pubmed">)\d+(</ArticleId>)', rf"\g<1>{pmid}\g<2>", t, count=1)
            fh.write(t + "\n")
        if deletions:
            fh.write("<DeleteCitation>\n")
            for j in range(deletions):
                fh.write(f'<PMID Version="1">{start_pmid + records + j}</PMID>\n')
            fh.write("</DeleteCitation>\n")
        fh.write("</PubmedArticleSet>\n")
    return path


def write_csljson(path: Path, records: int, start_pmid: int) -> Path:
    base = json.loads((FIXTURES / "csljson" / "beckham2021.json").read_text())
    items = []
    for i in range(records):
        item = dict(base[i % len(base)])
        item["PMID"] = str(start_pmid + i)
        item["id"] = f"rec{start_pmid + i}"
        items.append(item)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        json.dump(items, fh)
    return path


def generated_inputs(directory: Path, files: int, records: int, deletions: bool = False) -> tuple[list[str], str]:
    """``files`` gzip inputs of ``records`` records each: PubMed XML baseline-style files when the
    XML reader and fixtures are there, else CSL-JSON. Returns (paths, format)."""
    directory.mkdir(parents=True, exist_ok=True)
    use_xml = has_reader("pubmed-xml") and xml_templates()
    paths = []
    for n in range(files):
        start = 40_000_000 + n * 100_000
        if use_xml:
            p = write_xml(directory / f"pubmed26n{n + 1:04d}.xml.gz", records, start, deletions=2 if deletions else 0)
        else:
            p = write_csljson(directory / f"part{n + 1:04d}.json.gz", records, start)
        paths.append(str(p))
    return paths, "pubmed-xml" if use_xml else "csljson"
