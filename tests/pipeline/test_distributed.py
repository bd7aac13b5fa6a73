"""Dask scale-out: a 2-worker LocalCluster gives the same bytes as a local run, reports failed
tasks and dead workers, and --resume completes only what is missing."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")
import dask_tasks  # noqa: E402  (tests/ is on sys.path through conftest)
from conftest import ROOT  # noqa: E402
from dask import config as dask_config  # noqa: E402
from dask.distributed import Client, LocalCluster  # noqa: E402
from generate import generated_inputs  # noqa: E402

from medbib.pipeline.batch import convert_files as local_convert_files  # noqa: E402
from medbib.pipeline.distributed import convert_files  # noqa: E402


@pytest.fixture(scope="module")
def client():
    # a task whose worker dies is retried once elsewhere, then reported (KilledWorker)
    with dask_config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        c = Client(cluster)
        c.run(lambda p: sys.path.insert(0, p), str(ROOT / "tests"))
        yield c
        c.close()
        cluster.close()


def wait_idle(client, timeout=60):
    """Dask runs a task at least once: after a worker death a duplicate of a finished task may still
    be running (harmless: it writes the same bytes atomically). Look at the directory, and rerun,
    once the cluster is idle, as a user rerunning a crashed job would."""
    deadline = time.time() + timeout
    while any(client.processing().values()) and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)


def dead_pid():
    """The pid of a process that has ended (for a temporary file whose writer is gone)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_cluster_output_equals_local_output(client, tmp_path):
    inputs, fmt = generated_inputs(tmp_path / "in", files=4, records=25)
    results = convert_files(inputs, to="csljson", out_dir=tmp_path / "dask", client=client)
    local = local_convert_files(inputs, "csljson", tmp_path / "local", jobs=1)
    assert [r.status for r in results] == ["ok"] * 4
    assert sum(r.read for r in results) == sum(r.written for r in results) == 100
    for r, l in zip(results, local):
        assert Path(r.output).read_bytes() == Path(l.output).read_bytes()
        assert len(json.loads(Path(r.output).read_text())) == 25
    summary = json.loads((tmp_path / "dask" / ".medbib" / "summary.json").read_text())
    assert summary["read"] == 100 and summary["failed"] == []


def test_failed_task_and_dead_worker_reported_then_resume_completes(client, tmp_path):
    inputs, fmt = generated_inputs(tmp_path / "in", files=4, records=10)
    # rename two inputs so that the task wrappers fail on them
    boom = Path(inputs[1]).with_name("boom-" + Path(inputs[1]).name)
    crash = Path(inputs[2]).with_name("crash-" + Path(inputs[2]).name)
    os.rename(inputs[1], boom)
    os.rename(inputs[2], crash)
    inputs = [inputs[0], str(boom), str(crash), inputs[3]]
    out = tmp_path / "out"

    results = convert_files(inputs, "csljson", out, client=client, task=dask_tasks.raise_on_marker)
    assert [r.status for r in results] == ["ok", "failed", "ok", "ok"]
    assert "simulated task failure" in results[1].errors[0]

    # a worker that dies mid-task (the cluster restarts it): reported as failed, the others done
    out = tmp_path / "out2"
    (out).mkdir()
    host = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname())
    stale = out / f".{Path(results[2].output).name}.{host}-{dead_pid()}.abc123.tmp"
    stale.write_text("half-written by a killed worker")
    results = convert_files(inputs, "csljson", out, client=client, task=dask_tasks.crash_on_marker)
    statuses = {Path(r.input).name: r.status for r in results}
    wait_idle(client)
    assert statuses[crash.name] == "failed"
    assert "KilledWorker" in results[2].errors[0] or "died" in results[2].errors[0].lower()
    done = {p.name for p in out.iterdir()}
    assert Path(results[2].output).name not in done
    assert not stale.exists()  # the stale temp file (its process is gone) was cleaned
    # A task that was running on both workers the crash killed has, to Dask, died twice too: it is
    # reported as KilledWorker like the crash (Dask's allowed-failures, not something we choose);
    # its worker may even have written its output before dying. What we guarantee: every file is
    # reported; "ok" means its output is there; an output that is there is complete (atomic).
    for r in results:
        if r.status == "ok":
            assert r.written == 10 and Path(r.output).name in done
        else:
            assert r.status == "failed" and "KilledWorker" in r.errors[0]
    for name in done - {".medbib"}:
        assert len(json.loads((out / name).read_text())) == 10
    have = {Path(r.input).name for r in results if Path(r.output).name in done}
    assert crash.name not in have and have  # the collateral tasks are retried (most runs: all)

    # resume: only the missing outputs are converted; the complete ones are skipped untouched
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir() if p.suffix == ".json"}
    time.sleep(0.01)
    results = convert_files(inputs, "csljson", out, client=client, resume=True)
    by_name = {Path(r.input).name: r for r in results}
    assert by_name[crash.name].status == "ok" and by_name[crash.name].written == 10
    assert {n for n, r in by_name.items() if r.status == "skipped"} == have
    assert all(r.status == "ok" and r.written == 10 for n, r in by_name.items() if n not in have)
    for name, mtime in before.items():
        assert (out / name).stat().st_mtime_ns == mtime


def test_deletions_collected(client, tmp_path):
    inputs, fmt = generated_inputs(tmp_path / "in", files=2, records=5, deletions=True)
    results = convert_files(inputs, "csljson", tmp_path / "out", client=client)
    deleted = (tmp_path / "out" / ".medbib" / "deletions.txt").read_text().split()
    if fmt != "pubmed-xml":
        pytest.skip("DeleteCitation needs the PubMed XML reader")
    assert deleted == [p for r in results for p in r.deleted] and len(deleted) == 4


def test_an_input_named_like_a_run_file_keeps_its_output(client, tmp_path):
    """Issue 18.2: the run's summary.json and deletions.txt once took the place of the output of an
    input called summary.*; the run files now live in out/.medbib/."""
    from generate import write_csljson

    (tmp_path / "in").mkdir()
    inputs = [str(write_csljson(tmp_path / "in" / "summary.json.gz", 3, 100))]
    results = convert_files(inputs, "csljson", tmp_path / "out", client=client)
    assert [r.status for r in results] == ["ok"]
    assert [i["PMID"] for i in json.loads((tmp_path / "out" / "summary.json").read_text())] == ["100", "101", "102"]
    assert json.loads((tmp_path / "out" / ".medbib" / "summary.json").read_text())["written"] == 3


@pytest.mark.parametrize("run", [local_convert_files, convert_files], ids=["jobs", "dask"])
def test_an_output_folder_that_cannot_be_made_is_one_output_error_before_any_task(run, fixtures_dir, tmp_path):
    """-o DIR/ on Dask settles the run as --jobs does (batch.prepare): a folder that cannot be made
    (here below a regular file) is the OutputError users see as one line, exit 2, before any
    cluster is asked for (the scheduler named does not exist); standard input is refused the same way."""
    from medbib.core.errors import OutputError, UsageError

    extra = {"client": "tcp://127.0.0.1:1"} if run is convert_files else {}
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    src = str(fixtures_dir / "medline" / "blachlylab-excerpt.nbib")
    with pytest.raises(OutputError, match="cannot make the output directory"):
        run([src], "ris", str(blocker / "out"), **extra)
    with pytest.raises(UsageError, match="standard input cannot be converted"):
        run(["-"], "ris", str(tmp_path / "out"), **extra)
