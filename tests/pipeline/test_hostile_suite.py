"""Issue 19's hostile-input suite: every reader x every writer, and ``inspect``, over generated
hostile and damaged inputs (tests/hostile_inputs.py), each run in a subprocess under a memory cap
(``resource.setrlimit``) and a time limit. For every route: the exit code documented in
docs/errors.md, no traceback and no "internal error", and every complete record before the damage
converted and counted. Part of the default test run (``-m hostile`` runs it alone)."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hostile_inputs import Hostile, all_hostile

pytestmark = pytest.mark.hostile

MEMORY = 1 << 30  # bytes of address space per run
SECONDS = 60  # per run
ROUTES = ("csljson", "bibtex", "ris", "inspect")


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def _run(src: Path, route: str, out_dir: Path) -> subprocess.CompletedProcess:
    if route == "inspect":
        args = ["inspect", "--json", str(src)]
    else:
        args = ["convert", str(src), "-t", route, "-o", str(out_dir / f"{src.name}.{route}")]
    return subprocess.run([sys.executable, "-m", "medbib", *args], capture_output=True, text=True,
                          timeout=SECONDS, preexec_fn=_cap)


def _records_out(h: Hostile, src: Path, route: str, p: subprocess.CompletedProcess, out_dir: Path) -> int:
    if route == "inspect":
        return len(json.loads(p.stdout or "[]"))
    out = out_dir / f"{src.name}.{route}"
    if not out.exists():
        return 0
    text = out.read_text(encoding="utf-8")
    if route == "csljson":
        return len(json.loads(text))
    if route == "ris":
        return len(re.findall(r"^ER  - ", text, re.M))
    return len(re.findall(r"^@\w+\{", text, re.M))


def test_every_route_over_hostile_inputs(tmp_path):
    inputs = [(h, h.write(tmp_path)) for h in all_hostile()]
    jobs = [(h, src, route) for h, src in inputs for route in ROUTES]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: _run(job[1], job[2], tmp_path), jobs))
    failures = []
    for (h, src, route), p in zip(jobs, results):
        problems = []
        if "Traceback" in p.stderr or "internal error" in p.stderr:
            problems.append("traceback or internal error")
        if p.returncode != h.exit:
            problems.append(f"exit {p.returncode}, documented {h.exit}")
        if h.exit != 2:
            got = _records_out(h, src, route, p, tmp_path)
            if got != h.written:
                problems.append(f"{got} records out of {h.written}")
            m = re.search(rf"{re.escape(src.name)} \[[\w-]+\]: (\d+) read", p.stderr)
            if not m or int(m.group(1)) < h.written:
                problems.append("not counted")
        if problems:
            failures.append(f"{h.name} -> {route}: {'; '.join(problems)}\n{p.stderr[-500:]}")
    assert not failures, "\n".join(failures)
