"""Broken specs fail before generation, naming the file and the line, with exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from codegen.cli import main
from paths import ROOT
from reliability.figures import examples

SPEC = ROOT / "specs" / "capmonster.openapi.yaml"

GOOD_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="status" type="xs:string"/>
</xs:schema>
"""


def broken_copy(tmp_path: Path, old: str, new: str) -> Path:
    """A specs dir holding the CapMonster spec with one edit."""
    text = SPEC.read_text(encoding="utf-8")
    assert old in text, f"the spec no longer contains {old!r}; update this test"
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / SPEC.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return specs


def line_of(path: Path, culprit: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if culprit in line)


def run(specs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--specs", str(specs), "--out", str(tmp_path / "out")])
    return code, capsys.readouterr().err


#: name: (text in the spec, its broken form, the line to report (None: not checked),
#: the JSON path to report, the message)
BREAKAGES = {
    # the validator only knows the path inside the schema; we must find the schema
    "bad type": (
        "        balance:\n          type: number",
        "        balance:\n          type: numbr",
        "type: numbr",
        "$.components.schemas.GetBalanceResponse.properties.balance.type:",
        "'numbr' is not valid",
    ),
    "dangling $ref": (
        'schema: {$ref: "#/components/schemas/GetBalanceResponse"}',
        'schema: {$ref: "#/components/schemas/GetBalanceReply"}',
        "GetBalanceReply",
        "$.paths['/getBalance'].post.responses['200'].content['application/json'].schema['$ref']",
        "$ref '#/components/schemas/GetBalanceReply' points nowhere",
    ),
    # the OpenAPI validator does not follow request-body $refs; we do
    "dangling request $ref": (
        'schema: {$ref: "#/components/schemas/GetBalanceRequest"}',
        'schema: {$ref: "#/components/schemas/GetBalanceAsk"}',
        "GetBalanceAsk",
        "$.paths['/getBalance'].post.requestBody.content['application/json'].schema['$ref']",
        "points nowhere",
    ),
    "request body not an object": (
        "    GetBalanceRequest:\n      type: object\n      required: [clientKey]\n"
        "      properties:\n        clientKey: {type: string, writeOnly: true}\n",
        "    GetBalanceRequest: {type: string}\n",
        None,
        "$.paths['/getBalance'].post.requestBody:",
        "GetBalanceRequest must be an object schema",
    ),
    "enum not a list": (
        "enum: [processing, ready]",
        "enum: processing",
        "enum: processing",
        "$.components.schemas.TaskStatus.enum:",
        "is not of type 'array'",
    ),
    "no client class": (
        "  client: CapmonsterApi",
        "  klient: CapmonsterApi",
        "klient",
        "$.x-taskpoll:",
        "x-taskpoll.client",
    ),
    # valid OpenAPI (ids differ), but both would become `get_balance`
    "two operations, one method name": (
        "operationId: getTaskResult",
        "operationId: get_balance",
        None,
        "$.paths['/getBalance'].post:",
        "method 'get_balance' is also generated for POST /getTaskResult",
    ),
    "operationId is a Python keyword": (
        "operationId: getBalance",
        "operationId: import",
        None,
        "$.paths['/getBalance'].post:",
        "operationId gives 'import', not a usable method name",
    ),
    "task id names no parameter": (
        "x-taskpoll-task-id: taskId",
        "x-taskpoll-task-id: jobId",
        None,
        "$.paths['/getTaskResult'].post:",
        "x-taskpoll-task-id 'jobId' is not a parameter of the operation",
    ),
    "YAML syntax": ("paths:\n", "paths: [\n", None, "not valid YAML", "expected ','"),
    "request body without content": (
        "        content:\n          application/json:\n"
        '            schema: {$ref: "#/components/schemas/GetBalanceRequest"}',
        "        content: {}",
        None,
        "$.paths['/getBalance'].post.requestBody:",
        "content must name at least one media type",
    ),
}


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_broken_spec_names_file_and_line(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, culprit, location, message = BREAKAGES[name]
    specs = broken_copy(tmp_path, old, new)
    code, err = run(specs, tmp_path, capsys)
    assert code == 2
    assert "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"error: {specs / SPEC.name}:"), first
    if culprit is not None:
        assert int(first.split(":")[2]) == line_of(specs / SPEC.name, culprit), first
    assert location in first
    assert message in first
    assert not (tmp_path / "out").exists(), "nothing may be generated from a broken spec"


def test_several_problems_are_reported_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = SPEC.read_text(encoding="utf-8")
    text = text.replace("type: number", "type: numbr").replace(
        "enum: [processing, ready]", "enum: processing"
    )
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / SPEC.name).write_text(text, encoding="utf-8")
    code, err = run(specs, tmp_path, capsys)
    assert code == 2
    lines = err.splitlines()
    assert len(lines) >= 2
    assert all(line.startswith(f"error: {specs / SPEC.name}:") for line in lines)
    assert any("numbr" in line for line in lines)
    assert any("TaskStatus.enum" in line for line in lines)


def _with_xsd(tmp_path: Path, xsd: str | None) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir()
    text = SPEC.read_text(encoding="utf-8").replace(
        "  client: CapmonsterApi\n", "  client: CapmonsterApi\n  xsd: capmonster.xsd\n"
    )
    # an API with an XSD speaks XML: a JSON body would be refused (codegen/operations.py)
    text = text.replace("application/json:", "application/xml:")
    (specs / SPEC.name).write_text(text, encoding="utf-8")
    if xsd is not None:
        (specs / "capmonster.xsd").write_text(xsd, encoding="utf-8")
    return specs


def test_missing_xsd_points_at_the_spec_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _with_xsd(tmp_path, None)
    code, err = run(specs, tmp_path, capsys)
    assert code == 2
    assert f"{specs / SPEC.name}:" in err
    assert "$.x-taskpoll.xsd: no such XSD file" in err


def test_malformed_xsd_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = _with_xsd(tmp_path, GOOD_XSD.replace('type="xs:string"/>', 'type="xs:string">'))
    code, err = run(specs, tmp_path, capsys)
    assert code == 2
    assert f"error: {specs / 'capmonster.xsd'}:4:" in err  # where the parser gave up
    assert "Traceback" not in err


def test_invalid_xsd_names_the_element(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = _with_xsd(tmp_path, GOOD_XSD.replace("xs:string", "xs:strng"))
    code, err = run(specs, tmp_path, capsys)
    assert code == 2
    assert f"error: {specs / 'capmonster.xsd'}: invalid XSD at /xs:schema/xs:element:" in err
    assert "xs:strng" in err


def test_valid_xsd_is_accepted_and_hashed_into_the_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = _with_xsd(tmp_path, GOOD_XSD)
    assert run(specs, tmp_path, capsys)[0] == 0
    first = (tmp_path / "out" / "capmonster" / "_generated" / "models.py").read_text()
    (specs / "capmonster.xsd").write_text(GOOD_XSD.replace("status", "state"))
    assert run(specs, tmp_path, capsys)[0] == 0
    second = (tmp_path / "out" / "capmonster" / "_generated" / "models.py").read_text()
    assert first.splitlines()[1] != second.splitlines()[1], "the XSD is part of the spec hash"


def test_command_line_exit_code_and_no_traceback(tmp_path: Path) -> None:
    specs = broken_copy(
        tmp_path,
        'schema: {$ref: "#/components/schemas/GetBalanceResponse"}',
        'schema: {$ref: "#/components/schemas/Nowhere"}',
    )
    result = subprocess.run(
        [sys.executable, "-m", "codegen", "--specs", str(specs), "--out", str(tmp_path / "o")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: {specs / SPEC.name}:")
    assert "Nowhere" in result.stderr


def _mutations(document: object) -> list[tuple[tuple[str | int, ...], object]]:
    """(path, replacement) for every node: deleted (``...``) or given a wrong-typed value."""
    out: list[tuple[tuple[str | int, ...], object]] = []

    def visit(node: object, base: tuple[str | int, ...]) -> None:
        children: list[tuple[str | int, object]] = []
        if isinstance(node, dict):
            children = list(node.items())
        elif isinstance(node, list):
            children = list(enumerate(node))
        for key, child in children:
            path = (*base, key)
            out.append((path, ...))
            out.append((path, [7, "x", None, [], {}, True][len(out) % 6]))
            visit(child, path)

    visit(document, ())
    return out


@pytest.mark.slow  # over 15 s: make test-all (CI) runs it
def test_no_mutation_of_a_spec_escapes_as_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Delete or retype any node of the spec: generation succeeds or says why, exit 2."""
    import copy
    import random

    import yaml

    original = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    mutations = _mutations(original)
    sample = random.Random(10).sample(mutations, min(len(mutations), examples(60, 600)))
    specs = tmp_path / "specs"
    specs.mkdir()
    outcomes = {0: 0, 2: 0}
    for path, replacement in sample:
        document = copy.deepcopy(original)
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        if replacement is ...:
            del parent[path[-1]]
        else:
            parent[path[-1]] = replacement
        (specs / SPEC.name).write_text(yaml.safe_dump(document), encoding="utf-8")
        code, err = run(specs, tmp_path, capsys)  # an escaping exception fails the test here
        assert code in outcomes, (path, replacement, err)
        if code == 2:
            assert err.startswith(f"error: {specs / SPEC.name}"), (path, replacement, err)
        outcomes[code] += 1
    assert outcomes[2] >= 10, outcomes  # the sample does break the spec, often
