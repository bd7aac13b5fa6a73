"""The run's own files in an output directory (``-o DIR/``), kept apart from the outputs.

Everything medbib writes besides the outputs goes into ``DIR/.medbib/``: an output's name always
ends in its writer's suffix, so no output can take that name.

- ``.medbib/summary.json``: per-file counts and status of the last run;
- ``.medbib/deletions.txt``: the PMIDs withdrawn by ``DeleteCitation``, in input order;
- ``.medbib/done/NAME.json``: one record per output known complete — written (atomically) after
  that output was renamed into place by a conversion without problems, with the output's size and
  SHA-256, the input's size and modification time, and the conversion's settings. ``--resume``
  skips an input only when its record matches all of these.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ..core.outputs import atomic_output

RUN_DIR = ".medbib"
SUMMARY_FILE = "summary.json"
DELETIONS_FILE = "deletions.txt"


def run_dir(out_dir: str | os.PathLike[str]) -> Path:
    return Path(out_dir) / RUN_DIR


def _done_path(output_path: str) -> Path:
    out = Path(output_path)
    return run_dir(out.parent) / "done" / (out.name + ".json")


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _completion(input_path: str, output_path: str, settings: str) -> dict[str, Any]:
    src, dst = os.stat(input_path), os.stat(output_path)
    return {"input": os.path.realpath(input_path), "input_size": src.st_size, "input_mtime_ns": src.st_mtime_ns,
            "output_size": dst.st_size, "output_sha256": _sha256(output_path), "settings": settings}


def record_done(input_path: str, output_path: str, settings: str) -> None:
    """Note that ``output_path`` is complete (call after it was renamed into place)."""
    doc = _completion(input_path, output_path, settings)
    path = _done_path(output_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as fh:
        fh.write(json.dumps(doc, indent=1).encode())


def forget_done(output_path: str) -> None:
    """Before an output is redone: its old record no longer vouches for it."""
    with contextlib.suppress(OSError):
        os.unlink(_done_path(output_path))


def is_complete(input_path: str, output_path: str, settings: str) -> bool:
    """The output is the complete result of converting this input with these settings: its record
    exists and the input's size and time, the output's size and SHA-256 and the settings match."""
    try:
        recorded = json.loads(_done_path(output_path).read_text(encoding="utf-8"))
        src, dst = os.stat(input_path), os.stat(output_path)
    except (OSError, ValueError):
        return False
    if not isinstance(recorded, dict):
        return False
    cheap = {"input": os.path.realpath(input_path), "input_size": src.st_size, "input_mtime_ns": src.st_mtime_ns,
             "output_size": dst.st_size, "settings": settings}
    if any(recorded.get(k) != v for k, v in cheap.items()):
        return False
    try:
        return recorded.get("output_sha256") == _sha256(output_path)
    except OSError:
        return False


def write_run_files(results: list[Any], out_dir: str | os.PathLike[str]) -> None:
    """``.medbib/deletions.txt`` and ``.medbib/summary.json`` (atomically)."""
    deleted = [p for r in results for p in r.deleted]
    folder = run_dir(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_output(folder / DELETIONS_FILE) as fh:
        fh.write("".join(f"{p}\n" for p in deleted).encode())
    doc = {
        "files": [r.to_dict() for r in results],
        "read": sum(r.read for r in results),
        "written": sum(r.written for r in results),
        "skipped": sum(r.skipped for r in results),
        "deleted": len(deleted),
        "failed": [r.input for r in results if r.status == "failed"],
        "not_converted": [r.input for r in results if r.status == "cancelled"],
    }
    with atomic_output(folder / SUMMARY_FILE) as fh:
        fh.write(json.dumps(doc, indent=2).encode())
