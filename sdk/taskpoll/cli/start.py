"""``taskpoll start API KIND``: a request built from the shell through the API's
typed models, checked whole before anything is sent.

What a kind of task takes is read from an attrs model at run time (its field
names, wire names, types, validators and the spec's ``encoding`` metadata),
so one implementation serves every CapMonster task type, CloudCoin's
starting operations and AlphaSMS messages, and a new task type in a spec
needs nothing here:

* a field is named by its wire name (``websiteURL``) or its Python name
  (``website_url``);
* ``--set FIELD=VALUE``: a string field takes VALUE as it is; any other type
  (an integer, a boolean, a list, an object) takes VALUE as JSON;
  ``FIELD=@path`` reads the value from a file (the bytes of a base64 field,
  encoded; otherwise UTF-8 text, without its final newline); ``@@`` stands for
  a literal ``@``;
* ``--task`` gives records: a JSON object, a JSON array of objects, or
  ``@file`` (JSON, or CSV when the name ends in ``.csv``: a header of field
  names, one record a row, cells typed like ``--set`` values); each record
  starts one task, with the ``--set`` values on top.

Every record is built, and so checked by the model's validators, before the
first request: bad input sends nothing and raises :class:`InputError`, one
line naming the field and the rule.
"""

from __future__ import annotations

import base64
import csv
import enum
import inspect
import io
import json
import types
import typing
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, Literal, Union

import attrs

from .._wire.models import CONVERTER, WIRE, Unset, explain

__all__ = ["Form", "InputError", "Kind", "kinds", "records"]

#: Field metadata naming how a string field is encoded (``"base64"``: bytes),
#: from the spec's ``contentEncoding`` (codegen/templates/models/dataclass.jinja2).
ENCODING: Final = "encoding"


class InputError(ValueError):
    """A request the user described is not one the API takes; nothing was sent."""


@attrs.frozen
class Field:
    """One field a user may set."""

    name: str
    wire: str
    type: Any
    required: bool
    #: A base64 string: ``@path`` gives the file's bytes, encoded.
    binary: bool = False

    @property
    def textual(self) -> bool:
        """Whether a value typed in the shell is the string itself (not JSON)."""
        members = [m for m in _members(self.type) if m not in (type(None), Unset)]
        return bool(members) and all(_is_text(m) for m in members)


@attrs.frozen
class Form:
    """The fields of one kind of task, read from its attrs model."""

    title: str
    model: type
    #: Fields the kind itself sets (CapMonster's ``type``): not the user's to give.
    fixed: Mapping[str, Any] = attrs.field(factory=dict)
    fields: tuple[Field, ...] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        hints = typing.get_type_hints(self.model)
        found = tuple(
            Field(
                name=a.name,
                wire=a.metadata.get(WIRE, a.name),
                type=hints.get(a.name, a.type),
                required=a.default is attrs.NOTHING,
                binary=a.metadata.get(ENCODING) == "base64",
            )
            for a in attrs.fields(self.model)
        )
        object.__setattr__(self, "fields", found)

    def field(self, name: str) -> Field:
        """The field named ``name`` (wire or Python name), or :class:`InputError`."""
        for field in self.fields:
            if name in (field.wire, field.name):
                if field.wire in self.fixed:
                    given = self.fixed[field.wire]
                    raise InputError(f"{self.title}: {field.wire} is set by the kind ({given})")
                return field
        names = ", ".join(f.wire for f in self.fields if f.wire not in self.fixed)
        raise InputError(f"{self.title}: unknown field {name!r} (fields: {names or 'none'})")

    def given(self, name: str) -> Any:
        """What the kind itself sets the field ``name`` to (``None``: nothing)."""
        for field in self.fields:
            if name in (field.wire, field.name):
                return self.fixed.get(field.wire)
        return None

    def build(self, record: Mapping[str, Any]) -> Any:
        """The model instance for ``record`` (wire names, JSON values), checked by
        the model's own converter and validators."""
        data = {**record, **self.fixed}
        missing = [f.wire for f in self.fields if f.required and f.wire not in data]
        if missing:
            raise InputError(f"{self.title}: missing required field {', '.join(missing)}")
        try:
            built: Any = CONVERTER.structure(data, self.model)
        except Exception as exc:  # cattrs wraps every failure; explain() names field and rule
            raise InputError(f"{self.title}: {_where_first(explain(exc))}") from None
        for field in self.fields:
            # models keep an enum value the spec does not list (a server may grow
            # one); a request the user types has no such excuse
            value = getattr(built, field.name)
            if isinstance(value, enum.Enum) and getattr(value, "known", True) is False:
                allowed = ", ".join(str(e.value) for e in type(value))
                raise InputError(
                    f"{self.title}: invalid {field.wire} {value.value!r}: not one of {allowed}"
                )
        return built


