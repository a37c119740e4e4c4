"""attrs models through datamodel-code-generator and our templates."""

from __future__ import annotations

import json
import tempfile
import warnings
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).parent / "templates" / "models"

#: Imported into every models module; ruff drops what a module does not use.
RUNTIME_IMPORTS = "import attrs\nfrom ...codec import UNSET, OpenIntEnum, OpenStrEnum, Unset\n"


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
                json.dumps(document),
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
                disable_timestamp=True,
                formatters=[],
            )
        source = out.read_text(encoding="utf-8")
    return _with_runtime_imports(_strip_dcg_header(source))


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
