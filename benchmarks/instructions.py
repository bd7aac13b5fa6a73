"""Compare two checkouts of medbib by instructions executed — run by hand, never in the test suite.

    python benchmarks/instructions.py --base ../base/.venv/bin/python --new .venv/bin/python

Seconds on a shared machine vary by ±5 % from run to run, which is the size of the differences a
restructuring must stay within; instruction counts (``valgrind --tool=callgrind``) do not: the
same interpreter, code and input give the same count. Each conversion runs once per checkout
under callgrind (``PYTHONHASHSEED=0``, bytecode cached as in an installed package), interpreter
start-up and imports included, on inputs
generated as ``bench.py`` generates them (2,000 records by default: about a minute a run).
docs/performance.md has the figures of the last restructuring.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import tempfile
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

# a regular file in a temporary folder, not os.devnull: before issue 18, medbib replaced what -o named
# with a regular file, and run as root, a checkout that old replaced the system's /dev/null
CONVERT = "import medbib, sys; medbib.convert([sys.argv[1]], to=sys.argv[2], output=sys.argv[3])"


def inputs(n: int) -> dict[str, Path]:
    """PubMed XML, MEDLINE and Abstract text of ``n`` records; RIS, BibTeX and CSL-JSON written
    from the XML (by the checkout running this script)."""
    import bench
    from generate import write_xml

    paths = {"xml": DATA / f"pubmed-{n}.xml", "nbib": DATA / f"pubmed-{n}.nbib"}
    DATA.mkdir(parents=True, exist_ok=True)
    if not paths["xml"].exists():
        write_xml(paths["xml"], n, 40_000_000)
    if not paths["nbib"].exists():
        bench.write_nbib(paths["nbib"], n)
    return {**paths, **_others(n, paths["xml"])}


def _others(n: int, xml: Path) -> dict[str, Path]:
    import bench

    import medbib

    out = {"txt": DATA / f"pubmed-{n}.txt", "ris": DATA / f"pubmed-{n}.ris", "bib": DATA / f"pubmed-{n}.bib",
           "json": DATA / f"pubmed-{n}.json"}
    if not out["txt"].exists():
        records = bench.text_templates()
        with open(out["txt"], "w", encoding="utf-8") as fh:
            for i in range(n):
                rec = re.sub(r"^\d+\.", f"{i + 1}.", records[i % len(records)], count=1)
                rec = re.sub(r"^PMID: +\d+", f"PMID: {40_000_000 + i}", rec, count=1, flags=re.MULTILINE)
                fh.write(rec + "\n\n\n")
    for key, fmt in (("ris", "ris"), ("bib", "bibtex"), ("json", "csljson")):
        if not out[key].exists():
            medbib.convert([str(xml)], to=fmt, output=str(out[key]))
    return out


def instructions(python: str, code: str, *args: str) -> int:
    # bytecode cached as in an installed package: one plain run writes it, the measured run reads it
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONHASHSEED"] = "0"
    subprocess.run([python, "-c", code, *args], capture_output=True, env=env)
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, "-c", code,
                           *args], capture_output=True, text=True, env=env)
    m = re.search(r"Collected : (\d+)", proc.stderr)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"{python} {args}: {proc.stderr.strip().splitlines()[-3:]}")
    return int(m.group(1))


ROUTES = (
    [("xml", w) for w in ("csljson", "bibtex", "ris")]
    + [("nbib", w) for w in ("csljson", "bibtex", "ris")]
    + [("txt", "csljson"), ("ris", "csljson"), ("bib", "csljson"), ("json", "bibtex")]
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True, help="python of the checkout to compare against")
    ap.add_argument("--new", required=True, help="python of the checkout measured")
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--routes", nargs="*", help="e.g. xml:ris nbib:csljson (default: all)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()
    paths = inputs(args.records)
    routes = [tuple(r.split(":")) for r in args.routes] if args.routes else ROUTES
    rows = []
    print(f"instructions (callgrind), {args.records:,} records; new/base")
    out = Path(tempfile.mkdtemp(prefix="medbib-instructions-")) / "out"
    for src, to in routes:
        base = instructions(args.base, CONVERT, str(paths[src]), to, str(out))
        new = instructions(args.new, CONVERT, str(paths[src]), to, str(out))
        rows.append({"from": src, "to": to, "base": base, "new": new, "ratio": new / base})
        print(f"  {src:>5} -> {to:8s} base {base / 1e9:7.3f} G  new {new / 1e9:7.3f} G  {100 * (new / base - 1):+6.2f} %",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
