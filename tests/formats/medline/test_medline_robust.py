"""The MEDLINE reader on odd input: line ends, BOMs, spacing, encodings, garbage lines, records
without PMID, strict mode; and it streams."""

from __future__ import annotations

import io

import pytest
from medline_tools import MEDLINE, read_bytes

from medbib.core.streams import open_input
from medbib.format.medline import read as reader
from medbib.plugins.contexts import ReadContext

# --------------------------------------------------------------------------- robustness


def test_crlf_lf_and_bom_give_equal_records():
    crlf = (MEDLINE / "ruipintovascheck-excerpt.nbib").read_bytes()
    lf = crlf.replace(b"\r\n", b"\n")
    bom = b"\xef\xbb\xbf\r\n" + crlf
    a, _ = read_bytes(crlf)
    b, _ = read_bytes(lf)
    c, ctx = read_bytes(bom)
    assert a == b == c and not ctx.errors


def test_trailing_spaces_and_blank_continuation_lines():
    src = (MEDLINE / "blachlylab-excerpt.nbib").read_bytes().replace(b"\r\n", b"\n")
    ref, _ = read_bytes(src)
    noisy = src.replace(b"\nTI  - ", b"\n      \nTI  - ").replace(b"\n", b"   \n")
    recs, ctx = read_bytes(noisy)
    assert not ctx.errors and recs == ref


def test_latin1_file_warns_and_reads():
    src = (MEDLINE / "buendiaenr1-excerpt.nbib").read_bytes().decode("utf-8")
    recs, ctx = read_bytes(src.encode("latin-1", errors="replace"), name="old.nbib")
    assert len(recs) == 4 and not ctx.errors
    assert len(ctx.warnings) == 1 and "Latin-1" in str(ctx.warnings[0]) and "old.nbib" in str(ctx.warnings[0])
    assert recs[1].original_title == "Obesidad en la niñez y adolescencia: factores de riesgo"


def test_html_entities_decoded():
    src = (MEDLINE / "blachlylab-excerpt.nbib").read_bytes()
    src = src.replace(b"TI  - Separating the wheat from the chaff in cHL.",
                      b"TI  - Separating the wheat &amp; the chaff in &lt;cHL&gt;.")
    recs, _ = read_bytes(src)
    assert recs[2].title == "Separating the wheat & the chaff in <cHL>"


def test_records_without_blank_line_between_them():
    src = (MEDLINE / "blachlylab-excerpt.nbib").read_bytes().replace(b"\r\n\r\nPMID- ", b"\r\nPMID- ")
    recs, ctx = read_bytes(src)
    assert [r.pmid for r in recs] == ["34480107", "30592587", "25678431"] and not ctx.errors


def _lines_of(src: bytes) -> list[bytes]:
    return src.replace(b"\r\n", b"\n").split(b"\n")


def test_record_without_pmid_is_one_error_others_kept():
    lines = _lines_of((MEDLINE / "blachlylab-excerpt.nbib").read_bytes())
    second = lines.index(b"PMID- 30592587")
    del lines[second]
    recs, ctx = read_bytes(b"\n".join(lines))
    assert [r.pmid for r in recs] == ["34480107", "25678431"]
    assert len(ctx.errors) == 1 and ctx.skipped == 1
    err = ctx.errors[0]
    assert err.line == second + 1 and "PMID" in err.reason


def test_garbage_line_costs_only_itself_with_a_warning_naming_it():
    # issue 19.16: a bad line used to cost its whole record; now the line is left out, with a warning
    lines = _lines_of((MEDLINE / "blachlylab-excerpt.nbib").read_bytes())
    at = lines.index(b"PMID- 30592587") + 3
    lines.insert(at, b"this line is no MEDLINE tag line")
    lines.insert(at + 2, b"neither is this one")
    recs, ctx = read_bytes(b"\n".join(lines))
    assert [r.pmid for r in recs] == ["34480107", "30592587", "25678431"]
    assert not ctx.errors and len(ctx.warnings) == 2
    first, second = ctx.warnings
    assert first.line == at + 1 and first.record_id == "PMID 30592587"
    assert "this line is no MEDLINE tag line" in first.reason and second.line == at + 3
    clean = read_bytes((MEDLINE / "blachlylab-excerpt.nbib").read_bytes())[0][1]
    got, want = recs[1].to_dict(), clean.to_dict()
    got.pop("origin", None), want.pop("origin", None)
    assert got == want


def test_strict_mode_raises_a_medbib_error():
    from medbib.core.errors import MedbibError

    src = b"PMID- 1\nTI  - A title.\nnot a tag\n"
    ctx = ReadContext("<strict>", strict=True)
    with pytest.raises(MedbibError):
        list(reader.read(open_input(src).stream, ctx))


@pytest.mark.parametrize(
    "data",
    [b"", b"\n\n\n", b"      \n", b"PMID- \n", b"PMID-\n", b"\x00\x01\x02garbage", b"PMID- 1\n      \n",
     b"AB  - \nPMID- 12\nTI  - x\n", "PMID- 5\nTI  - Ça va\n".encode("utf-16")],
)
def test_odd_inputs_never_raise(data):
    recs, ctx = read_bytes(data)
    for r in recs:
        assert r.pmid or r.owner == "ERIC"
    # every non-empty chunk is either a record or an error
    assert len(recs) + len(ctx.errors) >= (1 if data.strip(b"\n ") else 0)


def test_stream_is_read_lazily():
    """The reader is a generator: the first record comes before the input is exhausted."""
    src = (MEDLINE / "ruipintovascheck-excerpt.nbib").read_bytes()

    class Counting(io.BytesIO):
        consumed = 0

        def readline(self, *a):  # noqa: D401
            line = super().readline(*a)
            Counting.consumed += len(line)
            return line

    data = src * 50
    stream = io.BufferedReader(Counting(data), buffer_size=4096)
    gen = reader.read(stream, ReadContext("<lazy>"))
    first = next(gen)
    assert first.pmid == "33097747"
    assert stream.tell() < len(data) // 2
