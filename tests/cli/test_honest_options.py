"""Issue 18, items 4-9: honest options and messages, run as a user runs them (the CLI in a
subprocess, or the documented API call)."""

from __future__ import annotations

import json
import os
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
