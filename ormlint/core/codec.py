"""Plain JSON for ormlint's dataclasses, driven by their fields and type hints.

``Codec(*modules)`` knows the dataclasses defined in those modules. ``encode(value, hint)``
turns a value of type ``hint`` into JSON data (objects, arrays, strings, numbers, booleans,
null); ``decode(data, hint)`` checks data against ``hint`` and builds the value. Decoding
constructs nothing but the known dataclasses and the builtin values their hints name, so
data read from disk cannot run code; anything that does not match raises
:class:`CodecError`.

Hints understood: ``None``, ``bool``, ``int``, ``float``, ``str``, ``Literal[...]``, unions
(``X | None``), ``tuple[X, ...]``, ``tuple[X, Y]``, ``list[X]``, ``set[X]``,
``frozenset[X]``, ``dict[K, V]`` (an array of ``[key, value]`` pairs) and the known
dataclasses (an array of their init fields' values, in the order of their declaration: half
the size of an object naming them, and quicker to read). Where the hint does not name the
class of a dataclass value alone (a union other than ``X | None``, a subclass), it is an
object ``{"$type": class name, "fields": that array}``. A new dataclass in a known module
needs no codec change; a changed one changes what the cache's key digests (ormlint's code).
"""

from __future__ import annotations

import json
import types
import typing
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Callable

TYPE_KEY, FIELDS_KEY = "$type", "fields"
_SCALARS = (str, int, float, bool, type(None))
_EXACT = (str, int, bool)  # JSON gives them as they are: decoding checks their type, nothing more


class CodecError(ValueError):
    """Data that does not match the type it is decoded as (or a value that cannot be encoded)."""


