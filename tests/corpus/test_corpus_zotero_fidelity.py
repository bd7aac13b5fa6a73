"""What Zotero makes of our files, measured with Zotero's own import code (issue 16, "Done when").

For each PubMed XML and MEDLINE file of ../shared/corpus, Zotero's import of the source is the
reference; medbib converts the source to RIS, BibTeX and CSL-JSON (the CLI, as users run it),
Zotero imports that, and the two are compared field by field with ../shared/zotero/fidelity.py's
rule (tests/zotero.py). A field lost on the way fails the test, naming the file, the record (PMID)
and the field — unless it is in ``KNOWN`` below with its reason.

Run time: Zotero's translation-server is started by the test (../shared/zotero/start.sh; skipped
with the reason where node or ../shared is missing). By default the test runs on a fixed sample:
every PubMed XML file and the MEDLINE files under 600 kB (about 500 records, a minute or two for the
three routes); ``MEDBIB_FIDELITY_ALL=1`` runs every file (the figures of the issue: several minutes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import CORPUS
from zotero import fidelity_misses, start_oracle, zotero_dir

from medbib.core import languages

pytestmark = [pytest.mark.corpus, pytest.mark.tools,
              pytest.mark.skipif(CORPUS is None, reason="../shared/corpus not present")]

ROUTES = {"ris": (), "bibtex": (), "csljson": ("tags",)}  # Zotero's CSL import drops keywords

#: (file, PMID, field) -> why the field differs, for what medbib cannot or should not change.
#: Zotero's quirks are in ../shared/zotero/README.md; docs/zotero.md has the figures and the reasons.
_ARTICLE_NUMBER = ("the article number PubMed's own citation gives after the colon (SO: '5(12):e134973', the "
                   "untyped LID), where Zotero takes the pii LID ('134973'): we follow PubMed's citation, which is "
                   "what the journal prints and readers look up (issue 16, item 1)")
_MATHML = "MathML: Zotero's XML import keeps the formula's text nodes one by one ('V . O 2 m a x')"
_ZOTERO_ABBREV = ("Zotero's PubMed XML import takes the ISOAbbreviation, its MEDLINE import the MedlineTA (TA); we "
                  "write the MedlineTA from both, which NLM/Vancouver styles cite (--journal iso for the other)")
_SPACE = ("'TI  - … in the elderly .': fidelity.py strips the final period but not the space before it; we "
          "drop both, the title is the same")
KNOWN: dict[tuple[str, str, str], str] = {
    **{(f, pmid, "pages"): _ARTICLE_NUMBER for f, pmid in (
        ("blachlylab-pubmed.nbib", "32554930"), ("blachlylab-pubmed.nbib", "33268594"),
        ("buendiaenr1-pubmed.nbib", "29602890"))},
    ("biopython-pubmed6.xml", "30108519", "abstractNote"): _MATHML,
    ("biopython-pubmed7.xml", "29963580", "abstractNote"): _MATHML,
    ("metapub-38534005.xml", "38534005", "creators"):
        "a group name with a comma: RIS writes it as U+201A so that Zotero keeps it one name (docs/formats/ris.md)",
    ("metapub-38914053.xml", "38914053", "title"): "SnO<sub>2</sub>: Zotero's BibTeX import makes '₂' of $_{2}$",
    ("reciter-28356292.xml", "28356292", "title"): "Na<sup>+</sup>: Zotero's BibTeX import makes '⁺' of $^{+}$",
    ("reciter-32025781.xml", "32025781", "title"): "a control character (U+0099) in the title: BibTeX cannot hold it",
    **{("pubmedportable-medline_00000000.xml", pmid, "DOI"): "Zotero's reference takes a bare number for a DOI"
       for pmid in ("10026444", "10026445", "10026446", "10026447", "10050105")},
    ("pubmedportable-medline_00000000.xml", "10051796", "journalAbbreviation"): _ZOTERO_ABBREV,
    ("pubmedportable-medline_00000000.xml", "10094247", "journalAbbreviation"): _ZOTERO_ABBREV,
    ("ruipintovascheck-pubmed.nbib", "36778365", "itemType"):
        "the one preprint: Zotero's MEDLINE import makes a 'preprint' item, which has no journal or ISSN field; "
        "the journal article in its server that we write keeps server, ISSN and DOI in Zotero (issue 16, item 3)",
    ("ruipintovascheck-pubmed.nbib", "28912005", "itemType"):
        "PT 'Video-Audio Media' on a J Vasc Surg article (67(1):244-253): Zotero's MEDLINE import makes a "
        "'videoRecording' and drops journal, volume, issue, pages, DOI and ISSN; we keep it a journal article",
    ("ruipintovascheck-pubmed.nbib", "27641051", "title"): _SPACE,
}
#: (file, PMID, field, route) -> why, for a difference on one route only
_FIRST_LANGUAGE = ("CSL-JSON holds one language: of a bilingual article ('LA eng', 'LA spa') we write the first, the "
                   "language of PubMed's (English) title, so that styles title-case it; Zotero's MEDLINE import keeps "
                   "the last. Every language is in custom.languages, and RIS and BibTeX carry them all")
KNOWN_ON: dict[tuple[str, str, str, str], str] = {
    **{(f, pmid, "language", "csljson"): _FIRST_LANGUAGE for f, pmid in (
        ("buendiaenr1-pubmed.nbib", "27164336"), ("p1m-ortho-citations.nbib", "12734152"),
        *(("ruipintovascheck-pubmed.nbib", p) for p in (
            "33867160", "29903522", "29248052", "26291252", "23521875", "22425797")))},
}


def _same_language(ref: tuple[str, ...], got: tuple[str, ...]) -> bool:
    """Our BibTeX names the languages in English ('Danish'), which Zotero keeps as written; fidelity.py's
    table knows nine names, so the name is checked here to be the reference's language."""
    return bool({languages.to_bcp47(g) for g in got} & set(ref))


