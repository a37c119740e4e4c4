"""A published spec plus an overlay (codegen/overlay.py): generated faithfully, or
refused with the file, line and column of what cannot be, and what to do.

Most cases run on a small published spec written here (fast); the last ones on
AssemblyAI's, pinned in tests/data/assemblyai/ (the proving fixture; its client is
tests/codegen/test_assemblyai_package.py's)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from paths import DATA

SPEC = """\
openapi: 3.1.0
info: {title: Mini, version: "1"}
servers: [{url: "https://mini.example"}]
security: [{Key: []}]
paths:
  /jobs:
    post:
      operationId: createJob
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/JobParams"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
  /jobs/{job_id}:
    get:
      operationId: getJob
      parameters:
        - $ref: "#/components/parameters/JobId"
        - {name: verbose, in: query, required: true, schema: {type: boolean}}
        - {name: tags, in: query, explode: false, schema: {type: array, items: {type: string}}}
      responses:
        "200":
          description: the job
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Job"}
    delete:
      operationId: deleteJob
      parameters:
        - $ref: "#/components/parameters/JobId"
      responses:
        "204": {description: gone}
components:
  parameters:
    JobId: {name: job_id, in: path, required: true, schema: {type: string}}
  securitySchemes:
    Key: {type: apiKey, in: query, name: token}
  schemas:
    Base:
      type: object
      properties:
        priority: {type: integer}
    JobParams:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          required: [url]
          properties:
            url: {type: string}
    Job:
      type: object
      required: [id, state]
      properties:
        id: {type: string}
        state: {type: string, enum: [queued, done, failed, no]}
"""

OVERLAY = """\
overlay: 1.0.0
info: {{title: ours, version: "1"}}
extends: mini.openapi.yml
x-taskpoll-sha256: {sha}
actions:
  - target: $
    update:
      x-taskpoll: {{client: MiniApi}}
      x-taskpoll-operations: [createJob, getJob]
  - target: $.paths['/jobs/{{job_id}}'].get
    update:
      x-taskpoll-task-id: job_id
      x-taskpoll-waiter:
        state: state
        policy: {{timeout: 60}}
        acceptors:
          - {{state: success, path: state, equals: [done]}}
"""


def publish(tmp_path: Path, spec: str = SPEC, overlay: str = OVERLAY) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    (specs / "mini.openapi.yml").write_text(spec, encoding="utf-8")
    sha = hashlib.sha256(spec.encode()).hexdigest()
    (specs / "mini.overlay.yaml").write_text(overlay.format(sha=sha), encoding="utf-8")
    return specs


def generate(specs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from codegen.cli import main

    code = main(["--specs", str(specs), "--out", str(tmp_path / "out")])
    return code, capsys.readouterr().err


def place(path: Path, marker: str, *, column_of: str | None = None, below: int = 0) -> str:
    """``file:line:col`` of the first line holding ``marker`` (col: of the last
    ``column_of`` on it), or of the first token ``below`` lines under it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if marker in line:
            if below:
                target = lines[number - 1 + below]
                indent = len(target) - len(target.lstrip(" "))
                return f"{path}:{number + below}:{indent + 1}:"
            return f"{path}:{number}:{line.rindex(column_of or marker) + 1}:"
    raise AssertionError(f"{marker!r} is not in {path}")


def refused(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    spec: tuple[str, str] | None = None,
    overlay: tuple[str, str] | None = None,
) -> tuple[Path, str]:
    """Generation from the mini spec with one edit: it must fail, writing nothing."""
    text, extra = SPEC, OVERLAY
    if spec is not None:
        assert spec[0] in text
        text = text.replace(spec[0], spec[1], 1)
    if overlay is not None:
        assert overlay[0] in extra
        extra = extra.replace(overlay[0], overlay[1], 1)
    specs = publish(tmp_path, text, extra)
    code, err = generate(specs, tmp_path, capsys)
    assert code == 2, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()
    return specs, err


