"""Issue 19's input items (1-6, 15-17), each as a user meets it: the CLI in a subprocess, under a
memory cap, on an input the test generates (tests/hostile_inputs.py)."""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_inputs import (
    Hostile,
    bib_string_bomb,
    csljson_bad_items,
    giant_line_nbib_gz,
    long_abstract_text_record,
    medline_bad_lines,
    nbib_gz_cut,
    nbib_gz_no_trailer,
    ris_controls,
    xml_fake_doctype_end,
    xml_gz_cut,
    xml_gz_garbage,
    xml_namespaced,
    xml_utf7_entities,
    xml_utf32_entities,
)

import medbib
from medbib.core.model import Person, Record

MEMORY = 1 << 30  # bytes of address space a conversion may use


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "medbib", *args], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=_cap)


def written(stderr: str, name: str) -> int:
    m = re.search(rf"{re.escape(name)} \[[\w-]+\]: (\d+) read, (\d+) written", stderr)
    assert m, stderr
    return int(m.group(2))


def check(h: Hostile, tmp_path: Path, to: str = "csljson") -> subprocess.CompletedProcess:
    """Convert ``h`` to ``to``: the documented exit code, message and records written; no traceback."""
    src = h.write(tmp_path)
    out = tmp_path / f"out.{to}"
    p = run("convert", str(src), "-t", to, "-o", str(out))
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr
    assert p.returncode == h.exit, p.stderr
    for word in h.says:
        assert word in p.stderr, (word, p.stderr)
    if h.exit != 2:
        assert written(p.stderr, src.name) == h.written, p.stderr
    if h.written and to == "csljson":
        assert len(json.loads(out.read_text(encoding="utf-8"))) == h.written
    return p


# --------------------------------------------------------------------------- 19.1 gzip damage
@pytest.mark.parametrize("make", [nbib_gz_cut, nbib_gz_no_trailer, xml_gz_garbage, xml_gz_cut],
                         ids=["nbib-cut", "nbib-no-trailer", "xml-garbage-after", "xml-cut"])
def test_every_complete_record_before_gzip_damage_is_converted_and_counted(make, tmp_path):
    h = make()
    assert h.written > 0
    p = check(h, tmp_path)
    damage = [ln for ln in p.stderr.splitlines() if "gzip" in ln]
    assert len(damage) == 1 and "byte " in damage[0], p.stderr  # one line, with its byte offset


def test_gzip_damage_in_the_head_of_a_small_file_keeps_its_records(tmp_path):
    # the whole content fits in the bytes read for sniffing: those were lost with the error
    h = nbib_gz_no_trailer()
    check(h, tmp_path, to="ris")
    assert (tmp_path / "out.ris").read_text(encoding="utf-8").count("ER  -") == 3


# --------------------------------------------------------------------------- 19.2 CSL-JSON items
@pytest.mark.parametrize("to", ["csljson", "bibtex", "ris"])
def test_each_bad_csljson_item_is_skipped_with_its_number_and_reason(to, tmp_path):
    check(csljson_bad_items(), tmp_path, to)


def test_inspect_and_directory_mode_go_on_after_a_bad_csljson_item(tmp_path):
    src = csljson_bad_items().write(tmp_path)
    p = run("inspect", str(src))
    assert "Traceback" not in p.stderr and p.returncode == 1 and "custom.pmid" in p.stderr
    other = tmp_path / "other.nbib"
    other.write_bytes(medline_bad_lines().data)
    p = run("convert", str(src), str(other), "-t", "ris", "-o", f"{tmp_path}/out/")
    assert "Traceback" not in p.stderr
    assert (tmp_path / "out" / "other.ris").exists() and (tmp_path / "out" / "bad-items.ris").exists()


def test_values_kept_in_extra_are_written_one_way_for_variables_and_custom():
    item = {"id": "x", "type": "book", "title": "T", "flag": True, "n": 1.5,
            "custom": {"flag2": True, "n2": 1.5}}
    rec = next(medbib.read(json.dumps([item]).encode(), "csljson"))
    assert rec.extra["csljson:flag"] == rec.extra["csljson:custom.flag2"] == ["true"]
    assert rec.extra["csljson:n"] == rec.extra["csljson:custom.n2"] == ["1.5"]


# --------------------------------------------------------------------------- 19.3 @string bombs
@pytest.mark.parametrize("to", ["csljson", "ris"])
def test_string_macro_bomb_is_refused_and_the_valid_entry_kept(to, tmp_path):
    check(bib_string_bomb(), tmp_path, to)


