"""Broken, hostile and huge input: clear one-line errors, counts that add up, nothing escapes.

Each case states what a user sees: the exit code, the message, and the summary counts
(read = written + skipped).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from typer.testing import CliRunner

import medbib
from medbib.cli import app
from medbib.plugins.registry import registry

FIX = ROOT / "fixtures"
XML = FIX / "pubmed-xml" / "journal-article.xml"
NBIB = FIX / "medline" / "blachlylab-excerpt.nbib"
runner = CliRunner()


def cli(*args):
    res = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in res.output
    return res


def counts(stderr: str, name: str) -> tuple[int, int, int]:
    m = re.search(re.escape(name) + r".*?: (\d+) read, (\d+) written, (\d+) skipped", stderr)
    assert m, stderr
    read, written, skipped = map(int, m.groups())
    assert read == written + skipped
    return read, written, skipped


def nbib_records() -> int:
    return NBIB.read_text(encoding="utf-8").count("PMID- ")


# --------------------------------------------------------------------------- broken input
def test_empty_file(tmp_path):
    p = tmp_path / "empty.nbib"
    p.write_bytes(b"")
    res = cli("convert", p, "-t", "ris")
    assert res.exit_code == 0  # issue 18.7: nothing failed to convert; a warning, not an error
    assert f"warning: {p}: empty input: no records" in res.stderr
    assert counts(res.stderr, str(p)) == (0, 0, 0)


def test_only_whitespace(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b"\n  \r\n\t\n")
    res = cli("convert", p, "-t", "csljson")
    assert res.exit_code == 0 and "warning: " in res.stderr and "empty input: no records" in res.stderr
    assert json.loads(res.stdout) == []


def test_truncated_xml_in_the_middle_of_a_record(tmp_path):
    text = (FIX / "pubmed-xml" / "people.xml").read_text(encoding="utf-8")
    total = text.count("<PubmedArticle>")
    assert total >= 2
    cut = text.rfind("<AbstractText")  # inside the last record
    p = tmp_path / "cut.xml"
    p.write_text(text[:cut + 40], encoding="utf-8")
    res = cli("convert", p, "-t", "ris")
    assert res.exit_code == 1
    err = [l for l in res.stderr.splitlines() if "malformed XML" in l]
    assert len(err) == 1 and re.match(re.escape(str(p)) + r":\d+: record PMID \d+: ", err[0])
    read, written, skipped = counts(res.stderr, str(p))
    assert written == total - 1 and skipped == 1
    assert res.stdout.count("TY  - ") == total - 1


def test_truncated_gzip_stream(tmp_path):
    sys.path.insert(0, str(ROOT / "tests"))
    from generate import write_xml

    full = write_xml(tmp_path / "full.xml.gz", 200, 40_000_000)
    p = tmp_path / "cut.xml.gz"
    p.write_bytes(full.read_bytes()[: full.stat().st_size // 3])
    res = cli("convert", p, "-t", "csljson")
    assert res.exit_code == 1
    assert "truncated gzip stream" in res.stderr
    read, written, skipped = counts(res.stderr, str(p))
    assert 10 < written < 200
    assert len(json.loads(res.stdout)) == written  # valid output, the records before the damage


def test_record_missing_its_pmid(tmp_path):
    text = NBIB.read_text(encoding="utf-8")
    first_pmid = re.search(r"^PMID- (\d+)", text, flags=re.M).group(1)
    broken = text.replace(f"PMID- {first_pmid}", "OWN - NLM", 1)
    p = tmp_path / "nopmid.nbib"
    p.write_text(broken, encoding="utf-8")
    res = cli("convert", p, "-t", "ris")
    assert res.exit_code == 1
    assert re.search(re.escape(str(p)) + r":\d+: .*PMID", res.stderr)
    read, written, skipped = counts(res.stderr, str(p))
    assert written == nbib_records() - 1 and skipped == 1


def test_binary_garbage(tmp_path):
    p = tmp_path / "garbage.bin"
    p.write_bytes(bytes(range(256)) * 40)
    res = cli("convert", p, "-t", "ris")
    assert res.exit_code == 2 and "cannot tell the input format" in res.stderr
    for fmt in ("medline", "pubmed-xml", "pubmed-text", "ris", "bibtex", "csljson"):
        res = cli("convert", p, "-f", fmt, "-t", "csljson")
        assert json.loads(res.stdout) == [], fmt  # nothing invented from garbage
        if fmt in ("ris", "bibtex"):
            # both formats tolerate text outside TY..ER / @entries (real files carry headers):
            # garbage is skipped like such text, with the encoding warning, and 0 records
            assert res.exit_code == 0 and "warning: " in res.stderr, res.stderr
            assert f"[{fmt}]: 0 read, 0 written, 0 skipped" in res.stderr
        else:
            assert res.exit_code == 1, (fmt, res.stderr)
            assert any(l.startswith(f"{p}:") and "warning" not in l for l in res.stderr.splitlines()), res.stderr


def test_wrong_format_forced_with_from():
    # issue 18.5: one usage error saying what the input looks like, not one error per line
    res = cli("convert", XML, "-f", "medline", "-t", "csljson")
    assert res.exit_code == 2
    assert res.stderr.splitlines() == [f"medbib: {XML}: this looks like pubmed-xml, not medline: "
                                       "give --from pubmed-xml, or leave --from out to detect it"]
    assert res.stdout == ""
    res = cli("convert", NBIB, "-f", "pubmed-xml", "-t", "csljson")
    assert res.exit_code == 2 and "this looks like medline" in res.stderr


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le-bom", "utf-8-sig", "latin-1"])
def test_encodings(tmp_path, encoding):
    text = NBIB.read_text(encoding="utf-8")
    # a name with non-ASCII letters that Latin-1 can hold
    text = text.replace("FAU - ", "FAU - Müller-", 1)
    p = tmp_path / f"{encoding}.nbib"
    if encoding == "utf-16-le-bom":
        p.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    elif encoding == "latin-1":
        p.write_bytes(text.encode("latin-1", errors="replace"))
    else:
        p.write_bytes(text.encode(encoding))
    res = cli("convert", p, "-f", "medline", "-t", "csljson")
    items = json.loads(res.stdout)
    assert len(items) == nbib_records()
    assert items[0]["author"][0]["family"].startswith("Müller-")
    if encoding == "latin-1":
        assert "warning: " in res.stderr and "Latin-1" in res.stderr and res.exit_code == 0
    else:
        assert res.exit_code == 0 and "warning" not in res.stderr


def test_mixed_line_endings(tmp_path):
    lines = NBIB.read_text(encoding="utf-8").splitlines()
    data = "".join(line + ("\r\n" if i % 3 == 0 else "\r" if i % 3 == 1 else "\n") for i, line in enumerate(lines))
    p = tmp_path / "mixed.nbib"
    p.write_bytes(data.encode())
    ref = list(medbib.read(NBIB))
    got = list(medbib.read(p))
    assert [r.to_dict() for r in got] == [r.to_dict() for r in ref]


def _xml_with(abstract: str = "Short.", n_authors: int = 1) -> str:
    authors = "".join(f"<Author ValidYN=\"Y\"><LastName>Author{i}</LastName><ForeName>A</ForeName>"
                      f"<Initials>A</Initials></Author>" for i in range(n_authors))
    return f"""<?xml version="1.0"?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">123</PMID>
