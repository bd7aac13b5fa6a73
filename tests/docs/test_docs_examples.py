"""Every example in the docs runs, as a reader would run it: each ```python block of README.md and
docs/ (in a folder holding the files the examples name, made from fixtures/), and each `medbib …`
command of the shell blocks. The nav lists every page; user pages name no internal code and
render without broken code spans.

A block that is not meant to run says so on the line before it: ``<!-- not run: why -->``.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from fetch.eutils_server import EutilsServer, Record, clone, load_records

DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
_BLOCK = re.compile(r"(?:<!-- not run: (?P<why>[^>]*) -->\n)?```(?P<lang>[\w-]*)\n(?P<body>.*?)```", re.S)

#: the files the examples name, made from fixtures/
SANDBOX = {
    "pubmed.nbib": "medline/blachlylab-excerpt.nbib",
    "pubmed-set.nbib": "medline/blachlylab-excerpt.nbib",
    "export.nbib": "medline/buendiaenr1-excerpt.nbib",
    "exports/one.nbib": "medline/blachlylab-excerpt.nbib",
    "exports/two.nbib": "medline/ruipintovascheck-excerpt.nbib",
    "a.nbib": "medline/buendiaenr1-excerpt.nbib",
    "b.nbib": "medline/pairs/38534005.nbib",
    "pubmed-set.txt": "pubmed-text/new-2020-excerpt.txt",
    "b.txt": "pubmed-text/seed-33204024.txt",
    "pubmed25n0001.xml.gz": "pubmed-xml/baseline-excerpt.xml.gz",
    "a.xml.gz": "pubmed-xml/baseline-excerpt.xml.gz",
    "baseline/pubmed25n0001.xml.gz": "pubmed-xml/baseline-excerpt.xml.gz",
    "baseline/pubmed25n0002.xml.gz": "pubmed-xml/people.xml",  # gzipped below
}
#: what stands for a machine the tests do not have
SUBSTITUTE = {"--dask tcp://scheduler:8786": "--dask local", "pbpaste |": "printf '33204024\\n' |"}
#: id lists the fetch examples name
ID_FILES = {"pmids.txt": "33204024\nPMC7782796\n", "reading-list.txt": "# to read\n33204024\n\n10.1038/s41416-020-01128-5\n"}
#: the ids and searches the fetch examples use, answered by a local E-utilities server
DOCS_PMID, DOCS_PMCID, DOCS_DOI = "33204024", "PMC7782796", "10.1038/s41416-020-01128-5"
DOCS_SEARCHES = ("crispr[ti] AND 2024[dp]", "asthma AND children")


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def blocks(langs: tuple[str, ...]):
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in _BLOCK.finditer(text):
            if m.group("lang") in langs:
                line = text.count("\n", 0, m.start("body")) + 1
                yield _relative(page), line, m.group("body"), m.group("why")


def shell_commands():
    for page, line, body, why in blocks(("sh", "console", "bash", "shell")):
        for n, cmd in enumerate(body.splitlines()):
            cmd = re.sub(r"^\$ ", "", cmd)
            cmd = re.sub(r"\s+#.*$", "", cmd).strip()  # trailing comments
            if re.match(r"^(medbib |cat \S+ \| medbib )", cmd) and "[OPTIONS]" not in cmd:
                yield pytest.param(cmd, why, id=f"{page}:{line + n}")


@pytest.fixture(scope="module")
def eutils_docs():
    """NCBI stands here as a local E-utilities server with the fixture's real records; the docs'
    own PMID, PMCID and DOI are one of them under those ids (the examples must run, offline)."""
    records = load_records()
    docs = clone(records[0], DOCS_PMID)
    server = EutilsServer([*records, Record(docs.pmid, docs.xml, DOCS_DOI, DOCS_PMCID)]).start()
    for term in DOCS_SEARCHES:
        server.searches[term] = [r.pmid for r in records[:5]]
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def sandbox(tmp_path, monkeypatch, eutils_docs):
    monkeypatch.setenv("MEDBIB_EUTILS_URL", eutils_docs.url)
    monkeypatch.setenv("MEDBIB_CACHE_DIR", str(tmp_path / ".cache"))
    monkeypatch.setenv("MEDBIB_EUTILS_BACKOFF", "0.05")
    for name, text in ID_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name, fixture in SANDBOX.items():
        dst = tmp_path / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        data = (FIXTURES / fixture).read_bytes()
        if name.endswith(".gz") and not fixture.endswith(".gz"):
            data = gzip.compress(data)
        dst.write_bytes(data)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _env():
    bindir = os.path.dirname(sys.executable)
    return dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""))


@pytest.mark.parametrize("cmd, why", list(shell_commands()))
def test_shell_example_runs(cmd, why, sandbox):
    if why:
        pytest.skip(why)
    for old, new in SUBSTITUTE.items():
        cmd = cmd.replace(old, new)
    if "| jq" in cmd and not shutil.which("jq"):
        pytest.skip("jq is not installed")
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=300, cwd=sandbox,
                          env=_env())
    assert proc.returncode == 0, f"{cmd}\n{proc.stderr}"
    if "--dask" not in cmd:  # Dask's own loggers may print a worker's heartbeat trouble on a busy machine
        assert "Traceback" not in proc.stderr


def python_blocks():
    for page, line, body, why in blocks(("python", "py")):
        yield pytest.param(page, body, why, id=f"{page}:{line}")


@pytest.mark.parametrize("page, body, why", list(python_blocks()))
def test_python_example_runs(page, body, why, sandbox, capsys):
    if why:
        pytest.skip(why)
    if "tcp://scheduler:8786" in body:  # a Dask scheduler: a local one stands for it
        distributed = pytest.importorskip("dask.distributed")
        with distributed.LocalCluster(n_workers=1, processes=False, dashboard_address=None) as cluster:
            namespace = _run(body.replace("tcp://scheduler:8786", cluster.scheduler_address), page)
            namespace["client"].close()
        return
    if page == "docs/plugins.md":  # a module of the reader's package, used through the API
        (sandbox / "mypkg_titles.py").write_text(body, encoding="utf-8")
        return
    _run(body, page)


def _run(body: str, page: str) -> dict:
    namespace = {"__name__": "__docs_example__"}
    exec(compile(body, page, "exec"), namespace)
    return namespace


def test_plugin_example_round_trips_without_its_header(sandbox, monkeypatch):
    """docs/plugins.md's format: its header line is never a record, and what it writes reads back."""
    body = next(b for page, _, b, _ in blocks(("python",)) if page == "docs/plugins.md")
    namespace: dict = {}
    exec(compile(body, "docs/plugins.md", "exec"), namespace)
    fmt = namespace["FORMAT"]
    import medbib
    from medbib.core.streams import open_input
    from medbib.pipeline.reading import records_of
    from medbib.pipeline.summary import FileSummary
    from medbib.plugins.contexts import ReadContext, WriteContext

    def read(data: bytes):
        return list(records_of(open_input(data), fmt, ReadContext(), FileSummary("x"), None))

    first = read(b"TITLES\nFirst book\nSecond book\n")
    assert [r.title for r in first] == ["First book", "Second book"]
    import io

    out = io.StringIO()
    fmt.writer.write(first, out, WriteContext(options=medbib.WriteOptions(extra={"shout": False})))
    again = read(out.getvalue().encode())
    assert [r.title for r in again] == ["First book", "Second book"]
    assert [r.id for r in again] == ["anonndfirst", "anonndsecond"]
    assert fmt.reader.sniff(out.getvalue().encode())  # its own output is recognised


