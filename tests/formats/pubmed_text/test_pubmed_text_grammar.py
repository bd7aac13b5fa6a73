"""The Abstract (text) grammar on its own: citation lines and author lists, without a record."""

from __future__ import annotations

import pytest

from medbib.format.pubmed_text.citation import parse_citation
from medbib.format.pubmed_text.people import parse_people


# --------------------------------------------------------------------------- citation grammar
# the lines of formats.md §1.3 (real citation strings)
@pytest.mark.parametrize("cite, expected", [
    ("Dtsch Tierarztl Wochenschr. 1981 Jun 5;88(6):211-4.",
     ("Dtsch Tierarztl Wochenschr", "1981 Jun 5", "88", "6", "211-4", {})),
    ("Anal Cell Pathol (Amst). 2019 Dec 3;2019:9684175. doi: 10.1155/2019/9684175. eCollection 2019.",
     ("Anal Cell Pathol (Amst)", "2019 Dec 3", "2019", None, "9684175",
      {"doi": ["10.1155/2019/9684175"], "ecollection": ["2019"]})),
    ("Ital J Food Saf. 2015 Feb 3;4(1):4511. eCollection 2015 Feb 3.",
     ("Ital J Food Saf", "2015 Feb 3", "4", "1", "4511", {"ecollection": ["2015 Feb 3"]})),
    ("Int J Mol Cell Med. 2016 Summer;5(3):178-191.", ("Int J Mol Cell Med", "2016 Summer", "5", "3", "178-191", {})),
    ("J Biol Regul Homeost Agents. 2016 Oct-Dec;30(4):985-996.",
     ("J Biol Regul Homeost Agents", "2016 Oct-Dec", "30", "4", "985-996", {})),
    ("Res Vet Sci. 2014 Oct;97 Suppl:S78-85.", ("Res Vet Sci", "2014 Oct", "97 Suppl", None, "S78-85", {})),
    ("Influenza Other Respir Viruses. 2013 Dec;7 Suppl 4:16-20.",
     ("Influenza Other Respir Viruses", "2013 Dec", "7 Suppl 4", None, "16-20", {})),
    ("J Anim Sci. 2018 Feb 17. doi: 10.1093/jas/sky036. [Epub ahead of print]",
     ("J Anim Sci", "2018 Feb 17", None, None, None, {"doi": ["10.1093/jas/sky036"], "aheadofprint": [""]})),
    ("Biosci Biotechnol Biochem. 2016 Jun 13:1-3. [Epub ahead of print]",
     ("Biosci Biotechnol Biochem", "2016 Jun 13", None, None, "1-3", {"aheadofprint": [""]})),
    ("bioRxiv [Preprint]. 2025 Aug 2:2025.08.01.668168.",
     ("bioRxiv", "2025 Aug 2", None, None, "2025.08.01.668168", {})),
    ("Can Med Assoc J. 1981 Jun 15;124(12):1559-65, 1570.",
     ("Can Med Assoc J", "1981 Jun 15", "124", "12", "1559-65, 1570", {})),
])
def test_citation_line_shapes(cite: str, expected: tuple) -> None:
    c = parse_citation(cite)
    assert c is not None and c.unparsed is None
    from medbib.core.dates import format_date

    assert (c.source, format_date(c.date), c.volume, c.issue, c.pages_raw, c.tail) == expected


# --------------------------------------------------------------------------- author lists
def test_people_parsing_suffix_group_with_commas() -> None:
    people = parse_people("White AC Jr(1), Dimar JR 2nd, Valls L(15); ESNIP3 Consortium, Brown IH(2), Dán Á(12).")
    assert [(p.family, p.initials, p.suffix) for p in people if not p.is_group] == [
        ("White", "AC", "Jr"), ("Dimar", "JR", "2nd"), ("Valls", "L", None), ("Brown", "IH", None), ("Dán", "Á", None)]
    assert [p.literal for p in people if p.is_group] == ["ESNIP3 Consortium"]
    assert people[0].given == "A. C."
