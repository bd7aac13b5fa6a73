"""What a format plugs into: the Format descriptor, the registry that finds formats through entry
points, the contexts readers and writers work in, and the rule engine their mapping tables run on.

It imports only :mod:`medbib.core` (the import-linter contract in pyproject.toml says so).
"""
