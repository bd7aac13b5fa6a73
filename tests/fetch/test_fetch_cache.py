"""The fetch cache: where it is, atomic files, runs sharing it, damaged entries, DOIs remembered."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs

from medbib.pipeline.fetch.cache import Store, default_dir
from medbib.pipeline.fetch.ids import parse_id

from .eutils_server import medbib


def test_default_dir_is_the_user_cache_dir_unless_medbib_cache_dir(monkeypatch, tmp_path):
    monkeypatch.delenv("MEDBIB_CACHE_DIR", raising=False)
    assert default_dir() == Path(platformdirs.user_cache_dir("medbib", appauthor=False))
    monkeypatch.setenv("MEDBIB_CACHE_DIR", str(tmp_path / "c"))
    assert default_dir() == tmp_path / "c"


def test_files_are_replaced_whole_and_no_temporary_file_is_left(tmp_path):
    store = Store.open(directory=tmp_path)
    store.put("1", b"<PubmedArticle>one</PubmedArticle>")
    store.put("1", b"<PubmedArticle>two</PubmedArticle>")
    assert store.get("1") == b"<PubmedArticle>two</PubmedArticle>"
    assert [p.name for p in (tmp_path / "pubmed").iterdir()] == ["1.xml"]
    doi = parse_id("doi:10.1000/ABC")
    store.remember(doi, ["5", "6"])
    assert store.lookup(parse_id("10.1000/abc")) == ["5", "6"]
    assert store.lookup(parse_id("10.1000/other")) is None


def test_a_damaged_entry_is_downloaded_again(eutils, records, tmp_path):
    pmid = records[0].pmid
    assert medbib("fetch", pmid, "-t", "ris").returncode == 0
    entry = tmp_path / "cache" / "pubmed" / f"{pmid}.xml"
    entry.write_bytes(entry.read_bytes()[:100])  # e.g. a disk filled up under another program
    proc = medbib("fetch", pmid, "-t", "ris")
    assert proc.returncode == 0, proc.stderr
    assert len(eutils.of("efetch.fcgi")) == 2
    assert entry.read_bytes() == records[0].xml


def test_two_runs_sharing_the_cache_at_once(eutils, records, tmp_path):
    pmids = [r.pmid for r in records]
    cmd = [sys.executable, "-m", "medbib", "fetch", *pmids, "-t", "csljson"]
    procs = [subprocess.Popen([*cmd, "-o", str(tmp_path / f"o{i}.json")], stderr=subprocess.PIPE) for i in range(2)]
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read()
    assert (tmp_path / "o0.json").read_bytes() == (tmp_path / "o1.json").read_bytes()
    assert sorted(p.name for p in (tmp_path / "cache" / "pubmed").iterdir()) == sorted(f"{p}.xml" for p in pmids)


def test_dois_and_pmcids_are_remembered(eutils, records):
    rec = next(r for r in records if r.pmcid and r.doi)
    assert medbib("fetch", rec.doi, rec.pmcid, "-t", "ris").returncode == 0
    assert len(eutils.of("esearch.fcgi")) == 2
    assert medbib("fetch", rec.doi, rec.pmcid, "-t", "ris").returncode == 0
    assert len(eutils.requests) == 3  # 2 esearch + 1 efetch, all from the first run


def test_an_unusable_cache_directory_is_one_line_and_exit_2(eutils, records, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    proc = medbib("fetch", records[0].pmid, "-t", "ris", "--cache-dir", str(blocker))
    assert proc.returncode == 2
    (line,) = proc.stderr.decode().strip().splitlines()
    assert "cannot use the cache directory" in line and "--no-cache" in line
    assert not eutils.requests
