"""The MEDLINE format's declaration: its names and suffixes in the registry, and its sniffer."""

from __future__ import annotations

import pytest
from medline_tools import FILES, MEDLINE

from medbib.format.medline import FORMAT
from medbib.format.medline import sniff as sniffer
from medbib.plugins.registry import registry


def test_plugin_is_registered_with_aliases_and_suffixes():
    for name in ("medline", "nbib", "pubmed-nbib"):
        assert registry.reader(name) is FORMAT
    assert registry.reader_for_suffix("export.nbib") is FORMAT
    assert registry.reader_for_suffix("x.medline") is FORMAT


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_sniffer_says_yes_for_real_files(path):
    assert sniffer.sniff(path.read_bytes()[:4096])
    assert registry.sniff(path.read_bytes()[:4096]) is FORMAT


def test_sniffer_after_bom_and_blank_lines():
    body = (MEDLINE / "blachlylab-excerpt.nbib").read_bytes()[:2000]
    assert sniffer.sniff(b"\xef\xbb\xbf\r\n\r\n" + body)


@pytest.mark.parametrize(
    "head",
    [
        b"TY  - JOUR\r\nTI  - Metastasis-directed therapy\r\nER  - \r\n",  # RIS
        # PubMed Summary (text): numbered citations
        b"1. Beckham TH, Yang TJ. Metastasis-directed therapy for oligometastasis and beyond.\n"
        b"Br J Cancer. 2021 Jan;124(1):136-141. doi: 10.1038/s41416-020-01128-5.\n"
        b"PMID: 33204024; PMCID: PMC7782796.\n",
        # PubMed Abstract (text)
        b"1. Br J Cancer. 2021 Jan;124(1):136-141. doi: 10.1038/s41416-020-01128-5. Epub\n"
        b"2020 Nov 18.\n\nMetastasis-directed therapy for oligometastasis and beyond.\n\n"
        b"Beckham TH(1), Yang TJ(1).\n\nPMID: 33204024\n",
        b"Some notes\nPMID- in the middle of a sentence\n",
        b"",
    ],
    ids=["ris", "summary-text", "abstract-text", "arbitrary", "empty"],
)
def test_sniffer_says_no(head):
    assert not sniffer.sniff(head)


def test_sniffer_says_no_for_csl_json(fixtures_dir):
    for path in (fixtures_dir / "csljson").iterdir():
        assert not sniffer.sniff(path.read_bytes()[:4096])
