"""Hostile and damaged inputs, generated (issue 19): each with what a conversion of it must give.

Every input is made here from the fixtures, small, in a fraction of a second; ``expected`` says
the documented outcome: the exit code, the records written (every complete record before the
damage), and words the one-line message must hold. tests/pipeline/test_hostile_items.py checks
each issue item with them; tests/pipeline/test_hostile_suite.py runs every reader x writer and
``inspect`` over them under a memory cap and a time limit.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from conftest import FIXTURES

NBIB = FIXTURES / "medline" / "blachlylab-excerpt.nbib"  # 3 records
XML_GZ = FIXTURES / "pubmed-xml" / "baseline-excerpt.xml.gz"  # 4 records
CSL = FIXTURES / "csljson" / "beckham2021.json"
ABSTRACT_TEXT = FIXTURES / "pubmed-text" / "seed-33204024.txt"


@dataclass
class Hostile:
    name: str  # file name (its suffix matters: .gz, .txt)
    data: bytes
    written: int  # records every writer must write
    exit: int  # documented exit code
    says: list[str] = field(default_factory=list)  # words the stderr must hold

    def write(self, directory: Path) -> Path:
        path = directory / self.name
        path.write_bytes(self.data)
        return path


def many_nbib(n: int) -> bytes:
    """``n`` MEDLINE records (the fixture's three, repeated with unique PMIDs)."""
    src = NBIB.read_text(encoding="utf-8").strip() + "\n\n"
    return "".join(re.sub(r"PMID- (\d+)", lambda m, i=i: f"PMID- {int(m.group(1)) + i * 10**8}", src)
                   for i in range(n // 3 + 1)).encode()


def xml_content() -> bytes:
    return gzip.decompress(XML_GZ.read_bytes())


def recoverable(cut: bytes) -> bytes:
    """What zlib gives from a cut gzip stream (as zcat does)."""
    return zlib.decompressobj(31).decompress(cut)


def nbib_gz_cut() -> Hostile:
    gz = gzip.compress(many_nbib(300))
    cut = gz[: len(gz) // 2]
    complete = recoverable(cut).count(b"\n\nPMID")  # records followed by the start of another
    return Hostile("cut.nbib.gz", cut, complete, 1, ["truncated gzip", f"byte {len(cut)}"])


def nbib_gz_no_trailer() -> Hostile:
    return Hostile("notrailer.nbib.gz", gzip.compress(NBIB.read_bytes())[:-8], 3, 1, ["trailer missing"])


def xml_gz_garbage() -> Hostile:
    gz = gzip.compress(xml_content())
    return Hostile("garbage.xml.gz", gz + b"trailing garbage", 4, 1, ["garbage after", f"byte {len(gz)}"])


def xml_gz_cut() -> Hostile:
    gz = gzip.compress(xml_content())
    cut = gz[: len(gz) * 2 // 3]
    return Hostile("cut.xml.gz", cut, recoverable(cut).count(b"</PubmedArticle>"), 1, ["truncated gzip"])


def csljson_bad_items() -> Hostile:
    good = json.loads(CSL.read_text(encoding="utf-8"))
    good = good[0] if isinstance(good, list) else good
    items = [json.dumps(dict(good, id="a", PMID="1"))]
    for bad in ('{"custom": {"pmid": 9100321}}', '{"custom": {"abstract": [{"text": 5, "label": ["x"]}]}}',
                '{"id": "big", "volume": ' + "9" * 5000 + "}", '{"x": ' + "[" * 100_000 + "]" * 100_000 + "}"):
        items += [bad, json.dumps(dict(good, id=f"g{len(items)}", PMID=str(len(items) + 1)))]
    return Hostile("bad-items.json", ("[" + ",\n".join(items) + "]").encode(), 5, 1,
                   ["#2", "custom.pmid", "#4", "custom.abstract[0].text", "#6", "digits", "#8", "nested too deep"])


def bib_string_bomb() -> Hostile:
    lines = ['@string{a0 = "xx"}'] + [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, 41)]
    lines += ["@article{bomb, title = a40, author = {Doe, J.}, year = 2000}",
              "@article{good, title = {A good title}, author = {Doe, Jane}, year = 2001, journal = {J}}"]
    return Hostile("bomb.bib", "\n".join(lines).encode(), 1, 1, ["bomb", "@string a20", "1 MB"])


def giant_line_nbib_gz(megabytes: int = 66) -> Hostile:
    """A .nbib.gz holding a line just over the 64 MB limit (a decompression bomb in small)."""
    comp = zlib.compressobj(1, zlib.DEFLATED, 31)
    parts = [comp.compress(NBIB.read_bytes() + b"\nPMID- 99\nTI  - ")]
    block = b"a" * (1 << 20)
    parts += [comp.compress(block) for _ in range(megabytes)]
    parts += [comp.compress(b"\n\n" + NBIB.read_bytes()), comp.flush()]
    return Hostile("giant.nbib.gz", b"".join(parts), 3, 1, ["longer than 64 MB"])


_RECORD = ("<PubmedArticle><MedlineCitation><PMID>1{use}</PMID><Article><ArticleTitle>T</ArticleTitle>"
           "</Article></MedlineCitation></PubmedArticle>")


def xml_fake_doctype_end() -> Hostile:
    """Entity declarations after a fake ``]>`` (in a comment) beyond the first 8 KiB."""
    doc = ('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n<!-- ' + "x" * 9000
           + ' ]> <PubmedArticleSet> -->\n<!-- ' + "y" * 9000 + ' -->\n<!ENTITY a "AAAA">\n]>\n<PubmedArticleSet>'
           + _RECORD.format(use="&a;") + "</PubmedArticleSet>")
    return Hostile("fake-end.xml", doc.encode(), 0, 1, ["refused", "entities"])


def xml_utf32_entities() -> Hostile:
    doc = ('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [<!ENTITY a "AAAA">]>\n<PubmedArticleSet>'
           + _RECORD.format(use="&a;") + "</PubmedArticleSet>")
    return Hostile("utf32.xml", doc.encode("utf-32-le"), 0, 1, ["refused", "entities"])


def xml_utf7_entities() -> Hostile:
    decl = '<?xml version="1.0" encoding="UTF-7"?>'
    body = ('\n<!DOCTYPE PubmedArticleSet [<!ENTITY a "AAAA">]>\n<PubmedArticleSet>'
            + _RECORD.format(use="&a;") + "</PubmedArticleSet>")
    # "<" as "+ADw-": Python's encoder writes "<" as it is, which would not hide anything
    return Hostile("utf7.xml", decl.encode() + body.encode("utf-7").replace(b"<", b"+ADw-"), 0, 1,
                   ["refused", "entities"])


def xml_namespaced(prefixed: bool = False) -> Hostile:
    if prefixed:
        doc = ('<p:PubmedArticleSet xmlns:p="http://example.org/pubmed"><p:PubmedArticle><p:MedlineCitation>'
               "<p:PMID>1</p:PMID></p:MedlineCitation></p:PubmedArticle></p:PubmedArticleSet>")
    else:
        doc = '<PubmedArticleSet xmlns="http://example.org/pubmed">' + _RECORD.format(use="") + "</PubmedArticleSet>"
    return Hostile(f"ns-{'prefixed' if prefixed else 'default'}.xml", ('<?xml version="1.0"?>\n' + doc).encode(),
                   0, 2, ["not PubMed XML", "namespace"])


def medline_bad_lines() -> Hostile:
    text = ("PMID- 1001\nTI  - First title\nSO  invalid line\nAU  - Doe J\nSO- another invalid line\nDP  - 2001\n\n"
            "PMID- 1002\nTI  -This is a title\nDP  - 2002\n")
    return Hostile("bad-lines.nbib", text.encode(), 2, 0, ["nbib:3:", "SO  invalid line", "nbib:5:", "SO- another"])


def ris_controls() -> Hostile:
    text = ("TY  - JOUR\r\nTI  - Nul\x00 bel\x07 esc\x1b[31m red\r\nAU  - Doe, Jane\r\nPY  - 2020\r\nER  - \r\n\r\n"
            "TY  - JOUR\r\nTI  - Second\r\nER  - \r\n")
    return Hostile("controls.ris", text.encode(), 2, 0)


def long_abstract_text_record() -> Hostile:
    """An Abstract (text) file whose first record is longer than the 32 KiB head: 3,000 authors."""
    src = ABSTRACT_TEXT.read_text(encoding="utf-8")
    start = src.index("Beckham TH(1)")
    end = src.index("\n\n", start)
    authors = ", ".join(f"Author{i} X(1)" for i in range(3000)) + "."
    return Hostile("long-first.txt", (src[:start] + authors + src[end:]).encode(), 1, 0)


def all_hostile() -> list[Hostile]:
    """A few representative inputs, every reader among them (the suite runs each through every
    route; the items' own tests run the others)."""
    return [nbib_gz_cut(), xml_gz_garbage(), csljson_bad_items(), bib_string_bomb(), xml_fake_doctype_end(),
            xml_namespaced(), medline_bad_lines(), ris_controls(), long_abstract_text_record()]
