"""``x-taskpoll-task-types``: the kinds of task an API creates, and what each solves to.

At the top level of a spec, the names of two ``oneOf`` schemas: the
requests, with a ``discriminator``, and the solutions::

    x-taskpoll-task-types: {requests: TaskRequest, solutions: Solution}

Every name in the discriminator's ``mapping`` is a type the API accepts
(legacy and proxyless names included); the schema it maps to is that
type's request model, and says with ``x-taskpoll-solution: <schema>``
which model its solution is.  That solution schema's first ``examples``
entry is what the emulator answers.  Its shape is checked by
``extensions.schema.json``, the schemas it names here, both with ``file:line:col:
$.json.path``; emitted as a ``TaskTypes`` table in
``<api>/_generated/tasks.py``, which also exports every request and solution
model (and the enums their fields use) for the API's package to re-export.
"""

from __future__ import annotations

from typing import Any

from .model import TaskTable, TaskType
from .specs import Spec, extension_errors

REF = "#/components/schemas/"


def read(spec: Spec) -> TaskTable | None:
    """The spec's task types, or ``None`` for an API without the extension."""
    extension = spec.document.get("x-taskpoll-task-types")
    if extension is None:
        return None
    types = _check(spec, extension)
    schemas = spec.document["components"]["schemas"]
    union, solutions = extension["requests"], extension["solutions"]
    models = {name for pair in types.values() for name in pair[:2]}
    used = {
        prop["$ref"].removeprefix(REF)
        for name in models
        for prop in schemas[name].get("properties", {}).values()
        if isinstance(prop, dict) and "$ref" in prop
    }
    return TaskTable(
        tag=schemas[union]["discriminator"]["propertyName"],
        types=tuple(TaskType(name, *entry) for name, entry in types.items()),
        exported=tuple(sorted(models | used | {union, solutions})),
    )


def _check(spec: Spec, extension: dict[str, str]) -> dict[str, tuple[str, str, Any]]:
    """``type name -> (request model, solution model, example)``, or a SpecError."""

    fail = extension_errors(spec.path, "x-taskpoll-task-types", [])
    schemas: dict[str, Any] = spec.document.get("components", {}).get("schemas", {})
    for key, value in extension.items():
        if value not in schemas or "oneOf" not in schemas[value]:
            raise fail(["x-taskpoll-task-types", key], "must name a oneOf schema")
    union = extension["requests"]
    at = ["components", "schemas", union]
    mapping = (schemas[union].get("discriminator") or {}).get("mapping")
    tag = (schemas[union].get("discriminator") or {}).get("propertyName")
    if not isinstance(mapping, dict) or not mapping or not isinstance(tag, str):
        raise fail(at, "the schema needs a discriminator with a propertyName and a mapping")
    types: dict[str, tuple[str, str, Any]] = {}
    for name, ref in mapping.items():
        here = [*at, "discriminator", "mapping", name]
        request = ref.removeprefix(REF) if isinstance(ref, str) else ""
        if request not in schemas:
            raise fail(here, f"{ref!r} is not a schema in components.schemas")
        solution = schemas[request].get("x-taskpoll-solution")
        if solution not in schemas:
            raise fail(
                ["components", "schemas", request],
                f"x-taskpoll-solution must name the schema of {name}'s solution",
            )
        if tag not in schemas[request].get("properties", {}):
            raise fail(["components", "schemas", request, "properties"], f"no {tag!r} property")
        examples = schemas[solution].get("examples")
        if not isinstance(examples, list) or not examples or not isinstance(examples[0], dict):
            raise fail(["components", "schemas", solution], "needs an object in examples")
        types[name] = (request, solution, examples[0])
    return types
