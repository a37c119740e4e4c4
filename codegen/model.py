"""What the generator knows of one API, read once from its spec (``reader.read_spec``).

Every renderer takes an :class:`ApiModel`; none of them reads the spec document,
the models' source or another renderer's output.  Strings ending in ``_source``
(and ``Type.hint``) are Python source, ready to be placed in a template.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs


def snake(name: str) -> str:
    name = re.sub(r"[^0-9A-Za-z]+", "_", name)
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return name.strip("_").lower()


@attrs.frozen
class Type:
    """A field's type as datamodel-code-generator parsed it."""

    #: The annotation, as the generated model writes it.
    hint: str
    #: The generated classes it names (for imports).
    refs: frozenset[str] = frozenset()
    #: The alternatives of a union (``None`` and ``Unset`` left out), each a hint.
    members: tuple[str, ...] = ()


@attrs.frozen
class Field:
    """One constructor parameter of a generated model (or of a client method)."""

    name: str
    type: Type
    wire: str = ""
    #: Default value source; ``None`` when the field is required.
    default: str | None = None
    #: The default is a fresh list or dict (a response's empty list).
    factory: bool = False
    description: str = ""
    #: ``writeOnly`` (an API key): given once to the API class, never per call.
    secret: bool = False
    #: ``Constraint(...)`` source when the spec gives a path parameter facets
    #: (a body field's are its model's validators).
    constraint: str | None = None
    #: The module constant holding that constraint (named when reading).
    check: str | None = None
    #: ``(field, Model)``: the argument is the one list of ``Model``, which fills
    #: the body's ``field`` (an XML command element that only wraps a list).
    wrap: tuple[str, str] | None = None
    #: A query parameter's list goes as one comma-separated value (OpenAPI's
    #: ``explode: false``) instead of one ``name=value`` per item.
    joined: bool = False
    #: Sent before a secret's value (``Bearer `` for HTTP bearer auth).
    prefix: str = ""


@attrs.frozen
class ModelClass:
    name: str
    #: ``class``, ``enum`` or ``alias`` (``X: TypeAlias = A | B``).
    kind: str
    fields: tuple[Field, ...] = ()

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


@attrs.frozen
class Operation:
    name: str
    method: str
    path: str
    summary: str
    response: str
    body_class: str | None
    path_params: tuple[Field, ...]
    body_fields: tuple[Field, ...]
    #: Query and header parameters (the API key too, when ``securitySchemes``
    #: puts it there: a ``secret`` field filled from the API object).
    query_params: tuple[Field, ...] = ()
    header_params: tuple[Field, ...] = ()
    #: Body fields set to a fresh instance of a field-less class (an empty command).
    body_consts: tuple[tuple[str, str], ...] = ()
    #: The expression giving the task id as a str (``x-taskpoll-task-id``): errors carry it.
    task_id: str | None = None
    #: ``x-taskpoll-answer``: the response fields (first present wins) and the
    #: type the method returns instead of the whole response.
    answer: tuple[str, ...] = ()
    answer_type: Type | None = None
    #: Fields below the answer (``status.msg``), and the type they end in.
    answer_tail: tuple[str, ...] = ()
    tail_type: Type | None = None
    #: ``x-taskpoll-client: true``: the hand-written client exposes it as it is.
    exposed: bool = False
    #: A status operation of an API whose waiter reads a percent: it returns the
    #: answer with that percent kept in 0-100 (``Waiter.clamped``).
    clamped: bool = False
    #: The waiting operation, exposed: also the client's ``_probe``, one poll of a wait.
    probe: bool = False
    #: ``x-taskpoll-starts``: the operation starts a task whose result is this
    #: type (a model, or ``str``); exposed, it returns the waiter's started task.
    starts: str | None = None

    @property
    def params(self) -> tuple[Field, ...]:
        return (*self.path_params, *self.body_fields, *self.query_params, *self.header_params)

    @property
    def arguments(self) -> tuple[Field, ...]:
        """The body fields, then query and header parameters, a caller passes
        (secrets come from the API object)."""
        given = (*self.body_fields, *self.query_params, *self.header_params)
        return tuple(p for p in given if not p.secret)

    @property
    def returns(self) -> Type:
        return self.tail_type or self.answer_type or Type(self.response, frozenset({self.response}))


@attrs.frozen
class Acceptor:
    verdict: str
    path: str | None = None
    equals: tuple[object, ...] | None = None
    http_status: tuple[int, ...] | None = None
    error: str | None = None
    message: str | None = None
    label: str | None = None
    honour_retry_after: bool = False
    retry_after: float | None = None


@attrs.frozen
class ResultWrapper:
    """``x-taskpoll-waiter.result``: a finished task, its ``field`` typed ``D``."""

    name: str
    of: str
    field: str
    holder: str
    #: Every other field of ``of``, delegated by a property, with its docstring's text.
    delegated: tuple[tuple[Field, str], ...]
    imports: tuple[str, ...]
    #: ``field``'s own annotation, ``Unset`` left out: a wait's result without a
    #: ``result_type`` (``Wrapper[raw]``).
    raw: str
    #: The task id's Python type (``int``, ``str``).
    id_type: str
    #: The wrapper of a just-started ``of`` (``started``), which carries its
    #: result type; ``None`` when the API's client writes its own.
    started: str | None = None
    #: ``of``'s field holding the task id, for ``started``.
    id_field: str | None = None
    #: Every field of ``of``, delegated by ``started`` (whose ``field`` is still raw).
    started_delegated: tuple[tuple[Field, str], ...] = ()


@attrs.frozen
class Waiter:
    operation_path: str
    operation_method: str
    acceptors: tuple[Acceptor, ...]
    max_wait: float
    backoff: tuple[tuple[str, float], ...]
    status_field: str | None
    percent: str | None
    retry_statuses: tuple[int, ...]
    max_requests: int | None
    result_lifetime: float | None
    #: ``Constraint(...)`` source of the waiting operation's task id.
    task_id_source: str
    result: ResultWrapper | None = None


@attrs.frozen
class ErrorCode:
    code: int | str
    kind: str | None
    description: str = ""
    message_meaning: str | None = None


@attrs.frozen
class ErrorTable:
    code: str
    message: str | None
    when: tuple[str, tuple[object, ...]] | None
    default: str
    default_for_task: str | None
    codes: tuple[ErrorCode, ...]
    task_codes: tuple[ErrorCode, ...]
    #: ``(NAME, code)`` for every code that is also a module constant.
    named: tuple[tuple[str, int | str], ...]


@attrs.frozen
class TaskType:
    name: str
    request: str
    solution: str
    example: dict[str, object]


@attrs.frozen
class TaskTable:
    tag: str
    types: tuple[TaskType, ...]
    exported: tuple[str, ...]


@attrs.frozen
class ApiModel:
    name: str
    path: Path
    title: str
    client_class: str
    server: str
    timeout_source: str
    codec_source: str
    #: The models module's source, as datamodel-code-generator wrote it.
    models_source: str
    classes: dict[str, ModelClass]
    operations: tuple[Operation, ...]
    #: ``name -> Constraint source`` of the client's own constants, and the names it
    #: imports from the waiter (rules the waiter already defines).
    checks: dict[str, str]
    waiter_checks: tuple[str, ...]
    client_imports: tuple[str, ...]
    waiter: Waiter | None = None
    errors: ErrorTable | None = None
    tasks: TaskTable | None = None

    @property
    def secrets(self) -> list[str]:
        return sorted({p.name for op in self.operations for p in op.params if p.secret})
