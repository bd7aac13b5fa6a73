"""medbib benchmark — run by hand, never part of the test suite.

    python benchmarks/bench.py                 # 10k and 100k records
    python benchmarks/bench.py --sizes 10000   # quicker
    python benchmarks/bench.py --jobs-only     # only the --jobs speedup
    python benchmarks/bench.py --budget-only --sizes 10000   # only where the time goes
    python benchmarks/bench.py --others-only --sizes 10000   # only the other readers

Generates inputs in benchmarks/data/ by repeating real fixture records with unique PMIDs (PubMed
XML, XML.gz, MEDLINE .nbib), then times, each in a fresh process (so peak RSS is per run):

- the floor: raw ``lxml.etree.iterparse`` of the same XML file, clearing elements as it goes;
- Biopython's ``Bio.Medline.parse`` and the ``nbib`` package on the same .nbib file (if installed);
- medbib reading alone, and reading -> each writer (output to /dev/null);
- where the time goes (smallest size): a bare walk over every XML element, and each writer alone;
- the other readers (smallest size): Abstract text, and RIS, BibTeX and CSL-JSON written by medbib
  from the XML, each -> each writer, against rispy, bibtexparser and json.load;
- ``medbib convert --jobs 1`` vs ``--jobs 2`` over several files.

It prints seconds, records/s, peak RSS and the ratios the performance targets are stated in.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
sys.path.insert(0, str(ROOT / "tests"))

WRITERS = ("csljson", "bibtex", "ris")

# each job runs in its own interpreter: prints JSON {"records": n, "seconds": s, "rss_mb": m}
JOBS = {
    "floor": """
import gzip
from lxml import etree
n = 0
src = gzip.open(PATH, "rb") if PATH.endswith(".gz") else open(PATH, "rb")
for ev, el in etree.iterparse(src, events=("end",), tag=("PubmedArticle", "PubmedBookArticle"),
                              resolve_entities=False, no_network=True, load_dtd=False):
    n += 1
    el.clear(keep_tail=True)
    while el.getprevious() is not None:
        del el.getparent()[0]
""",
    "walk": """
from lxml import etree
n = 0
for ev, el in etree.iterparse(PATH, events=("end",), tag=("PubmedArticle", "PubmedBookArticle"),
                              resolve_entities=False, no_network=True, load_dtd=False):
    n += 1
    for e in el.iter():  # the least a Python reader does: look once at every element and its text
        e.tag, e.text, e.tail
    el.clear(keep_tail=True)
    while el.getprevious() is not None:
        del el.getparent()[0]
""",
    "write": """
import medbib
records = list(medbib.read(PATH))  # not timed: only writing is
n = len(records)
_ru = resource.getrusage(resource.RUSAGE_SELF)
CPU0 = _ru.ru_utime + _ru.ru_stime
t = time.perf_counter()
medbib.write(records, WRITER, os.devnull)
""",
    "rispy": """
import rispy
with open(PATH, encoding="utf-8") as fh:
    n = len(rispy.load(fh))
""",
    "bibtexparser": """
import bibtexparser
n = len(bibtexparser.parse_file(PATH).entries)
""",
    "json": """
import json
with open(PATH, encoding="utf-8") as fh:
    n = len(json.load(fh))
""",
    "biopython": """
from Bio import Medline
with open(PATH, encoding="utf-8") as fh:
    n = sum(1 for _ in Medline.parse(fh))
""",
    "nbib": """
import nbib
n = len(nbib.read_file(PATH))
""",
    "read": """
import medbib
n = sum(1 for _ in medbib.read(PATH))
""",
    "convert": """