def _zotero_tex_lookalike(ref: str, got: str) -> bool:
    """Zotero's BibTeX import reads no form of '~' as '~' (it makes '∼' of \\~{}) and strips every pair of
    '$' as math, escaped or not (it leaves '\\' for each): no spelling LaTeX reads avoids either. The
    abstract is otherwise the same."""
    return ("~" in ref or ref.count("$") >= 2) and got.replace("∼", "~").replace("\\", "$") == ref


#: (field, route) -> a difference accepted only where its test shows it is that difference and no other
ACCEPTED: dict[tuple[str, str], Callable[[Any, Any], bool]] = {
    ("language", "bibtex"): _same_language,
    ("abstractNote", "bibtex"): _zotero_tex_lookalike,
}


def _sources() -> list[Path]:
    assert CORPUS is not None
    files = sorted((CORPUS / "pubmed-xml").glob("*")) + sorted((CORPUS / "medline").glob("*"))
    if os.environ.get("MEDBIB_FIDELITY_ALL"):
        return files
    return [p for p in files if "pubmed-xml" in p.parts or p.stat().st_size < 600_000]


def _convert(src: Path, out: Path) -> None:
    subprocess.run([sys.executable, "-m", "medbib", "convert", str(src), "-o", str(out)],
                   capture_output=True, text=True, check=True)


@pytest.fixture(scope="module")
def oracle():  # type: ignore[no-untyped-def]
    module, why = start_oracle()
    if module is None:
        pytest.skip(why)
    return module


@pytest.mark.parametrize("to", list(ROUTES))
def test_zotero_keeps_every_field(oracle, to):
    total, misses = fidelity_misses(zotero_dir(), _sources(), to, _convert, ROUTES[to])
    assert total > 1000
    lost = [f"{name} PMID {pmid}: {field} (Zotero's own import: {ref!r}; from our {to}: {got!r})"
            for name, pmid, field, ref, got in misses
            if (name, pmid, field) not in KNOWN and (name, pmid, field, to) not in KNOWN_ON
            and not ((field, to) in ACCEPTED and got is not None and ACCEPTED[field, to](ref, got))]
    print(f"\n{to}: {total - len(misses)}/{total} fields kept ({1 - len(misses) / total:.2%})")
    assert not lost, "\n".join(lost)
