"""The core: the record model and everything format-neutral that readers and writers share.

It imports nothing else from medbib (the import-linter contract in pyproject.toml says so).
"""
