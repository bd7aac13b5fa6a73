"""Records as JSON-ready dicts and back: ``Record.to_dict`` (``inspect --json``, ``--report``, the
``custom`` block of CSL-JSON) and the rebuilding of dataclasses from such data (CSL-JSON reader).

Empty values (None, "", [], {}, False) are left out. One function is generated per dataclass (and
per set of skipped fields), so serialising a record does no per-field ``getattr``/``hasattr``
probing; docs/performance.md says what that saves end to end.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable
from typing import Any

_EMPTY = object()  # what _other() returns for a value that to_dict leaves out


class _Converters(dict):
    """type -> function giving the JSON-ready form of a value of that type; None: the value as is.

    Filled on first use of each type: a dataclass gets a generated to_dict function."""

    def __missing__(self, cls: type) -> Any:
        conv = self[cls] = _make_serialiser(cls) if hasattr(cls, "__dataclass_fields__") else None
        return conv


_CONVERTERS = _Converters({
    list: lambda x: [json_value(y) for y in x],
    dict: lambda x: {k: json_value(y) for k, y in x.items()},
})
_SKIPPING: dict[tuple[type, Any], Any] = {}  # (class, skipped names) -> generated to_dict function

# The code generated for each field: first a fast test for the kind of value the field is declared
# to hold (the list one is _value, inline, per item), then the general rule (_other) for any other
# value; None and False are always left out.
_FAST_CODE = {
    "str": """if type(v) is str:
        if v:
            out[{key}] = v""",
    "list": """if type(v) is list:
        if v:
            out[{key}] = [x if (c := _CONVERTERS[type(x)]) is None else c(x) for x in v]""",
    "int": """if type(v) is int:
        out[{key}] = v""",
    "bool": """if v is True:
        out[{key}] = v""",
}
_NONE_FIRST = """if v is None:
        pass"""  # any other declared kind (a dataclass, a dict): usually None
_FIELD_CODE = """
    v = obj.{name}
    {fast}
    elif v is not None and v is not False:
        v = _other(v)
        if v is not _EMPTY:
            out[{key}] = v"""


def _declared_kind(f: dataclasses.Field[Any]) -> str:
    """``str | None`` -> str, ``list[Keyword]`` -> list, ``Date | None`` -> Date …"""
    return str(f.type).split("[")[0].split("|")[0].strip()


def _make_serialiser(cls: type, skip: Any = ()) -> Any:
    """A function ``obj -> dict`` for one dataclass: the non-empty fields, in field order.

    Generated once per (class, skip): it tests first for the kind of value each field is declared
    to hold, with no per-field ``getattr`` by name (what it saves end to end: docs/performance.md;
    tests/equivalence compares it with a plain serialiser)."""
    body = ""
    for f in dataclasses.fields(cls):
        if f.name not in skip:
            key = repr(f.name)
            fast = _FAST_CODE.get(_declared_kind(f), _NONE_FIRST).format(key=key)
            body += _FIELD_CODE.format(name=f.name, key=key, fast=fast)
    code = f"def to_dict(obj):\n    out = {{}}{body}\n    return out\n"
    namespace = {"_CONVERTERS": _CONVERTERS, "_other": _other, "_EMPTY": _EMPTY}
    exec(compile(code, f"<medbib to_dict {cls.__name__}>", "exec"), namespace)  # noqa: S102 - our own template
    return namespace["to_dict"]


def to_dict(obj: Any, skip: Any = ()) -> dict[str, Any]:
    """``dataclasses.asdict`` + pruning of empty values (None, "", False, empty list/dict/dataclass),
    in one pass and without deep copies. ``skip``: field names left out (a hashable collection)."""
    if not skip:
        return _CONVERTERS[type(obj)](obj)
    key = (type(obj), skip)
    ser = _SKIPPING.get(key)
    if ser is None:
        ser = _SKIPPING[key] = _make_serialiser(type(obj), skip)
    return ser(obj)


def _other(v: Any) -> Any:
    """A field value that is not None or False: its JSON-ready form, or _EMPTY when to_dict leaves
    it out (an empty string, list, dict or dataclass, or anything equal to "")."""
    if v == "":
        return _EMPTY
    conv = _CONVERTERS[type(v)]
    if conv is None:
        return v
    return conv(v) or _EMPTY  # an empty dict or dataclass is left out


def json_value(x: Any) -> Any:
    """A list item or dict value: its JSON-ready form (kept even when empty)."""
    if type(x) is str:
        return x
    conv = _CONVERTERS[type(x)]
    return x if conv is None else conv(x)


def prune(value: Any, drop: tuple[str, ...] = ()) -> Any:
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in drop:
                continue
            v = prune(v)
            if v in (None, [], {}, "", False):
                continue
            out[k] = v
        return out
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value


@functools.cache
def field_types(cls: type) -> dict[str, Any]:
    """``typing.get_type_hints(cls)``, evaluated once per class."""
    return typing.get_type_hints(cls)


# --------------------------------------------------------------------------- checked conversion
_SCALARS: dict[Any, tuple[tuple[type, ...], str]] = {
    str: ((str,), "text"), bool: ((bool,), "true or false"), int: ((int,), "a whole number"),
    float: ((int, float), "a number"),
}


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object", type(None): "null"}.get(type(value), type(value).__name__)


def convert_checked(tp: Any, value: Any, where: str) -> Any:
    """``value`` (JSON data) rebuilt as the type ``tp`` (a field's annotation), for data from
    outside: a value of the wrong JSON type anywhere inside
    raises TypeError naming where (``where``: the name of ``value``), never a value of the wrong
    type in the record (``{"pmid": 9100321}`` would have broken later, far from its item)."""
    try:
        return _checker(tp)(value)
    except _WrongType as exc:
        raise TypeError(f"{where}{''.join(reversed(exc.path))}: {exc.reason}") from None


class _WrongType(Exception):
    """Raised inside the checkers; each level adds its part of the path on the way up (the path is
    only built for a bad value, never for good ones)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path: list[str] = []


def _wrong(expected: str, value: Any) -> _WrongType:
    return _WrongType(f"expected {expected}, got {_kind(value)}")


@functools.cache
def _checker(tp: Any) -> Callable[[Any], Any]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):  # X | None
        inner = _checker(next(a for a in typing.get_args(tp) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin in (list, dict):
        return _container_checker(origin, typing.get_args(tp))
    if dataclasses.is_dataclass(tp):
        return _dataclass_checker(tp)
    if tp in _SCALARS:
        types_, name = _SCALARS[tp]
        exclude = bool if tp is not bool else ()

        def check(value: Any) -> Any:
            if not isinstance(value, types_) or (exclude and isinstance(value, exclude)):
                raise _wrong(name, value)
            return value
        return check
    return lambda value: value


def _container_checker(origin: type, args: tuple) -> Callable[[Any], Any]:
    item = _checker(args[-1])
    plain = args[-1] is str  # list[str] / dict[str, list[str]] items: checked in C

    def check(value: Any) -> Any:
        if not isinstance(value, origin):
            raise _wrong("a list" if origin is list else "an object", value)
        if origin is dict:
            return {str(k): _checked_item(item, v, f".{k}") for k, v in value.items()}
        if plain and set(map(type, value)) <= {str}:
            return list(value)
        return [_checked_item(item, v, f"[{i}]") for i, v in enumerate(value)] if plain else _checked_list(item, value)
    return check


def _checked_list(item: Callable[[Any], Any], value: list) -> list:
    try:
        return [item(v) for v in value]
    except _WrongType:  # again, one by one, to say which
        return [_checked_item(item, v, f"[{i}]") for i, v in enumerate(value)]


def _checked_item(item: Callable[[Any], Any], value: Any, part: str) -> Any:
    try:
        return item(value)
    except _WrongType as exc:
        exc.path.append(part)
        raise


def _dataclass_checker(cls: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if not isinstance(value, dict):
            raise _wrong("an object", value)
        kwargs = {}
        for name, scalar, sub in _checked_plan(cls):
            if name not in value:
                continue
            v = value[name]
            if scalar is not None:  # a text, number or flag field, checked here (most fields)
                if v is not None and (not isinstance(v, scalar[0]) or (scalar[1] and isinstance(v, bool))):
                    exc = _wrong(scalar[2], v)
                    exc.path.append(f".{name}")
                    raise exc
                kwargs[name] = v
                continue
            try:
                kwargs[name] = sub(v)
            except _WrongType as exc:
                exc.path.append(f".{name}")
                raise
        return cls(**kwargs)
    return check


@functools.cache
def _checked_plan(cls: type) -> tuple[tuple[str, Any, Callable[[Any], Any]], ...]:
    """(field, (types, excludes bool, name) for a scalar field or None, checker), made at the first
    use, not with the checker: a class may hold itself (``Date.end``)."""
    hints = field_types(cls)
    plan = []
    for f in dataclasses.fields(cls):
        tp = hints[f.name]
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        base = args[0] if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 1 else tp
        scalar = None
        if base in _SCALARS:
            scalar = (*_SCALARS[base][:1], base is not bool, _SCALARS[base][1])
        plan.append((f.name, scalar, _checker(tp)))
    return tuple(plan)