class Codec:
    def __init__(self, *modules: types.ModuleType) -> None:
        self.classes: dict[str, type] = {}
        for module in modules:
            for value in vars(module).values():
                if isinstance(value, type) and is_dataclass(value) and value.__module__ == module.__name__:
                    known = self.classes.setdefault(value.__name__, value)
                    if known is not value:
                        raise ValueError(f"two dataclasses named {value.__name__}: {known.__module__}, {module.__name__}")
        self._encoders: dict[Any, Callable[[Any], Any]] = {}
        self._decoders: dict[Any, Callable[[Any], Any]] = {}
        self._layouts: dict[type, _Layout] = {}

    def encode(self, value: Any, hint: Any) -> Any:
        return self._encoder(hint)(value)

    def decode(self, data: Any, hint: Any) -> Any:
        try:
            return self._decoder(hint)(data)
        except RecursionError:
            raise CodecError("nested too deeply") from None

    # -- encoding -------------------------------------------------------------------------

    def _encoder(self, hint: Any) -> Callable[[Any], Any]:
        if hint not in self._encoders:
            self._encoders[hint] = self._make_encoder(hint)
        return self._encoders[hint]

    def _make_encoder(self, hint: Any) -> Callable[[Any], Any]:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint in _SCALARS or hint is None or origin is typing.Literal:
            return _identity
        if _is_union(hint):
            return self._union_encoder(args)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis or origin in (list, set, frozenset):
            item = self._encoder(args[0])
            if origin in (set, frozenset):
                return lambda value: sorted((item(v) for v in value), key=_canonical)
            return lambda value: [item(v) for v in value]
        if origin is tuple:
            parts = [self._encoder(a) for a in args if a != ()]
            return lambda value: [encode(v) for encode, v in zip(parts, value, strict=True)]
        if origin is dict:
            key, val = self._encoder(args[0]), self._encoder(args[1])
            return lambda value: [[key(k), val(v)] for k, v in value.items()]
        if self._known(hint):
            return lambda value: self._encode_dataclass(value, hint, tagged=False)
        raise CodecError(f"cannot encode values of type {hint!r}")

    def _union_encoder(self, alternatives: tuple) -> Callable[[Any], Any]:
        tagged = not _optional_class(alternatives, self._known)

        def encode(value: Any) -> Any:
            for alternative in alternatives:
                if _instance_of(value, alternative):
                    if self._known(alternative):
                        return self._encode_dataclass(value, alternative, tagged)
                    return self._encoder(alternative)(value)
            raise CodecError(f"{type(value).__name__} is none of {alternatives!r}")

        return encode

    def _encode_dataclass(self, value: Any, hint: type, tagged: bool) -> list | dict:
        cls = type(value)
        if not isinstance(value, hint) or self.classes.get(cls.__name__) is not cls:
            raise CodecError(f"{cls.__name__} is not a known dataclass of type {hint.__name__}")
        values = [encode(getattr(value, name)) for name, encode, _ in self._layout(cls).fields]
        if tagged or cls is not hint:
            return {TYPE_KEY: cls.__name__, FIELDS_KEY: values}
        return values

    def _layout(self, cls: type) -> _Layout:
        if cls not in self._layouts:
            hints = typing.get_type_hints(cls)
            init = [f for f in fields(cls) if f.init]
            self._layouts[cls] = _Layout(
                [(f.name, self._encoder(hints[f.name]), self._decoder(hints[f.name])) for f in init])
        return self._layouts[cls]

    def _known(self, hint: Any) -> bool:
        return isinstance(hint, type) and self.classes.get(hint.__name__) is hint

    # -- decoding -------------------------------------------------------------------------

    def _decoder(self, hint: Any) -> Callable[[Any], Any]:
        if hint not in self._decoders:
            self._decoders[hint] = self._make_decoder(hint)
        return self._decoders[hint]

    def _make_decoder(self, hint: Any) -> Callable[[Any], Any]:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint is None or hint is type(None):
            return _exactly(type(None), "null")
        if hint is float:
            return _number
        if hint in _SCALARS:
            return _exactly(hint, hint.__name__)
        if origin is typing.Literal:
            return _checker(lambda data: any(type(data) is type(a) and data == a for a in args), f"one of {args}")
        if _is_union(hint):
            return self._union_decoder(args)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis or origin in (list, set, frozenset):
            return self._sequence_decoder(args[0], {list: list, set: set, frozenset: frozenset}.get(origin, tuple))
        if origin is tuple:
            return self._fixed_tuple_decoder([a for a in args if a != ()])
        if origin is dict:
            key, val = self._decoder(args[0]), self._decoder(args[1])

            def mapping(data: Any) -> dict:
                out = {}
                for pair in _array(data):
                    _checked(_array(pair), len(pair) == 2, "a [key, value] pair")
                    out[key(pair[0])] = val(pair[1])
                return out

            return mapping
        if self._known(hint):
            return lambda data: self._decode_dataclass(data, (hint,))
        raise CodecError(f"cannot decode values of type {hint!r}")

    def _sequence_decoder(self, item_hint: Any, build: type) -> Callable[[Any], Any]:
        item = self._decoder(item_hint)
        exact = item_hint if item_hint in _EXACT else None

        def sequence(data: Any) -> Any:
            if exact is not None and type(data) is list and set(map(type, data)) <= {exact}:
                return build(data)  # items of an exact scalar type decode to themselves
            return build([item(v) for v in _array(data)])

        return sequence

    def _fixed_tuple_decoder(self, hints: list) -> Callable[[Any], Any]:
        parts = [self._decoder(h) for h in hints]
        exact = tuple(hints) if all(h in _EXACT for h in hints) else None

        def fixed(data: Any) -> tuple:
            items = _array(data)
            if exact is not None and tuple(map(type, items)) == exact:
                return tuple(items)
            if len(items) != len(parts):
                raise CodecError(f"expected {len(parts)} items, got {len(items)}")
            return tuple([decode(v) for decode, v in zip(parts, items)])

        return fixed

    def _union_decoder(self, alternatives: tuple) -> Callable[[Any], Any]:
        classes = tuple(a for a in alternatives if self._known(a))
        nullable = type(None) in alternatives
        others = [self._decoder(a) for a in alternatives if not self._known(a) and a is not type(None)]
        untagged_ok = _optional_class(alternatives, self._known)

        def decode(data: Any) -> Any:
            if data is None and nullable:
                return None
            if classes and (type(data) is dict or untagged_ok and type(data) is list):
                return self._decode_dataclass(data, classes, untagged_ok)
            for alternative in others:
                try:
                    return alternative(data)
                except CodecError:
                    continue
            raise CodecError(f"{_kind(data)} is none of {alternatives!r}")

        return decode

    def _decode_dataclass(self, data: Any, allowed: tuple[type, ...], untagged_ok: bool = True) -> Any:
        if type(data) is list:
            if not untagged_ok:
                raise CodecError(f"an array without {TYPE_KEY!r} where several classes may stand")
            cls, values = allowed[0], data
        elif type(data) is dict:
            if data.keys() != {TYPE_KEY, FIELDS_KEY}:
                raise CodecError(f"expected an object of {TYPE_KEY!r} and {FIELDS_KEY!r}, got keys {sorted(data)}")
            tag = data[TYPE_KEY]
            cls = self.classes.get(tag) if type(tag) is str else None
            if cls is None or not issubclass(cls, allowed):
                raise CodecError(f"{tag!r} is not a known dataclass here")
            values = _array(data[FIELDS_KEY])
        else:
            raise CodecError(f"expected an array or an object, got {_kind(data)}")
        layout = self._layouts.get(cls) or self._layout(cls)
        if len(values) != len(layout.fields):
            raise CodecError(f"{cls.__name__}: expected {len(layout.fields)} fields, got {len(values)}")
        try:
            return cls(*[decode(v) for (_, _, decode), v in zip(layout.fields, values)])
        except CodecError:
            for (name, _, decode), v in zip(layout.fields, values):  # again, to name the field
                try:
                    decode(v)
                except CodecError as exc:
                    raise CodecError(f"{cls.__name__}.{name}: {exc}") from None
            raise


