"""The docs build strictly, and the generated pages agree with the code."""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def load_gen():
    spec = importlib.util.spec_from_file_location("medbib_docs_gen", ROOT / "docs" / "gen.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("page", sorted(load_gen().PAGES))
def test_generated_pages_are_up_to_date(page):
    gen = load_gen()
    expected = gen.PAGES[page]()
    committed = (ROOT / "docs" / page).read_text(encoding="utf-8")
    assert committed == expected, f"docs/{page} is stale: run `python docs/gen.py` and commit"


def test_mapping_page_shows_real_losses_and_homes():
    gen = load_gen()
    rows = dict(gen.mapping_rows())
    # what a user checks: the PMID reaches every format; BibTeX has no place for ORCID
    assert all(cell != "—" for cell in rows["pmid"].values())
    assert rows["doi"]["csljson"] == "`DOI`"
    if "bibtex" in rows["authors[].orcid"]:
        assert rows["authors[].orcid"]["bibtex"] == "—"


def test_mkdocs_builds_strictly(tmp_path):
    pytest.importorskip("mkdocs")
    exe = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or shutil.which("mkdocs")
    cmd = [exe] if exe else [sys.executable, "-m", "mkdocs"]
    proc = subprocess.run([*cmd, "build", "--strict", "-q", "-d", str(tmp_path / "site")], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "site" / "mapping" / "index.html").exists()
