"""The CSL-JSON reader streams: items are decoded one at a time from a buffer refilled in chunks.
Wherever the chunks end (inside a multi-byte character, a string escape, a number), the records are
the same as from reading the file whole; memory does not grow with the file; items before a syntax
error are kept."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from conftest import FIXTURES

import medbib
from medbib.format.csljson import stream

TRICKY = [
    {"id": "a", "type": "article-journal", "title": "Zürich – “quoted” \\ back\\slash \u2028 é 😀 \ud7ff",
     "volume": "12", "page": "1-2", "issued": {"date-parts": [[2020, 1, 31]]}},
    {"id": "b", "type": "book", "title": "x" * 3000, "author": [{"family": "Ñúñez", "given": "J"}]},
    {"id": "c", "type": "article", "title": "numbers", "custom": {"n": 123456789, "f": -1.5e10}},
]


def records(data: bytes) -> list[dict]:
    return [r.to_dict() for r in medbib.read(data, "csljson")]


def inputs() -> list[bytes]:
    out = [p.read_bytes() for p in sorted((FIXTURES / "csljson").glob("*.json"))]
    out.append(json.dumps(TRICKY, ensure_ascii=False, indent=2).encode("utf-8"))
    out.append(json.dumps(TRICKY).encode("utf-8"))  # no spaces between the items
    out.append(json.dumps(TRICKY, ensure_ascii=False).encode("utf-16"))  # with BOM
    out.append(b"\xef\xbb\xbf" + json.dumps(TRICKY[0]).encode("utf-8"))  # one object, UTF-8 BOM
    out.append(b" [ ] ")
    return out


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64, 1000])
def test_any_chunk_size_gives_the_same_records(monkeypatch, chunk) -> None:
    expected = [records(data) for data in inputs()]
    assert [len(e) for e in expected[1:]] == [3, 3, 3, 1, 0] and expected[0]
    monkeypatch.setattr(stream, "CHUNK", chunk)
    assert [records(data) for data in inputs()] == expected


@pytest.mark.parametrize("chunk", [5, 100, 1 << 20])
def test_items_before_a_syntax_error_are_kept(monkeypatch, chunk) -> None:
    monkeypatch.setattr(stream, "CHUNK", chunk)
    text = json.dumps(TRICKY, indent=2)
    broken = text[: text.index('"id": "c"') + 5]  # cut inside the third item
    summary, problems = medbib.FileSummary("x"), []
    recs = list(medbib.read(broken.encode(), "csljson", summary=summary,
                            on_problem=lambda e, k: problems.append(str(e))))
    assert [r.id for r in recs] == ["a", "b"]
    assert len(problems) == 1 and "invalid JSON" in problems[0] and "reading stopped here" in problems[0]
    line = broken.count("\n") + 1
    assert f":{line}:" in problems[0] or f"line {line}" in problems[0]  # the line where it broke
    assert summary.read == 3 and summary.skipped == 1


def test_memory_does_not_grow_with_the_file(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(stream, "CHUNK", 1 << 16)

    def write(path: Path, n: int) -> Path:
        item = {"type": "article-journal", "title": "A title", "abstract": "Long abstract text. " * 300}
        path.write_text(json.dumps([{**item, "id": f"r{i}"} for i in range(n)], indent=1), encoding="utf-8")
        return path

    def peak(path: Path, n: int) -> int:
        tracemalloc.start()
        assert sum(1 for _ in medbib.read(str(path))) == n
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, big = write(tmp_path / "small.json", 100), write(tmp_path / "big.json", 2000)
    assert big.stat().st_size > 10_000_000
    small_peak, big_peak = peak(small, 100), peak(big, 2000)
    # read whole, the big file peaked above 3x its size; streamed, it stays near the small file's peak
    assert big_peak < small_peak + 1_000_000, (small_peak, big_peak)