def test_a_published_spec_and_its_overlay_generate_every_construct(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = generate(publish(tmp_path), tmp_path, capsys)
    assert code == 0, err
    client = (tmp_path / "out/mini/_generated/client.py").read_text(encoding="utf-8")
    models = (tmp_path / "out/mini/_generated/models.py").read_text(encoding="utf-8")
    # the query key of securitySchemes, a required query parameter, an unexploded list
    assert '("token", self._api_key.reveal(), False)' in client
    assert "verbose: bool,\n" in client and '("verbose", verbose, False)' in client
    assert "tags: list[str] | None = None" in client and '("tags", tags, True)' in client
    assert '"job_id": job_id' in client  # a $ref to components/parameters
    assert "def delete_job" not in client  # not chosen: its 204 is never read
    assert "class JobParams(Base):" in models  # allOf: the base class, inherited fields
    assert 'NO = "no"' in models  # YAML 1.2: not False


def test_the_published_file_is_pinned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs = publish(tmp_path)
    published = specs / "mini.openapi.yml"
    published.write_text(SPEC.replace("Mini", "Mini 2"), encoding="utf-8")
    code, err = generate(specs, tmp_path, capsys)
    assert code == 2
    pin = hashlib.sha256(SPEC.encode()).hexdigest()
    assert place(specs / "mini.overlay.yaml", "x-taskpoll-sha256", column_of=pin) in err
    assert "changed since the overlay was written" in err


def test_a_target_that_selects_nothing_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(tmp_path, capsys, overlay=("$.paths['/jobs/", "$.paths['/job/"))
    assert place(specs / "mini.overlay.yaml", "$.paths['/job/", column_of="$") in err
    assert "selects nothing in mini.openapi.yml" in err


def test_an_unsupported_jsonpath_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(tmp_path, capsys, overlay=("  - target: $\n", "  - target: $..x\n"))
    assert place(specs / "mini.overlay.yaml", "$..x", column_of="$") in err
    assert "recursive descent (..) is not supported" in err


def test_an_unknown_chosen_operation_is_reported_in_the_overlay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(tmp_path, capsys, overlay=("[createJob, getJob]", "[createJob, getJobs]"))
    # the list came from the overlay: its place there, not the published file's root
    assert place(specs / "mini.overlay.yaml", "getJobs", column_of="getJobs") in err
    assert "no operation has operationId 'getJobs'" in err


def test_an_extension_error_is_reported_in_the_overlay(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(tmp_path, capsys, overlay=("{state: success,", "{state: succeeded,"))
    assert place(specs / "mini.overlay.yaml", "succeeded", column_of="succeeded") in err


def test_a_chosen_operation_without_a_json_answer_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(tmp_path, capsys, overlay=("[createJob, getJob]", "[deleteJob]"))
    assert place(specs / "mini.openapi.yml", '"204": {description', column_of='"204"') in err
    assert "a 2xx response with a body is required (found 204)" in err
    assert "leave the operation out of x-taskpoll-operations" in err


def test_a_non_json_body_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs, err = refused(
        tmp_path, capsys, spec=("          application/json:\n", "          text/plain:\n")
    )
    assert place(specs / "mini.openapi.yml", "text/plain:", below=1) in err
    assert "text/plain is not application/json" in err


def test_a_cookie_parameter_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs, err = refused(
        tmp_path, capsys, spec=("name: verbose, in: query", "name: verbose, in: cookie")
    )
    assert place(specs / "mini.openapi.yml", "in: cookie", column_of="cookie") in err
    assert "cookie parameters cannot be generated ('verbose')" in err


def test_an_object_parameter_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    specs, err = refused(
        tmp_path, capsys, spec=("schema: {type: boolean}", "schema: {type: object}")
    )
    assert place(specs / "mini.openapi.yml", "{type: object}", column_of="{type: object}") in err
    assert "parameter 'verbose': only strings, numbers, booleans, enums" in err


def test_a_security_the_client_cannot_send_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(
        tmp_path,
        capsys,
        spec=("{type: apiKey, in: query, name: token}", "{type: http, scheme: basic}"),
    )
    assert place(specs / "mini.openapi.yml", "security: [{Key", column_of="[{Key") in err
    assert "'Key' is http basic" in err and "only an apiKey in a header or the query" in err


def test_answers_of_two_schemas_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    two = (
        '"201":\n          description: created\n          content:\n'
        "            application/json:\n"
        '              schema: {$ref: "#/components/schemas/Base"}\n        "200":'
    )
    _, err = refused(tmp_path, capsys, spec=('"201":', two))
    assert "2xx answers of different schemas (201: Base, 200: Job)" in err


@pytest.mark.parametrize("keyword", ["not: {type: string}", "patternProperties: {x: {}}"])
def test_keywords_the_models_would_ignore_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], keyword: str
) -> None:
    edit = ("        id: {type: string}\n", f"        id: {{type: string, {keyword}}}\n")
    specs, err = refused(tmp_path, capsys, spec=edit)
    name, value = keyword.split(": ", 1)
    assert place(specs / "mini.openapi.yml", keyword, column_of=value) in err
    assert f"'{name}' cannot be expressed by the generated models" in err