<Article PubModel="Print"><Journal><Title>Journal</Title><JournalIssue><PubDate><Year>2020</Year></PubDate>
</JournalIssue></Journal><ArticleTitle>Big record.</ArticleTitle><Abstract><AbstractText>{abstract}</AbstractText>
</Abstract><AuthorList CompleteYN="Y">{authors}</AuthorList><Language>eng</Language></Article></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">123</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
</PubmedArticleSet>"""


def test_five_megabyte_single_line_abstract(tmp_path):
    abstract = ("word " * 1_050_000).strip()
    p = tmp_path / "big.xml"
    p.write_text(_xml_with(abstract=abstract))
    for fmt in ("csljson", "ris", "bibtex"):
        if fmt not in registry.writers:
            continue
        out = tmp_path / f"out.{fmt}"
        res = cli("convert", p, "-t", fmt, "-o", out)
        assert res.exit_code == 0, res.stderr
        back = list(medbib.read(out, fmt))
        assert len(back) == 1 and len(back[0].abstract_text) == len(abstract)


def test_ten_thousand_authors(tmp_path):
    p = tmp_path / "authors.xml"
    p.write_text(_xml_with(n_authors=10_000))
    res = cli("convert", p, "-t", "csljson")
    assert res.exit_code == 0
    authors = json.loads(res.stdout)[0]["author"]
    assert len(authors) == 10_000 and authors[-1]["family"] == "Author9999"


def test_duplicate_pmids_are_kept_and_reported(tmp_path):
    res = cli("convert", NBIB, NBIB, "-t", "ris")
    n = nbib_records()
    assert res.exit_code == 0
    assert res.stdout.count("TY  - ") == 2 * n
    assert f"{n} duplicate PMIDs" in res.stderr


def test_directory_or_unreadable_input(tmp_path):
    res = cli("convert", tmp_path, "-t", "ris")
    assert res.exit_code == 2 and res.stderr.strip() == f"medbib: {tmp_path}: is a directory, not a file"
    res = cli("convert", tmp_path / "missing.nbib", "-t", "ris")
    assert res.exit_code == 2 and "no such file" in res.stderr


# --------------------------------------------------------------------------- hostile XML
SECRET = "TOP-SECRET-CONTENT-42"


def _hostile(tmp_path, doctype: str, body_entity: str) -> Path:
    p = tmp_path / "hostile.xml"
    p.write_text(f"""<?xml version="1.0"?>
{doctype}
<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><Journal><Title>J</Title>
<JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue></Journal>
<ArticleTitle>{body_entity}</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>""")
    return p


@pytest.mark.parametrize(
    "name, doctype, use",
    [
        ("file entity", '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>', "&xxe;"),
        ("network entity", '<!DOCTYPE x [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/evil">]>', "&xxe;"),
        ("billion laughs", '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
         '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>', "&d;"),
        ("parameter entity", '<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>', "t"),
        ("external DTD", '<!DOCTYPE x SYSTEM "file://{secret}">', "t"),
    ],
)
def test_hostile_xml_is_refused_without_reading_anything(tmp_path, name, doctype, use):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    p = _hostile(tmp_path, doctype.replace("{secret}", str(secret)), use)
    res = cli("convert", p, "-f", "pubmed-xml", "-t", "csljson")
    assert SECRET not in res.stdout and SECRET not in res.stderr
    assert "aaaaaaaaaa" * 10 not in res.stdout
    if name == "external DTD":
        # a DOCTYPE without entity declarations is read as PubMed's own is: never loaded
        assert res.exit_code == 0 and json.loads(res.stdout)[0]["title"] == "t"
    else:
        assert res.exit_code == 1
        assert len([l for l in res.stderr.splitlines() if str(p) in l and " read, " not in l]) == 1


def test_xinclude_is_not_processed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    p = _hostile(tmp_path, "", f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{secret}" parse="text"/>x')
    res = cli("convert", p, "-t", "csljson")
    assert SECRET not in res.stdout


# --------------------------------------------------------------------------- hostile values in every writer
HOSTILE_TITLES = [
    "Closing} brace and @comment{x, title = {injected}}",
    "Unbalanced { open brace",
    "\\input{/etc/passwd} and \\write18{rm -rf /}",
    "Line one\nER  - \nTY  - JOUR\nTI  - injected record",
    "Percent % hash # dollar $ amp & underscore _ tilde ~ caret ^ backslash \\",
    'Quote " and @article{evil, title={x}}',
    "Tab\there\u2028and line separator\u2029end",
]


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex", "ris", "csljson"])
def test_no_value_escapes_its_field(fmt):
    if fmt not in registry.writers:
        pytest.skip(f"{fmt} writer not available")
    from medbib.core.model import Date, Person, Record

    records = [
        Record(title=t, authors=[Person(family="O}Brien {", given="A\\B"), Person(literal="Group } and @x{")],
               container_title="J } @comment{", issued=Date(2020), pmid=str(1000 + i), doi="10.1/a}b",
               conflict_of_interest="None}\nER  - ")
        for i, t in enumerate(HOSTILE_TITLES)
    ]
    text = medbib.write(records, fmt)
    reader = "bibtex" if fmt == "biblatex" else fmt
    back = list(medbib.read(text.encode(), reader, strict=True))
    assert len(back) == len(records)
    for orig, got in zip(records, back):
        norm = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731 - RIS folds line breaks by design
        assert norm(got.title) == norm(orig.title)
        assert got.pmid == orig.pmid
        assert [p.display() for p in got.authors] == [p.display() for p in orig.authors]


def test_strict_to_stdout_says_the_output_is_incomplete(tmp_path):
    text = NBIB.read_text(encoding="utf-8")
    pmids = re.findall(r"^PMID- (\d+)", text, flags=re.M)
    broken = text.replace(f"PMID- {pmids[-1]}", "GARBAGE LINE", 1)
    p = tmp_path / "late-error.nbib"
    p.write_text(broken, encoding="utf-8")
    res = cli("convert", p, "-t", "ris", "--strict")
    assert res.exit_code == 1
