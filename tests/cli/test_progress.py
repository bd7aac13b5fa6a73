"""The progress bar as a user sees it: on a real terminal (a pseudo-terminal here), and never when
stderr is piped or with --quiet."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from generate import write_xml
from terminal import run_on_tty

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    # enough records that the bar is redrawn with counts (it updates every 200 records)
    return write_xml(tmp_path_factory.mktemp("progress") / "big.xml", 3000, 40_000_000)


def test_terminal_shows_records_bytes_and_rate(big: Path, tmp_path: Path) -> None:
    code, screen = run_on_tty(["convert", str(big), "-t", "csljson", "-o", str(tmp_path / "out.json")], tmp_path)
    assert code == 0
    plain = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", screen)
    assert "big.xml" in plain  # the file being converted
    counts = [int(c.replace(",", "")) for c in re.findall(r"([\d,]+) records", plain)]
    assert counts and counts == sorted(counts) and counts[-1] == 3000  # records counted as they go
    sizes = re.findall(r"([\d.]+)/([\d.]+) MB", plain)  # bytes of the input read / its size
    assert sizes and sizes[-1][0] == sizes[-1][1] and float(sizes[0][0]) < float(sizes[0][1])
    assert re.search(r"[\d,]+/s", plain)  # records per second
    assert re.search(r"\d:\d\d:\d\d", plain)  # elapsed and remaining time
    assert plain.rstrip().endswith("big.xml [pubmed-xml]: 3000 read, 3000 written, 0 skipped")


def test_quiet_on_terminal_shows_no_bar(big: Path, tmp_path: Path) -> None:
    code, screen = run_on_tty(["convert", str(big), "-t", "ris", "-o", str(tmp_path / "out.ris"), "-q"], tmp_path)
    assert code == 0
    assert "records" not in screen and "/s" not in screen


def test_piped_stderr_shows_no_bar(big: Path, tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "-m", "medbib", "convert", str(big), "-t", "ris", "-o",
                          str(tmp_path / "out.ris")], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert res.returncode == 0
    assert "\x1b[" not in res.stderr and "/s" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1  # only the summary line
