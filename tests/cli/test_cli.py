"""The command line as users and scripts meet it: typer's runner and a real subprocess."""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT
from typer.testing import CliRunner

import medbib
from medbib.cli import app
from medbib.plugins.registry import registry

FIXTURE = ROOT / "fixtures" / "csljson" / "beckham2021.json"
runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input)


def medbib_exe():
    exe = shutil.which("medbib", path=os.path.dirname(sys.executable)) or shutil.which("medbib")
    return [exe] if exe else [sys.executable, "-m", "medbib"]


def test_convert_to_stdout_with_summary_on_stderr():
    res = run("convert", str(FIXTURE), "-t", "csljson")
    assert res.exit_code == 0, res.output
    items = json.loads(res.stdout)
    assert [i["id"] for i in items] == ["beckham2021metastasis", "zotero-style"]
    assert "2 read, 2 written, 0 skipped" in res.stderr


def test_output_file_format_from_suffix(tmp_path):
    out = tmp_path / "refs.json"
    res = run("convert", str(FIXTURE), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())[0]["PMID"] == "33204024"
    assert res.stdout == ""


def test_quiet_and_version():
    res = run("convert", str(FIXTURE), "-t", "csljson", "-q")
    assert res.exit_code == 0 and res.stderr == ""
    res = run("--version")
    assert res.exit_code == 0 and medbib.__version__ in res.stdout


def test_formats_lists_plugins():
    res = run("formats")
    assert res.exit_code == 0
    assert "csljson" in res.stdout and "reader" in res.stdout and "writer" in res.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["convert", str(FIXTURE), "-t", "csljsn"], "unknown output format 'csljsn' (did you mean 'csljson'?)"),
        (["convert", str(FIXTURE), "-t", "csljson", "-f", "nope"], "unknown input format 'nope'"),
        (["convert", "/no/such/file.json", "-t", "csljson"], "/no/such/file.json: no such file"),
        (["convert", str(FIXTURE)], "no output format"),
        (["convert", str(FIXTURE), "-o", "out.unknownsuffix"], "cannot tell the output format"),
        (["convert", str(FIXTURE), "-t", "csljson", "--key-format", "{author}"], "unknown placeholder"),
    ],
)
def test_bad_invocations_exit_2_with_one_line(args, message):
    res = run(*args)
    assert res.exit_code == 2, res.output
    lines = [l for l in res.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and message in lines[0], res.stderr
    assert "Traceback" not in res.output


def test_directory_as_input_is_a_usage_error(tmp_path):
    res = run("convert", str(tmp_path), "-t", "csljson")
    assert res.exit_code == 2 and "is a directory" in res.stderr


def test_unreadable_input(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    p = tmp_path / "x.json"
    p.write_text("[]")
    p.chmod(0)
    res = run("convert", str(p), "-t", "csljson")
    assert res.exit_code == 2 and "permission denied" in res.stderr


def test_bad_record_exit_1_rest_converted_and_strict_writes_nothing(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"id": "a", "type": "book", "title": "A"}, {"id": "b", "author": "x"},
                               {"id": "c", "type": "book", "title": "C"}]))
    out = tmp_path / "out.json"
    res = run("convert", str(src), "-o", str(out))
    assert res.exit_code == 1
    assert [i["id"] for i in json.loads(out.read_text())] == ["a", "c"]
    assert "3 read, 2 written, 1 skipped" in res.stderr
    assert f"{src}: record id b:" in res.stderr

    out.write_text("previous content")
    res = run("convert", str(src), "-o", str(out), "--strict")
    assert res.exit_code == 1
    assert out.read_text() == "previous content"  # never clobbered by a failed run
    assert "no output written" in res.stderr
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.json")]  # no temp files left


def test_max_errors_stops(tmp_path):
    src = tmp_path / "in.json"
    src.write_text(json.dumps([{"id": str(i), "author": "x"} for i in range(5)]))
    res = run("convert", str(src), "-t", "csljson", "--max-errors", "2")
    assert res.exit_code == 1
    assert res.stderr.count("must be a list") == 2 and "stopped after 2 problems" in res.stderr


def test_several_inputs_concatenate(tmp_path):
    res = run("convert", str(FIXTURE), str(FIXTURE), "-t", "csljson")
    assert res.exit_code == 0
    ids = [i["id"] for i in json.loads(res.stdout)]
    assert ids == ["beckham2021metastasis", "zotero-style", "beckham2021metastasisa", "zotero-stylea"]
    assert "total: 4 read, 4 written, 0 skipped" in res.stderr
    assert "1 duplicate PMID" in res.stderr


