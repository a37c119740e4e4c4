"""attrs models through datamodel-code-generator and our templates."""

from __future__ import annotations

import copy
import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates" / "models"

#: Imported into every models module; ruff drops what a module does not use.
RUNTIME_IMPORTS = (
    "import attrs\n"
    "from ..._wire.models import UNSET, OpenIntEnum, OpenStrEnum, Unset\n"
    "from ..._wire.constraints import Constraint\n"
)
#: JSON Schema keywords that become checks on a model's fields.
FACETS = ("pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems")


def generate_models(document: dict[str, Any]) -> str:
    """Python source of the models for an OpenAPI document (not yet formatted)."""
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import PythonVersion

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "models.py"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            generate(
                json.dumps(lenient_responses(document)),
                input_file_type=InputFileType.OpenAPI,
                output=out,
                output_model_type=DataModelType.DataclassesDataclass,
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
                disable_timestamp=True,
                formatters=[],
            )
        source = out.read_text(encoding="utf-8")
    return _with_runtime_imports(_strip_dcg_header(source))


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


def _strip_dcg_header(source: str) -> str:
    lines = source.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return "".join(lines).lstrip("\n")


def _with_runtime_imports(source: str) -> str:
    marker = "from __future__ import annotations\n"
    head, sep, rest = source.partition(marker)
    if not sep:
        return marker + RUNTIME_IMPORTS + source
    return head + marker + RUNTIME_IMPORTS + rest
