"""One package per format: its mapping table, reading and writing, side by side.

A format package imports :mod:`medbib.core` and :mod:`medbib.plugins` only, never another format
(the import-linter contracts in pyproject.toml say so); each declares one
:class:`~medbib.plugins.descriptor.Format` (``FORMAT``), registered by entry points.
"""
