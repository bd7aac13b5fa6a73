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

import re

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
_KNOWN = {"family", "Family", "year", "word", "words", "pmid"}


_NOT_KEY_CHAR = re.compile(r"[^a-z0-9]")
_NOT_KEY_CHARS = re.compile(r"[^A-Za-z0-9_:.\-]")
_TITLE_SPLIT = re.compile(r"[\s\-/:;,.!?()\[\]{}'\"]+")


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
    """The significant title words, cleaned; only the first ``limit`` when given (keys need 1-3,
    and cleaning every word of every title was a measurable share of a writer's time)."""
    out: list[str] = []
    for w in _TITLE_SPLIT.split(record.title or ""):
        if w.lower() in STOP_WORDS:
            continue
        c = _clean(w)
        if c:
            out.append(c)
            if limit is not None and len(out) >= limit:
                break
    return out


def validate(fmt: str) -> None:
    for m in _PLACEHOLDER.finditer(fmt):
        if m.group(1) not in _KNOWN:
            raise UsageError(
                f"unknown placeholder {{{m.group(1)}}} in key format {fmt!r}; "
                f"known: {{family}} {{Family}} {{year}} {{word}} {{words:N}} {{pmid}}"
            )
    if not _PLACEHOLDER.search(fmt):
        raise UsageError(f"key format {fmt!r} has no placeholder")


def render(fmt: str, record: Record) -> str:
    def sub(m: re.Match[str]) -> str:
        name, num = m.group(1), m.group(2)
        if name == "family":
            return _family(record)
        if name == "Family":
            return _family(record).capitalize()
        if name == "year":
            return str(record.issued.year) if record.issued and record.issued.year else "nd"
        if name == "word":
            words = _title_words(record, 1)
            return words[0] if words else ""
        if name == "words":
            n = int(num or 3)
            return "".join(_title_words(record, n)[:n]) if n > 0 else ""
        if name == "pmid":
            return record.pmid or ""
        return m.group(0)

    key = _PLACEHOLDER.sub(sub, fmt)
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
        # a given format means "make new keys"; without one, keys that came with the input stay
        self.keep = keep and not fmt
        self.seen: dict[str, int] = {}  # last suffix number handed out, only for bases that collided
        self.used: set[str] = set()

    def key(self, record: Record) -> str:
        base = record.id if (self.keep and record.id) else render(self.fmt, record)
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
