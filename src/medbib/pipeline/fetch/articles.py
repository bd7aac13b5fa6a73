"""An efetch answer cut into one ``PubmedArticle`` per PMID, and records joined back into a
``PubmedArticleSet`` stream for the PubMed XML reader.

Cutting needs only the tree's top level and each record's PMID; what a record says is read by
the PubMed XML reader alone (through the registry), from the joined stream, exactly as
``medbib convert`` reads a file. The answer is parsed as the reader parses files: no entities
resolved, no DTD loaded, no network.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from lxml import etree

from ...core.streams import ChunkStream
from ...core.xmlsafe import SAFE_PARSING, declares_entities

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n'
TAIL = b"</PubmedArticleSet>\n"
_RECORDS = frozenset(("PubmedArticle", "PubmedBookArticle"))
_ROOTS = frozenset(("PubmedArticleSet", "eFetchResult"))  # eFetchResult: NCBI's "nothing found" answer
_PMID_PATHS = ("MedlineCitation/PMID", "BookDocument/PMID")


class Unusable(Exception):
    """An answer that is not what efetch gives (truncated, an HTML error page…): worth a retry."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(remove_pis=True, **SAFE_PARSING)


def split_articles(body: bytes) -> list[tuple[str, bytes]]:
    """(PMID, the record's XML) for every record of an efetch answer, in its order."""
    if b"<!ENTITY" in body[:4096]:
        raise Unusable("the answer declares XML entities")
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as exc:
        raise Unusable(f"not well-formed XML ({exc})") from None
    if declares_entities(root):  # the parser's own view: a declaration past the first 4 KiB too
        raise Unusable("the answer declares XML entities")
    if root.tag not in _ROOTS:
        raise Unusable(f"not a PubMed answer (<{root.tag}>)")
    out = []
    for el in root:
        if el.tag in _RECORDS:
            pmid = next((t.strip() for t in map(el.findtext, _PMID_PATHS) if t), "")
            if pmid.isdecimal():
                out.append((str(int(pmid)), etree.tostring(el, encoding="UTF-8", xml_declaration=False,
                                                           with_tail=False)))
    return out


class ArticleSet(ChunkStream):
    """A ``PubmedArticleSet`` holding ``records`` (each one record's XML), made as it is read."""

    def __init__(self, records: Iterable[bytes], name: str) -> None:
        super().__init__(itertools.chain((HEAD,), (r + b"\n" for r in records), (TAIL,)))
        self.name = name
