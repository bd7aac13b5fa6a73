"""Shared fixtures: paths to fixtures/ (always there) and ../shared/corpus (optional)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def _find_corpus() -> Path | None:
    env = os.environ.get("MEDBIB_CORPUS")
    candidates = [Path(env)] if env else []
    # the repository sits beside shared/ (…/main and …/shared); CI clones elsewhere with shared/ beside it
    for base in (ROOT, *ROOT.parents):
        candidates.append(base / "shared" / "corpus")
        candidates.append(base.parent / "shared" / "corpus")
        if len(candidates) > 12:
            break
    for c in candidates:
        if c.is_dir():
            return c
    return None


CORPUS = _find_corpus()
REFERENCE = CORPUS.parent / "reference" if CORPUS else None


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def corpus_dir() -> Path:
    if CORPUS is None:
        pytest.skip("../shared/corpus not present (corpus tests run where it exists)")
    return CORPUS


requires_corpus = pytest.mark.skipif(CORPUS is None, reason="../shared/corpus not present")


# Property tests (hypothesis) run a fixed, derandomized set by default, so that the README's test
# command gives the same result on every machine and every run. Random exploration is opt-in:
# HYPOTHESIS_PROFILE=explore python -m pytest (what it finds becomes an explicit test).
try:
    from hypothesis import settings as _hyp_settings

    _hyp_settings.register_profile("fixed", derandomize=True, print_blob=True)
    _hyp_settings.register_profile("explore", derandomize=False, print_blob=True)
    _hyp_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))
except ImportError:  # pragma: no cover
    pass
