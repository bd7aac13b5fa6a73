"""Writing RIS: one ``TY``…``ER`` block per record, an empty line after each, CRLF, UTF-8.

The tag table (:mod:`.tags`) says what goes in each tag; every value is folded onto one line
(:func:`.values.fold`), so no value can span lines or start a tag of its own. Tags kept in
``record.extra`` from an RIS input are written back, each at its place in the tag order.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from ...core.model import Record
from ...core.text import strip_controls
from ...plugins.contexts import WriteContext
from .tags import KEPT_TAG, TABLE, WRITE_ORDER, WriteEnv
from .values import fold

_ORDER = {tag: i for i, tag in enumerate(WRITE_ORDER)}


def record_to_tags(rec: Record, env: WriteEnv) -> tuple[str, dict[str, list[str]]]:
    """(TY, {tag: [values]} in the order the tags are written) of one record."""
    out: dict[str, list[str]] = {}
    ty = "GEN"
    for tag, value in TABLE.write(rec, env):
        if tag == "TY":
            ty = value
            continue
        for v in (value,) if isinstance(value, str) else value:
            v = fold(v)
            if v:
                out.setdefault(tag, []).append(v)
    kept = False
    for key, values in rec.extra.items():  # unknown tags read from RIS come back out as they came
        m = KEPT_TAG.fullmatch(key)
        if m and m[1] != "TY":
            for v in values:
                v = fold(v)
                if v:
                    out.setdefault(m[1], []).append(v)
                    kept = True
    if not kept:  # the table's rules come in the tag order already
        return ty, out
    last = len(_ORDER)
    return ty, {tag: out[tag] for tag in sorted(out, key=lambda t: _ORDER.get(t, last))}


def format_ref(ty: str, tags: dict[str, list[str]]) -> str:
    """One reference as RIS text: the lines rispy's writer (CRLF, no ``1.`` header) gives for it;
    tests/equivalence checks that they agree."""
    lines = [f"TY  - {ty}"]
    for tag, values in tags.items():
        for v in values:
            lines.append(f"{tag}  - {v}")
    lines.append("ER  - \r\n")
    return "\r\n".join(lines)


def write(records: Iterable[Record], out: TextIO, ctx: WriteContext) -> None:
    options = ctx.options.extra
    env = WriteEnv(zotero_extra=bool(options.get("zotero_extra", True)),
                   epub_et=bool(options.get("epub_et", True)))
    for rec in records:
        try:
            env.key = ctx.key(rec)
            ty, tags = record_to_tags(rec, env)
            for name, reason, kept in TABLE.losses(rec, env):
                ctx.lost(rec, name, reason, kept=kept)
        except (TypeError, ValueError, AttributeError) as exc:
            ctx.error(rec, f"cannot write as RIS: {exc}")
            continue
        out.write(strip_controls(format_ref(ty, tags)))
        out.write("\r\n")  # an empty line after each ER
