"""Task wrappers for the Dask tests (importable by worker processes)."""

import os

from medbib.pipeline.batch import convert_one


def crash_on_marker(input_path, *args, **kwargs):
    """Kill the worker process when converting a file whose name contains 'crash' (a dying worker)."""
    if "crash" in os.path.basename(input_path):
        os._exit(1)
    return convert_one(input_path, *args, **kwargs)


def raise_on_marker(input_path, *args, **kwargs):
    """A task that raises (a bug in a task must be reported, not stop the run)."""
    if "boom" in os.path.basename(input_path):
        raise RuntimeError("simulated task failure")
    return convert_one(input_path, *args, **kwargs)