@dataclass(frozen=True)
class _Layout:
    """How one dataclass is stored: (name, encoder, decoder) of each init field, in order."""

    fields: list[tuple[str, Callable[[Any], Any], Callable[[Any], Any]]]


def _optional_class(alternatives: tuple, known: Callable[[Any], bool]) -> bool:
    """A union of one known dataclass and None: its values need no class tag."""
    return sum(1 for a in alternatives if known(a)) == 1 and all(known(a) or a is type(None) for a in alternatives)


def _is_union(hint: Any) -> bool:
    return typing.get_origin(hint) is typing.Union or isinstance(hint, types.UnionType)


def _instance_of(value: Any, hint: Any) -> bool:
    """A shallow type test, enough to choose among the alternatives of a union."""
    if hint is None or hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if hint is float:
        return type(value) in (int, float)
    if hint is int:
        return type(value) is int
    return isinstance(value, origin or hint)


def _identity(value: Any) -> Any:
    return value


def _canonical(encoded: Any) -> str:
    return json.dumps(encoded, sort_keys=True)


def _checked(data: Any, ok: bool, expected: str) -> Any:
    if not ok:
        raise CodecError(f"expected {expected}, got {_kind(data)}")
    return data


def _checker(test: Callable[[Any], bool], expected: str) -> Callable[[Any], Any]:
    return lambda data: _checked(data, test(data), expected)


def _exactly(cls: type, expected: str) -> Callable[[Any], Any]:
    """A decoder of values of exactly ``cls`` (``True`` is no ``int``)."""
    def decode(data: Any) -> Any:
        if type(data) is not cls:
            raise CodecError(f"expected {expected}, got {_kind(data)}")
        return data

    return decode


def _number(data: Any) -> float:
    if type(data) is not int and type(data) is not float:
        raise CodecError(f"expected a number, got {_kind(data)}")
    return float(data)


def _array(data: Any) -> list:
    if type(data) is not list:
        raise CodecError(f"expected an array, got {_kind(data)}")
    return data


def _kind(data: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(data), "a number")
