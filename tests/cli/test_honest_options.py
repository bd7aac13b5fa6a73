"""Issue 18, items 4-9: honest options and messages, run as a user runs them (the CLI in a
subprocess, or the documented API call)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from conftest import ROOT

import medbib

FIX = ROOT / "fixtures"
XML = FIX / "pubmed-xml" / "journal-article.xml"
ABSTRACTS = FIX / "pubmed-text" / "new-2020-excerpt.txt"
SUMMARY = FIX / "pubmed-text" / "negative" / "summary-text-excerpt.txt"


def medbib_cli(*args, columns: int | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run([sys.executable, "-m", "medbib", *map(str, args)], capture_output=True, env=env,
                          input=stdin, timeout=120)


def err_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return proc.stderr.decode("utf-8").strip().splitlines()


# -- 18.4 writer options -----------------------------------------------------------------------

@pytest.mark.parametrize(("args", "expected"), [
    (("-t", "ris", "-O", "zotero_extr=no"), ["'zotero_extr'", "did you mean 'zotero_extra'", "epub_et"]),
    (("-t", "ris", "-O", "zotero_extra=maybe"), ["zotero_extra", "'maybe'", "yes|no"]),
    (("-t", "bibtex", "-O", "zotero_extra=no"), ["ris writer", "not bibtex", "ascii=yes|no"]),
    (("-t", "ris", "--ascii"), ["--ascii", "bibtex", "not ris", "zotero_extra"]),
    (("-t", "csljson", "-O", "epub_et=no"), ["ris writer", "csljson writer takes no options"]),
])
def test_wrong_writer_options_are_usage_errors_listing_what_is_valid(args, expected, tmp_path):
    out = tmp_path / "out.txt"
    proc = medbib_cli("convert", XML, *args, "-o", out)
    lines = err_lines(proc)
    assert proc.returncode == 2, lines
    assert len(lines) == 1 and lines[0].startswith("medbib: "), lines
    for word in expected:
        assert word in lines[0], (word, lines[0])
    assert not out.exists()


def test_wrong_option_with_an_output_directory_stops_before_any_file(tmp_path):
    proc = medbib_cli("convert", XML, "-t", "ris", "-O", "zotero_extr=no", "-o", f"{tmp_path}/out/")
    assert proc.returncode == 2
    assert "did you mean 'zotero_extra'" in proc.stderr.decode()
    assert not any((tmp_path / "out").glob("*.ris"))


def test_valid_writer_options_still_work():
    plain = medbib_cli("convert", XML, "-t", "ris")
    off = medbib_cli("convert", XML, "-t", "ris", "-O", "zotero_extra=no", "-O", "epub_et=off")
    assert plain.returncode == off.returncode == 0
    assert b"M2  - PMID:" in plain.stdout and b"M2  - PMID:" not in off.stdout
    ascii_ = medbib_cli("convert", FIX / "csljson" / "beckham2021.json", "-t", "bibtex", "-O", "ascii=yes")
    assert ascii_.returncode == 0 and max(ascii_.stdout) < 128


def test_the_api_raises_the_same_errors(tmp_path):
    records = list(medbib.read(XML))
    with pytest.raises(medbib.UsageError, match="did you mean 'zotero_extra'"):
        medbib.write(records, "ris", options=medbib.WriteOptions(extra={"zotero_extr": False}))
    with pytest.raises(medbib.UsageError, match="expected yes|no"):
        medbib.convert([XML], to="ris", output=tmp_path / "a.ris",
                       options=medbib.WriteOptions(extra={"zotero_extra": "maybe"}))
    with pytest.raises(medbib.UsageError, match="--ascii is for the biblatex, bibtex writers"):
        medbib.write(records, "ris", options=medbib.WriteOptions(ascii=True))
    assert not (tmp_path / "a.ris").exists()
    assert "M2  - PMID" not in medbib.write(records, "ris", options=medbib.WriteOptions(extra={"zotero_extra": "no"}))


def test_formats_lists_each_writers_options_with_defaults():
    for args in (("formats", "--options"), ("formats", "ris")):
        proc = medbib_cli(*args, columns=100)
        out = proc.stdout.decode()
        assert proc.returncode == 0, proc.stderr
        assert "zotero_extra=yes|no" in out and "epub_et=yes|no" in out and "(default: yes)" in out
    assert "ascii=yes|no" in medbib_cli("formats", "--options").stdout.decode()
    one = medbib_cli("formats", "refman").stdout.decode()
    assert "ris" in one and "bibtex" not in one and ".ris" in one
    typo = medbib_cli("formats", "rsi")
    assert typo.returncode == 2 and "did you mean 'ris'" in typo.stderr.decode()


def test_formats_json_gives_everything_to_scripts():
    proc = medbib_cli("formats", "--json")
    data = json.loads(proc.stdout)
    by_name = {f["name"]: f for f in data}
    assert set(by_name) == {"biblatex", "bibtex", "csljson", "medline", "pubmed-text", "pubmed-xml", "ris"}
    assert by_name["medline"]["writer"] is None and "nbib" in by_name["medline"]["aliases"]
    assert ".nbib" in by_name["medline"]["suffixes"] and by_name["medline"]["reader"]["description"]
    ris = by_name["ris"]["writer"]["options"]
    assert {o["name"]: o["default"] for o in ris} == {"zotero_extra": True, "epub_et": True}
    assert all(o["help"] and o["takes"] == "yes|no" for o in ris)


# -- 18.5 forcing the wrong format -------------------------------------------------------------

def test_forcing_the_wrong_format_stops_with_one_line_saying_what_it_looks_like(tmp_path):
    out = tmp_path / "out.ris"
    proc = medbib_cli("convert", ABSTRACTS, "-f", "nbib", "-t", "ris", "-o", out)
    lines = err_lines(proc)
    assert proc.returncode == 2
    assert len(lines) == 1, lines
    assert str(ABSTRACTS) in lines[0] and "this looks like pubmed-text" in lines[0]
    assert not out.exists()


def test_forcing_the_wrong_format_on_standard_input():
    proc = medbib_cli("convert", "-", "-f", "ris", "-t", "bibtex",
                      stdin=(FIX / "medline" / "blachlylab-excerpt.nbib").read_bytes())
    lines = err_lines(proc)
    assert proc.returncode == 2 and len(lines) == 1 and "this looks like medline" in lines[0]


def test_the_api_raises_instead_of_returning_nothing():
    with pytest.raises(medbib.UsageError, match="this looks like pubmed-text") as exc:
        list(medbib.read(ABSTRACTS, format="nbib"))
    assert exc.value.file == str(ABSTRACTS)
    with pytest.raises(medbib.UsageError, match="this looks like pubmed-xml"):
        medbib.convert([XML], to="ris", from_="csljson")


@pytest.mark.parametrize(("path", "given"), [
    (ABSTRACTS, "pubmed-text"), (FIX / "medline" / "blachlylab-excerpt.nbib", "nbib"), (XML, "pubmed"),
    (FIX / "ris" / "tolerant.ris", "ris"), (FIX / "bibtex" / "features.bib", "biblatex"),
    (FIX / "csljson" / "beckham2021.json", "csljson"),
])
def test_forcing_the_right_format_still_reads(path, given):
    assert list(medbib.read(path, format=given))


def test_a_forced_format_is_trusted_where_nothing_recognises_the_input(tmp_path):
    odd = tmp_path / "odd.txt"  # MEDLINE lines after a line of junk: no sniffer says yes
    odd.write_text("exported by some tool\n" + (FIX / "medline" / "blachlylab-excerpt.nbib").read_text("utf-8"),
                   encoding="utf-8")
    proc = medbib_cli("convert", odd, "-f", "medline", "-t", "ris")
    assert b"TY  - " in proc.stdout and b"looks like" not in proc.stderr


# -- 18.6 PubMed "Summary (text)" --------------------------------------------------------------

#: PubMed's Summary (text) laid out a line per part (numbered title line, authors, citation, PMID)
SUMMARY_LINES = (
    "1. Endoscopic Ultrasound-Guided Fine Needle Biopsy Needles Provide Higher Diagnostic Yield Compared to "
    "Endoscopic Ultrasound-Guided Fine Needle Aspiration Needles When Sampling Solid Pancreatic Lesions: "
    "A Meta-Analysis.\n"
    "Renelus BD, Jamorabo DS, Boston I, Briggs WM, Poneros JM.\n"
    "Clin Endosc. 2020 Aug 31. doi: 10.5946/ce.2020.101. Online ahead of print.\n"
    "PMID: 32892519\n\n"
    "2. Hidradenitis suppurativa and Down syndrome: A systematic review and meta-analysis.\n"
    "Lam M, Lai C, Almuhanna N, Alhusayen R.\n"
    "Pediatr Dermatol. 2020 Sep 6. doi: 10.1111/pde.14326. Online ahead of print.\n"
    "PMID: 32892406\n"
)
ADVICE = ['Summary (text)', "no abstracts or full author data", 're-export', '"PubMed" (.nbib)', '"Abstract (text)"']


def _summary_files(tmp_path):
    lines = tmp_path / "summary-lines.txt"
    lines.write_text(SUMMARY_LINES, encoding="utf-8")
    return [SUMMARY, lines]


@pytest.mark.parametrize("forced", [(), ("-f", "pubmed-text"), ("-f", "nbib")])
def test_a_summary_text_export_is_recognised_and_says_what_to_do(tmp_path, forced):
    for path in _summary_files(tmp_path):
        proc = medbib_cli("convert", path, *forced, "-t", "ris")
        lines = err_lines(proc)
        assert proc.returncode == 2 and len(lines) == 1, lines
        assert str(path) in lines[0]
        for words in ADVICE:
            assert words in lines[0], (words, lines[0])
        with pytest.raises(medbib.UsageError, match="Summary"):
            list(medbib.read(path))


CORPUS_SUMMARY = ROOT.parent / "shared" / "corpus" / "other-formats" / "summary-text"


@pytest.mark.skipif(not CORPUS_SUMMARY.is_dir(), reason="needs ../shared/corpus (real Summary (text) exports)")
@pytest.mark.parametrize("name", ["legacy-2019-summary.txt", "new-2020-summary.txt"])
def test_real_summary_text_exports_are_recognised(name):
    with pytest.raises(medbib.UsageError, match="re-export from PubMed"):
        list(medbib.read(CORPUS_SUMMARY / name))


# -- 18.7 empty input ------------------------------------------------------------------------

def test_an_empty_input_is_a_warning_not_a_failure(tmp_path):
    empty = tmp_path / "empty.nbib"
    empty.write_bytes(b"\n\n")
    proc = medbib_cli("convert", empty, "-t", "ris", "-o", tmp_path / "out.ris")
    assert proc.returncode == 0, proc.stderr
    assert f"warning: {empty}: empty input: no records" in proc.stderr.decode()
    assert (tmp_path / "out.ris").read_bytes() == b""
    strict = medbib_cli("convert", empty, "-t", "ris", "--strict", "-o", tmp_path / "strict.ris")
    assert strict.returncode == 1 and not (tmp_path / "strict.ris").exists()


def test_the_docs_say_what_an_empty_input_does():
    errors = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    row = next(line for line in errors.splitlines() if line.startswith("| 0 |"))
    assert "empty" in row
    assert "empty input" in (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


# -- 18.9 help texts and terminal width --------------------------------------------------------

def test_top_level_help_gives_a_real_description_per_command():
    out = medbib_cli("--help", columns=80).stdout.decode()
    commands = out.split("Commands:")[1].strip().splitlines()
    described = dict(line.split(None, 1) for line in commands)
    assert {"convert", "inspect", "formats"} <= set(described)
    for name in ("convert", "inspect", "formats"):
        text = described[name]
        assert "..." not in text and "INPUT" not in text and len(text.split()) >= 5, (name, text)
    assert "BibTeX" in described["convert"]


def test_convert_usage_and_options_read_like_a_manual():
    out = medbib_cli("convert", "--help", columns=80).stdout.decode()
    assert "Usage: medbib convert [OPTIONS] INPUT...\n" in out
    for artefact in ("{INPUT", "<list[str]>", "<str>", "<int range>", "<path>"):
        assert artefact not in out, artefact
    to_help = " ".join(out.split("--to FORMAT")[1].split("-f, --from")[0].split())
    for name in ("biblatex", "bibtex", "csljson", "ris"):
        assert name in to_help
    description = " ".join(out.split("Exit codes")[0].split())
    assert "-o DIR/" in description and "own file" in description
    assert "Usage: medbib inspect [OPTIONS] INPUT...\n" in medbib_cli("inspect", "--help").stdout.decode()
    assert "Usage: medbib formats [OPTIONS] [FORMAT]\n" in medbib_cli("formats", "--help").stdout.decode()


def test_formats_fits_80_columns_without_cutting_a_description():
    proc = medbib_cli("formats", columns=80)
    out = proc.stdout.decode()
    assert proc.returncode == 0
    assert all(len(line) <= 80 for line in out.splitlines()), out
    assert "…" not in out
    words = set(out.split())
    for info in medbib.formats():
        for word in info.description.split():
            assert word in words, (info.name, word)


def test_inspect_fits_the_terminal():
    for columns in (80, 120):
        proc = medbib_cli("inspect", XML, columns=columns)
        lines = proc.stdout.decode().splitlines()
        assert proc.returncode == 0 and lines
        assert max(len(line) for line in lines) <= columns
    assert max(len(line) for line in lines) > 80  # wider terminals are used
    orcids = [p.orcid for r in medbib.read(XML) for p in r.authors if p.orcid]
    assert orcids and orcids[0] in " ".join(lines).replace("│", " ")  # data is not taken for rich markup


# -- 18.8 --report: lost apart from flattened, no round-trip artefacts, one line per field ---------

def _report(path, to, tmp_path):
    js = tmp_path / f"report-{to}.json"
    proc = medbib_cli("convert", path, "-t", to, "-o", tmp_path / f"out.{to}", "--report", "--report-json", js)
    assert proc.returncode == 0, proc.stderr
    text = proc.stderr.decode()
    return text[text.index("report:"):], json.loads(js.read_text(encoding="utf-8"))


def _sections(text):
    """{"lost": [field, …], "flattened": [field, …]} from the --report text."""
    out, current = {}, None
    for line in text.splitlines()[1:]:
        if line.startswith("  ") and not line.startswith("    "):
            current = "lost" if "(lost)" in line else "flattened" if "kept, but flattened" in line else None
            out[current] = []
        elif current:
            out[current].append(re.split(r"\s{2,}", line.strip())[0])
    return out


def test_report_separates_real_losses_from_flattened_fields(tmp_path):
    text, data = _report(ABSTRACTS, "ris", tmp_path)  # labelled abstract sections, no NLM categories
    sections = _sections(text)
    assert "kept, but flattened" in text and "no place in ris (lost)" in text
    assert "abstract" in sections["flattened"] and not any(f.startswith("abstract") for f in sections["lost"])
    assert "affiliations" in sections["flattened"]  # AD keeps them, without saying whose
    assert {"indexing_status", "source"} <= set(sections["lost"])
    assert {row["field"] for row in data["flattened"]} == set(sections["flattened"])
    assert {row["field"] for row in data["lost"]} == set(sections["lost"])
    bib_text, bib = _report(XML, "bibtex", tmp_path)
    assert "orcid" in {row["field"] for row in bib["lost"]}  # a real loss stays a loss
    assert "affiliations" in {row["field"] for row in bib["lost"]}
    assert {"mesh", "issn types"} <= {row["field"] for row in bib["flattened"]}


@pytest.mark.parametrize("to", ["ris", "bibtex", "biblatex"])
def test_report_has_one_line_per_field_and_no_round_trip_artefacts(to, tmp_path):
    text, data = _report(FIX / "medline" / "ruipintovascheck-excerpt.nbib", to, tmp_path)
    fields = [f for rows in _sections(text).values() for f in rows]
    assert fields and len(fields) == len(set(fields)), text
    for artefact in ("initials", "page_first", "page_last", "[].text", "extra."):
        assert artefact not in text, (artefact, text)
    rows = data["lost"] + data["flattened"]
    assert all(row["records"] >= 1 and row["reason"] and row["examples"] for row in rows)
    assert data["records_checked"] == 8