import medbib
s = medbib.convert([PATH], to=WRITER, output=os.devnull)
n = s.written
""",
}

RUNNER = """
import os, sys, time, json, resource
PATH, WRITER = sys.argv[1], sys.argv[2]
_ru = resource.getrusage(resource.RUSAGE_SELF)
CPU0 = _ru.ru_utime + _ru.ru_stime  # CPU seconds of the interpreter start-up, not counted
t = time.perf_counter()
{body}
seconds = time.perf_counter() - t
ru = resource.getrusage(resource.RUSAGE_SELF)
rss = ru.ru_maxrss / 1024
print(json.dumps({{"records": n, "seconds": seconds, "rss_mb": rss, "cpu": ru.ru_utime + ru.ru_stime - CPU0}}))
"""


def run(job: str, path: Path, writer: str = "", repeat: int = 3) -> dict:
    code = RUNNER.format(body=JOBS[job])
    best = None
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-c", code, str(path), writer], capture_output=True, text=True)
        if proc.returncode != 0:
            return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        if best is None or res["seconds"] < best["seconds"]:
            best = res
    return best


def generate(n: int) -> dict[str, Path]:
    from generate import write_xml

    DATA.mkdir(parents=True, exist_ok=True)
    paths = {"xml": DATA / f"pubmed-{n}.xml", "xml.gz": DATA / f"pubmed-{n}.xml.gz", "nbib": DATA / f"pubmed-{n}.nbib"}
    if not paths["xml"].exists():
        write_xml(paths["xml"], n, 40_000_000)
    if not paths["xml.gz"].exists():
        write_xml(paths["xml.gz"], n, 40_000_000)
    if not paths["nbib"].exists():
        write_nbib(paths["nbib"], n)
    return paths


def write_nbib(path: Path, n: int) -> None:
    records = []
    for f in sorted((ROOT / "fixtures" / "medline").glob("*.nbib")):
        text = f.read_text(encoding="utf-8").replace("\r\n", "\n")
        records += [r.strip("\n") for r in re.split(r"\n\s*\n(?=PMID- )", text) if r.strip().startswith("PMID-")]
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            rec = re.sub(r"^PMID- \d+", f"PMID- {40_000_000 + i}", records[i % len(records)], count=1, flags=re.M)
            fh.write(rec + "\n\n")


def text_templates() -> list[str]:
    """The records of the Abstract (text) fixtures, each from its number to its PMID line."""
    out = []
    for f in sorted((ROOT / "fixtures" / "pubmed-text").glob("*.txt")):
        text = f.read_text(encoding="utf-8").replace("\r\n", "\n")
        pattern = r"\s*(\d+\. .*?^PMID: +\d+(?: +\[[^\]\n]*\])?)"
        out += [m.group(1) for m in re.finditer(pattern, text, flags=re.DOTALL | re.MULTILINE)]
    return out


def generate_others(n: int) -> dict[str, Path]:
    """Inputs for the other readers: Abstract text repeated from its fixtures; RIS, BibTeX and
    CSL-JSON written by medbib from the XML of the same size."""
    import medbib

    paths = generate(n)
    out = {"pubmed-text": DATA / f"pubmed-{n}.txt", "ris": DATA / f"pubmed-{n}.ris",
           "bibtex": DATA / f"pubmed-{n}.bib", "csljson": DATA / f"pubmed-{n}.json"}
    if not out["pubmed-text"].exists():
        records = text_templates()
        with open(out["pubmed-text"], "w", encoding="utf-8") as fh:
            for i in range(n):
                rec = re.sub(r"^\d+\.", f"{i + 1}.", records[i % len(records)], count=1)
                rec = re.sub(r"^PMID: +\d+", f"PMID: {40_000_000 + i}", rec, count=1, flags=re.MULTILINE)
                fh.write(rec + "\n\n\n")
    for fmt in ("ris", "bibtex", "csljson"):
        if not out[fmt].exists():
            medbib.convert([str(paths["xml"])], to=fmt, output=str(out[fmt]))
    return out


def bench_other_readers(n: int, repeat: int) -> dict:
    """The other readers -> each writer; floors are the libraries medbib reads them with
    (rispy, bibtexparser) or json.load. Abstract text has no library to compare with."""
    paths = generate_others(n)
    floors = {"ris": ("rispy", "rispy.load"), "bibtex": ("bibtexparser", "bibtexparser.parse_file"),
              "csljson": ("json", "json.load")}
    out: dict = {}
    print(f"\n== other readers ({n:,} records; RIS, BibTeX and CSL-JSON written by medbib from the XML)")
    for fmt, path in paths.items():
        print(f"{fmt} ({path.stat().st_size / 1e6:.0f} MB)")
        base = None
        if fmt in floors:
            job, label = floors[fmt]
            base = run(job, path, repeat=repeat)
            out[f"{fmt} floor"] = base
            print(fmt_row(f"{label} (parse only)", base))
        res = run("read", path, repeat=repeat)
        out[f"read {fmt}"] = res
        print(fmt_row("medbib read only", res, base, "library"))
        for w in WRITERS:
            res = run("convert", path, w, repeat=repeat)
            out[f"{fmt} -> {w}"] = res
            print(fmt_row(f"medbib {fmt} -> {w}", res, base, "library"))
    return out


def fmt_row(name: str, res: dict, base: dict | None = None, base_name: str = "") -> str:
    """Wall seconds, rate, CPU seconds, peak RSS; with ``base``: the ratios of wall and of CPU time
    (on a shared, loaded machine the CPU-time ratio is the steadier of the two)."""
    if "error" in res:
        return f"  {name:34s} error: {res['error']}"
    rate = res["records"] / res["seconds"] if res["seconds"] else 0
    ratio = ""
    if base and base.get("seconds"):
        ratio = f"  {res['seconds'] / base['seconds']:5.2f}x {base_name}"
        if base.get("cpu") and "cpu" in res:
            ratio += f" (CPU {res['cpu'] / base['cpu']:.2f}x)"
    cpu = f" cpu {res['cpu']:6.2f} s" if "cpu" in res else ""
    return (f"  {name:34s} {res['seconds']:7.2f} s {rate:9,.0f} rec/s{cpu}  peak RSS {res['rss_mb']:6.1f} MB"
            f"  ({res['records']} records){ratio}")


def bench_size(n: int, repeat: int) -> dict:
    paths = generate(n)
    out = {}
    print(f"\n== {n:,} records")
    for kind in ("xml", "xml.gz"):
        floor = run("floor", paths[kind], repeat=repeat)
        out[f"floor {kind}"] = floor
        print(f"PubMed XML ({kind}, {paths[kind].stat().st_size / 1e6:.0f} MB on disk)")
        print(fmt_row("floor: lxml iterparse + clear", floor))
        res = run("read", paths[kind], repeat=repeat)
        out[f"read {kind}"] = res
        print(fmt_row("medbib read only", res, floor, "floor"))
        for w in WRITERS:
            res = run("convert", paths[kind], w, repeat=repeat)
            out[f"{kind} -> {w}"] = res
            print(fmt_row(f"medbib {kind} -> {w}", res, floor, "floor"))
    print(f"MEDLINE (.nbib, {paths['nbib'].stat().st_size / 1e6:.0f} MB)")
    bio = run("biopython", paths["nbib"], repeat=repeat)
    nb = run("nbib", paths["nbib"], repeat=1)
    out["biopython"], out["nbib"] = bio, nb
    print(fmt_row("Bio.Medline.parse (split only)", bio))
    print(fmt_row("nbib package", nb))
    res = run("read", paths["nbib"], repeat=repeat)
    out["read nbib"] = res
    print(fmt_row("medbib read only", res, bio, "Biopython"))
    for w in WRITERS:
        res = run("convert", paths["nbib"], w, repeat=repeat)
        out[f"nbib -> {w}"] = res
        line = fmt_row(f"medbib nbib -> {w}", res, bio, "Biopython")
        if "seconds" in nb and "seconds" in res:
            line += f", {nb['seconds'] / res['seconds']:.1f}x faster than nbib"
        print(line)
    return out


def bench_budget(n: int, repeat: int) -> dict:
    """Where the time goes, in CPU seconds and multiples of the floor: the floor, a bare walk over
    every element, medbib's reader, and each writer alone (records read beforehand, not timed).
    Reading plus writing is what a conversion costs; the target is 2.0x the floor for the sum."""
    paths = generate(n)
    out: dict = {}
    print(f"\n== where the time goes ({n:,} records, CPU seconds, x = multiple of the floor)")
    for kind, base_job, base_name in (("xml", "floor", "floor"), ("nbib", "biopython", "Biopython")):
        jobs = [(base_name, base_job, "")]
        if kind == "xml":
            jobs.append(("walk every element", "walk", ""))
        jobs.append(("medbib read", "read", ""))
        jobs += [(f"write only: {w}", "write", w) for w in WRITERS]
        base = None
        parts = []
        for label, job, writer in jobs:
            res = run(job, paths[kind], writer, repeat=repeat)
            out[f"{kind} {label}"] = res
            if "cpu" not in res:
                parts.append(f"{label}: {res.get('error', 'failed')}")
                continue
            base = base or res["cpu"]
            parts.append(f"{label} {res['cpu']:.2f} s ({res['cpu'] / base:.2f}x)")
        print(f"{kind}: " + "; ".join(parts))
    return out


def bench_jobs(files: int = 4, records: int = 5000) -> None:
    from generate import write_xml

    d = DATA / "jobs"
    d.mkdir(parents=True, exist_ok=True)
    inputs = []
    for i in range(files):
        p = d / f"pubmed26n{i + 1:04d}.xml.gz"
        if not p.exists():
            write_xml(p, records, 50_000_000 + i * records)
        inputs.append(str(p))
    print(f"\n== --jobs: {files} files x {records:,} records, XML.gz -> csljson, one output per input")
    times = {}
    for jobs in (1, 2):
        out = d / f"out{jobs}"
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "medbib", "convert", *inputs, "-t", "csljson", "-o", f"{out}/",
                        "--jobs", str(jobs), "-q"], check=True)
        times[jobs] = time.perf_counter() - t
        print(f"  --jobs {jobs}: {times[jobs]:.2f} s ({files * records / times[jobs]:,.0f} rec/s)")
    print(f"  speedup on {os.cpu_count()} cores: {times[1] / times[2]:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement (best is kept)")
    ap.add_argument("--jobs-only", action="store_true")
    ap.add_argument("--budget-only", action="store_true", help="only 'where the time goes'")
    ap.add_argument("--others-only", action="store_true", help="only the other readers")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    results = {}
    if args.budget_only or args.others_only:
        if args.budget_only:
            bench_budget(args.sizes[0], args.repeat)
        if args.others_only:
            bench_other_readers(args.sizes[0], args.repeat)
        return
    if not args.jobs_only:
        for n in args.sizes:
            results[n] = bench_size(n, args.repeat)
        results["budget"] = bench_budget(args.sizes[0], args.repeat)
        results["other readers"] = bench_other_readers(args.sizes[0], args.repeat)
        if len(args.sizes) > 1:
            a, b = args.sizes[0], args.sizes[-1]
            for key in ("xml.gz -> csljson", "nbib -> ris"):
                ra, rb = results[a].get(key, {}), results[b].get(key, {})
                if "rss_mb" in ra and "rss_mb" in rb:
                    print(f"\nflat memory ({key}): peak RSS {ra['rss_mb']:.1f} MB at {a:,} vs {rb['rss_mb']:.1f} MB "
                          f"at {b:,} records (difference {rb['rss_mb'] - ra['rss_mb']:+.1f} MB)")
    bench_jobs()
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