def test_deeply_nested_macros_are_refused(tmp_path):
    lines = ['@string{a0 = "x"}'] + [f"@string{{a{i} = a{i - 1}}}" for i in range(1, 200)]
    lines += ["@article{deep, title = a199, year = 2000}", "@article{ok, title = {Fine}, year = 2001}"]
    src = tmp_path / "deep.bib"
    src.write_text("\n".join(lines), encoding="utf-8")
    p = run("convert", str(src), "-t", "ris", "-o", str(tmp_path / "out.ris"))
    assert p.returncode == 1 and "nested deeper than 100" in p.stderr and "@string a100" in p.stderr
    assert written(p.stderr, "deep.bib") == 1


# --------------------------------------------------------------------------- 19.4 giant lines, bombs
def test_decompression_bomb_line_is_refused_with_flat_memory(tmp_path):
    # a 66 MB line in a ~300 kB .nbib.gz, read under a 1 GiB address-space cap (the line over the
    # 64 MB limit is refused; a reader holding it several times over would die of MemoryError)
    check(giant_line_nbib_gz(), tmp_path, to="ris")


def test_giant_csljson_item_is_skipped_and_the_next_read(tmp_path):
    big = '{"id": "big", "title": "' + "a" * (66 << 20) + '"}'
    src = tmp_path / "big.json"
    src.write_text(f'[{{"id": "a", "title": "A"}}, {big}, {{"id": "b", "title": "B"}}]', encoding="utf-8")
    p = run("convert", str(src), "-t", "ris", "-o", str(tmp_path / "out.ris"))
    assert p.returncode == 1 and "longer than 64 MB" in p.stderr and "Traceback" not in p.stderr
    assert written(p.stderr, "big.json") == 2


# --------------------------------------------------------------------------- 19.5, 19.6 XML
@pytest.mark.parametrize("make", [xml_fake_doctype_end, xml_utf32_entities, xml_utf7_entities],
                         ids=["fake-end-of-subset", "utf-32-without-bom", "utf-7"])
def test_entity_declarations_are_refused_however_the_prolog_hides_them(make, tmp_path):
    p = check(make(), tmp_path)
    assert "AAAA" not in (tmp_path / "out.csljson").read_text(encoding="utf-8") if p.returncode == 0 else True


@pytest.mark.parametrize("prefixed", [False, True], ids=["default-namespace", "prefixed"])
def test_namespaced_pubmed_xml_is_said_not_to_be_pubmed_xml(prefixed, tmp_path):
    check(xml_namespaced(prefixed), tmp_path)


# --------------------------------------------------------------------------- 19.15 BibTeX round trip
@pytest.mark.parametrize("to", ["bibtex", "biblatex"])
def test_bibtex_round_trip_keeps_every_author(to):
    rec = Record(title="T", id="k", authors=[
        Person(family="Doe", given="J."), Person(family="others"), Person(family="\\relax", given="X."),
        Person(family="Others"), Person(family="\\'Emile", given="Y.")])
    back = list(medbib.read(medbib.write([rec], to).encode(), "bibtex"))
    assert [(p.family, p.given) for p in back[0].authors] == [(p.family, p.given) for p in rec.authors]
    assert not back[0].authors_truncated


# --------------------------------------------------------------------------- 19.16 MEDLINE lines
def test_a_malformed_medline_line_costs_only_itself(tmp_path):
    p = check(medline_bad_lines(), tmp_path, to="ris")
    ris = (tmp_path / "out.ris").read_text(encoding="utf-8")
    assert "TI  - First title" in ris and "TI  - This is a title" in ris and "AU  - Doe, J" in ris
    assert p.stderr.count("warning:") == 2


# --------------------------------------------------------------------------- 19.17 controls, sniffing
@pytest.mark.parametrize("to", ["ris", "csljson", "bibtex"])
def test_no_writer_passes_control_characters_through(to, tmp_path):
    check(ris_controls(), tmp_path, to)
    out = (tmp_path / f"out.{to}").read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", out)
    if to == "csljson":
        assert "\\u00" not in out and json.loads(out)[0]["title"].startswith("Nul bel esc[31m red")


def test_abstract_text_with_a_first_record_longer_than_the_head_is_recognised(tmp_path):
    check(long_abstract_text_record(), tmp_path, to="ris")
