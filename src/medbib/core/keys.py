"""Citation keys: deterministic, ASCII, unique within one output.

Template language (``--key-format``): literal text plus placeholders in braces.

=================  ============================================================
``{family}``       first author's family name (group: first significant word;
                   none: ``anon``), ASCII-folded, lowercase, ``[a-z0-9]`` only
``{Family}``       the same, capitalised
``{year}``         year of issue (``nd`` when unknown)
``{word}``         first significant title word (stop words and ``[`` skipped)
``{words:N}``      first N significant title words, concatenated
``{pmid}``         the PMID (empty when none)
=================  ============================================================

Default: ``{family}{year}{word}`` (``beckham2021metastasis``). Duplicates get ``a``, ``b``, …
appended on the second and later occurrence, in input order (then ``aa``… after ``z``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from .errors import UsageError
from .model import Record
from .text import ascii_fold

DEFAULT_FORMAT = "{family}{year}{word}"

STOP_WORDS = frozenset(
    """a an the of on in to from with some and or for at by as is are be into via about
    der die das des dem den ein eine einer eines le la les un une des du de l d el los las una
    unos unas lo il gli i uno al del y e o et""".split()
)

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\d+))?\}")
_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]")
_NOT_KEY_CHARS = re.compile(r"[^A-Za-z0-9_:.\-]")
_TITLE_WORD = re.compile(r"[^\s\-/:;,.!?()\[\]{}'\"]+")  # a run of anything but the separators


def _clean(text: str) -> str:
    t = ascii_fold(text).lower()
    if t.isalnum():  # ASCII after folding: already [a-z0-9] only (the common case, no regex)
        return t
    return _NOT_KEY_CHAR.sub("", t)


def _family(record: Record) -> str:
    people = record.authors or record.editors
    if not people:
        return "anon"
    p = people[0]
    if p.is_group:
        words = [w for w in re.split(r"\W+", p.literal or "") if w and w.lower() not in STOP_WORDS]
        return _clean(words[0]) if words else "anon"
    return _clean(p.family or p.literal or "") or "anon"


def _title_words(record: Record, limit: int | None = None) -> list[str]:
    """The significant title words, cleaned; only the first ``limit`` when given (keys need 1-3:
    the title is scanned only as far as needed)."""
    out: list[str] = []
    for m in _TITLE_WORD.finditer(record.title or ""):
        w = m.group()
        if w.lower() in STOP_WORDS:
            continue
        c = _clean(w)
        if c:
            out.append(c)
            if limit is not None and len(out) >= limit:
                break
    return out


def _year(record: Record) -> str:
    return str(record.issued.year) if record.issued and record.issued.year else "nd"


def _word(record: Record) -> str:
    words = _title_words(record, 1)
    return words[0] if words else ""


def _words(record: Record, n: int) -> str:
    return "".join(_title_words(record, n)[:n]) if n > 0 else ""


# placeholder -> function (record, N of {name:N}) -> its text
_PLACEHOLDERS: dict[str, Callable[[Record, str | None], str]] = {
    "family": lambda record, num: _family(record),
    "Family": lambda record, num: _family(record).capitalize(),
    "year": lambda record, num: _year(record),
    "word": lambda record, num: _word(record),
    "words": lambda record, num: _words(record, int(num or 3)),
    "pmid": lambda record, num: record.pmid or "",
}
_KNOWN = set(_PLACEHOLDERS)


def validate(fmt: str) -> None:
    for m in _PLACEHOLDER.finditer(fmt):
        if m.group(1) not in _KNOWN:
            raise UsageError(
                f"unknown placeholder {{{m.group(1)}}} in key format {fmt!r}; "
                f"known: {{family}} {{Family}} {{year}} {{word}} {{words:N}} {{pmid}}"
            )
    if not _PLACEHOLDER.search(fmt):
        raise UsageError(f"key format {fmt!r} has no placeholder")


# a compiled key format: literal strings and (placeholder function, N) pairs
Template = tuple[Any, ...]


@functools.lru_cache(maxsize=64)
def compile_format(fmt: str) -> Template:
    """A key format split once into its parts: literal text (unknown placeholders stay as
    written) and (function, N) for each known placeholder."""
    parts: list[Any] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(fmt):
        if m.start() > pos:
            parts.append(fmt[pos:m.start()])
        func = _PLACEHOLDERS.get(m.group(1))
        parts.append(m.group(0) if func is None else (func, m.group(2)))
        pos = m.end()
    if pos < len(fmt):
        parts.append(fmt[pos:])
    return tuple(parts)


def render(fmt: str | Template, record: Record) -> str:
    """The key ``fmt`` (a format, or one compiled by :func:`compile_format`) gives for ``record``."""
    parts = compile_format(fmt) if isinstance(fmt, str) else fmt
    key = "".join(p if type(p) is str else p[0](record, p[1]) for p in parts)
    key = ascii_fold(key)
    if not (key.isalnum() and key.isascii()):
        key = _NOT_KEY_CHARS.sub("", key)
    return key or "anon"


def _letters(n: int) -> str:
    """1 -> a, 26 -> z, 27 -> aa …"""
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s


class KeyMaker:
    """Hands out unique keys in input order."""

    def __init__(self, fmt: str | None = None, *, keep: bool = True) -> None:
        if fmt:
            validate(fmt)
        self.fmt = fmt or DEFAULT_FORMAT
        self.template = compile_format(self.fmt)
        # a given format means "make new keys"; without one, keys that came with the input stay
        self.keep = keep and not fmt
        self.seen: dict[str, int] = {}  # last suffix number handed out, only for bases that collided
        self.used: set[str] = set()

    def key(self, record: Record) -> str:
        base = record.id if (self.keep and record.id) else render(self.template, record)
        if base not in self.used:
            self.used.add(base)
            return base
        n = self.seen.get(base, 0)
        while True:
            n += 1
            cand = base + _letters(n)
            if cand not in self.used:
                self.seen[base] = n
                self.used.add(cand)
                return cand
