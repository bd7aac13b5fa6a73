"""The network guard itself: a connection past the loopback interface is refused and reported,
in the test process and in a subprocess; loopback connections pass."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest


def test_guard_refuses_non_loopback_in_process(netguard_on):
    with pytest.raises(OSError, match="netguard"):
        socket.create_connection(("192.0.2.1", 80), timeout=0.5)  # TEST-NET-1: never routed
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    with sock, pytest.raises(OSError, match="netguard"):
        sock.connect(("192.0.2.1", 80))
    with pytest.raises(OSError, match="netguard"):
        socket.getaddrinfo("eutils.ncbi.nlm.nih.gov", 443)
    assert len(netguard_on.violations()) == 3
    netguard_on.clear()  # seen: do not fail this test for it


def test_guard_refuses_non_loopback_in_subprocess(netguard_on):
    code = "import socket\ntry:\n socket.create_connection(('192.0.2.1', 80), timeout=0.5)\nexcept OSError as e:\n print(e)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert "netguard" in proc.stdout
    assert [v for v in netguard_on.violations() if "192.0.2.1" in v]
    netguard_on.clear()


def test_guard_lets_loopback_through(eutils):
    with socket.create_connection(("127.0.0.1", int(eutils.url.rsplit(":", 1)[1].strip("/"))), timeout=5):
        pass
