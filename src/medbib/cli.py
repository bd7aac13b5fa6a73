"""The ``medbib`` command line (typer), a thin layer over the Python API (:mod:`medbib.pipeline`)."""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperArgument, TyperCommand

from . import __version__
from .core.dates import format_date
from .core.errors import InputError, MedbibError, OutputError, UsageError, printable
from .core.outputs import atomic_output, stdout_errors
from .core.model import Record
from .pipeline.convert import MaxErrorsReached
from .pipeline.convert import convert as api_convert
from .pipeline.curate import JOURNAL_FORMS, Curation
from .pipeline.reading import read
from .pipeline.report import format_table
from .pipeline.summary import FileSummary, Summary
from .plugins.contexts import WriteOptions
from .plugins.options import shown
from .plugins.registry import did_you_mean, registry

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    name="medbib",
    help="Convert PubMed records (Abstract text, MEDLINE/.nbib, PubMed XML) and BibTeX, RIS, "
    "CSL-JSON into BibTeX, BibLaTeX, RIS and CSL-JSON.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class _Argument(TyperArgument):
    """An argument shown as its metavar (``INPUT...``, ``[FORMAT]``): not typer's ``{INPUT...}...``
    in the usage line, nor ``INPUT... <list[str]>`` in the help."""

    def _usage_display_name(self) -> str:
        name = self.metavar or (self.name or "").upper()
        return name if self.required else f"[{name}]"

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


