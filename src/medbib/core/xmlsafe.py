"""XML parsed one safe way by every parser medbib makes (the PubMed XML reader, fetch's answers):
no entity resolved, no DTD loaded or validated, nothing fetched from the network, no huge trees."""

from __future__ import annotations

from typing import Any

#: keyword arguments for lxml's XMLParser / XMLPullParser
SAFE_PARSING: dict[str, bool] = {"resolve_entities": False, "no_network": True, "load_dtd": False,
                                 "huge_tree": False, "dtd_validation": False}


def declares_entities(el: Any) -> bool:
    """Whether the document's internal DTD, as the parser read it, declares entities: a check the
    prolog's bytes cannot be trusted for (a fake ``]>`` in a comment, UTF-32 without BOM, UTF-7)."""
    dtd = el.getroottree().docinfo.internalDTD
    return dtd is not None and next(iter(dtd.iterentities()), None) is not None
