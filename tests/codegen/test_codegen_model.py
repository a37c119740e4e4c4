"""The generator's own model: the extension schema, the parsed fields, no import cycles."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from codegen import extensions
from codegen.reader import read_spec
from codegen.specs import SpecError, load
from paths import ROOT

SPEC = ROOT / "specs" / "cloudcoin.openapi.yaml"


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = SPEC.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the spec no longer contains {old!r} once; update the test"
    path = tmp_path / SPEC.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def _refusal(tmp_path: Path, old: str, new: str, culprit: str) -> tuple[str, str]:
    """The error loading the spec with ``old`` → ``new`` gives, and the
    ``file:line:col`` of ``culprit`` (the offending value) in that spec."""
    path = _broken(tmp_path, old, new)
    with pytest.raises(SpecError) as info:
        load(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if culprit in text)
    return str(info.value), f"{path}:{line}:{lines[line - 1].index(culprit) + 1}: "


@pytest.mark.parametrize(
    ("old", "new", "culprit", "message"),
    [
        (
            "result: {class: CompletedTask, of: Task, field: data, started: StartedTask}",
            "result: {class: CompletedTask, of: Task, field: data, as: y}",
            # locate names the value's node, where an editor's cursor lands on the culprit
            "y}",
            "x-taskpoll-waiter.result.as: x-taskpoll-waiter: unknown key 'as'",
        ),
        (
            "policy: {timeout: 660,",
            "policy: {timeout: soon,",
            "soon",
            "x-taskpoll-waiter.policy.timeout: x-taskpoll-waiter: timeout must be a finite number",
        ),
    ],
    ids=["unknown key", "wrongly typed value"],
)
def test_the_extension_schema_refuses_naming_file_line_and_column(
    old: str, new: str, culprit: str, message: str, tmp_path: Path
) -> None:
    error, place = _refusal(tmp_path, old, new, culprit)
    assert f"{place}$.paths['/api/v1/tasks/{{id}}'].get.{message}" in error


def test_a_schema_without_the_rule_lets_the_spec_through(tmp_path: Path) -> None:
    """The refusals above come from extensions.schema.json, not from code elsewhere."""
    import yaml

    schema = json.loads(extensions.SCHEMA.read_text(encoding="utf-8"))
    del schema["$defs"]["waiter"]["properties"]["result"]["additionalProperties"]
    loose = tmp_path / "loose.schema.json"
    loose.write_text(json.dumps(schema), encoding="utf-8")
    old = "result: {class: CompletedTask, of: Task, field: data, started: StartedTask}"
    path = _broken(tmp_path, old, "result: {class: CompletedTask, of: Task, field: data, as: y}")
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    with pytest.raises(extensions.ExtensionError):
        extensions.validate(path, document)
    extensions.validate(path, document, loose)  # no longer refused


def test_fields_come_from_the_parsed_models() -> None:
    api = read_spec(load(SPEC))
    task = api.classes["Task"]
    status = task.field("status")
    assert status is not None and status.type.hint == "TaskStatus"
    assert status.type.refs == {"TaskStatus"} and api.classes["TaskStatus"].kind == "enum"
    progress = task.field("progress")
    assert progress is not None and progress.description.startswith("Percent done")
    assert api.waiter is not None and api.waiter.result is not None
    assert [f.name for f, _ in api.waiter.result.delegated] == [
        f.name for f in task.fields if f.name != "data"
    ]


def test_no_codegen_module_imports_another_in_a_cycle() -> None:
    modules = {p.stem: p for p in (ROOT / "codegen").glob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    imported.add(node.module.split(".")[0])
                else:
                    imported.update(alias.name for alias in node.names)
        graph[name] = imported & set(modules)

    def reaches(start: str, target: str, seen: set[str]) -> bool:
        for nxt in graph[start] - seen:
            if nxt == target or reaches(nxt, target, seen | {nxt}):
                return True
        return False

    assert [name for name in graph if reaches(name, name, set())] == []