UNION = """\
    Job:
      oneOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {id: {type: string}}}
    Old:"""


def test_a_union_of_objects_that_cannot_be_told_apart_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs, err = refused(tmp_path, capsys, spec=("    Job:", UNION))
    assert (
        place(specs / "mini.openapi.yml", "- $ref: '#/components/schemas/Base'", column_of="$")
        in err
    )
    assert "oneOf alternative Base cannot be told apart" in err
    assert "add a discriminator" in err


def test_a_union_told_apart_by_a_required_property_is_generated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    union = UNION.replace(
        "{type: object, properties: {id: {type: string}}}",
        "{type: object, required: [id], properties: {id: {type: string}}}",
    )
    union = union.replace(
        "- $ref: '#/components/schemas/Base'",
        "- {type: object, required: [n], properties: {n: {type: integer}}}",
    )
    code, err = generate(publish(tmp_path, SPEC.replace("    Job:", union, 1)), tmp_path, capsys)
    assert code == 0, err


def test_a_union_with_a_discriminator_its_alternatives_lack_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    union = UNION.replace("    Old:", "      discriminator: {propertyName: kind}\n    Old:")
    _, err = refused(tmp_path, capsys, spec=("    Job:", union))
    assert "does not declare the discriminator 'kind'" in err


def test_an_all_of_member_that_is_a_union_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member = (
        "        - oneOf: [{type: string}, {type: integer}]\n"
        "        - type: object\n          required: [url]"
    )
    specs, err = refused(
        tmp_path, capsys, spec=("        - type: object\n          required: [url]", member)
    )
    # $.components.schemas.JobParams.allOf: its value, the list under the key
    assert place(specs / "mini.openapi.yml", "    JobParams:", below=2) in err
    assert "an allOf member that is itself a oneOf/anyOf" in err


def test_yaml_1_2_keeps_no_on_yes_off_as_strings() -> None:
    from codegen import yaml12

    assert yaml12.load("[no, on, yes, off, true, False, 1:20, 0x1F]") == [
        "no",
        "on",
        "yes",
        "off",
        True,
        False,
        "1:20",
        31,
    ]


def test_lint_findings_fail_generation(tmp_path: Path) -> None:
    from codegen.cli import _ruff
    from codegen.specs import SpecError

    module = tmp_path / "api" / "_generated" / "models.py"
    module.parent.mkdir(parents=True)
    module.write_text("x = 1\nlong = '" + "a" * 120 + "'\n", encoding="utf-8")
    with pytest.raises(SpecError, match=r"api/_generated/models.py:2:101: E501"):
        _ruff([module], tmp_path)


