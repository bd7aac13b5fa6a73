"""Built-in writers: one module per output format (registered as entry points in pyproject.toml)."""
