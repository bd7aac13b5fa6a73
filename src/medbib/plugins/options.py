"""Writer options checked against the writer's declaration (:class:`~.descriptor.Option`).

``-O key=value`` on the command line and ``WriteOptions.extra`` in the API go through
:func:`check_options` before anything is read or written: an unknown name (with a typo hint), a
value of the wrong kind, or an option that belongs to another writer (``-O zotero_extra=no -t
bibtex``, ``--ascii -t ris``) is a :class:`UsageError` that lists what the writer does take.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ..core.errors import UsageError
from .contexts import WriteOptions
from .descriptor import Format, Option
from .registry import did_you_mean, registry

_YES = ("yes", "true", "on", "1")
_NO = ("no", "false", "off", "0")
#: the option that is a WriteOptions field of its own (``--ascii``) rather than an ``extra`` key
_FIELDS = ("ascii",)


def kind(opt: Option) -> str:
    """What the option takes, as shown to users: ``yes|no``, ``NUMBER``, ``a|b``, ``TEXT``."""
    if isinstance(opt.default, bool):
        return "yes|no"
    if isinstance(opt.default, int):
        return "NUMBER"
    return "|".join(opt.choices) if opt.choices else "TEXT"


def shown(value: Any) -> str:
    """An option value as written on the command line (``True`` -> ``yes``)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def describe(opt: Option) -> str:
    """``zotero_extra=yes|no (default yes)``."""
    return f"{opt.name}={kind(opt)} (default {shown(opt.default) or 'none'})"


def takes(fmt: Format) -> str:
    """What a writer takes, for error messages."""
    opts = fmt.writer.options if fmt.writer else ()
    if not opts:
        return f"the {fmt.name} writer takes no options"
    return f"the {fmt.name} writer takes: " + ", ".join(describe(o) for o in opts)


def parse_value(opt: Option, value: Any, writer: str) -> Any:
    """``value`` (text from ``-O``, or a Python value from the API) as the option's kind."""
    if isinstance(opt.default, bool):
        if isinstance(value, bool):
            return value
        low = str(value).strip().lower()
        if low in _YES or low in _NO:
            return low in _YES
    elif isinstance(opt.default, int):
        try:
            return int(str(value).strip())
        except ValueError:
            pass
    elif not opt.choices or str(value) in opt.choices:
        return value
    raise UsageError(f"option {opt.name}={shown(value)!r} for the {writer} writer: expected {kind(opt)}")


def _owners(name: str) -> list[str]:
    """The writers that declare an option called ``name``."""
    return sorted(f.name for f in registry.writers.values() if any(o.name == name for o in f.writer.options))


def _unknown(fmt: Format, name: str, spelled: str) -> UsageError:
    owners = _owners(name)
    if owners:
        return UsageError(f"{spelled} is for the {', '.join(owners)} writer{'s' if len(owners) > 1 else ''}, "
                          f"not {fmt.name}; {takes(fmt)}")
    names = [o.name for o in fmt.writer.options]
    return UsageError(f"unknown option {name!r} for the {fmt.name} writer{did_you_mean(name, names)}; {takes(fmt)}")


def check_options(fmt: Format, options: WriteOptions | None) -> WriteOptions | None:
    """``options`` with every ``extra`` value parsed by the writer's declaration; UsageError for an
    unknown name, a bad value or another writer's option (``ascii`` included)."""
    if options is None:
        return None
    declared = {o.name: o for o in fmt.writer.options}
    extra: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name, value in options.extra.items():
        key = str(name).strip()
        if key not in declared:
            raise _unknown(fmt, key, f"option {key!r}")
        parsed = parse_value(declared[key], value, fmt.name)
        (fields if key in _FIELDS else extra)[key] = parsed
    for name in _FIELDS:
        if getattr(options, name) and name not in declared:
            raise _unknown(fmt, name, f"--{name}")
    return dataclasses.replace(options, extra=extra, **fields)
