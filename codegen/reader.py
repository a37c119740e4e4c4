"""``read_spec``: one spec (already validated, extensions included) → an :class:`ApiModel`."""

from __future__ import annotations

from typing import Any

import attrs

from . import constructs, errorcodes, tasktypes, waiters, xsd
from .model import ApiModel, Field, ModelClass, Operation, Waiter
from .models import generate_models
from .operations import operations
from .specs import Spec

_TIMEOUTS = ("connect", "read", "total")


def read_spec(spec: Spec) -> ApiModel:
    constructs.check(spec)  # what the models would drop is refused first
    document = _with_xsd(spec)
    models_source, classes = generate_models(document)
    ops = operations(spec, classes)  # before the waiter: its errors name the operation first
    waiter = waiters.read(spec, document, classes)
    ops = _status_operations(waiter, ops)
    shared = {} if waiter is None else {waiter.task_id_source: "TASK_ID"}
    ops, checks = _name_checks(ops, shared)
    servers = spec.document.get("servers") or [{"url": "http://localhost"}]
    return ApiModel(
        name=spec.name,
        path=spec.path,
        title=spec.document["info"]["title"],
        client_class=spec.options["client"],
        server=servers[0]["url"],
        timeout_source=_timeout(spec.options.get("timeout", {})),
        codec_source=_codec(spec),
        models_source=models_source,
        classes=classes,
        operations=tuple(ops),
        # the waiter's rules are imported from it, not written a second time
        checks={name: rule for name, rule in checks.items() if rule not in shared},
        waiter_checks=tuple(sorted(name for name, rule in checks.items() if rule in shared)),
        client_imports=_client_imports(ops, classes),
        waiter=waiter,
        errors=errorcodes.read(spec),
        tasks=tasktypes.read(spec),
    )


def _with_xsd(spec: Spec) -> dict[str, Any]:
    """The document the models come from: an XML API's XSD types join its components."""
    xsd_name = spec.options.get("xsd")
    if not xsd_name:
        return spec.document
    return xsd.expand(spec.document, spec.path.parent / xsd_name)


def _timeout(given: dict[str, float]) -> str:
    """``Timeout(...)`` source from ``x-taskpoll.timeout``: the per-request limits,
    in seconds, this API's clients start with (omitted ones keep
    :class:`~taskpoll.transport.Timeout`'s defaults)."""
    args = ", ".join(f"{name}={float(given[name])!r}" for name in _TIMEOUTS if name in given)
    return f"Timeout({args})"


def _codec(spec: Spec) -> str:
    """``JsonCodec()``, or for an XML API (one with an XSD) ``XmlCodec(root)``."""
    name = spec.options.get("xsd")
    if not name:
        return "JsonCodec()"
    return f"XmlCodec({xsd.document_element(spec.path.parent / name)!r})"


def _status_operations(waiter: Waiter | None, ops: list[Operation]) -> list[Operation]:
    """``ops``, those that poll a task (a task id, and the waiting operation's answer
    type) marked ``clamped`` when the waiter reads a percent, and the waiting
    operation marked ``probe`` when the client exposes it."""
    if waiter is None:
        return ops
    where = (waiter.operation_path, waiter.operation_method)
    waiting = [op for op in ops if (op.path, op.method) == where and op.task_id]
    kinds = {op.returns.hint for op in waiting} if waiter.percent else set()
    return [
        attrs.evolve(
            op,
            clamped=bool(op.task_id) and op.returns.hint in kinds and not op.answer_tail,
            probe=op.exposed and waiting == [op] and _takes_only_the_task_id(op),
        )
        for op in ops
    ]


def _takes_only_the_task_id(op: Operation) -> bool:
    required = [*op.path_params, *(a for a in op.arguments if a.default is None)]
    return len(required) == 1 and op.task_id in {required[0].name, f"str({required[0].name})"}


def _name_checks(
    ops: list[Operation], shared: dict[str, str]
) -> tuple[list[Operation], dict[str, str]]:
    """Module constants for the constraints: one per distinct rule, named after
    its parameter (prefixed with the method where two rules share a name);
    ``shared`` (rule source -> name) are those another generated module defines."""
    constants: dict[str, str] = dict(shared)  # rule source -> constant name

    def named(op: Operation, params: tuple[Field, ...]) -> tuple[Field, ...]:
        for p in params:
            if p.constraint is not None and p.constraint not in constants:
                name = p.name.upper()
                taken = name in constants.values()
                constants[p.constraint] = f"{op.name.upper()}_{name}" if taken else name
        return tuple(
            attrs.evolve(p, check=constants[p.constraint]) if p.constraint else p for p in params
        )

    ops = [
        attrs.evolve(
            op,
            path_params=named(op, op.path_params),
            body_fields=named(op, op.body_fields),
            query_params=named(op, op.query_params),
            header_params=named(op, op.header_params),
        )
        for op in ops
    ]
    used = {p.check for op in ops for p in op.params}
    return ops, {name: rule for rule, name in constants.items() if name in used}


def _client_imports(ops: list[Operation], classes: dict[str, ModelClass]) -> tuple[str, ...]:
    """The models the client module names."""
    names = (
        {op.response for op in ops}
        | {op.answer_type.hint for op in ops if op.answer_type}
        | {op.body_class for op in ops if op.body_class}
        | {kind for op in ops for _, kind in op.body_consts}
        | {name for op in ops for p in op.params for name in p.type.refs}
        | {p.wrap[1] for op in ops for p in op.body_fields if p.wrap}
        | {name for op in ops for name in op.returns.refs}
        | {op.starts for op in ops if op.exposed and op.starts}
    )
    return tuple(sorted(name for name in names if name is not None and name in classes))
