"""MEDLINE syntax: lines in, one record's raw entries out (after Biopython's ``Bio.Medline``).

A tag line is a tag of up to 4 characters padded with spaces, ``- ``, the value from column 7
(ERIC writes 4-letter tags as ``ISSN - ``). Continuation lines start with spaces (six, normally)
and are joined to the value they continue with one space. Records are separated by blank lines
and start with ``PMID- ``; a ``PMID- `` line also ends the record before it when no blank line
came first.

Lines are classified by slicing (``line[:4]``, ``line[4:6]``, ``line[6:]``), never by a regular
expression. A line that is neither a tag line nor a continuation makes its record bad: the
record is still cut out (so that the next one is found) and carries the line for the message.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

#: one record as the lexer cuts it out: the line number of its first line; its ``[tag, value]``
#: entries in file order, continuation lines joined (a PMID line, if any, is the first: it starts a
#: record); the lines that are no tag lines, as (line number, text)
Lexed = tuple[int, list[list], list[tuple[int, str]]]


def split_tag_line(line: str) -> tuple[str, str]:
    """(tag, value) of a line the padded-tag lookup did not take: an unknown tag, ``TI  -``
    without its space (``TI  -Title``, read as JabRef and Zotero do), ERIC's ``ISSN - ``; ("", "")
    for a line that is no tag line."""
    if line[4:6] == "- " or line[4:] == "-":
        tag, value = line[:4].rstrip(), line[6:]
    elif line[4:7] == " - " or line[4:] == " -":
        tag, value = line[:4], line[7:]
    elif line[4:5] == "-":
        tag, value = line[:4].rstrip(), line[5:]
    else:
        return "", ""
    if tag.isalnum() and tag.isupper():
        return tag, value
    return "", ""


def records(lines: Iterable[str], tags: Iterable[str]) -> Iterator[Lexed]:
    """The records of ``lines`` (decoded, without line ends); ``tags`` are the tags known, looked
    up by their padded form (``"TI  "``) first."""
    entries: list[list] = []
    start = 0
    bad: list[tuple[int, str]] = []
    gap = False  # a blank line since the last tag line
    lineno = 0
    padded = {tag.ljust(4): tag for tag in tags}.get
    for line in lines:
        lineno += 1
        tag = padded(line[:4])
        if tag is not None and line[4:6] == "- ":  # a well-formed tag line ("TI  - "): most lines
            value = line[6:]
        else:
            c0 = line[:1]
            if c0 == " " or c0 == "\t":
                text = line.strip()
                if text and entries:
                    # one space between the lines; the space PubMed leaves at the end of a wrapped
                    # line is dropped (the builder collapses whitespace anyway: same value)
                    last = entries[-1]
                    last[1] = last[1].rstrip(" ") + " " + text
                    gap = False
                elif text:
                    if not bad:
                        start = lineno
                    bad.append((lineno, text))
                continue
            if not line:
                gap = True
                continue
            tag, value = split_tag_line(line)
        if gap or tag == "PMID":  # the record before ends here
            if entries or bad:
                yield start, entries, bad
                entries, bad = [], []
            gap = False
        if not entries and not bad:
            start = lineno
        if tag:
            entries.append([tag, value])
        else:
            bad.append((lineno, line))
    if entries or bad:
        yield start, entries, bad
