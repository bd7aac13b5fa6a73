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

from . import __version__
from .core.dates import format_date
from .core.errors import InputError, MedbibError, UsageError
from .core.model import Record
from .pipeline.convert import MaxErrorsReached
from .pipeline.convert import convert as api_convert
from .pipeline.convert import formats as api_formats
from .pipeline.curate import JOURNAL_FORMS, Curation
from .pipeline.reading import read
from .pipeline.report import format_table
from .pipeline.summary import FileSummary, Summary
from .plugins.contexts import WriteOptions
from .plugins.registry import registry

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="medbib",
    help="Convert PubMed records (Abstract text, MEDLINE/.nbib, PubMed XML) and BibTeX, RIS, "
    "CSL-JSON into BibTeX, BibLaTeX, RIS and CSL-JSON.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


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


@app.command()
def convert(
    inputs: Annotated[list[str], typer.Argument(help="Input files (`-` = standard input); .gz is read transparently.", metavar="INPUT...")],
    to: Annotated[Optional[str], typer.Option("--to", "-t", help="Output format (see `medbib formats`); default: from the -o suffix.")] = None,
    from_: Annotated[Optional[str], typer.Option("--from", "-f", help="Input format; default: detected from content, then suffix.")] = None,
    output: Annotated[Optional[str], typer.Option("--output", "-o", help="Output file (replaced atomically); default or `-`: standard output.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first problem; write no output file.")] = False,
    max_errors: Annotated[Optional[int], typer.Option("--max-errors", help="Stop after N problems.", min=1)] = None,
    key_format: Annotated[Optional[str], typer.Option("--key-format", help="Citation-key template, e.g. '{family}{year}{word}' (regenerates keys).")] = None,
    ascii_: Annotated[bool, typer.Option("--ascii", help="BibTeX: LaTeX escapes instead of UTF-8, for classic bibtex.")] = False,
    option: Annotated[Optional[list[str]], typer.Option("--option", "-O", metavar="KEY=VALUE", help="A writer option, e.g. RIS: -O zotero_extra=no -O epub_et=no (see docs/formats).")] = None,
    report: Annotated[bool, typer.Option("--report", help="List the fields the target format could not carry over (stderr).")] = False,
    report_json: Annotated[Optional[Path], typer.Option("--report-json", help="Write that report as JSON to FILE.")] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Convert input files in N parallel processes.", min=1)] = 1,
    resume: Annotated[bool, typer.Option("--resume", help="With -o DIR/: skip inputs whose output is complete and newer.")] = False,
    dask: Annotated[Optional[str], typer.Option("--dask", metavar="SCHEDULER", help="With -o DIR/: run one task per file on a Dask cluster (address, or 'local').")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary and no progress bar; problems only.")] = False,
    progress: Annotated[Optional[bool], typer.Option("--progress/--no-progress", help="Progress bar on stderr (default: when stderr is a terminal).")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    dedupe: Annotated[bool, typer.Option("--dedupe", help="Merge records sharing a PMID (else a DOI), keeping the most complete; each merge is listed on stderr. With -o DIR/: within each file.")] = False,
    drop: Annotated[Optional[str], typer.Option("--drop", metavar="FIELD,...", help="Leave these record fields out of the output (e.g. abstract,mesh,notes,issn; see docs/cli.md).")] = None,
    only: Annotated[Optional[str], typer.Option("--only", metavar="FIELD,...", help="Write only these record fields (and the type and key).")] = None,
    journal: Annotated[Optional[str], typer.Option("--journal", metavar="|".join(JOURNAL_FORMS), help="The journal as its full title, NLM abbreviation (Br J Cancer) or ISO abbreviation (Br. J. Cancer).")] = None,
) -> None:
    """Convert INPUT... into one output.

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
    show_progress = (not quiet) and (progress if progress is not None else sys.stderr.isatty())
    bar = _Progress(inputs) if show_progress else None
    with _exits(debug, out, quiet), contextlib.ExitStack() as stack:
        if bar:
            stack.callback(bar.stop)
        summary = api_convert(
            inputs, to=to, output=out, from_=from_, strict=strict, max_errors=max_errors, options=job.options,
            on_problem=bar.wrap(_print_problem) if bar else _print_problem, on_record=bar.update if bar else None,
            jobs=jobs, report=report or report_json is not None, **(curation.kwargs() if curation else {}),
        )
    _summary(summary, quiet)
    if summary.report is not None:
        if report:
            _err(format_table(summary.report))
        if report_json is not None:
            report_json.write_text(json.dumps(summary.report.to_dict(), indent=2, ensure_ascii=False) + "\n")
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


def _print_problem(err: MedbibError, kind: str) -> None:
    _err(("warning: " if kind == "warning" else "") + str(err))


@contextlib.contextmanager
def _exits(debug: bool, out: str | None, quiet: bool) -> Iterator[None]:
    """The exit code and one line for whatever stops a conversion; a traceback only with --debug."""
    try:
        yield
    except (UsageError, InputError) as exc:
        _fail(debug, f"medbib: {exc}", EXIT_USAGE)
    except MaxErrorsReached as exc:
        _summary(exc.summary, quiet)
        _fail(False, f"medbib: {exc.reason}" + ("; no output written" if out else ""), EXIT_PROBLEMS)
    except MedbibError as exc:  # strict mode: the first problem
        _fail(debug, f"medbib: {exc}" + ("; no output written" if out else ""), EXIT_PROBLEMS)
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    except Exception as exc:  # a bug: one line unless --debug
        _fail(debug, f"medbib: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
              EXIT_PROBLEMS)


def _fail(debug: bool, message: str, code: int) -> None:
    if debug:
        traceback.print_exc()
    _err(message)
    raise typer.Exit(code) from None


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
        for e in r.errors:
            _err(e)
        for w in r.warnings:
            _err(f"warning: {w}")
        if not job.quiet:
            for m in r.merges:
                _err(m)
            _err(r.line())

    run = _dir_runner(dask, job.jobs)
    try:
        results = run(inputs, job.to, out_dir, from_=job.from_, strict=job.strict, options=job.options,
                      resume=resume, on_result=report, curation=job.curation)
    except (UsageError, InputError) as exc:
        _fail(job.debug, f"medbib: {exc}", EXIT_USAGE)
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
    """2 when an input could not be opened at all, 1 when any had problems, else 0."""
    failed = [r for r in results if r.status in ("failed", "problems")]
    unopenable = ("no such file", "directory", "permission")
    if any(r.status == "failed" and not r.read and r.errors and any(u in r.errors[0] for u in unopenable)
           for r in failed):
        return EXIT_USAGE
    return EXIT_PROBLEMS if failed else EXIT_OK


def _writer_options(pairs: list[str]) -> dict[str, object]:
    """``-O key=value`` pairs; yes/no/true/false/1/0 become booleans."""
    out: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            _err(f"medbib: --option takes KEY=VALUE, not {pair!r}")
            raise typer.Exit(EXIT_USAGE)
        low = value.strip().lower()
        out[key.strip()] = {"yes": True, "true": True, "1": True, "on": True,
                            "no": False, "false": False, "0": False, "off": False}.get(low, value.strip())
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


@app.command()
def inspect(
    inputs: Annotated[list[str], typer.Argument(help="Input files (`-` = standard input).", metavar="INPUT...")],
    from_: Annotated[Optional[str], typer.Option("--from", "-f", help="Input format; default: detected.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The record model as JSON (one array).")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", "-n", help="Show at most N records.", min=1)] = None,
) -> None:
    """Show the records as medbib read them, before converting.

    \b
    Examples:
      medbib inspect pubmed-set.txt
      medbib inspect pubmed.nbib --json | jq '.[0].authors'
    """
    problems: list[str] = []
    summaries: list[FileSummary] = []
    show = _JsonArray() if as_json else _panel
    try:
        for src in inputs:
            fs = FileSummary(src)
            summaries.append(fs)
            recs = read(src, from_, summary=fs, on_problem=lambda e, k: problems.append(
                ("warning: " if k == "warning" else "") + str(e)))
            for rec in itertools.islice(recs, limit):
                show(rec)
        if as_json:
            show.close()
    except (UsageError, InputError) as exc:
        _fail(False, f"medbib: {exc}", EXIT_USAGE)
    except MedbibError as exc:
        _fail(False, f"medbib: {exc}", EXIT_PROBLEMS)
    for p in problems:
        _err(p)
    for fs in summaries:
        _err(f"{fs.name} [{fs.format}]: {fs.read} read, {fs.skipped} skipped")
    raise typer.Exit(EXIT_PROBLEMS if any(fs.errors for fs in summaries) else EXIT_OK)


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
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold cyan", no_wrap=True)
    t.add_column()
    for label, value in _PANEL_ROWS:
        shown = value(rec)
        if shown:
            t.add_row(label, str(shown))
    origin = rec.origin
    title = f"{origin.file}:{origin.line}" if origin and origin.line else (origin.file if origin else "")
    Console(width=max(100, Console().width)).print(Panel(t, title=f"record {origin.index if origin else ''} — {title}",
                                                         title_align="left"))


@app.command()
def formats() -> None:
    """List the readers and writers, with aliases and file suffixes."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="medbib formats", show_lines=False)
    for col in ("kind", "name", "aliases", "suffixes", "description"):
        table.add_column(col)
    for info in api_formats():
        table.add_row(info.kind, info.name, ", ".join(info.aliases), ", ".join(info.suffixes), info.description)
    console = Console(width=max(100, Console().width))
    console.print(table)
    for problem in registry.load_errors:
        _err(f"warning: plugin not loaded: {problem}")


def main() -> None:
    try:
        app()
    except BrokenPipeError:  # `medbib convert … | head`
        sys.stderr.close()
        sys.exit(EXIT_OK)


if __name__ == "__main__":  # pragma: no cover
    main()
