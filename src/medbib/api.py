"""Transitional: the public API under its old module name, while the format packages move (to be
removed before issue 17 lands; use ``medbib.read`` etc.)."""

from . import FileSummary, FormatInfo, Summary, convert, formats, read, write  # noqa: F401