def test_a_module_that_fails_at_import_fails_generation(tmp_path: Path) -> None:
    from codegen.cli import _import_all
    from codegen.specs import SpecError

    module = tmp_path / "api" / "_generated" / "models.py"
    module.parent.mkdir(parents=True)
    # what YAML 1.1 made of a language code: it parses and lints, and fails at import
    module.write_text(
        "import enum\n\nclass Lang(enum.StrEnum):\n    NO = False\n", encoding="utf-8"
    )
    with pytest.raises(SpecError, match=r"fails at import:(.|\n)*TypeError"):
        _import_all(tmp_path, ["api"])


def package(specs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from codegen.package import main

    overlay = str(specs / "mini.overlay.yaml")
    code = main(["--overlay", overlay, "--name", "mini", "--out", str(tmp_path / "own")])
    return code, capsys.readouterr().err


def test_a_package_of_ones_own_api_gets_a_client_that_waits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = SPEC.replace("verbose, in: query, required: true,", "verbose, in: query,")
    overlay = OVERLAY.replace(
        "      x-taskpoll-task-id: job_id\n",
        "      x-taskpoll-task-id: job_id\n      x-taskpoll-client: true\n",
    )
    code, err = package(publish(tmp_path, spec, overlay), tmp_path, capsys)
    assert code == 0, err
    client = (tmp_path / "own/mini/client.py").read_text(encoding="utf-8")
    assert "class Client(ClientCommands, BaseClient[str, Job, Job]):" in client
    assert "key: str | Secret," in client and "api_key=secret," in client  # securitySchemes
    assert "from taskpoll.runtime import BaseClient, ClientOptions, Secret" in client


def test_a_package_needs_a_waiting_operation_its_client_can_poll_with(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # getJob waits, but is not offered as it is (and needs `verbose` besides the id)
    code, err = package(publish(tmp_path), tmp_path, capsys)
    assert code == 2 and "Traceback" not in err
    assert "mini.openapi.yml: the package's Client polls with the waiting operation" in err
    assert "x-taskpoll-client: true" in err and not (tmp_path / "own").exists()


# -- AssemblyAI's published spec ------------------------------------------------

PUBLISHED = DATA / "assemblyai" / "openapi.yml"
AAI_OVERLAY = DATA / "assemblyai" / "overlay.yaml"


def test_assemblyai_is_pinned_byte_for_byte() -> None:
    import yaml

    pin = yaml.safe_load(AAI_OVERLAY.read_text(encoding="utf-8"))["x-taskpoll-sha256"]
    assert hashlib.sha256(PUBLISHED.read_bytes()).hexdigest() == pin
    assert len(PUBLISHED.read_bytes()) == 241_308


def aai_copy(tmp_path: Path, old: str, new: str) -> Path:
    """A specs/ folder with AssemblyAI's published file and an edited overlay, as
    ``make generate`` would find them for an API named assemblyai."""
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy2(PUBLISHED, specs / "assemblyai.openapi.yml")
    text = AAI_OVERLAY.read_text(encoding="utf-8").replace(
        "extends: openapi.yml", "extends: assemblyai.openapi.yml"
    )
    assert old in text
    (specs / "assemblyai.overlay.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    return specs


@pytest.mark.parametrize(
    ("operation", "marker", "message"),
    [
        (
            "uploadFile",
            "application/octet-stream:",
            "application/octet-stream is not application/json",
        ),
        ("getSubtitles", "text/plain:", "text/plain, text/html is not application/json"),
    ],
)
def test_assemblyai_upload_and_subtitles_are_refused_if_chosen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], operation: str, marker: str, message: str
) -> None:
    specs = aai_copy(tmp_path, "        - deleteTranscript\n", f"        - {operation}\n")
    code, err = generate(specs, tmp_path, capsys)
    assert code == 2 and "Traceback" not in err
    assert place(specs / "assemblyai.openapi.yml", marker, below=1) in err
    assert message in err


def test_assemblyai_without_the_default_fix_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    specs = aai_copy(tmp_path, ".final_model.default\n", ".final_model.x-no-such-key\n")
    code, err = generate(specs, tmp_path, capsys)
    assert code == 2
    # the overlay's remove action now selects nothing: the fix is reported, not skipped
    assert "selects nothing" in err
