"""Run the real BibTeX tools on a .bib text: TeX's bibtex (plain, unsrt), biber, pandoc.

Shared by tests/formats/bibtex/test_bibtex_tools.py (fixture records) and
tests/corpus/test_corpus_bibtex.py (corpus).
Each function returns the warning/error lines that are NOT about missing fields (missing data
cannot be invented: a record without authors makes bibtex say ``empty author``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

# warnings about fields the data does not have
_BIBTEX_MISSING = re.compile(
    r"^Warning--(empty \w+ in|there's a number but no volume in|can't use both|"
    r"to sort, need (author|editor|author, editor,) or key in|neither \w+ nor \w+ in)")
_BIBER_MISSING = re.compile(r"Missing mandatory field")

BIBTEX = shutil.which("bibtex")
BIBER = shutil.which("biber")
INSTALL_HINT = "apt-get install -y texlive-binaries texlive-bibtex-extra biber"


def run_bibtex(bib: str, style: str, workdir: Path) -> list[str]:
    """``bibtex`` on a generated .aux with ``\\citation{*}``; problem lines other than missing fields."""
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "refs.bib").write_text(bib, encoding="utf-8")
    (workdir / "doc.aux").write_text(f"\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n")
    proc = subprocess.run([BIBTEX, "-min-crossrefs=100", "doc"], cwd=workdir, capture_output=True,
                          text=True, errors="replace", timeout=600)
    out = proc.stdout + proc.stderr
    bad = [ln for ln in out.splitlines()
           if (ln.startswith("Warning--") and not _BIBTEX_MISSING.match(ln))
           or "error message" in ln or ln.startswith("I was expecting") or "---line" in ln]
    if proc.returncode not in (0, 1):  # 1 = warnings only
        bad.append(f"bibtex exit status {proc.returncode}: {out[-500:]}")
    bbl = workdir / "doc.bbl"
    if not bbl.exists() or "\\bibitem" not in bbl.read_text(encoding="utf-8", errors="replace"):
        bad.append("no \\bibitem in doc.bbl")
    return bad


def run_biber(bib: str, workdir: Path) -> list[str]:
    """``biber --tool --validate-datamodel``; WARN/ERROR lines other than missing mandatory fields."""
    workdir.mkdir(parents=True, exist_ok=True)
    src = workdir / "refs.bib"
    src.write_text(bib, encoding="utf-8")
    proc = subprocess.run([BIBER, "--tool", "--validate-datamodel", "--output-file", str(workdir / "out.bib"),
                           str(src)], cwd=workdir, capture_output=True, text=True, errors="replace", timeout=900)
    out = proc.stdout + proc.stderr
    bad = [ln for ln in out.splitlines()
           if re.search(r"\b(WARN|ERROR)\b", ln) and not _BIBER_MISSING.search(ln)
           and not re.search(r"INFO - WARNINGS: \d+", ln)]
    if proc.returncode != 0:
        bad.append(f"biber exit status {proc.returncode}")
    return bad


def pandoc_items(bib: str) -> list[dict]:
    import json

    import pypandoc

    return json.loads(pypandoc.convert_text(bib, "csljson", format="bibtex"))


def pandoc_available() -> bool:
    try:
        import pypandoc

        pypandoc.get_pandoc_version()
        return True
    except Exception:
        return False