def test_every_page_is_in_the_nav():
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))

    def pages(nav):
        for item in nav:
            if isinstance(item, str):
                yield item
            else:
                for value in item.values():
                    yield from (pages(value) if isinstance(value, list) else [value])

    in_nav = set(pages(config["nav"]))
    on_disk = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert on_disk - in_nav == set(), "pages missing from the mkdocs nav"
    assert in_nav - on_disk == set(), "nav entries without a page"
    assert config.get("repo_url"), "repo_url is empty"


INTERNAL = ("../shared/reference", "mapping.md §", "ctx.key", "bibtex_map", "escape.escape",
            "the project's performance issue")


@pytest.mark.parametrize("page", [p for p in PAGES if p.name not in ("plugins.md", "architecture.md")],
                         ids=_relative)
def test_user_pages_name_no_internal_code(page):
    text = page.read_text(encoding="utf-8")
    assert [name for name in INTERNAL if name in text] == []


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_code_spans_render(page):
    """No empty <code></code> and no stray backquote once the page is rendered."""
    import markdown

    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    assert "<code></code>" not in html
    text = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)
    assert "`" not in text, re.findall(r".{0,40}`.{0,40}", text)


@pytest.mark.parametrize("page", PAGES, ids=_relative)
def test_commands_are_in_code_blocks(page):
    """A command shown to be run is in a code block, not run into a paragraph (docs/cli.md's examples)."""
    import markdown

    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=["tables", "fenced_code"])
    text = re.sub(r"<pre>.*?</pre>|<code>.*?</code>", "", html, flags=re.S)
    assert not re.findall(r"^\s*(?:cat \S+ \| )?medbib (?:convert|inspect|formats)\b.*", text, flags=re.M)


def test_performance_page_is_written_for_readers_of_the_repository():
    first = (DOCS / "performance.md").read_text(encoding="utf-8").split("\n\n")[1]
    assert not first.startswith("The targets come from") and "performance issue" not in first


def test_api_batch_call_works_after_import_medbib(sandbox):
    """docs/api.md's many-files call, after a bare ``import medbib``, gives the counts convert's
    Summary gives."""
    proc = subprocess.run([sys.executable, "-c", (
        "import medbib\n"
        "r = medbib.convert_files(['a.xml.gz', 'b.nbib'], 'bibtex', 'out/', jobs=2)\n"
        "s = medbib.convert(['a.xml.gz', 'b.nbib'], to='bibtex', output='one.bib')\n"
        "print(r.read, r.written, r.skipped, r.ok, [f.line() for f in r.files])\n"
        "print(s.read, s.written, s.skipped, s.ok)\n")], capture_output=True, text=True, cwd=sandbox, timeout=120)
    assert proc.returncode == 0, proc.stderr
    batch, one = proc.stdout.splitlines()
    assert batch.startswith(one)  # same counts, same meaning
    assert "a.xml.gz [pubmed-xml]: 4 read, 4 written, 0 skipped" in batch


@pytest.mark.parametrize("page", ["README.md", "docs/getting-started.md"])
def test_setup_commands_install_the_package_alone_then_the_test_extra(page):
    """The two set-up commands (issue 18.13): the first installs medbib alone and converts, the
    second installs the test extra and runs the tests."""
    commands = [line for where, _, body, _ in blocks(("sh",)) if where == page for line in body.splitlines()
                if line.startswith("python3 -m venv .venv")]
    assert len(commands) == 2, commands
    run, test = commands
    assert re.search(r"pip install -e \. &&", run) and "[test]" not in run and "medbib convert" in run
    assert "pip install -e '.[test]'" in test and test.endswith("python -m pytest")