@attrs.frozen
class Kind:
    """A kind of task an API starts: its form and how a built request is sent."""

    form: Form
    #: ``(client, request)`` → the new task's id.
    send: Callable[[Any, Any], Hashable]
    #: ``request`` → its encoding, or ``ValueError`` for what the API's wire
    #: format cannot carry (a NUL in AlphaSMS's XML), found before anything is sent.
    encode: Callable[[Any], object] | None = None


# -- values from the shell ---------------------------------------------------------


def setting(form: Form, text: str) -> tuple[str, Any]:
    """``FIELD=VALUE`` of ``--set`` → ``(wire name, value)``."""
    name, equals, value = text.partition("=")
    if not equals or not name:
        raise InputError(f"--set {text!r}: expected FIELD=VALUE")
    field = form.field(name.strip())
    if value.startswith("@@"):
        return field.wire, typed(form, field, value[1:])
    if value.startswith("@"):
        return field.wire, _from_file(form, field, value[1:])
    return field.wire, typed(form, field, value)


def typed(form: Form, field: Field, text: str) -> Any:
    """A value typed as text: the string itself for a string field, else JSON."""
    if field.textual:
        return text
    try:
        return json.loads(text)
    except ValueError:
        shown = text if len(text) <= 40 else text[:40] + "…"
        raise InputError(
            f"{form.title}: invalid {field.wire} {shown!r}: expected {_describe(field.type)} "
            "as JSON"
        ) from None


def _from_file(form: Form, field: Field, path: str) -> Any:
    content = read_file(path, f"{form.title}: {field.wire}")
    if field.binary:
        return base64.b64encode(content).decode("ascii")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{form.title}: {field.wire}: {path} is not UTF-8 text") from None
    return typed(form, field, text.removesuffix("\n"))


def read_file(path: str, what: str) -> bytes:
    """A file's bytes, or :class:`InputError` saying why it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{what}: cannot read {path}: {exc.strerror or exc}") from None


def records(form: Form, task: str | None) -> list[dict[str, Any]]:
    """``--task``'s records, keyed by wire name (one empty record when not given)."""
    if task is None:
        return [{}]
    if task.startswith("@"):
        content = read_file(task[1:], "--task")
        if task.lower().endswith(".csv"):
            return _csv_records(form, task[1:], content)
        task = content.decode("utf-8", errors="replace")
    try:
        data = json.loads(task)
    except ValueError as exc:
        raise InputError(f"--task: not valid JSON: {exc}") from None
    rows = data if isinstance(data, list) else [data]
    if not rows or not all(isinstance(row, dict) for row in rows):
        raise InputError("--task: expected a JSON object or a non-empty array of objects")
    return [
        # a request body copied from the API's docs carries the kind's own tag: fine
        {
            form.field(name).wire: value
            for name, value in row.items()
            if form.given(name) is None or value != form.given(name)
        }
        for row in rows
    ]


