"""Snapshot of every output medbib gives for every fixture and corpus file — run by hand.

    python scripts/snapshot.py save DIR       # write every output into DIR (one file per case)
    python scripts/snapshot.py check DIR      # compute them again; list every case that differs

Made for restructurings that must not change output (issue 17): save before, check after. A
case is one input through one route, and what it gives byte for byte:

- ``model.json``: the records as read (``Record.to_dict``), the problems reported and the
  summary line: what the readers make of the input;
- ``<writer>[+variant].out``: the conversion's output, then its problems and summary line, for
  every writer and the writer options (``--ascii``, RIS's ``zotero_extra``/``epub_et``, a key
  format);
- ``<writer>.report.json``: what ``--report`` measures for that writer;
- ``<writer>.back.json``: that output read back by medbib's reader of the same format and
  written as CSL-JSON (so the RIS, BibTeX and CSL-JSON readers are covered on what medbib writes,
  too).

Inputs are every file under ``fixtures/`` and, where it exists, ``../shared/corpus`` (found as
the tests find it). They are named by paths relative to a temporary folder, so the messages (which
name the file) are the same in any checkout.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import medbib  # noqa: E402
from medbib import WriteOptions  # noqa: E402

# (case name, writer, option kwargs for WriteOptions)
ROUTES: tuple[tuple[str, str, dict], ...] = (
    ("csljson", "csljson", {}),
    ("csljson+keys", "csljson", {"key_format": "{Family}{year}{words:2}{pmid}"}),
    ("bibtex", "bibtex", {}),
    ("bibtex+ascii", "bibtex", {"ascii": True}),
    ("biblatex", "biblatex", {}),
    ("biblatex+ascii", "biblatex", {"ascii": True}),
    ("ris", "ris", {}),
    ("ris+plain", "ris", {"extra": {"zotero_extra": False, "epub_et": False}}),
)
BACK = ("csljson", "bibtex", "biblatex", "ris")  # routes whose output is read back
SKIP = {"README.md", ".gitignore"}


def inputs(base: Path) -> list[str]:
    """Relative paths (from ``base``) of every input file, sorted."""
    out = []
    for top in ("fixtures", "corpus"):
        root = base / top
        if not root.exists():
            continue
        for p in sorted(root.rglob("*")):
            if p.is_file() and p.name not in SKIP and not p.name.endswith(".expected.json"):
                out.append(str(p.relative_to(base)))
    return out


def _problems() -> tuple[list[str], object]:
    seen: list[str] = []

    def on_problem(err: Exception, kind: str) -> None:
        seen.append(f"{kind}: {err}")

    return seen, on_problem


def _text(seen: list[str], lines: list[str]) -> str:
    return "".join(f"# {x}\n" for x in seen + lines)


def model(path: str) -> str:
    seen, on_problem = _problems()
    fs = medbib.FileSummary(path)
    try:
        records = [r.to_dict() for r in medbib.read(path, summary=fs, on_problem=on_problem)]
    except medbib.MedbibError as exc:
        return _text(seen, [f"failed: {type(exc).__name__}: {exc}"])
    body = json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False)
    return body + "\n" + _text(seen, [fs.line()])


def convert(source, to: str, options: dict, *, name: str | None = None, report: bool = False,
            from_: str | None = None) -> tuple[str, bytes, object]:
    """(problems and summary, output bytes, the report or None) of one conversion."""
    seen, on_problem = _problems()
    buf = io.BytesIO()
    if name is not None:
        source = io.BytesIO(source)
        source.name = name
    try:
        summary = medbib.convert([source], to=to, output=buf, options=WriteOptions(**options),
                                 on_problem=on_problem, report=report, from_=from_)
    except medbib.MedbibError as exc:
        return _text(seen, [f"failed: {type(exc).__name__}: {exc}"]), buf.getvalue(), None
    lines = [f.line() for f in summary.files] + [summary.line()]
    return _text(seen, lines), buf.getvalue(), summary.report


def cases(path: str):
    """(case name, bytes) for every route of one input."""
    yield "model.json", model(path).encode("utf-8")
    for case, writer, options in ROUTES:
        messages, output, report = convert(path, writer, options, report=case in BACK)
        yield f"{case}.out", output + b"\n" + messages.encode("utf-8")
        if report is not None:
            yield f"{case}.report.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1).encode()
        if case in BACK and output:
            reader = "bibtex" if writer == "biblatex" else writer
            back_msgs, back, _ = convert(output, "csljson", {}, name=f"{path}.{case}", from_=reader)
            yield f"{case}.back.json", back + b"\n" + back_msgs.encode("utf-8")


def run(mode: str, target: Path) -> int:
    corpus = _corpus()
    differ: list[str] = []
    count = 0
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        (base / "fixtures").symlink_to(ROOT / "fixtures")
        if corpus is not None:
            (base / "corpus").symlink_to(corpus)
        os.chdir(base)
        for path in inputs(base):
            for case, data in cases(path):
                count += 1
                dest = target / path / case
                if mode == "save":
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(data)
                elif not dest.exists() or dest.read_bytes() != data:
                    differ.append(f"{path} {case}")
                    if mode == "diff":
                        dest.with_name(dest.name + ".new").write_bytes(data)
    print(f"{count} cases, {len(differ)} differ" + ("" if corpus else " (no corpus: fixtures only)"))
    for d in differ:
        print("  differs:", d)
    return 1 if differ else 0


def _corpus() -> Path | None:
    from conftest import CORPUS

    return CORPUS


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=("save", "check", "diff"),
                    help="save: write the outputs; check: compare; diff: compare and write X.new beside each differing X")
    ap.add_argument("dir", type=Path)
    args = ap.parse_args()
    sys.exit(run(args.mode, args.dir.resolve()))


if __name__ == "__main__":
    main()
