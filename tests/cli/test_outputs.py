"""What ``-o`` does to what is already there, and what a failing or interrupted write says (issues
18.1-18.2 and 19.7-19.14, 19.17): each case runs the command line in a real subprocess, as a user
would, with its inputs generated here."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from generate import write_csljson

pytestmark = pytest.mark.skipif(os.name != "posix", reason="FIFOs, device nodes, signals and rlimits are POSIX")

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "csljson" / "beckham2021.json"


def medbib(*args, timeout=120, **kwargs):
    return subprocess.run([sys.executable, "-m", "medbib", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, check=False, **kwargs)


def one_line(stderr: str, needle: str) -> str:
    """The stderr line holding ``needle``; also: no traceback, no internal error anywhere."""
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if needle in line]
    assert len(lines) == 1, stderr
    return lines[0]


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def host() -> str:
    return re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())


# --------------------------------------------------------------------------- 18.1 / 19.12 special outputs
def test_a_named_pipe_is_written_through_not_replaced(tmp_path):
    fifo = tmp_path / "out.ris"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.open("rb").read()), daemon=True)
    reader.start()
    res = medbib("convert", FIXTURE, "-t", "ris", "-o", fifo, timeout=60)
    if reader.is_alive():  # nothing opened the pipe for writing: let the reader go
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(10)
    assert res.returncode == 0, res.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced by a regular file"
    assert got and got[0].count(b"ER  - ") == 2


def test_a_symlink_stays_a_link_and_its_target_is_replaced(tmp_path):
    target = tmp_path / "real.ris"
    target.write_text("old content\n")
    link = tmp_path / "link.ris"
    link.symlink_to(target.name)
    res = medbib("convert", FIXTURE, "-o", link)
    assert res.returncode == 0, res.stderr
    assert link.is_symlink() and os.readlink(link) == target.name
    assert target.read_text().count("ER  - ") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.ris", "real.ris"]  # no temp left


def test_a_link_to_standard_output_writes_to_standard_output(tmp_path):
    link = tmp_path / "out.ris"
    link.symlink_to("/proc/self/fd/1")
    res = medbib("convert", FIXTURE, "-t", "ris", "-o", link)
    assert res.returncode == 0, res.stderr
    assert link.is_symlink()
    assert res.stdout.count("ER  - ") == 2


@pytest.fixture
def char_device(tmp_path):
    """A character device to write to: as root, a null device made here (so that a failing medbib
    can at worst replace this node, never the system's /dev/null); else /dev/null itself, which a
    user other than root cannot replace."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        with open(node, "wb") as fh:
            fh.write(b"x")
    except OSError as exc:
        pytest.skip(f"cannot make or use a device node here: {exc}")
    return node


def test_a_character_device_is_written_through_not_replaced(char_device):
    before = os.stat(char_device)
    res = medbib("convert", FIXTURE, "-t", "csljson", "-o", char_device)
    assert res.returncode == 0, res.stderr
    after = os.stat(char_device)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino
    assert not list(char_device.parent.glob(f".{char_device.name}.*"))


def test_a_directory_as_report_file_is_one_line_and_exit_2(tmp_path):
    (tmp_path / "rep").mkdir()
    res = medbib("convert", FIXTURE, "-t", "ris", "-o", tmp_path / "x.ris", "--report-json", tmp_path / "rep")
    assert res.returncode == 2
    assert "is a directory" in one_line(res.stderr, "rep")
    res = medbib("convert", FIXTURE, "-t", "ris", "-o", tmp_path / "x.ris",
                 "--report-json", tmp_path / "missing" / "r.json")
    assert res.returncode == 2
    assert "cannot write here" in one_line(res.stderr, "r.json")


# --------------------------------------------------------------------------- 18.2 run files vs outputs
def test_an_input_named_summary_keeps_its_output(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    write_csljson(src / "summary.json.gz", 3, 100)
    write_csljson(src / "deletions.json", 2, 200)
    out = tmp_path / "out"
    res = medbib("convert", src / "summary.json.gz", src / "deletions.json", "-t", "csljson", "-o", f"{out}/",
                 "--jobs", "2")
    assert res.returncode == 0, res.stderr
    assert [i["PMID"] for i in json.loads((out / "summary.json").read_text())] == ["100", "101", "102"]
    run = json.loads((out / ".medbib" / "summary.json").read_text())
    assert run["written"] == 5 and [Path(f["input"]).name for f in run["files"]] == ["summary.json.gz",
                                                                                      "deletions.json"]


# --------------------------------------------------------------------------- 19.7 a write that fails
def limited_to(nbytes):
    """Run a child with files limited to ``nbytes``: writing past it fails (EFBIG) as a full disk
    does (ENOSPC), through the same code; Python ignores SIGXFSZ, so the write returns the error."""
    import resource

    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, resource.RLIM_INFINITY))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_write_failing_in_a_directory_run_is_one_line_and_the_others_are_converted(tmp_path, jobs):
    src = tmp_path / "in"
    src.mkdir()
    inputs = [write_csljson(src / "a.json", 3, 100), write_csljson(src / "big.json", 400, 1000),
              write_csljson(src / "c.json", 3, 300)]
    out = tmp_path / "out"
    res = medbib("convert", *inputs, "-t", "ris", "-o", f"{out}/", "--jobs", jobs, preexec_fn=limited_to(60_000))
    assert res.returncode == 1, res.stderr
    line = one_line(res.stderr, "cannot write")
    assert str(out / "big.ris") in line and "File too large" in line
    assert (out / "a.ris").read_text().count("ER  - ") == 3 and (out / "c.ris").read_text().count("ER  - ") == 3
    assert not (out / "big.ris").exists()
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_write_failing_into_one_file_names_it_and_keeps_the_old_file(tmp_path):
    big = write_csljson(tmp_path / "big.json", 400, 1000)
    out = tmp_path / "refs.ris"
    out.write_text("old content\n")
    res = medbib("convert", big, "-o", out, preexec_fn=limited_to(60_000))
    assert res.returncode == 1
    line = one_line(res.stderr, "cannot write")
    assert line == f"medbib: {out}: cannot write (File too large); {out} is left as it was"
    assert out.read_text() == "old content\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_disk_full_is_one_line_naming_the_file(tmp_path):
    # through a link of our own: a medbib that replaced what -o names would replace this link, never
    # the system's /dev/full (as root it could)
    full = tmp_path / "full.ris"
    full.symlink_to("/dev/full")
    res = medbib("convert", FIXTURE, "-t", "ris", "-o", full)
    assert res.returncode == 1
    assert one_line(res.stderr, "full.ris") == f"medbib: {full}: cannot write (No space left on device)"
    assert full.is_symlink()