def _csv_records(form: Form, path: str, content: bytes) -> list[dict[str, Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"--task: {path} is not UTF-8 text") from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise InputError(f"--task: {path} is not CSV: {exc}") from None
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if len(rows) < 2:
        raise InputError(f"--task: {path}: expected a header of field names and a row at least")
    header = [form.field(name.strip()) for name in rows[0]]
    found = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise InputError(
                f"--task: {path} line {number}: {len(row)} cell(s), the header has {len(header)}"
            )
        # an empty cell leaves the field out: a row need not fill every column
        found.append(
            {f.wire: typed(form, f, cell) for f, cell in zip(header, row, strict=True) if cell}
        )
    return found


def requests(kind: Kind, sets: Sequence[str], task: str | None) -> list[Any]:
    """Every request ``--set`` and ``--task`` describe, built (and so checked)."""
    form = kind.form
    common = dict(setting(form, text) for text in sets)
    built = [form.build({**record, **common}) for record in records(form, task)]
    if kind.encode is not None:
        for request in built:
            try:
                kind.encode(request)
            except ValueError as exc:
                raise InputError(f"{form.title}: {exc}") from None
    return built


# -- what each API starts ------------------------------------------------------------


def kinds(api_name: str) -> dict[str, Kind]:
    """The kinds of task ``taskpoll start`` starts on an API, by the name typed."""
    if api_name == "capmonster":
        return _capmonster()
    if api_name in ("cloudcoin", "cloudcoin-v1"):
        return _cloudcoin()
    if api_name == "alphasms":
        return _alphasms()
    return {}


def _capmonster() -> dict[str, Kind]:
    from ..capmonster import TASK_TYPES

    def send(client: Any, request: Any) -> Hashable:
        created: Hashable = client.create_task(request).task_id
        return created

    return {
        name: Kind(Form(name, task.request, fixed={TASK_TYPES.tag: name}), send)
        for name, task in TASK_TYPES.types.items()
    }


def _cloudcoin() -> dict[str, Kind]:
    """The generated operations that start a task: every one answering a ``Task``
    without being given a task id; each operation's keyword parameters are its form."""
    from ..cloudcoin._generated.client import CloudcoinApi
    from ..cloudcoin._generated.models import Task

    found = {}
    for name, method in inspect.getmembers(CloudcoinApi, inspect.isfunction):
        hints = typing.get_type_hints(method)
        if name.startswith("_") or hints.get("return") is not Task or "id" in hints:
            continue
        found[name] = Kind(Form(name, _parameters_model(name, method, hints)), _operation(name))
    return found


def _parameters_model(name: str, method: Callable[..., Any], hints: dict[str, Any]) -> type:
    """An attrs model of an operation's keyword parameters (but ``timeout``),
    so that they are read and checked as every other form's fields are."""
    fields = {
        p.name: attrs.field(
            type=hints[p.name],
            metadata={WIRE: p.name},
            **({} if p.default is inspect.Parameter.empty else {"default": p.default}),
        )
        for p in inspect.signature(method).parameters.values()
        if p.kind is inspect.Parameter.KEYWORD_ONLY and p.name != "timeout"
    }
    return attrs.make_class(name, fields, kw_only=True)


def _operation(name: str) -> Callable[[Any, Any], Hashable]:
    def send(client: Any, request: Any) -> Hashable:
        task = getattr(client.operations, name)(**attrs.asdict(request, recurse=False))
        started: Hashable = task.id
        return started

    return send


def _alphasms() -> dict[str, Kind]:
    from .._wire.xmlcodec import encode_xml
    from ..alphasms import Message

    def send(client: Any, message: Any) -> Hashable:
        # a job a message: one id each, so a CSV of recipients prints one line each
        job: Hashable = client.send_async([message])
        return job

    return {"send": Kind(Form("send", Message), send, lambda message: encode_xml(message, "msg"))}


# -- types, for messages -------------------------------------------------------------


def _where_first(explained: str) -> str:
    """``explain()``'s "problem @ $.path" parts as "path: problem": a type error
    names no field itself (a constraint's message does, and its path is ``$``)."""
    parts = []
    for part in explained.split("; "):
        problem, _, path = part.rpartition(" @ $")
        if not problem:
            parts.append(part)
        else:
            parts.append(f"{path.removeprefix('.')}: {problem}" if path else problem)
    return "; ".join(parts)


def _members(tp: Any) -> Iterator[Any]:
    if typing.get_origin(tp) in (Union, types.UnionType):
        for member in typing.get_args(tp):
            yield from _members(member)
    else:
        yield tp


def _is_text(tp: Any) -> bool:
    if typing.get_origin(tp) is Literal:
        return all(isinstance(arg, str) for arg in typing.get_args(tp))
    return isinstance(tp, type) and issubclass(tp, str)


def _describe(tp: Any) -> str:
    members = [m for m in _members(tp) if m not in (type(None), Unset)]
    names = []
    for member in members:
        origin = typing.get_origin(member) or member
        if isinstance(member, type) and issubclass(member, enum.Enum):
            names.append(" | ".join(repr(e.value) for e in member))
        else:
            names.append(_JSON_NAMES.get(origin, getattr(member, "__name__", str(member))))
    return " or ".join(names)


_JSON_NAMES: Final[dict[Any, str]] = {
    int: "an integer",
    float: "a number",
    bool: "true or false",
    list: "an array",
    dict: "an object",
    Any: "a value",
}
