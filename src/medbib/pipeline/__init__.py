"""What runs a conversion: the Python API (read, write, convert, formats), summaries, --jobs,
one output per input (-o DIR/), Dask, and the --report loss check.

It reaches formats only through the registry (the import-linter contract in pyproject.toml says
so), so a third party's format is treated exactly like medbib's own.
"""
