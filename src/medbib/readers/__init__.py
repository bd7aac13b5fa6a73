"""Built-in readers: one module per input format (registered as entry points in pyproject.toml)."""
