"""The shape docs/architecture.md promises: layers without cycles, small functions.

- the import-linter contracts of pyproject.toml (layers, formats independent of each other, no
  import cycles, nothing below the CLI importing the public API module) hold;
- no function in src/ is longer than 60 lines or more complex than 20 (ruff's C901, McCabe).
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

SRC = ROOT / "src" / "medbib"
MAX_LINES = 60
MAX_COMPLEXITY = 20


def _tool(name: str) -> list[str]:
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (it comes with the test extra)")
    return [exe]


def test_import_contracts_hold():
    proc = subprocess.run([*_tool("lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "broken" in proc.stdout and "0 broken" in proc.stdout


def test_no_function_over_60_lines():
    long = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {lines} lines")
    assert not long, "\n".join(long)


def test_no_function_more_complex_than_20():
    targets = [str(p.relative_to(ROOT)) for p in sorted(SRC.iterdir()) if p.name != "__pycache__"]
    proc = subprocess.run([*_tool("ruff"), "check", "--no-cache", "--isolated", "--select", "C901", "--config",
                           f"lint.mccabe.max-complexity={MAX_COMPLEXITY}", "--output-format", "concise", *targets],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _format_modules_after(code: str) -> set[str]:
    """The modules of format packages (other than their __init__) that ``code`` leaves imported."""
    probe = code + "\nimport sys\nprint(' '.join(m for m in sys.modules if m.startswith('medbib.format.')))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {m for m in proc.stdout.split() if m.count(".") == 3}


def test_finding_the_formats_imports_no_reader_writer_or_table():
    """Every format package is loaded to list the formats; each declares its Format with lazy
    references, so a run imports only the readers and writers it uses (start-up time)."""
    assert _format_modules_after("import medbib; medbib.formats()") == set()


def test_a_conversion_imports_only_its_two_formats(tmp_path):
    """Beyond the sniffers (each a small module of its own, tried on the input's first bytes)."""
    src = ROOT / "fixtures" / "pubmed-xml" / "journal-article.xml"
    code = f"import medbib; medbib.convert([{str(src)!r}], to='ris', output={str(tmp_path / 'out.ris')!r})"
    packages = {m.split(".")[2] for m in _format_modules_after(code) if not m.endswith(".sniff")}
    assert packages == {"pubmed_xml", "ris"}
