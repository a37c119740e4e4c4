"""attrs models through datamodel-code-generator and our templates."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path
from typing import Any

from .model import Field, ModelClass, Type

TEMPLATES = Path(__file__).parent / "templates" / "models"

#: Imported into every models module; ruff drops what a module does not use.
RUNTIME_IMPORTS = (
    "import attrs\n"
    "from ..._wire.models import UNSET, OpenIntEnum, OpenStrEnum, Unset\n"
    "from ..._wire.constraints import Constraint\n"
    "from ..._wire.tasktypes import Solves\n"
)
#: JSON Schema keywords that become checks on a model's fields.
FACETS = ("pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems")


def generate_models(document: dict[str, Any]) -> tuple[str, dict[str, ModelClass]]:
    """The models' Python source (not yet formatted) for an OpenAPI document, and
    each generated class as datamodel-code-generator parsed it."""
    from datamodel_code_generator.enums import DataModelType
    from datamodel_code_generator.format import PythonVersion
    from datamodel_code_generator.model import get_data_model_types
    from datamodel_code_generator.parser.openapi import OpenAPIParser

    types = get_data_model_types(DataModelType.DataclassesDataclass, PythonVersion.PY_311)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parser = OpenAPIParser(
            json.dumps(lenient_responses(document)),
            data_model_type=types.data_model,
            data_model_root_type=types.root_model,
            data_model_field_type=types.field_model,
            data_type_manager_type=types.data_type_manager,
            dump_resolve_reference_action=types.dump_resolve_reference_action,
            custom_template_dir=TEMPLATES,
            target_python_version=PythonVersion.PY_311,
            strict_nullable=True,
            snake_case_field=True,
            capitalise_enum_members=True,
            use_standard_collections=True,
            use_union_operator=True,
            use_schema_description=True,
            field_include_all_keys=True,
            field_constraints=True,
            # what datamodel_code_generator.generate() sets for dataclass output
            set_default_enum_member=True,
            formatters=[],
        )
        source = parser.parse()
    if isinstance(source, dict) and not source:
        source = ""  # no schema at all: the operations say what is missing
    if not isinstance(source, str):  # a dict of modules: we never ask for several
        raise TypeError("datamodel-code-generator wrote several modules")
    by_name = {m.class_name: m for m in parser.results}
    classes = {m.class_name: _model_class(m, by_name) for m in parser.results}
    return _with_runtime_imports(source.lstrip("\n") + "\n"), classes


def _model_class(model: Any, by_name: dict[str, Any]) -> ModelClass:
    from datamodel_code_generator.model.enum import Enum
    from datamodel_code_generator.model.type_alias import TypeAliasBase

    if isinstance(model, Enum):
        return ModelClass(model.class_name, "enum")
    if isinstance(model, TypeAliasBase):
        return ModelClass(model.class_name, "alias")
    return ModelClass(
        model.class_name, "class", tuple(_field(f) for f in _all_fields(model, by_name))
    )


def _all_fields(model: Any, by_name: dict[str, Any]) -> list[Any]:
    """``model``'s fields as attrs sees them: its bases' first (an ``allOf``'s
    ``$ref``s), then its own, a field redefined replacing the inherited one in place."""
    fields: dict[str, Any] = {}
    for base in model.base_classes:
        ref = base.reference
        parent = by_name.get(ref.short_name) if ref is not None else None
        if parent is not None:
            fields.update((f.name, f) for f in _all_fields(parent, by_name))
    fields.update((f.name, f) for f in model.fields)
    return list(fields.values())


def _field(field: Any) -> Field:
    """A model field as ``templates/models/dataclass.jinja2`` declares it: the same
    annotation and default (the template's branches, in the same order)."""
    hint: str = field.type_hint
    factory = False
    if field.required:
        default = None if field.default is None else str(field.represented_default)
    elif field.data_type.is_optional:
        hint, default = f"{hint} | Unset", "UNSET"
    else:
        default = str(field.represented_default)
        factory = default in ("[]", "{}")
    extras = field.extras
    return Field(
        name=field.name,
        wire=field.original_name or field.name,
        type=Type(hint, frozenset(_refs(field.data_type)), tuple(_members(field.data_type))),
        default=default,
        factory=factory,
        description=" ".join(str(extras.get("description") or "").split()),
        secret=bool(extras.get("write_only")),
    )


def _refs(data_type: Any) -> set[str]:
    ref = data_type.reference
    found = {ref.short_name} if ref is not None else set()
    return found.union(*(_refs(inner) for inner in data_type.data_types))


def _members(data_type: Any) -> list[str]:
    """A union's alternatives; anything else (a list, a dict, a class) is one."""
    plain = data_type.type or data_type.reference or data_type.is_list or data_type.is_dict
    if plain or not data_type.data_types:
        return [data_type.type_hint]
    return [hint for inner in data_type.data_types for hint in _members(inner)]


def lenient_responses(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` without facets on the schemas a response can reach.

    Facets are checked when a request is built, so a caller learns of a bad
    value before sending it; an answer is only read, and refusing one for a
    value out of its documented range (AlphaSMS's progress of 150) would fail
    a wait on a task that is fine.
    """
    document = copy.deepcopy(document)
    schemas = document.get("components", {}).get("schemas", {})
    pending = [
        media.get("schema", {})
        for item in document.get("paths", {}).values()
        for op in item.values()
        if isinstance(op, dict)
        for response in op.get("responses", {}).values()
        for media in response.get("content", {}).values()
    ]
    seen: set[int] = set()
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        for key in FACETS:
            node.pop(key, None)
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            pending.append(schemas.get(ref.rsplit("/", 1)[-1]))
        pending.extend(value for key, value in node.items() if key != "$ref")
    return document


def _with_runtime_imports(source: str) -> str:
    marker = "from __future__ import annotations\n"
    head, sep, rest = source.partition(marker)
    if not sep:
        return marker + RUNTIME_IMPORTS + source
    return head + marker + RUNTIME_IMPORTS + rest
