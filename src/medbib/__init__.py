"""medbib: convert PubMed records (Abstract text, MEDLINE/nbib, PubMed XML) to BibTeX, RIS and CSL-JSON."""

from __future__ import annotations

from .api import FileSummary, FormatInfo, Summary, convert, formats, read, write
from .core.errors import FormatError, InputError, MedbibError, ParseError, UsageError
from .core.model import Date, Person, Record
from .registry import ReadContext, WriteContext, WriteOptions, registry

__version__ = "0.1.0"

__all__ = [
    "Date", "FileSummary", "FormatError", "FormatInfo", "InputError", "MedbibError", "ParseError",
    "Person", "ReadContext", "Record", "Summary", "UsageError", "WriteContext", "WriteOptions",
    "convert", "formats", "read", "registry", "write", "__version__",
]