def test_real_subprocess_stdin_to_stdout():
    proc = subprocess.run([*medbib_exe(), "convert", "-", "-t", "csljson"], input=FIXTURE.read_bytes(),
                          capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["DOI"] == "10.1038/s41416-020-01128-5"
    assert b"<stdin> [csljson]: 2 read, 2 written, 0 skipped" in proc.stderr


def test_python_dash_m():
    proc = subprocess.run([sys.executable, "-m", "medbib", "--version"], capture_output=True, timeout=60)
    assert proc.returncode == 0 and medbib.__version__.encode() in proc.stdout


def _docs_plugin() -> str:
    """The plugin of docs/plugins.md, as a reader copies it: the first Python block of the page."""
    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return re.search(r"```python\n(.*?)```", page, re.S).group(1)


@pytest.fixture
def third_party_plugin(tmp_path):
    """docs/plugins.md's example installed the way pip installs a package: a module plus
    .dist-info with the entry points the page shows, and one broken entry point."""
    (tmp_path / "medbib_titles.py").write_text(_docs_plugin())
    info = tmp_path / "medbib_titles-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: medbib-titles\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(textwrap.dedent("""\
        [medbib.readers]
        titles = medbib_titles:FORMAT

        [medbib.writers]
        titles = medbib_titles:FORMAT
        broken = medbib_titles:does_not_exist
        """))
    return tmp_path


def test_third_party_plugin_discovered_and_used(third_party_plugin, tmp_path, monkeypatch):
    src = tmp_path / "in.txt"
    src.write_text("TITLES\nFirst book\nSecond book\n")
    env = dict(os.environ, PYTHONPATH=str(third_party_plugin))
    proc = subprocess.run([*medbib_exe(), "formats"], capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0
    assert "titles" in proc.stdout and "one title per line" in proc.stdout
    # a broken plugin is reported, not fatal
    assert "plugin not loaded" in proc.stderr and "broken" in proc.stderr
    proc = subprocess.run([*medbib_exe(), "convert", str(src), "-t", "lines"], capture_output=True, text=True,
                          env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "TITLES\nanonndfirst\tFIRST BOOK\nanonndsecond\tSECOND BOOK\n"
    assert "[titles]: 2 read, 2 written" in proc.stderr  # detected by its sniffer
    proc = subprocess.run([*medbib_exe(), "convert", str(src), "-t", "titles", "-O", "shout=no"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.stdout == "TITLES\nanonndfirst\tFirst book\nanonndsecond\tSecond book\n"

    # and in-process through the API
    monkeypatch.syspath_prepend(str(third_party_plugin))
    monkeypatch.setattr(registry, "_readers", None)
    monkeypatch.setattr(registry, "_writers", None)
    import importlib
    importlib.invalidate_caches()
    assert medbib.write(medbib.read(src), "titles") == "TITLES\nanonndfirst\tFIRST BOOK\nanonndsecond\tSECOND BOOK\n"
    assert {"titles"} <= {f.name for f in medbib.formats()}


def test_readme_first_command_converts_the_shipped_fixture():
    """The README's first set-up command, as a new user runs it (without the venv prefix)."""
    readme = (ROOT / "README.md").read_text()
    import re
    m = re.search(r"\.venv/bin/medbib (convert [^\n`]+)", readme)
    assert m, "README lost its conversion command"
    args = m.group(1).split()
    proc = subprocess.run([*medbib_exe(), *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert "@article{beckham2021metastasis," in proc.stdout and "pmid" in proc.stdout
    assert "1 read, 1 written, 0 skipped" in proc.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["--resume"], "--resume needs an output directory"),
        (["--dask", "local"], "--dask needs an output directory"),
        (["-O", "novalue"], "--option takes KEY=VALUE"),
    ],
)
def test_conflicting_options_exit_2(args, message):
    res = run("convert", str(FIXTURE), "-t", "csljson", *args)
    assert res.exit_code == 2 and message in res.stderr


def test_writer_option_reaches_the_writer():
    """RIS: -O zotero_extra=no drops the M2 lines Zotero needs (for tools that mind them)."""
    with_m2 = run("convert", str(FIXTURE), "-t", "ris")
    without = run("convert", str(FIXTURE), "-t", "ris", "-O", "zotero_extra=no", "-O", "epub_et=no")
    assert "M2  - PMID: 33204024" in with_m2.stdout
    assert "M2  - " not in without.stdout and "ET  - " not in without.stdout
    assert "AN  - 33204024" in without.stdout
