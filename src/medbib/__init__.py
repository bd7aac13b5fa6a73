"""medbib: convert PubMed records (Abstract text, MEDLINE/nbib, PubMed XML) to BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

from .core.errors import FormatError, InputError, MedbibError, ParseError, UsageError
from .core.model import Date, Person, Record
from .pipeline.convert import FormatInfo, MaxErrorsReached, convert, formats
from .pipeline.fetch.run import fetch
from .pipeline.reading import read
from .pipeline.summary import FileSummary, Summary
from .pipeline.writing import write
from .plugins.contexts import ReadContext, WriteContext, WriteOptions
from .plugins.descriptor import Format, Lookalike, Option, Reader, Writer
from .plugins.registry import registry

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """``medbib.convert_files``: imported on first use (it brings the process pool along)."""
    if name == "convert_files":
        from .pipeline.batch import convert_files

        return convert_files
    raise AttributeError(f"module 'medbib' has no attribute {name!r}")


__all__ = [
    "Date", "FileSummary", "Format", "FormatError", "FormatInfo", "InputError", "Lookalike", "MaxErrorsReached", "MedbibError",
    "Option", "ParseError", "Person", "ReadContext", "Reader", "Record", "Summary", "UsageError", "WriteContext",
    "WriteOptions", "Writer", "convert", "convert_files", "fetch", "formats", "read", "registry", "write", "__version__",
]