# --------------------------------------------------------------------------- 19.8 two runs, one directory
def test_start_up_removes_only_temporary_files_of_dead_processes(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        mine = out / f".beckham2021.ris.{host()}-{live.pid}.abcd1234.tmp"
        stale = out / f".beckham2021.ris.{host()}-{dead_pid()}.efgh5678.tmp"
        unknown = out / ".beckham2021.ris.x1y2z3.tmp"  # no host and pid: not provably stale
        for p in (mine, stale, unknown):
            p.write_text("being written")
        res = medbib("convert", FIXTURE, "-t", "ris", "-o", f"{out}/")
        assert res.returncode == 0, res.stderr
        assert mine.exists() and unknown.exists() and not stale.exists()
    finally:
        live.kill()
        live.wait()


def test_a_second_run_into_the_same_directory_leaves_the_first_alone(tmp_path):
    """Run 1 reads a pipe and has its temporary output open; run 2 writes the same output name."""
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    fifo = tmp_path / "one" / "refs.json"
    os.mkfifo(fifo)
    shutil.copy(FIXTURE, tmp_path / "two" / "refs.json")
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "medbib", "convert", str(fifo), "-f", "csljson", "-t", "ris",
                              "-o", f"{out}/"], stderr=subprocess.PIPE, text=True)
    try:
        items = json.loads(FIXTURE.read_text())
        text = json.dumps(items * 40)  # more than the 32 KiB medbib reads before it starts writing
        with open(fifo, "w") as pipe:
            pipe.write(text[: len(text) // 2 + 20000])
            pipe.flush()
            deadline = time.time() + 60
            while not list(out.glob(".refs.ris.*.tmp")) and time.time() < deadline:
                time.sleep(0.05)
            assert list(out.glob(".refs.ris.*.tmp")), "the first run never started writing"
            second = medbib("convert", tmp_path / "two" / "refs.json", "-t", "ris", "-o", f"{out}/")
            assert second.returncode == 0, second.stderr
            pipe.write(text[len(text) // 2 + 20000:])
        _, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == 0, err
    assert "Traceback" not in err
    assert (out / "refs.ris").read_text().count("ER  - ") == 80  # the first run's output, complete


# --------------------------------------------------------------------------- 19.9 Ctrl-C with --jobs
def _ctrl_c_as_at_a_terminal() -> None:
    """SIGINT back to its default in the child: a shell without job control starts background
    commands (a CI script run with `&`, say) with SIGINT ignored, and Python then installs no
    KeyboardInterrupt handler, so the run would not see the Ctrl-C this test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.parametrize("to_group", [False, True], ids=["to-medbib", "to-the-terminal-group"])
def test_ctrl_c_with_jobs_stops_the_run_and_says_what_was_converted(tmp_path, to_group):
    src = tmp_path / "in"
    src.mkdir()
    inputs = [write_csljson(src / f"f{n}.json", 1500, n * 10_000) for n in range(1, 7)]
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "medbib", "convert", *map(str, inputs), "-t", "bibtex",
                             "-o", f"{out}/", "--jobs", "2"], stderr=subprocess.PIPE, text=True,
                            start_new_session=True, preexec_fn=_ctrl_c_as_at_a_terminal)
    try:
        deadline = time.time() + 120
        while not list(out.glob("*.bib")) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.02)
        if to_group:
            os.killpg(proc.pid, signal.SIGINT)
        else:
            proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    at_exit = sorted(p.name for p in out.iterdir() if p.suffix == ".bib")
    time.sleep(2)
    assert sorted(p.name for p in out.iterdir() if p.suffix == ".bib") == at_exit  # nothing written after
    assert proc.returncode == 130, err
    line = one_line(err, "interrupted")
    assert len(at_exit) < 6 and f"{len(at_exit)} of 6 inputs converted" in line, (at_exit, err)
    assert f"{6 - len(at_exit)} not converted" in line
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]
    for name in at_exit:  # what is there is complete
        assert (out / name).read_text().count("\n@") + 1 == 1500


# --------------------------------------------------------------------------- 19.10 --resume
def test_resume_redoes_outputs_not_known_complete(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good = write_csljson(src / "good.json", 3, 100)
    cut = write_csljson(src / "cut.json", 3, 200)
    bad = src / "bad.json"
    bad.write_text(json.dumps([{"id": "a", "type": "book", "title": "A"}, {"id": "b", "author": "x"}]))
    other = write_csljson(src / "other.json", 2, 300)
    out = tmp_path / "out"
    res = medbib("convert", good, cut, bad, other, "-t", "csljson", "-o", f"{out}/")
    assert res.returncode == 1  # bad.json had a problem
    (out / "cut.json").write_text((out / "cut.json").read_text()[:40])  # truncated, and newer
    (out / "other.json").write_text("[]\n")  # replaced by something else, newer than its input
    res = medbib("convert", good, cut, bad, other, "-t", "csljson", "-o", f"{out}/", "--resume")
    assert "Traceback" not in res.stderr
    assert "good.json: up to date" in res.stderr
    for name in ("cut.json", "bad.json", "other.json"):
        assert f"{name}: up to date" not in res.stderr, res.stderr
    assert len(json.loads((out / "cut.json").read_text())) == 3
    assert len(json.loads((out / "other.json").read_text())) == 2
    res = medbib("convert", good, cut, other, "-t", "csljson", "-o", f"{out}/", "--resume")
    assert res.returncode == 0 and res.stderr.count(": up to date (") == 3, res.stderr


# --------------------------------------------------------------------------- 19.11 output = input
def test_an_output_that_would_replace_an_input_is_refused(tmp_path):
    src = tmp_path / "refs.json"
    shutil.copy(FIXTURE, src)
    before = src.read_bytes()
    res = medbib("convert", src, "-o", src)
    assert res.returncode == 2
    assert "would replace the input" in one_line(res.stderr, "refs.json")
    (tmp_path / "alias.json").symlink_to(src.name)
    res = medbib("convert", src, "-o", tmp_path / "alias.json")
    assert res.returncode == 2 and "would replace the input" in res.stderr
    # -o DIR/ over the inputs' own directory: a.bib -> a.json, then refs.json -> refs.json
    (tmp_path / "a.bib").write_text("@article{a, title={A}, year={2020}}\n")
    res = medbib("convert", tmp_path / "a.bib", src, "-t", "csljson", "-o", f"{tmp_path}/")
    assert res.returncode == 2
    assert "would replace the input" in one_line(res.stderr, "refs.json")
    assert src.read_bytes() == before and not (tmp_path / "a.json").exists()  # refused before converting


# --------------------------------------------------------------------------- 19.14 inspect > /dev/full
@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("command", [["inspect", "--json"], ["inspect"], ["convert", "-t", "csljson"]])
def test_standard_output_on_a_full_disk_is_one_line(command):
    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "medbib", *command, str(FIXTURE)], stdout=full,
                             stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert res.returncode == 1
    assert one_line(res.stderr, "cannot write") == "medbib: <stdout>: cannot write (No space left on device)"
    assert "Exception ignored" not in res.stderr


# --------------------------------------------------------------------------- 19.17 minor but visible
def test_a_newline_in_a_file_name_does_not_split_the_error_line(tmp_path):
    name = tmp_path / "two\nlines.json"
    res = medbib("convert", name, "-t", "ris")
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "two\\nlines.json: no such file" in res.stderr
    name.write_text(json.dumps([{"id": "b", "author": "x"}]))
    res = medbib("convert", name, "-t", "ris")
    assert res.returncode == 1
    assert all("two\\nlines.json" in line for line in res.stderr.splitlines()), res.stderr


def test_max_errors_summary_says_nothing_was_written(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"id": "a", "type": "book", "title": "A"}, {"id": "b", "author": "x"},
                               {"id": "c", "type": "book", "title": "C"}]))
    out = tmp_path / "out.ris"
    res = medbib("convert", src, "-o", out, "--max-errors", "1")
    assert res.returncode == 1
    assert not out.exists()
    assert "0 written" in one_line(res.stderr, "read,"), res.stderr


@contextlib.contextmanager
def read_only(directory: Path):
    """A folder nobody may create files in: chmod for users, the immutable attribute for root."""
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield
        finally:
            directory.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(directory)], check=False).returncode:
        pytest.skip("root, and no immutable attribute here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(directory)], check=False)


def test_a_read_only_output_folder_gives_the_same_exit_code_for_a_file_and_a_directory(tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    with read_only(out):
        one = medbib("convert", FIXTURE, "-t", "ris", "-o", out / "refs.ris")
        many = medbib("convert", FIXTURE, "-t", "ris", "-o", f"{out}/")
    assert one.returncode == many.returncode == 2, (one.stderr, many.stderr)
    assert "cannot write here" in one_line(one.stderr, "refs.ris")
    assert "cannot write here" in one_line(many.stderr, "cannot write")


def test_the_api_refuses_an_output_that_is_an_input_or_a_directory(tmp_path):
    import medbib
    from medbib.core.errors import OutputError, UsageError

    src = tmp_path / "refs.json"
    shutil.copy(FIXTURE, src)
    with pytest.raises(UsageError, match="would replace the input"):
        medbib.convert(str(src), to="csljson", output=str(src))
    with pytest.raises(OutputError, match="is a directory"):
        medbib.convert(str(src), to="ris", output=str(tmp_path))
    assert src.read_bytes() == FIXTURE.read_bytes() and sorted(p.name for p in tmp_path.iterdir()) == ["refs.json"]
