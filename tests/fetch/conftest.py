"""Fetch tests never touch the internet: a local E-utilities server (:mod:`eutils_server`) on
127.0.0.1, and a guard (:mod:`netguard`) that fails any test — or any medbib subprocess a test
starts — that connects to, or looks up, anything but the loopback interface."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
GUARD_DIR = HERE / "netguard"
sys.path.insert(0, str(GUARD_DIR))

import netguard

from .eutils_server import EutilsServer, load_records

_CLEARED = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy",
            "no_proxy", "NCBI_API_KEY", "NCBI_EMAIL", "MEDBIB_EUTILS_URL", "MEDBIB_CACHE_DIR",
            "MEDBIB_EUTILS_BACKOFF")


class Guard:
    def __init__(self, report: Path) -> None:
        self.report = report

    def violations(self) -> list[str]:
        return self.report.read_text().splitlines() if self.report.exists() else []

    def clear(self) -> None:
        self.report.unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def netguard_on(tmp_path_factory, monkeypatch):
    """No test here (nor its subprocesses) reaches past 127.0.0.1; one that tries fails."""
    report = tmp_path_factory.mktemp("netguard") / "violations.txt"
    for name in _CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MEDBIB_NETGUARD", str(report))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(p for p in (str(GUARD_DIR), os.environ.get("PYTHONPATH")) if p))
    netguard.install(str(report))
    guard = Guard(report)
    try:
        yield guard
    finally:
        netguard.uninstall()
    if guard.violations():
        pytest.fail("the test reached past the loopback interface: " + "; ".join(guard.violations()))


@pytest.fixture(scope="session")
def records():
    """The fixture's real PubMed records, in file order."""
    return load_records()


@pytest.fixture
def eutils(records, tmp_path, monkeypatch):
    """A local E-utilities server; medbib pointed at it, with its own cache and quick backoff."""
    server = EutilsServer(records).start()
    monkeypatch.setenv("MEDBIB_EUTILS_URL", server.url)
    monkeypatch.setenv("MEDBIB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("MEDBIB_EUTILS_BACKOFF", "0.05")
    try:
        yield server
    finally:
        server.stop()
