"""The fetch cache: each record's XML as efetch gave it, and what DOIs and PMCIDs resolved to.

``<dir>/pubmed/<PMID>.xml`` holds one ``PubmedArticle`` (or ``PubmedBookArticle``);
``<dir>/ids/<kind>-<hash>.txt`` the id on its first line and its PMIDs on the second. ``<dir>``
is ``--cache-dir``, else ``MEDBIB_CACHE_DIR``, else the user cache directory (platformdirs:
``~/.cache/medbib`` on Linux, ``~/Library/Caches/medbib`` on macOS, ``%LOCALAPPDATA%\\medbib\\Cache``
on Windows). Every file is written to a temporary name in its folder and renamed into place, so
a reader — another run sharing the cache — sees a whole file or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from ...core.errors import InputError
from .ids import Ident

_RECORD_START = (b"<PubmedArticle>", b"<PubmedArticle ", b"<PubmedBookArticle")


def default_dir() -> Path:
    """``MEDBIB_CACHE_DIR``, else the user cache directory for medbib."""
    env = os.environ.get("MEDBIB_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("medbib", appauthor=False))


class Store:
    """Records and id resolutions under ``root``; ``temporary`` ones are removed by :meth:`close`."""

    def __init__(self, root: Path, temporary: bool = False) -> None:
        self.root, self.temporary = root, temporary
        self.records = root / "pubmed"
        self.ids = root / "ids"
        try:
            self.records.mkdir(parents=True, exist_ok=True)
            self.ids.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot use the cache directory ({exc.strerror or exc}); "
                             "give another with --cache-dir or use --no-cache", file=str(root)) from None

    @classmethod
    def open(cls, cache: bool = True, directory: str | os.PathLike[str] | None = None) -> Store:
        """The cache in ``directory`` (default: :func:`default_dir`), or a temporary one."""
        if not cache:
            return cls(Path(tempfile.mkdtemp(prefix="medbib-fetch-")), temporary=True)
        return cls(Path(directory).expanduser() if directory else default_dir())

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.root, ignore_errors=True)

    def _record_path(self, pmid: str) -> Path:
        return self.records / f"{pmid}.xml"

    def has(self, pmid: str) -> bool:
        """A whole record is cached for ``pmid`` (a damaged file counts as none: it is downloaded again)."""
        return self.get(pmid) is not None

    def get(self, pmid: str) -> bytes | None:
        """The record's XML, or None when it is not cached (or the file is not a whole record)."""
        try:
            data = self._record_path(pmid).read_bytes()
        except OSError:
            return None
        return data if data.startswith(_RECORD_START) and data.rstrip().endswith(b">") else None

    def put(self, pmid: str, xml: bytes) -> None:
        _write_atomic(self._record_path(pmid), xml)

    def _id_path(self, ident: Ident) -> Path:
        digest = hashlib.sha256(ident.value.lower().encode("utf-8")).hexdigest()[:32]
        return self.ids / f"{ident.kind}-{digest}.txt"

    def lookup(self, ident: Ident) -> list[str] | None:
        """The PMIDs a DOI or PMCID resolved to before, or None."""
        try:
            first, _, pmids = self._id_path(ident).read_text(encoding="utf-8").partition("\n")
        except (OSError, UnicodeError):
            return None
        found = pmids.split()
        if first.strip().lower() != ident.value.lower() or not found or not all(p.isdecimal() for p in found):
            return None
        return found

    def remember(self, ident: Ident, pmids: list[str]) -> None:
        _write_atomic(self._id_path(ident), f"{ident.value}\n{' '.join(pmids)}\n".encode())


def _write_atomic(path: Path, data: bytes) -> None:
    """``path`` replaced by ``data`` at once (a temporary file in the same folder, renamed)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(f"cannot write the cache ({exc.strerror or exc})", file=str(path.parent)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise InputError(f"cannot write the cache ({exc.strerror or exc})", file=str(path)) from None
