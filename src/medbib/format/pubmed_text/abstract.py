"""Abstract paragraphs: sections by their labels, other abstracts (``Publisher:``, ``PIP:``…),
the copyright line at the end."""

from __future__ import annotations

import re

from ...core import languages
from ...core.model import AbstractSection, OtherAbstract, Record
from .records import Line, unwrap

#: ``Type: `` openings of other abstracts (XML OtherAbstract/@Type values)
OTHER_ABSTRACT_TYPES = ("Publisher", "PIP", "KIE", "NASA", "AAMC", "AIDS", "ARPL", "CPC", "IDEA",
                        "PLAIN LANGUAGE SUMMARY", "Plain Language Summary")
OTHER_ABSTRACT = re.compile(r"^(" + "|".join(re.escape(t) for t in OTHER_ABSTRACT_TYPES) + r"):\s*(.*)$",
                            re.DOTALL)
ABSTRACT_AVAILABLE = re.compile(r"Abstract available in ([A-Za-z ,]+?) from the publisher")

#: openings of a copyright paragraph / line (block 10)
COPYRIGHT_START = re.compile(
    r"^(?:Copyright\b|©|\(c\)\s|\(C\)\s|Crown [Cc]opyright|This article is protected by copyright"
    r"|Published by\b|© The Author)")

#: section labels: capitals (with spaces / & - , ( ) digits) or, in a clearly structured paragraph,
#: a capitalised short phrase ("Methods", "Case presentation")
LABEL_CAPS = re.compile(r"^([A-Z][A-Z0-9 ,/&()'\-]*[A-Z0-9)]):\s+(?=\S)")
LABEL_SENTENCE = re.compile(r"^([A-Z][a-z]+(?: [a-z]+){0,3}):\s+(?=\S)")
SENTENCE_END = tuple(".?!)]\"'’”")


def _section_starts(lines: list[str]) -> list[tuple[int, str | None]]:
    """(line index, label) where a section starts; the first is (0, None) when the paragraph
    opens without a label."""
    sentence_starts = [i for i, ln in enumerate(lines) if LABEL_SENTENCE.match(ln)
                       and (i == 0 or lines[i - 1].endswith(SENTENCE_END))]
    use_sentence = len(sentence_starts) >= 2
    starts: list[tuple[int, str | None]] = []
    for i, ln in enumerate(lines):
        prev_ok = i == 0 or lines[i - 1].endswith(SENTENCE_END)
        m = LABEL_CAPS.match(ln)
        if m and prev_ok and any(ch.isalpha() for ch in m.group(1)) and len(m.group(1)) > 1:
            starts.append((i, m.group(1)))
        elif use_sentence and i in sentence_starts:
            starts.append((i, LABEL_SENTENCE.match(ln).group(1)))  # type: ignore[union-attr]
    if not starts or starts[0][0] != 0:
        starts.insert(0, (0, None))
    return starts


def split_sections(lines: list[str]) -> list[AbstractSection]:
    """One abstract paragraph -> sections; a section starts on a line opening with ``LABEL: ``.

    Capital labels start a section at the paragraph start or after a line ending a sentence;
    sentence-case labels (``Methods:``) only when the paragraph has at least two of them at
    line starts (otherwise ``Background: ...`` is ordinary text, as PubMed's XML has it).
    """
    lines = [ln.strip() for ln in lines if ln.strip()]
    starts = _section_starts(lines)
    sections = []
    for k, (i, label) in enumerate(starts):
        j = starts[k + 1][0] if k + 1 < len(starts) else len(lines)
        body = unwrap(lines[i:j])
        if label:
            body = body[len(label) + 1:].strip()
        sections.append(AbstractSection(text=body, label=label))
    return sections


def _copyright(rec: Record, paras: list[list[Line]]) -> list[list[Line]]:
    """The copyright: the last paragraph by its opening words, or its own trailing lines. Returns
    the paragraphs without it."""
    last = [ln.strip() for _, ln in paras[-1]]
    k = next((i for i, ln in enumerate(last)
              if COPYRIGHT_START.match(ln) and (i == 0 or last[i - 1].endswith(SENTENCE_END))), None)
    if k is None:
        return paras
    rec.copyright = unwrap(last[k:])
    return paras[:-1] + ([paras[-1][:k]] if k > 0 else [])


def _other_abstract(rec: Record, kind: str, lines: list[str]) -> OtherAbstract:
    """``Publisher: …`` (its language named by the ``[Article in X; Abstract available in Y from
    the publisher]`` note) and the like."""
    first = lines[0].strip()[len(kind) + 1:].strip()
    sections = split_sections([first, *lines[1:]])
    lang = None
    for note in rec.extra.get("pubmed-text:language-note", []):
        am = ABSTRACT_AVAILABLE.search(note)
        if am and kind == "Publisher":
            lang = languages.to_bcp47(am.group(1).split(",")[0].strip())
    return OtherAbstract(sections=sections, type=kind, language=lang)


def read_abstract(rec: Record, paras: list[list[Line]]) -> None:
    """The abstract paragraphs of a record: its abstract, other abstracts, copyright."""
    if not paras:
        return
    for blk in _copyright(rec, paras):
        lines = [ln for _, ln in blk]
        om = OTHER_ABSTRACT.match(unwrap(lines))
        if om:
            rec.other_abstracts.append(_other_abstract(rec, om.group(1), lines))
        elif rec.other_abstracts:  # a paragraph after an other abstract continues it
            rec.other_abstracts[-1].sections.extend(split_sections(lines))
        else:
            rec.abstract.extend(split_sections(lines))
