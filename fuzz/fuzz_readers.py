"""atheris fuzz harness for medbib's readers: any bytes in, only records or MedbibError out.

Run by hand (never in the test suite), one reader at a time, seeded with the fixtures:

    pip install atheris
    python fuzz/fuzz_readers.py medline fuzz/corpus/medline -max_total_time=300
    python fuzz/fuzz_readers.py pubmed-xml fuzz/corpus/pubmed-xml -max_total_time=300

(``fuzz/seed.sh`` fills ``fuzz/corpus/<reader>/`` from fixtures/.) A crash writes
``crash-<hash>`` in the current directory; copy it to ``tests/data/fuzz/<reader>/`` and
``tests/test_properties.py`` replays it on every test run.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import medbib
    import medbib.core.dates
    import medbib.core.text
    import medbib.csl
    import medbib.readers.bibtex
    import medbib.readers.csljson
    import medbib.readers.medline
    import medbib.readers.pubmed_text
    import medbib.readers.pubmed_xml
    import medbib.readers.ris
    import medbib.writers.bibtex
    import medbib.writers.csljson
    import medbib.writers.ris
    from medbib.core.errors import MedbibError
    from medbib.registry import ReadContext, registry

READER = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "medline"


def one_input(data: bytes) -> None:
    reader = registry.reader(READER)
    ctx = ReadContext("<fuzz>")
    try:
        for rec in medbib.read(data, READER):
            rec.to_dict()
            for w in ("csljson", "ris", "bibtex"):
                if w in registry.writers:
                    medbib.write([rec], w)
    except MedbibError:
        pass
    del reader, ctx


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
