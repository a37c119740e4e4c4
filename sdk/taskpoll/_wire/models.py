"""JSON ↔ attrs models, through one cattrs converter built once.

Generated models declare each attribute's wire name in field metadata
(``metadata={"wire": "errorId"}``); the hooks here are compiled per class on
first use and cached by cattrs, so decoding a response costs one dict walk.

Rules, the same for every API:

* unknown fields are ignored (servers add fields; that must not break us);
* a required field that is missing, or a value of the wrong JSON type,
  raises :class:`~taskpoll.errors.DecodeError` naming the path and quoting
  the body;
* an unknown enum value is kept, not rejected (see :class:`OpenStrEnum`);
* an optional field that may also be ``null`` keeps "absent" (:data:`UNSET`)
  apart from ``null`` (``None``); elsewhere absent is simply ``None``.
"""

from __future__ import annotations

import enum
import functools
import json
import math
import types
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final, Literal, TypeVar, Union, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .._secret import excerpt
from ..errors import ConstraintError, DecodeError

__all__ = [
    "CONVERTER",
    "UNSET",
    "WIRE",
    "OpenIntEnum",
    "OpenStrEnum",
    "Unset",
    "compact",
    "explain",
    "plain",
    "read",
    "replaced",
    "structure",
    "to_json",
]

T = TypeVar("T")

#: Field-metadata key holding the attribute's name on the wire.
WIRE: Final = "wire"


class Unset(enum.Enum):
    """The type of :data:`UNSET`: "the field was absent", as opposed to ``null``."""

    UNSET = "UNSET"

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = Unset.UNSET


class _Open:
    """Lets an enum hold values the spec does not list.

    ``Status("new-state")`` returns a pseudo-member (not added to the class)
    whose ``value`` is the raw value and ``name`` is ``"UNKNOWN"``, so a
    server that grows a new state never makes a response undecodable, and
    the caller can still see exactly what it said.
    """

    _name_: str

    @classmethod
    def _missing_(cls, value: object) -> Any:
        base: Any = cls._member_type_  # type: ignore[attr-defined]
        if not isinstance(value, base) or isinstance(value, bool):
            return None
        member: Any = base.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @property
    def known(self) -> bool:
        return self._name_ != "UNKNOWN"


class OpenStrEnum(_Open, enum.StrEnum):
    """A string enum that keeps unknown values (see :class:`_Open`)."""


class OpenIntEnum(_Open, enum.IntEnum):
    """An int enum that keeps unknown values (see :class:`_Open`)."""


def _wrong_type(value: object, expected: str) -> TypeError:
    return TypeError(f"expected {expected}, got {type(value).__name__} {_short(value)}")


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _wrong_type(value, "an integer")


def _structure_float(value: object, _: type) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            result = float(value)
        except OverflowError:  # an integer of hundreds of digits
            result = math.inf
        if math.isfinite(result):
            return result
    raise _wrong_type(value, "a finite number")


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return Decimal(value)
        except ArithmeticError:
            pass
    elif isinstance(value, float):
        return Decimal(repr(value))
    raise _wrong_type(value, "a decimal number")


def _structure_str(value: object, _: type) -> str:
    if isinstance(value, str):
        return value
    raise _wrong_type(value, "a string")


def _structure_bool(value: object, _: type) -> bool:
    if isinstance(value, bool):
        return value
    raise _wrong_type(value, "true or false")


def _structure_enum(value: object, tp: type[enum.Enum]) -> enum.Enum:
    base = int if issubclass(tp, int) else str
    if isinstance(value, base) and not isinstance(value, bool):
        return tp(value)
    raise _wrong_type(value, f"a {tp.__name__} value")


def _structure_any(value: object, _: type) -> object:
    return value


def _is_union(tp: object) -> bool:
    return get_origin(tp) in (Union, types.UnionType)


def _json_kind(tp: Any) -> type | tuple[type, ...] | None:
    """The JSON value classes a passthrough type accepts, or None if not passthrough."""
    origin = get_origin(tp) or tp
    kinds: dict[Any, type | tuple[type, ...]] = {
        dict: dict,
        list: list,
        str: str,
        bool: bool,
        int: int,
        float: (int, float),
        type(None): type(None),
    }
    return kinds.get(origin)


def _make_union_hook(converter: cattrs.Converter, tp: Any) -> Any:
    members = [m for m in get_args(tp) if m is not Unset]
    has_none = type(None) in members
    members = [m for m in members if m is not type(None)]
    attrs_members = [m for m in members if attrs.has(m)]
    plain = [(m, _json_kind(m)) for m in members if not attrs.has(m)]

    def structure(value: object, _: type) -> object:
        if value is None:
            if has_none:
                return None
            raise _wrong_type(value, _describe_type(tp))
        for member, kind in plain:
            if kind is None:
                # an enum, Decimal, … : let its own hook decide
                try:
                    return converter.structure(value, member)
                except (TypeError, ValueError):
                    continue
            if isinstance(value, kind) and not (isinstance(value, bool) and member is not bool):
                return converter.structure(value, member)
        if isinstance(value, dict) and attrs_members:
            # the first model that accepts the object wins; spec order is preference order
            errors: list[Exception] = []
            for member in attrs_members:
                try:
                    return converter.structure(value, member)
                except Exception as exc:
                    errors.append(exc)
            raise errors[0]
        raise _wrong_type(value, _describe_type(tp))

    return structure


