"""atheris fuzz harness for medbib's readers: any bytes in, only records or MedbibError out.

Run by hand (never in the test suite), one reader at a time, seeded with the fixtures:

    pip install atheris
    python fuzz/fuzz_readers.py medline fuzz/corpus/medline -max_total_time=300
    python fuzz/fuzz_readers.py pubmed-xml fuzz/corpus/pubmed-xml -max_total_time=300

(``fuzz/seed.sh`` fills ``fuzz/corpus/<reader>/`` from fixtures/.) A crash writes
``crash-<hash>`` in the current directory; copy it to ``tests/data/fuzz/<reader>/`` and
``tests/pipeline/test_properties.py`` replays it on every test run.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    import importlib
    import pkgutil

    import medbib
    import medbib.core
    import medbib.format
    import medbib.pipeline
    import medbib.plugins
    from medbib.core.errors import MedbibError
    from medbib.plugins.registry import registry

    # the formats name their readers and writers lazily: import every module of every format
    # package here, so that atheris instruments them
    for _info in pkgutil.walk_packages(medbib.format.__path__, "medbib.format."):
        importlib.import_module(_info.name)

READER = sys.argv.pop(1) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else "medline"


def one_input(data: bytes) -> None:
    try:
        for rec in medbib.read(data, READER):
            rec.to_dict()
            for w in ("csljson", "ris", "bibtex"):
                if w in registry.writers:
                    medbib.write([rec], w)
    except MedbibError:
        pass


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
