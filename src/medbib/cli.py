"""The ``medbib`` command line (typer), a thin layer over :mod:`medbib.api`."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .api import MaxErrorsReached, Summary
from .api import convert as api_convert
from .api import formats as api_formats
from .core.errors import InputError, MedbibError, UsageError
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
    extra = _writer_options(option or [])
    if out is not None and (out.endswith(("/", "\\")) or Path(out).is_dir()):
        _convert_to_dir(inputs, to, out, from_, strict, key_format, ascii_, jobs, resume, quiet, debug, dask, extra)
        return
    if dask:
        _err("medbib: --dask needs an output directory (-o DIR/)")
        raise typer.Exit(EXIT_USAGE)
    if resume:
        _err("medbib: --resume needs an output directory (-o DIR/)")
        raise typer.Exit(EXIT_USAGE)
    options = WriteOptions(ascii=ascii_, key_format=key_format, extra=extra)

    def on_problem(err: MedbibError, kind: str) -> None:
        prefix = "warning: " if kind == "warning" else ""
        _err(f"{prefix}{err}")

    show_progress = (not quiet) and (progress if progress is not None else sys.stderr.isatty())
    bar = _Progress(inputs) if show_progress else None
    try:
        summary = api_convert(
            inputs, to=to, output=out, from_=from_, strict=strict, max_errors=max_errors,
            options=options, on_problem=bar.wrap(on_problem) if bar else on_problem,
            on_record=bar.update if bar else None, jobs=jobs, report=report or report_json is not None,
        )
    except (UsageError, InputError) as exc:
        if debug:
            traceback.print_exc()
        _err(f"medbib: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except MaxErrorsReached as exc:
        _summary(exc.summary, quiet)
        _err(f"medbib: {exc.reason}; no output written" if out else f"medbib: {exc.reason}")
        raise typer.Exit(EXIT_PROBLEMS) from None
    except MedbibError as exc:  # strict mode: the first problem
        if debug:
            traceback.print_exc()
        _err(f"medbib: {exc}" + ("; no output written" if out else ""))
        raise typer.Exit(EXIT_PROBLEMS) from None
    except BrokenPipeError:
        raise typer.Exit(EXIT_OK) from None
    except Exception as exc:  # a bug: one line unless --debug
        if debug:
            traceback.print_exc()
        _err(f"medbib: internal error: {type(exc).__name__}: {exc} (run with --debug for details)")
        raise typer.Exit(EXIT_PROBLEMS) from None
    finally:
        if bar:
            bar.stop()
    _summary(summary, quiet)
    if summary.report is not None:
        from .report import format_table

        if report:
            _err(format_table(summary.report))
        if report_json is not None:
            import json

            report_json.write_text(json.dumps(summary.report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    raise typer.Exit(EXIT_OK if summary.ok else EXIT_PROBLEMS)


class _Progress:
    """A rich progress bar on stderr: records, bytes of input, rate and ETA from the input sizes."""

    def __init__(self, inputs: list[str]) -> None:
        import os

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

    def update(self, record, inp) -> None:
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

    def wrap(self, handler):
        def inner(err, kind):
            self.progress.console.print(("warning: " if kind == "warning" else "") + str(err),
                                        markup=False, highlight=False, soft_wrap=True)
        return inner

    def stop(self) -> None:
        self.progress.stop()


def _convert_to_dir(inputs, to, out_dir, from_, strict, key_format, ascii_, jobs, resume, quiet, debug,
                    dask=None, writer_options=None) -> None:
    from .batch import convert_files

    if dask:
        from functools import partial

        from .distributed import convert_files as dask_convert_files

        convert_files = partial(dask_convert_files, client=dask, n_workers=jobs if jobs > 1 else None)  # noqa: F811

    if not to:
        _err("medbib: no output format: give --to when the output is a directory")
        raise typer.Exit(EXIT_USAGE)

    def report(r) -> None:
        for e in r.errors:
            _err(e)
        for w in r.warnings:
            _err(f"warning: {w}")
        if not quiet:
            _err(r.line())

    try:
        extra = {} if dask else {"jobs": jobs}
        results = convert_files(inputs, to, out_dir, **extra, from_=from_, strict=strict,
                                options=WriteOptions(ascii=ascii_, key_format=key_format,
                                                     extra=writer_options or {}), resume=resume,
                                on_result=report)
    except (UsageError, InputError) as exc:
        if debug:
            traceback.print_exc()
        _err(f"medbib: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    if not quiet and len(results) > 1:
        _err(f"total: {sum(r.read for r in results)} read, {sum(r.written for r in results)} written, "
             f"{sum(r.skipped for r in results)} skipped, {sum(r.status == 'skipped' for r in results)} up to date")
    failed = [r for r in results if r.status in ("failed", "problems")]
    if any(r.status == "failed" and not r.read and r.errors and ("no such file" in r.errors[0] or
           "directory" in r.errors[0] or "permission" in r.errors[0]) for r in failed):
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_PROBLEMS if failed else EXIT_OK)


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
    import itertools
    import json

    from .api import FileSummary, read

    problems: list[str] = []
    summaries: list[FileSummary] = []
    first = True
    try:
        if as_json:
            typer.echo("[", nl=False)
        for src in inputs:
            fs = FileSummary(src)
            summaries.append(fs)
            recs = read(src, from_, summary=fs, on_problem=lambda e, k: problems.append(
                ("warning: " if k == "warning" else "") + str(e)))
            for rec in itertools.islice(recs, limit):
                if as_json:
                    typer.echo(("\n" if first else ",\n") + json.dumps(rec.to_dict(), ensure_ascii=False, indent=2),
                               nl=False)
                else:
                    _panel(rec)
                first = False
        if as_json:
            typer.echo("\n]" if not first else "]")
    except (UsageError, InputError) as exc:
        _err(f"medbib: {exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except MedbibError as exc:
        _err(f"medbib: {exc}")
        raise typer.Exit(EXIT_PROBLEMS) from None
    for p in problems:
        _err(p)
    for fs in summaries:
        _err(f"{fs.name} [{fs.format}]: {fs.read} read, {fs.skipped} skipped")
    raise typer.Exit(EXIT_PROBLEMS if any(fs.errors for fs in summaries) else EXIT_OK)


def _panel(rec) -> None:
    from rich.console import Console
    from rich.panel import Panel
    from rich.table import Table

    from .core.dates import format_date

    t = Table.grid(padding=(0, 1))
    t.add_column(style="bold cyan", no_wrap=True)
    t.add_column()

    def row(label: str, value) -> None:
        if value:
            t.add_row(label, str(value))

    row("type", rec.type)
    row("title", rec.title)
    row("original title", rec.original_title)
    people = [p.display() + (f" [{p.orcid}]" if p.orcid else "") for p in rec.authors]
    row("authors", "; ".join(people[:12]) + (f" … ({len(people)} in all)" if len(people) > 12 else ""))
    row("editors", "; ".join(p.display() for p in rec.editors))
    row("investigators", f"{len(rec.investigators)}" if rec.investigators else None)
    affs = sum(len(p.affiliations) for p in rec.authors)
    row("affiliations", f"{affs}" if affs else None)
    row("journal", rec.container_title)
    row("abbreviation", rec.journal_abbrev or rec.journal_iso_abbrev)
    loc = ", ".join(x for x in (rec.volume and f"vol. {rec.volume}", rec.issue and f"no. {rec.issue}",
                                rec.pages and f"pp. {rec.pages}") if x)
    row("volume/issue/pages", loc)
    row("date", format_date(rec.issued))
    row("epub", format_date(rec.epub))
    ids = ", ".join(f"{k} {v}" for k, v in (("PMID", rec.pmid), ("PMCID", rec.pmcid), ("DOI", rec.doi),
                                               ("PII", rec.pii)) if v)
    row("identifiers", ids)
    row("ISSN", ", ".join(rec.issns))
    row("ISBN", ", ".join(rec.isbns))
    row("publisher", ", ".join(x for x in (rec.publisher, rec.publisher_place) if x))
    row("series", rec.collection_title)
    row("language", ", ".join(rec.languages))
    ab = rec.abstract_text or ""
    row("abstract", (ab[:300] + " …") if len(ab) > 300 else ab)
    row("abstract sections", ", ".join(s.label for s in rec.abstract if s.label))
    row("keywords", "; ".join(k.term for k in rec.keywords))
    row("MeSH", "; ".join(m.as_string() for m in rec.mesh[:15]) + (" …" if len(rec.mesh) > 15 else ""))
    row("publication types", "; ".join(p.name for p in rec.publication_types))
    row("grants", f"{len(rec.grants)}" if rec.grants else None)
    row("conflict of interest", rec.conflict_of_interest)
    row("links", "; ".join(f"{l.kind}: {l.citation or l.pmid or l.doi}" for l in rec.links))
    row("status", ", ".join(x for x in (rec.publication_status, rec.indexing_status) if x))
    row("notes", " | ".join(rec.notes))
    row("other", ", ".join(sorted(rec.extra)) if rec.extra else None)
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
