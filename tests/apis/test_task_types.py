"""CapMonster's task types, typed (issue 15): request and solution models from the
spec's ``x-taskpoll-task-types``, the emulator answering each with its type's
documented shape, and a new type reaching client, emulator and CLI through
``make generate`` alone."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import attrs
import pytest

from conftest import KEY
from generation import codegen, copy_repo, edit, generate_broken
from paths import SPECS
from policies import POLL_EVERY_50MS
from taskpoll import capmonster
from taskpoll._wire.models import CONVERTER
from taskpoll.capmonster import TASK_TYPES
from taskpoll.errors import ApiError, DecodeError
from taskpoll.testing.capmonster import CapmonsterEmulator

SPEC = SPECS / "capmonster.openapi.yaml"
SITE = "https://example.com"

TYPED: list[tuple[Any, type]] = [
    (capmonster.ImageToTextTask(body="iVBORw0KGgo=", numeric=1), capmonster.ImageToTextSolution),
    (
        capmonster.TurnstileTask(website_url=SITE, website_key="0x4AAA"),
        capmonster.TurnstileSolution,
    ),
    (
        capmonster.RecaptchaV2Task(
            website_url=SITE,
            website_key="6Le-wvkS",
            proxy_type=capmonster.ProxyType.HTTP,
            proxy_address="192.0.2.1",
            proxy_port=8080,
            proxy_password="proxy-secret-77",
        ),
        capmonster.RecaptchaSolution,
    ),
    (
        capmonster.RecaptchaV2EnterpriseTask(website_url=SITE, website_key="k"),
        capmonster.RecaptchaSolution,
    ),
    (
        capmonster.RecaptchaV3Task(website_url=SITE, website_key="k", min_score=0.3),
        capmonster.RecaptchaSolution,
    ),
    (
        capmonster.GeeTestTask(website_url=SITE, gt="022397c9", challenge="7f044f48"),
        capmonster.GeeTestSolution,
    ),
    (
        capmonster.ComplexImageTask(class_="recaptcha", image_urls=[f"{SITE}/a.png"]),
        capmonster.ComplexImageSolution,
    ),
    (
        capmonster.ComplexImageTask(class_="hcaptcha", images_base64=["iVBORw0KGgo="]),
        capmonster.ComplexImageSolution,
    ),
    (
        capmonster.CustomTask(
            class_="DataDome", website_url=SITE, metadata={"datadomeCookie": "d=x"}
        ),
        capmonster.CustomTaskSolution,
    ),
]


@pytest.fixture
def client(capmonster_emulator: CapmonsterEmulator) -> capmonster.Client:
    return capmonster.Client(KEY, base_url=capmonster_emulator.url)


def wire(model: object) -> Any:
    return CONVERTER.unstructure(model)


@pytest.mark.parametrize(("task", "solution_type"), TYPED, ids=lambda v: type(v).__name__)
def test_a_typed_request_waits_to_its_typed_solution(
    client: capmonster.Client,
    capmonster_emulator: CapmonsterEmulator,
    task: Any,
    solution_type: type,
) -> None:
    task_id = client.create_task(task).task_id
    assert task_id is not None
    done = client.wait(task_id, policy=POLL_EVERY_50MS)
    assert isinstance(done.solution, solution_type)
    kind = TASK_TYPES.named(task.type)
    assert kind is not None and kind.result is solution_type
    # the emulator answered with the type's documented solution, typed here losslessly
    assert wire(done.solution) == kind.example
    # on the wire: the type's name always (it is the default), camelCase names, no nulls
    [sent] = capmonster_emulator.app.created
    assert sent == wire(task) and sent["type"] == task.type
    assert None not in sent.values() and all("_" not in name for name in sent if name != "class")
    assert "proxy-secret-77" not in repr(task)


def test_every_name_maintained_clients_send_is_accepted(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    legacy = {
        "NoCaptchaTask",
        "NoCaptchaTaskProxyless",
        "TurnstileTaskProxyless",
        "RecaptchaV2TaskProxyless",
        "RecaptchaV3TaskProxyless",
        "HCaptchaTaskProxyless",
    }
    assert legacy <= set(TASK_TYPES.types)
    as_dicts: dict[int, str] = {}
    as_models: dict[int, str] = {}
    for name, kind in TASK_TYPES.types.items():
        required = {
            a.metadata["wire"]: "https://example.com"
            for a in attrs.fields(kind.request)
            if a.default is attrs.NOTHING
        }
        # as a dict (dicts keep working, and wait to dicts) ...
        as_dicts[client.create_task({"type": name, **required}).task_id] = name
        # ... and as the type's model, the name given as the tag
        model = CONVERTER.structure({"type": name, **required}, kind.request)
        as_models[client.create_task(model).task_id] = name
    # all at once: each task is still solved, and typed, as its own type
    done = dict(client.wait_many([*as_dicts, *as_models], policy=POLL_EVERY_50MS))
    assert done.keys() == as_dicts.keys() | as_models.keys()
    for task_id, name in as_dicts.items():
        assert done[task_id].solution == TASK_TYPES.types[name].example, name
    for task_id, name in as_models.items():
        assert isinstance(done[task_id].solution, TASK_TYPES.types[name].result), name


def test_an_id_from_elsewhere_takes_result_type(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    task_id = capmonster_emulator.app.add_task("TurnstileTaskProxyless")
    done = client.wait(task_id, policy=POLL_EVERY_50MS, result_type=capmonster.TurnstileSolution)
    assert isinstance(done.solution, capmonster.TurnstileSolution) and done.solution.token
    [(_, many)] = list(client.wait_many([task_id], result_type=capmonster.TurnstileSolution))
    assert isinstance(many, capmonster.SolvedTask)
    assert isinstance(many.solution, capmonster.TurnstileSolution)
    # a solution that is not the asked type is a DecodeError naming the task, not a crash
    with pytest.raises(DecodeError) as info:
        client.wait(task_id, policy=POLL_EVERY_50MS, result_type=capmonster.ImageToTextSolution)
    assert info.value.task_id == str(task_id)


def test_a_model_whose_type_names_another_model_fails_before_sending(
    client: capmonster.Client, capmonster_emulator: CapmonsterEmulator
) -> None:
    wrong = capmonster.TurnstileTask(website_url=SITE, website_key="k")
    wrong.type = "RecaptchaV2Task"  # type: ignore[assignment]
    with pytest.raises(ValueError, match=r"TurnstileTask\.type must be one of"):
        client.create_task(wrong)
    with pytest.raises(TypeError, match="not a task request model"):
        client.create_task(capmonster.TurnstileSolution(token="t"))  # type: ignore[arg-type]
    assert capmonster_emulator.requests == 0


def test_the_emulator_refuses_unknown_types_and_bad_fields(client: capmonster.Client) -> None:
    with pytest.raises(ApiError) as unknown:
        client.create_task({"type": "NoSuchTask"})
    assert unknown.value.code == "ERROR_TASK_NOT_SUPPORTED"
    with pytest.raises(ApiError) as missing:
        client.create_task({"type": "TurnstileTask", "websiteURL": SITE})  # no websiteKey
    assert missing.value.code == "ERROR_TASK_ABSENT"


BAD_TASK_TYPES = {
    "no such union": (
        "x-taskpoll-task-types: {requests: TaskRequest, solutions: Solution}",
        "x-taskpoll-task-types: {requests: NoSuchUnion, solutions: Solution}",
        "x-taskpoll-task-types.requests",
        "must name a oneOf schema",
    ),
    "mapping to nowhere": (
        'ProsopoTask: "#/components/schemas/ProsopoTask"',
        'ProsopoTask: "#/components/schemas/NoSuchTask"',
        "components.schemas.TaskRequest.discriminator.mapping.ProsopoTask",
        "is not a schema",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_TASK_TYPES))
def test_a_broken_task_type_names_the_file_line_and_json_path(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, at, message = BAD_TASK_TYPES[name]
    err = generate_broken(SPEC, old, new, tmp_path, capsys)
    assert f"$.{at}" in err and message in err


NEW_TYPE = textwrap.dedent(
    """
    import json, os, subprocess, sys
    from taskpoll import Backoff, WaitPolicy, capmonster
    from taskpoll.testing.capmonster import CapmonsterEmulator

    policy = WaitPolicy(max_wait=20.0, backoff=Backoff(first=0.0, min=0.05, max=0.05))
    with CapmonsterEmulator() as emulator:
        client = capmonster.Client("k" * 32, base_url=emulator.url)
        task_id = client.create_task(capmonster.LemonTask(website_url="https://e.com")).task_id
        done = client.wait(task_id, policy=policy)
        print(type(done.solution).__name__, done.solution.lemon)
        cli = subprocess.run(
            [sys.executable, "-m", "taskpoll", "wait", "capmonster", str(task_id),
             "--base-url", emulator.url, "--json"],
            env={**os.environ, "CAPMONSTER_CLIENT_KEY": "k" * 32},
            capture_output=True, text=True, timeout=60,
        )
        print(json.loads(cli.stdout)["result"]["solution"]["lemon"], cli.returncode)
    """
)


def test_a_new_task_type_reaches_client_emulator_and_cli_through_make_generate(
    tmp_path: Path,
) -> None:
    repo = copy_repo(tmp_path / "repo", specs=("capmonster.openapi.yaml",))
    spec = repo / "specs" / "capmonster.openapi.yaml"
    edit(spec, "        - {$ref: \"#/components/schemas/CustomTask\"}\n",
         "        - {$ref: \"#/components/schemas/CustomTask\"}\n"
         "        - {$ref: \"#/components/schemas/LemonTask\"}\n")  # fmt: skip
    edit(spec, '          CustomTask: "#/components/schemas/CustomTask"\n',
         '          CustomTask: "#/components/schemas/CustomTask"\n'
         '          LemonTask: "#/components/schemas/LemonTask"\n')  # fmt: skip
    edit(spec, "        - {$ref: \"#/components/schemas/CustomTaskSolution\"}\n",
         "        - {$ref: \"#/components/schemas/CustomTaskSolution\"}\n"
         "        - {$ref: \"#/components/schemas/LemonSolution\"}\n")  # fmt: skip
    spec.write_text(
        spec.read_text(encoding="utf-8")
        + textwrap.indent(
            textwrap.dedent(
                """
                LemonTask:
                  type: object
                  x-taskpoll-solution: LemonSolution
                  required: [websiteURL]
                  properties:
                    type: {type: string, default: LemonTask}
                    websiteURL: {type: string}
                LemonSolution:
                  type: object
                  required: [lemon]
                  properties:
                    lemon: {type: string}
                  examples: [{lemon: squeezed}]
                """
            ),
            "    ",
        ),
        encoding="utf-8",
    )
    generated = codegen(repo)
    assert generated.returncode == 0, generated.stderr
    ran = subprocess.run(
        [sys.executable, "-c", NEW_TYPE],
        env={"PYTHONPATH": str(repo / "sdk"), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    # the client types the new solution, the emulator answers it, the CLI shows it
    assert ran.stdout.split() == ["LemonSolution", "squeezed", "squeezed", "0"]
