"""Convert many files on a Dask cluster: one task per input file, each writing its own output.

Needs the optional extra ``medbib[dask]``. The task is :func:`medbib.pipeline.batch.convert_one`, the same
function ``--jobs`` runs locally, so outputs are byte-identical to a local run. Outputs appear
only by atomic rename, and each is recorded as complete in ``out_dir/.medbib/done/``; with
``resume=True`` an output whose record still matches is not redone — rerunning after a crash
converts only what is missing.

Usage::

    from dask.distributed import Client
    from medbib.pipeline.distributed import convert_files
    client = Client("tcp://scheduler:8786")
    results = convert_files(sorted(glob("baseline/*.xml.gz")), to="csljson", out_dir="out", client=client)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from ..core.errors import UsageError
from ..plugins.contexts import WriteOptions
from .batch import BatchSummary, FileResult, Interrupted, convert_one, prepare
from .curate import Curation
from .outdir import write_run_files


def _client(client: Any, n_workers: int | None) -> tuple[Any, Any]:
    try:
        from dask.distributed import Client, LocalCluster, get_client
    except ImportError:  # pragma: no cover - depends on the install
        raise UsageError("Dask is not installed: pip install 'medbib[dask]'") from None
    if client is not None:
        if isinstance(client, str):
            if client == "local":
                cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                                       processes=True, dashboard_address=None)
                return Client(cluster), cluster
            try:
                return Client(client, timeout="30s"), None
            except OSError as exc:
                raise UsageError(f"cannot reach the Dask scheduler at {client}: {exc}") from None
        return client, None
    try:
        return get_client(), None
    except ValueError:
        cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        return Client(cluster), cluster


def convert_files(
    inputs: Sequence[str | os.PathLike[str]],
    to: str,
    out_dir: str | os.PathLike[str],
    client: Any = None,
    *,
    from_: str | None = None,
    strict: bool = False,
    options: WriteOptions | None = None,
    resume: bool = False,
    n_workers: int | None = None,
    task: Callable[..., FileResult] = convert_one,
    on_result: Callable[[FileResult], None] | None = None,
    curation: Curation | None = None,
) -> BatchSummary:
    """Fan ``inputs`` out to Dask (``client``: a Client, a scheduler address, ``"local"`` or None =
    the current client or a new LocalCluster). Returns one :class:`FileResult` per input, in
    input order; a task that raised or whose worker died is a ``failed`` result, not an exception.
    Writes ``.medbib/deletions.txt`` (DeleteCitation PMIDs, one per line, in input order) and
    ``.medbib/summary.json`` into ``out_dir``. Ctrl-C cancels the tasks not finished and raises
    :class:`~medbib.pipeline.batch.Interrupted`.
    """
    from dask.distributed import as_completed

    options, pairs = prepare([os.fspath(i) for i in inputs], to, out_dir, options)
    client, cluster = _client(client, n_workers)
    by_input: dict[str, FileResult] = {}
    futures: dict[Any, tuple[str, str]] = {}
    try:
        for src, dst in pairs:
            fut = client.submit(task, src, to, dst, from_=from_, strict=strict, options=options,
                                resume=resume, curation=curation, pure=False,
                                key=f"medbib-{Path(src).name}-{os.urandom(4).hex()}")
            futures[fut] = (src, dst)
        for fut in as_completed(list(futures)):
            src, dst = futures.pop(fut)
            try:
                result = fut.result()
            except Exception as exc:  # task raised or its worker died: report, go on
                result = FileResult(input=src, output=dst, status="failed",
                                    errors=[f"{src}: task failed: {type(exc).__name__}: {exc}"])
            # let go of the finished task: a future still held is recomputed when the worker that
            # holds its result dies, and that rewrote an output after the run had returned
            fut.release()
            by_input[src] = result
            if on_result:
                on_result(result)
    except KeyboardInterrupt:
        _interrupted(client, futures, by_input, pairs, out_dir)
    finally:
        if cluster is not None:
            client.close()
            cluster.close()
    results = BatchSummary(by_input[src] for src, _ in pairs)
    write_run_files(results, out_dir)
    return results


def _interrupted(client: Any, futures: dict[Any, tuple[str, str]], by_input: dict[str, FileResult],
                 pairs: list[tuple[str, str]], out_dir: str | os.PathLike[str]) -> NoReturn:
    """Ctrl-C: cancel the tasks not finished, record the run, raise :class:`Interrupted`."""
    client.cancel(list(futures), force=True)
    results = [by_input.get(src) or FileResult(src, dst, status="cancelled") for src, dst in pairs]
    write_run_files(results, out_dir)
    raise Interrupted(results) from None