def _describe_type(tp: Any) -> str:
    return " | ".join(getattr(m, "__name__", str(m)) for m in get_args(tp)) or str(tp)


def _field_overrides(cls: type) -> dict[str, Any]:
    return {
        # a tag (a discriminator such as CapMonster's task ``type``) is always sent
        a.name: override(
            rename=a.metadata.get(WIRE, a.name), omit_if_default=not a.metadata.get("tag")
        )
        for a in attrs.fields(cls)
    }


def _make_converter() -> cattrs.Converter:
    converter = cattrs.Converter(forbid_extra_keys=False, detailed_validation=True)
    # singledispatch, because cattrs consults it before predicate hooks and
    # already maps int/float/str/bool to ``int(x)``/``str(x)``/… there (a
    # predicate hook never ran: ``null`` became "None", 1.9 became 1).
    # StrEnum/IntEnum subclasses still reach the enum hook below: their
    # bases precede ``str``/``int`` in the MRO.
    exact_hooks: dict[type, Callable[[Any, type], Any]] = {
        int: _structure_int,
        float: _structure_float,
        str: _structure_str,
        bool: _structure_bool,
        Decimal: _structure_decimal,
    }
    for exact, hook in exact_hooks.items():
        converter.register_structure_hook(exact, hook)
    converter.register_structure_hook(Any, _structure_any)
    # singledispatch on the enum bases replaces cattrs' default, which calls
    # ``Enum(value)`` and so accepts ``true`` for an int enum.  IntEnum/StrEnum
    # are named too because ``int``/``str`` precede ``Enum`` in their MRO.
    for base in (enum.Enum, enum.IntEnum, enum.StrEnum):
        converter.register_structure_hook(base, _structure_enum)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook_factory(_is_union, lambda tp: _make_union_hook(converter, tp))
    converter.register_structure_hook_factory(
        attrs.has,
        lambda cls: make_dict_structure_fn(cls, converter, **_field_overrides(cls)),
    )
    converter.register_unstructure_hook_factory(
        attrs.has,
        lambda cls: make_dict_unstructure_fn(cls, converter, **_field_overrides(cls)),
    )
    return converter


#: The converter every JSON API shares.  Built once at import.
CONVERTER: Final = _make_converter()


def structure(
    data: object,
    model: type[T],
    *,
    body: bytes | None = None,
    secrets: tuple[str, ...] = (),
    task_id: str | None = None,
) -> T:
    """Already-parsed JSON as ``model``, with the same errors as
    :func:`~taskpoll._wire.codec.decode_json`; ``body``, when given, is what
    the error quotes (without ``secrets``)."""
    try:
        return CONVERTER.structure(data, model)
    except Exception as exc:
        where = explain(exc)
        quoted = excerpt(body, secrets) if body is not None else _short(data)
        raise DecodeError(
            f"response does not match {model.__name__}: {where}. Body: {quoted!r}",
            task_id=task_id,
        ) from None


def explain(exc: BaseException) -> str:
    """What was wrong with the data a structuring failed on, field by field."""
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(cattrs.transform_error(exc, path="$", format_exception=_reason)[:3])
    return f"{type(exc).__name__}: {exc}"


def _reason(exc: BaseException, kind: type | None) -> str:
    # a spec constraint's own message names the rule; cattrs would say "invalid value"
    if isinstance(exc, ConstraintError):
        return str(exc)
    return cattrs.v.format_exception(exc, kind)


def read(model: object, path: str) -> object:
    """The value at a dotted wire-name ``path`` of a decoded model (``None`` if absent)."""
    value: Any = model
    for wire in path.split("."):
        kind: Any = type(value)
        if value is None or not attrs.has(kind):
            return None
        value = getattr(value, _attribute(kind, wire), None)
    return value


def replaced(model: T, path: str, value: object) -> T:
    """``model`` with the field at dotted wire-name ``path`` set to ``value``."""
    head, _, rest = path.partition(".")
    kind: Any = type(model)
    name = _attribute(kind, head)
    inner = value if not rest else replaced(getattr(model, name), rest, value)
    return attrs.evolve(model, **{name: inner})  # type: ignore[misc]


@functools.cache
def _attribute(cls: Any, wire: str) -> str:
    for field in attrs.fields(cls):
        if field.metadata.get("wire", field.name) == wire:
            return str(field.name)
    return wire


def plain(value: object) -> object:
    """An enum member's value (what specs compare with); anything else as it is."""
    return value.value if isinstance(value, enum.Enum) else value


def to_json(value: object) -> Any:
    """A decoded model as plain JSON data, with the API's wire names."""
    return json.loads(json.dumps(CONVERTER.unstructure(value), default=str))


def _brief(value: Any) -> Any:
    """Long lists shortened to their length: a line shows a result's shape."""
    if isinstance(value, dict):
        return {key: _brief(item) for key, item in value.items()}
    if isinstance(value, list) and len(value) > 4:
        return f"[{len(value)} items]"
    return value


def compact(value: object, limit: int = 160) -> str:
    """A result as one short line of JSON, for humans."""
    text = json.dumps(_brief(to_json(value)), separators=(", ", ": "), ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
