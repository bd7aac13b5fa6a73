"""The tests' network guard: any connection (or name lookup) that is not to the loopback
interface is refused and written to a report file, which the fixture turns into a failure.

Installed in the test process by ``tests/fetch/conftest.py`` and in every medbib subprocess a
test starts (``sitecustomize.py`` beside this file, on ``PYTHONPATH``, when
``MEDBIB_NETGUARD`` names the report file)."""

from __future__ import annotations

import ipaddress
import socket

_REAL = {"connect": socket.socket.connect, "connect_ex": socket.socket.connect_ex,
         "getaddrinfo": socket.getaddrinfo}
_LOCAL_NAMES = frozenset(("localhost", "localhost.localdomain", "ip6-localhost"))


def _loopback_host(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    text = str(host).split("%", 1)[0].strip("[]")
    if text.lower() in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def install(report: str) -> None:
    def refuse(what: str) -> None:
        with open(report, "a", encoding="utf-8") as fh:
            fh.write(what + "\n")

    def check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0] if isinstance(address, tuple) else address
            if not _loopback_host(host):
                refuse(f"connect {address!r}")
                raise ConnectionRefusedError(f"netguard: connection to {address!r} refused (tests stay offline)")

    def connect(self, address):
        check(self, address)
        return _REAL["connect"](self, address)

    def connect_ex(self, address):
        check(self, address)
        return _REAL["connect_ex"](self, address)

    def getaddrinfo(host, *args, **kwargs):
        if not _loopback_host(host):
            refuse(f"getaddrinfo {host!r}")
            raise socket.gaierror(socket.EAI_NONAME, f"netguard: lookup of {host!r} refused (tests stay offline)")
        return _REAL["getaddrinfo"](host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo


def uninstall() -> None:
    socket.socket.connect = _REAL["connect"]
    socket.socket.connect_ex = _REAL["connect_ex"]
    socket.getaddrinfo = _REAL["getaddrinfo"]
