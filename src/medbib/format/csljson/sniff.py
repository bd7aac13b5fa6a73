"""Whether an input is CSL-JSON: apart from :mod:`.read`, so that telling formats apart imports no reader."""

from __future__ import annotations


def sniff(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text[:1] in (b"[", b"{"):
        return False
    sample = text[:4096]
    return b'"type"' in sample or b'"id"' in sample or text[:1] == b"[" and len(text.strip()) <= 4
