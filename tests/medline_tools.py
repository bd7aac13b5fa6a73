"""Helpers of the MEDLINE tests: the fixtures, reading bytes or a file with the MEDLINE reader, the
view one article must give alike from PubMed XML and from MEDLINE (fixture and corpus pairs), and
the text the fast-path equivalence tests draw from."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES
from hypothesis import strategies as st

from medbib.core.streams import open_input
from medbib.format.medline import read as reader
from medbib.format.medline.builder import TABLE
from medbib.plugins.contexts import ReadContext

MEDLINE = FIXTURES / "medline"
FILES = sorted(p for p in MEDLINE.iterdir() if p.is_file() and p.suffix != ".md") + sorted(
    (MEDLINE / "pairs").glob("*.nbib"))


def read_bytes(data: bytes, name: str = "<test>") -> tuple[list, ReadContext]:
    inp = open_input(data, name=name)
    ctx = ReadContext(name)
    return list(reader.read(inp.stream, ctx)), ctx


def read_path(path: Path) -> tuple[list, ReadContext]:
    return read_bytes(path.read_bytes(), name=path.name)


def by_pmid(path: Path) -> dict:
    recs, ctx = read_path(path)
    assert not ctx.errors
    return {r.pmid: r for r in recs}


# --------------------------------------------------------------------------- same article, XML and MEDLINE
#: scalar fields both PubMed XML and MEDLINE carry (XML-only: journal_iso_abbrev, pub_model, UIs,
#: NlmCategory, markup; MEDLINE-only: source (SO))
PAIR_SCALARS = (
    "type", "title", "original_title", "title_translated", "languages", "container_title",
    "journal_abbrev", "issn_print", "issn_electronic", "issn_linking", "nlm_id", "journal_country",
    "volume", "issue", "pages", "pages_raw", "page_first", "page_last", "issued", "epub", "doi", "pmid",
    "pmcid", "pii", "mid", "copyright", "conflict_of_interest", "publication_status", "indexing_status",
    "owner", "authors_truncated", "publisher", "publisher_place", "isbns",
)


def _people_view(people):
    return [(p.family, p.given, p.initials, p.suffix, p.literal, p.orcid, p.affiliations) for p in people]


def pair_view(rec) -> dict:
    """What one article must give from XML and from MEDLINE alike."""
    view = {name: getattr(rec, name) for name in PAIR_SCALARS}
    view.update(
        authors=_people_view(rec.authors),
        editors=_people_view(rec.editors),
        investigators=_people_view(rec.investigators),
        abstract=[(s.label, s.text) for s in rec.abstract],
        other_abstracts=[(o.language, o.text) for o in rec.other_abstracts],
        keywords=[(k.term, k.owner, k.major) for k in rec.keywords],
        mesh=[m.as_string() for m in rec.mesh],
        publication_types=[p.name for p in rec.publication_types],
        chemicals=[(c.name, c.registry_number) for c in rec.chemicals],
        grants=[(g.id, g.acronym, g.agency, g.country) for g in rec.grants],
        links=[(l.kind, l.pmid) for l in rec.links],
        # PubMed writes "00:00" in MEDLINE where the XML date has no time
        history=sorted((h.status, h.date.year, h.date.month, h.date.day, h.date.hour or 0, h.date.minute or 0)
                       for h in rec.history),
    )
    return view


def pair_differences(a, b) -> dict:
    va, vb = pair_view(a), pair_view(b)
    return {k: (va[k], vb[k]) for k in va if va[k] != vb[k]}


# --------------------------------------------------------------------------- fast-path equivalence tests
# text built from the characters the fast paths look at, plus anything
_CHARS = st.sampled_from(list(" .-,:;!?*/rdhJSthnd0123456789ABCDEFTabc\t\u00a0\u2028²٣"))
_TRICKY = st.lists(_CHARS, max_size=30).map("".join)
TEXT = st.one_of(_TRICKY, st.text(max_size=30))

_TAG_NAMES = st.sampled_from(sorted(TABLE.known) + ["XYZ", "AB1", "ab", "A", "ISSN", "TOOLONG", ""])
_VALUE = st.text(st.sampled_from(list("ab -:&;*/ \t\u00a0")), max_size=6)
_TAG_LINE = st.builds(lambda tag, sep, value: f"{tag}{sep}{value}", _TAG_NAMES,
                      st.sampled_from(["", " ", "  ", "   "]).map(lambda pad: pad + "- ") | st.sampled_from(
                          ["-", " -", " - ", "-x", "  -- "]), _VALUE)
_PADDED_LINE = st.builds(lambda tag, value: f"{tag:<4}- {value}", _TAG_NAMES, _VALUE)
_OTHER_LINE = st.sampled_from(["", "   ", "      continued text", "\tcontinued", "      ", "garbage here",
                               "PMID- 12345", "FAU - Doe, J", "AU  - Doe J", "OWN - ERIC"])
#: lines of a MEDLINE file: tag lines of known and unknown tags, spaced every way, continuation
#: lines, blank lines, garbage
MEDLINE_LINES = st.lists(st.one_of(_TAG_LINE, _PADDED_LINE, _OTHER_LINE), max_size=25)