class _Command(TyperCommand):
    """A command whose arguments are shown as :class:`_Argument`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is TyperArgument:
                param.__class__ = _Argument


def _names(table: dict[str, Any]) -> str:
    return ", ".join(sorted(table))


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"medbib {__version__}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """medbib: PubMed records to BibTeX, RIS and CSL-JSON, losing nothing the target can hold."""


@app.command(cls=_Command, short_help="Convert records to BibTeX, BibLaTeX, RIS or CSL-JSON.")
def convert(
    inputs: Annotated[list[str], typer.Argument(help="Input files (`-` = standard input); .gz is read transparently.", metavar="INPUT...")],
    to: Annotated[Optional[str], typer.Option("--to", "-t", metavar="FORMAT", help=f"Output format: {_names(registry.writers)} (aliases: `medbib formats`); default: from the -o suffix.")] = None,
    from_: Annotated[Optional[str], typer.Option("--from", "-f", metavar="FORMAT", help=f"Input format: {_names(registry.readers)}; default: detected from content, then suffix.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE|DIR/", help="Output file (replaced atomically), or a directory (DIR/: one output per input); default or `-`: standard output.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first problem; write no output file.")] = False,
    max_errors: Annotated[Optional[int], typer.Option("--max-errors", metavar="N", help="Stop after N problems.", min=1)] = None,
    key_format: Annotated[Optional[str], typer.Option("--key-format", metavar="TEMPLATE", help="Citation-key template, e.g. '{family}{year}{word}' (regenerates keys).")] = None,
    ascii_: Annotated[bool, typer.Option("--ascii", help="BibTeX and BibLaTeX: LaTeX escapes instead of UTF-8, for classic bibtex (= -O ascii=yes).")] = False,
    option: Annotated[Optional[list[str]], typer.Option("--option", "-O", metavar="KEY=VALUE", help="A writer option, e.g. RIS: -O zotero_extra=no -O epub_et=no; each writer's options: `medbib formats --options`.")] = None,
    report: Annotated[bool, typer.Option("--report", help="List, per field, what the target format has no place for and what it keeps only flattened (stderr).")] = False,
    report_json: Annotated[Optional[Path], typer.Option("--report-json", metavar="FILE", help="Write that report as JSON to FILE: to, records_checked, lost and flattened (field, records, reason, examples).")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", metavar="N", help="Convert input files in N parallel processes.", min=1)] = 1,
    resume: Annotated[bool, typer.Option("--resume", help="With -o DIR/: skip inputs whose output is recorded complete (DIR/.medbib/done/).")] = False,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER", help="With -o DIR/: run one task per file on a Dask cluster (address, or 'local').")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary and no progress bar; problems only.")] = False,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    dedupe: Annotated[bool, typer.Option("--dedupe", help="Merge records sharing a PMID (else a DOI), keeping the most complete; each merge is listed on stderr. With -o DIR/: within each file.")] = False,
    drop: Annotated[Optional[str], typer.Option("--drop", metavar="FIELD,...", help="Leave these record fields out of the output (e.g. abstract,mesh,notes,issn; see docs/cli.md).")] = None,
    only: Annotated[Optional[str], typer.Option("--only", metavar="FIELD,...", help="Write only these record fields (and the type and key).")] = None,
    journal: Annotated[Optional[str], typer.Option("--journal", metavar="|".join(JOURNAL_FORMS), help="The journal as its full title, NLM abbreviation (Br J Cancer) or ISO abbreviation (Br. J. Cancer).")] = None,
) -> None:
    """Convert the records of INPUT... into one output (a file, or standard output), or with
    -o DIR/ each input into its own file in DIR.

    Exit codes: 0 every record converted (an empty input is only a warning, an error with
    --strict); 1 some records could not be converted, or --strict/--max-errors stopped the run;
    2 a bad invocation or an input that cannot be opened or is not in the format given.

    \b
    Examples:
      medbib convert pubmed-set.txt -t bibtex -o refs.bib
      medbib convert pubmed.nbib -o refs.ris
      medbib convert pubmed25n0001.xml.gz -t csljson > refs.json
      cat export.nbib | medbib convert - -f medline -t ris
      medbib convert baseline/*.xml.gz -t bibtex -o bib/ --jobs 2 --resume
    """
    out = None if output in (None, "-") else output
    curation = _curation(dedupe, drop, only, journal)
    job = _Job(to=to, from_=from_, strict=strict, options=WriteOptions(ascii=ascii_, key_format=key_format,
               extra=_writer_options(option or [])), jobs=jobs, quiet=quiet, debug=debug, curation=curation)
    if out is not None and (out.endswith(("/", "\\")) or Path(out).is_dir()):
        _convert_to_dir(inputs, out, job, resume=resume, dask=dask)
    for flag, name in ((dask, "--dask"), (resume, "--resume")):
        if flag:
            _err(f"medbib: {name} needs an output directory (-o DIR/)")
            raise typer.Exit(EXIT_USAGE)
    bar = _Progress(inputs) if _shows_progress(quiet, progress) else None
    with _exits(debug, out, quiet), contextlib.ExitStack() as stack:
        if bar:
            stack.callback(bar.stop)
        summary = api_convert(
            inputs, to=to, output=out, from_=from_, strict=strict, max_errors=max_errors, options=job.options,
            on_problem=bar.wrap(_print_problem) if bar else _print_problem, on_record=bar.update if bar else None,
            jobs=jobs, report=report or report_json is not None, **(curation.kwargs() if curation else {}),
        )
    _finish(summary, quiet, report, report_json, debug)


def _finish(summary: Summary, quiet: bool, report: bool, report_json: Path | None, debug: bool = False) -> None:
    """The summary lines, the --report table and JSON, and the exit code of a one-output run."""
    _summary(summary, quiet)
    if summary.report is not None:
        if report:
            _err(format_table(summary.report))
        if report_json is not None:
            _write_report_json(report_json, summary.report, debug)
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_PROBLEMS)


@dataclass
class _Job:
    """The settings of a conversion that both ways of running it (one output, -o DIR/) use."""

    to: str | None
    from_: str | None
    strict: bool
    options: WriteOptions
    jobs: int
    quiet: bool
    debug: bool
    curation: Curation | None = None


def _curation(dedupe: bool, drop: str | None, only: str | None, journal: str | None) -> Curation | None:
    """--dedupe, --drop/--only, --journal checked (exit 2 on an unknown field or form)."""
    try:
        return Curation.make(dedupe=dedupe, drop=drop, only=only, journal=journal)
    except UsageError as exc:
        _err(f"medbib: {exc}")
        raise typer.Exit(EXIT_USAGE) from None


def _write_report_json(path: Path, report: Any, debug: bool) -> None:
    with _exits(debug, None, True):
        with atomic_output(path) as fh:
            fh.write((json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n").encode())


def _print_problem(err: MedbibError, kind: str) -> None:
    _err(("warning: " if kind == "warning" else "") + str(err))


@contextlib.contextmanager
def _exits(debug: bool, out: str | None, quiet: bool) -> Iterator[None]:
    """The exit code and one line for whatever stops a conversion; a traceback only with --debug."""
    try:
        yield
    except (UsageError, InputError) as exc:
        _fail(debug, f"medbib: {exc}", EXIT_USAGE)
    except OutputError as exc:
        _output_failed(exc, debug)
    except MaxErrorsReached as exc:
        _summary(exc.summary, quiet)
        _fail(False, f"medbib: {exc.reason}" + ("; no output written" if out else ""), EXIT_PROBLEMS)
    except MedbibError as exc:  # strict mode: the first problem
        _fail(debug, f"medbib: {exc}" + ("; no output written" if out else ""), EXIT_PROBLEMS)
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    except KeyboardInterrupt:
        _fail(debug, "medbib: interrupted" + ("; no output written" if out else ""), EXIT_INTERRUPTED)
    except Exception as exc:  # a bug: one line unless --debug
        _fail(debug, f"medbib: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
              EXIT_PROBLEMS)


def _output_failed(exc: OutputError, debug: bool) -> None:
    """An output that cannot be made is a bad request (2, nothing written); one that could not be
    finished (disk full) is a failed run (1, the old file kept)."""
    if exc.file == "<stdout>":  # nothing more can go there: later flushes must not fail again
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    _fail(debug, f"medbib: {exc}", EXIT_PROBLEMS if exc.opened else EXIT_USAGE)


def _fail(debug: bool, message: str, code: int) -> None:
    if debug:
        traceback.print_exc()
    _err(message)
    raise typer.Exit(code) from None


def _shows_progress(quiet: bool, progress: bool | None) -> bool:
    """--progress/--no-progress as given; else a bar when stderr is a terminal; never with -q."""
    return (not quiet) and (progress if progress is not None else sys.stderr.isatty())


class _Progress:
    """A rich progress bar on stderr: records, bytes of input, rate and ETA from the input sizes."""

    def __init__(self, inputs: list[str]) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        sizes = [os.path.getsize(p) for p in inputs if p != "-" and os.path.isfile(p)]
        self.total = sum(sizes) if len(sizes) == len(inputs) else None
        self.done_before = 0  # bytes of the inputs already finished
        self.current = None
        self.count = 0
        self.progress = Progress(
            TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
            TextColumn("{task.fields[records]} records"), TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True,
        )
        self.task = self.progress.add_task("converting", total=self.total, records=0, rate="")
        self.progress.start()

    def update(self, record: Record, inp: Any) -> None:
        self.count += 1
        if self.count % 200:
            return
        if inp is not self.current:
            if self.current is not None and self.current.size:
                self.done_before += self.current.size
            self.current = inp
        pos = inp.position() or 0
        elapsed = self.progress.tasks[0].elapsed or 0
        rate = f"{self.count / elapsed:,.0f}/s" if elapsed else ""
        self.progress.update(self.task, completed=self.done_before + pos, records=f"{self.count:,}", rate=rate,
                             description=inp.name[-30:])

    def wrap(self, handler: Callable[[MedbibError, str], None]) -> Callable[[MedbibError, str], None]:
        def inner(err: MedbibError, kind: str) -> None:
            self.progress.console.print(("warning: " if kind == "warning" else "") + str(err),
                                        markup=False, highlight=False, soft_wrap=True)
        return inner

    def stop(self) -> None:
        self.progress.stop()


def _convert_to_dir(inputs: list[str], out_dir: str, job: _Job, *, resume: bool, dask: str | None) -> None:
    """-o DIR/: one output per input, with --jobs processes or on Dask; exits with the run's code."""
    if not job.to:
        _err("medbib: no output format: give --to when the output is a directory")
        raise typer.Exit(EXIT_USAGE)

    def report(r: Any) -> None:
        line = "" if job.quiet else r.line()
        for e in r.errors:
            if e not in line:  # a file that failed as a whole: its line says why
                _err(e)
        for w in r.warnings:
            _err(f"warning: {w}")
        if not job.quiet:
            for m in r.merges:
                _err(m)
        if line:
            _err(line)

    from .pipeline.batch import Interrupted  # only -o DIR/ loads batch (multiprocessing): not every start

    run = _dir_runner(dask, job.jobs)
    try:
        results = run(inputs, job.to, out_dir, from_=job.from_, strict=job.strict, options=job.options,
                      resume=resume, on_result=report, curation=job.curation)
    except (UsageError, InputError, OutputError) as exc:
        _fail(job.debug, f"medbib: {exc}", EXIT_USAGE)
    except Interrupted as exc:
        _fail(False, f"medbib: {exc.line()}", EXIT_INTERRUPTED)
    if not job.quiet and len(results) > 1:
        _err(f"total: {sum(r.read for r in results)} read, {sum(r.written for r in results)} written, "
             f"{sum(r.skipped for r in results)} skipped, {sum(r.status == 'skipped' for r in results)} up to date")
    raise typer.Exit(_dir_exit_code(results))


def _dir_runner(dask: str | None, jobs: int) -> Callable[..., Any]:
    """convert_files of --jobs (local processes) or of --dask (a cluster), with the run's settings."""
    from functools import partial

    if dask:
        from .pipeline.distributed import convert_files as dask_convert_files

        return partial(dask_convert_files, client=dask, n_workers=jobs if jobs > 1 else None)
    from .pipeline.batch import convert_files

    return partial(convert_files, jobs=jobs)


def _dir_exit_code(results: list[Any]) -> int:
    """2 when an input or its output could not be opened at all, 1 when any had problems, else 0."""
    failed = [r for r in results if r.status in ("failed", "problems")]
    if any(getattr(r, "usage", False) for r in failed):
        return EXIT_USAGE
    return EXIT_PROBLEMS if failed else EXIT_OK


def _writer_options(pairs: list[str]) -> dict[str, object]:
    """``-O key=value`` pairs as text; the writer's declaration checks and parses them
    (:func:`medbib.plugins.options.check_options`)."""
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            _err(f"medbib: --option takes KEY=VALUE, not {pair!r}")
            raise typer.Exit(EXIT_USAGE)
        out[key.strip()] = value.strip()
    return out


def _summary(summary: Summary, quiet: bool) -> None:
    if quiet:
        return
    for merge in summary.merges:
        _err(merge.line())
    for fs in summary.files:
        _err(fs.line())
    if len(summary.files) > 1:
        _err(summary.line())


@app.command(cls=_Command, short_help="Fetch PubMed records by PMID, PMCID, DOI or search, and write them.")
def fetch(
    ids: Annotated[Optional[list[str]], typer.Argument(help="PMIDs, PMCIDs or DOIs, bare or as URLs (33204024, PMID:33204024, PMC7782796, 10.1038/…, https://doi.org/…).", metavar="ID...", show_default=False)] = None,
    id_file: Annotated[Optional[str], typer.Option("--input", "-i", metavar="FILE", help="Read ids from FILE, one a line (`-` = standard input; blank lines and # comments ignored).")] = None,
    query: Annotated[Optional[str], typer.Option("--query", metavar="TERM", help="A PubMed search; its records are fetched (PubMed gives at most 10,000).")] = None,
    max_: Annotated[Optional[int], typer.Option("--max", metavar="N", help="With --query: only the first N records.", min=1)] = None,
    to: Annotated[Optional[str], typer.Option("--to", "-t", metavar="FORMAT", help=f"Output format: {_names(registry.writers)} (aliases: `medbib formats`); default: from the -o suffix.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", metavar="FILE", help="Output file (replaced atomically); default or `-`: standard output.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Any problem, an id not found included, fails the run; write no output.")] = False,
    key_format: Annotated[Optional[str], typer.Option("--key-format", metavar="TEMPLATE", help="Citation-key template, e.g. '{family}{year}{word}' (regenerates keys).")] = None,
    ascii_: Annotated[bool, typer.Option("--ascii", help="BibTeX and BibLaTeX: LaTeX escapes instead of UTF-8, for classic bibtex (= -O ascii=yes).")] = False,
    option: Annotated[Optional[list[str]], typer.Option("--option", "-O", metavar="KEY=VALUE", help="A writer option, as for convert; each writer's options: `medbib formats --options`.")] = None,
    report: Annotated[bool, typer.Option("--report", help="List the fields the target format could not carry over (stderr).")] = False,
    report_json: Annotated[Optional[Path], typer.Option("--report-json", metavar="FILE", help="Write that report as JSON to FILE.")] = None,
    api_key: Annotated[Optional[str], typer.Option("--api-key", help="NCBI API key: 10 requests a second instead of 3 (default: $NCBI_API_KEY).")] = None,
    email: Annotated[Optional[str], typer.Option("--email", help="Your e-mail, sent to NCBI with every request as NCBI asks (default: $NCBI_EMAIL).")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Neither read nor keep records in the cache.")] = False,
    cache_dir: Annotated[Optional[Path], typer.Option("--cache-dir", metavar="DIR", help="The cache directory (default: $MEDBIB_CACHE_DIR, else the user cache directory).")] = None,
    refresh: Annotated[bool, typer.Option("--refresh", help="Download every record again, replacing the cached copy.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary and no progress bar; problems only.")] = False,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Fetch PubMed records by PMID, PMCID, DOI or search (NCBI E-utilities) and write them.

    Ids: PMIDs (33204024, PMID:33204024, https://pubmed.ncbi.nlm.nih.gov/33204024/), PMCIDs
    (PMC7782796, their PMC URLs) and DOIs (10.1038/..., doi:10.1038/..., https://doi.org/...);
    an id of no known shape is a usage error (exit 2). Each DOI or PMCID costs one search.
    Ids PubMed does not have are named on stderr, the records found are written, exit 1
    (--strict: nothing written). --query runs a PubMed search and fetches what it finds; its
    count is shown first; PubMed gives at most 10,000 records for one search, so narrow a larger
    one (e.g. by date) or take the first N with --max N.

    NCBI allows 3 requests a second, 10 with an API key (--api-key or NCBI_API_KEY); medbib keeps
    to that, sends tool=medbib and your e-mail (--email or NCBI_EMAIL) with every request, and
    retries busy or failed requests with growing pauses. Each record's XML is kept in a cache
    (the user cache directory, or --cache-dir / MEDBIB_CACHE_DIR), so the same command again
    makes no download and works offline; --refresh downloads again, --no-cache keeps nothing.
    MEDBIB_EUTILS_URL points medbib at another E-utilities server (a mirror, a test server).

    \b
    Examples:
      medbib fetch 33204024 PMC7782796 10.1038/s41416-020-01128-5 -t bibtex -o refs.bib
      medbib fetch -i pmids.txt -o refs.ris
      medbib fetch --query 'crispr[ti] AND 2024[dp]' --max 500 -t csljson > refs.json
    """
    from .pipeline.fetch.ids import ids_from_file
    from .pipeline.fetch.run import fetch_convert
    out = None if output in (None, "-") else output
    options = WriteOptions(ascii=ascii_, key_format=key_format, extra=_writer_options(option or []))
    bar = _FetchProgress() if _shows_progress(quiet, progress) else None
    with _exits(debug, out, quiet), contextlib.ExitStack() as stack:
        wanted = list(ids or []) + (ids_from_file(id_file) if id_file else [])
        stack.callback(bar.stop if bar else lambda: None)
        summary = fetch_convert(
            wanted, query, max_, to=to, output=out, api_key=api_key, email=email, cache=not no_cache,
            cache_dir=cache_dir, refresh=refresh, strict=strict, options=options, on_problem=_print_problem,
            on_search=None if quiet else _print_search, on_progress=bar.update if bar else None,
            report=report or report_json is not None,
        )
    _finish(summary, quiet, report, report_json, debug)


def _print_search(search: Any, fetching: int) -> None:
    more = f"; fetching the first {fetching:,} (--max)" if fetching < search.count else ""
    _err(f"PubMed search {search.term!r}: {search.count:,} record{'s' if search.count != 1 else ''}{more}")


class _FetchProgress:
    """A rich progress bar on stderr while records download: records fetched of the total."""

    def __init__(self) -> None:
        self.progress: Any = None
        self.stopped = False

    def update(self, done: int, total: int) -> None:
        if self.progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("fetching"), BarColumn(), MofNCompleteColumn(), TextColumn("records"),
                                     TimeRemainingColumn(), console=Console(stderr=True), transient=True)
            self.task = self.progress.add_task("fetching", total=total)
            self.progress.start()
        self.progress.update(self.task, completed=done)
        if done >= total:
            self.stop()

    def stop(self) -> None:
        if self.progress is not None and not self.stopped:
            self.stopped = True
            self.progress.stop()


@app.command(cls=_Command, short_help="Show the records as medbib reads them, before converting.")
def inspect(
    inputs: Annotated[list[str], typer.Argument(help="Input files (`-` = standard input).", metavar="INPUT...")],
    from_: Annotated[Optional[str], typer.Option("--from", "-f", metavar="FORMAT", help=f"Input format: {_names(registry.readers)}; default: detected.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The record model as JSON (one array).")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", metavar="N", help="Show at most N records.", min=1)] = None,
) -> None:
    """Show the records as medbib read them, before converting.

    \b
    Examples:
      medbib inspect pubmed-set.txt
      medbib inspect pubmed.nbib --json | jq '.[0].authors'
    """
    problems: list[str] = []
    summaries: list[FileSummary] = []
    try:
        _inspect(inputs, from_, as_json, limit, summaries, problems)
    except (UsageError, InputError) as exc:
        _fail(False, f"medbib: {exc}", EXIT_USAGE)
    except OutputError as exc:
        _output_failed(exc, False)
    except MedbibError as exc:
        _fail(False, f"medbib: {exc}", EXIT_PROBLEMS)
    for p in problems:
        _err(p)
    for fs in summaries:
        _err(f"{printable(fs.name)} [{fs.format}]: {fs.read} read, {fs.skipped} skipped")
    raise typer.Exit(EXIT_PROBLEMS if any(fs.errors for fs in summaries) else EXIT_OK)


def _inspect(inputs: list[str], from_: str | None, as_json: bool, limit: int | None,
             summaries: list[FileSummary], problems: list[str]) -> None:
    with stdout_errors():
        show = _JsonArray() if as_json else _panel
        for src in inputs:
            fs = FileSummary(src)
            summaries.append(fs)
            recs = read(src, from_, summary=fs, on_problem=lambda e, k: problems.append(
                ("warning: " if k == "warning" else "") + str(e)))
            for rec in itertools.islice(recs, limit):
                show(rec)
        if as_json:
            show.close()
        sys.stdout.flush()


class _JsonArray:
    """Records as one JSON array on stdout, written as they come."""

    def __init__(self) -> None:
        self.first = True
        typer.echo("[", nl=False)

    def __call__(self, rec: Record) -> None:
        typer.echo(("\n" if self.first else ",\n") + json.dumps(rec.to_dict(), ensure_ascii=False, indent=2), nl=False)
        self.first = False

    def close(self) -> None:
        typer.echo("]" if self.first else "\n]")


def _people(people: list[Any]) -> str:
    return "; ".join(p.display() for p in people)


def _authors(rec: Record) -> str:
    names = [p.display() + (f" [{p.orcid}]" if p.orcid else "") for p in rec.authors]
    return "; ".join(names[:12]) + (f" … ({len(names)} in all)" if len(names) > 12 else "")


def _location(rec: Record) -> str:
    return ", ".join(x for x in (rec.volume and f"vol. {rec.volume}", rec.issue and f"no. {rec.issue}",
                                 rec.pages and f"pp. {rec.pages}") if x)


def _ids(rec: Record) -> str:
    return ", ".join(f"{k} {v}" for k, v in (("PMID", rec.pmid), ("PMCID", rec.pmcid), ("DOI", rec.doi),
                                              ("PII", rec.pii)) if v)


def _abstract(rec: Record) -> str:
    ab = rec.abstract_text or ""
    return (ab[:300] + " …") if len(ab) > 300 else ab


def _joined(*names: str, sep: str = ", ") -> Callable[[Record], str]:
    return lambda rec: sep.join(x for x in (getattr(rec, n) for n in names) if x)


#: (label, what the panel shows for a record); empty values are not shown
_PANEL_ROWS: tuple[tuple[str, Callable[[Record], Any]], ...] = (
    ("type", lambda r: r.type),
    ("title", lambda r: r.title),
    ("original title", lambda r: r.original_title),
    ("authors", _authors),
    ("editors", lambda r: _people(r.editors)),
    ("investigators", lambda r: f"{len(r.investigators)}" if r.investigators else None),
    ("affiliations", lambda r: sum(len(p.affiliations) for p in r.authors) or None),
    ("journal", lambda r: r.container_title),
    ("abbreviation", lambda r: r.journal_abbrev or r.journal_iso_abbrev),
    ("volume/issue/pages", _location),
    ("date", lambda r: format_date(r.issued)),
    ("epub", lambda r: format_date(r.epub)),
    ("identifiers", _ids),
    ("ISSN", lambda r: ", ".join(r.issns)),
    ("ISBN", lambda r: ", ".join(r.isbns)),
    ("publisher", _joined("publisher", "publisher_place")),
    ("series", lambda r: r.collection_title),
    ("language", lambda r: ", ".join(r.languages)),
    ("abstract", _abstract),
    ("abstract sections", lambda r: ", ".join(s.label for s in r.abstract if s.label)),
    ("keywords", lambda r: "; ".join(k.term for k in r.keywords)),
    ("MeSH", lambda r: "; ".join(m.as_string() for m in r.mesh[:15]) + (" …" if len(r.mesh) > 15 else "")),
    ("publication types", lambda r: "; ".join(p.name for p in r.publication_types)),
    ("grants", lambda r: f"{len(r.grants)}" if r.grants else None),
    ("conflict of interest", lambda r: r.conflict_of_interest),
    ("links", lambda r: "; ".join(f"{x.kind}: {x.citation or x.pmid or x.doi}" for x in r.links)),
    ("status", _joined("publication_status", "indexing_status")),
    ("notes", lambda r: " | ".join(r.notes)),
    ("other", lambda r: ", ".join(sorted(r.extra)) if r.extra else None),
)


def _panel(rec: Record) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold cyan", no_wrap=True)
    t.add_column(overflow="fold")
    for label, value in _PANEL_ROWS:
        shown = value(rec)
        if shown:
            t.add_row(label, Text(str(shown)))  # data, not rich markup: "[https://orcid.org/…]" stays
    origin = rec.origin
    title = f"{origin.file}:{origin.line}" if origin and origin.line else (origin.file if origin else "")
    _console().print(Panel(t, title=f"record {origin.index if origin else ''} — {title}", title_align="left"))


@app.command(cls=_Command, short_help="List the formats: names, suffixes, writer options.")
def formats(
    name: Annotated[Optional[str], typer.Argument(help="One format (name or alias): its reader, writer and options.",
                                                  metavar="FORMAT", show_default=False)] = None,
    options: Annotated[bool, typer.Option("--options", help="Each writer's options (-O NAME=VALUE), with defaults.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Everything (names, aliases, suffixes, reader, writer, "
                                                           "options) as JSON, for scripts.")] = False,
) -> None:
    """List the formats medbib reads and writes, with aliases, suffixes and writer options.

    \b
    Examples:
      medbib formats
      medbib formats ris
      medbib formats --options
      medbib formats --json | jq '.[] | select(.writer) | .name'
    """
    from .pipeline.convert import format_catalogue

    catalogue = format_catalogue()
    if name is not None:
        known = (registry.readers | registry.writers).values()
        wanted = {f.name for f in known if name.strip().lower() in (n.lower() for n in f.names())}
        if not wanted:
            hint = did_you_mean(name.strip().lower(), [n for f in known for n in f.names()])
            _fail(False, f"medbib: unknown format {name!r}{hint}; known: {_names(registry.readers | registry.writers)}",
                  EXIT_USAGE)
        catalogue = [c for c in catalogue if c["name"] in wanted]
    if as_json:
        typer.echo(json.dumps(catalogue, indent=2, ensure_ascii=False, default=str))
    elif name is not None or options:
        _print_format_details(catalogue, only_options=name is None)
    else:
        _print_formats_table(catalogue)
    for problem in registry.load_errors:
        _err(f"warning: plugin not loaded: {problem}")


def _console() -> Any:
    """A rich console as wide as the terminal (``COLUMNS`` where set; 80 when not a terminal)."""
    from rich.console import Console

    return Console(highlight=False)


def _print_formats_table(catalogue: list[dict[str, Any]]) -> None:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("format", no_wrap=True)
    table.add_column("aliases, suffixes", overflow="fold", ratio=1)
    table.add_column("reader / writer", overflow="fold", ratio=3)
    for c in catalogue:
        names = ", ".join(c["aliases"]) + ("\n" if c["aliases"] else "") + ", ".join(c["suffixes"])
        sides = [f"{label}: {c[side]['description']}" for side, label in (("reader", "reader"), ("writer", "writer"))
                 if c[side]]
        table.add_row(c["name"], names, "\n".join(sides))
    _console().print(table)
    typer.echo("Writer options: `medbib formats --options`; one format: `medbib formats NAME`.")


def _print_format_details(catalogue: list[dict[str, Any]], *, only_options: bool) -> None:
    """One block per format: its names and sides (unless ``only_options``), its writer's options."""
    from rich.table import Table

    console = _console()
    for c in catalogue:
        if only_options and not c["writer"]:
            continue
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        if not only_options:
            grid.add_row("aliases", ", ".join(c["aliases"]) or "none")
            grid.add_row("suffixes", ", ".join(c["suffixes"]) or "none")
            for side, label in (("reader", "reads"), ("writer", "writes")):
                grid.add_row(label, c[side]["description"] if c[side] else "no")
        if c["writer"]:
            opts = c["writer"]["options"]
            grid.add_row("options", "(-O NAME=VALUE)" if opts else "none")
            for o in opts:
                grid.add_row(f"  {o['name']}={o['takes']}", f"{o['help']} (default: {shown(o['default'])})")
        console.print(c["name"], style="bold")
        console.print(grid, markup=False)


def main() -> None:
    try:
        app(prog_name="medbib")
    except BrokenPipeError:  # `medbib convert … | head`
        sys.stderr.close()
        sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
