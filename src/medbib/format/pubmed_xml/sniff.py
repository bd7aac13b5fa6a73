"""Whether an input is PubMed XML: apart from :mod:`.read`,
so that telling formats apart imports no reader."""

from __future__ import annotations


def sniff(head: bytes) -> bool:
    sample = head[:8192]
    return (b"<PubmedArticleSet" in sample or b"<PubmedArticle>" in sample
            or b"<PubmedBookArticle" in sample or b"DTD PubMedArticle" in sample
            or b"<MedlineCitationSet" in sample
            or b":PubmedArticleSet" in sample)  # in a namespace: the reader says why it is refused
