"""taskpoll.assemblyai, generated from AssemblyAI's published spec and our overlay,
against its emulator over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import attrs
import pytest

from paths import ROOT
from taskpoll import assemblyai
from taskpoll._clients.client import BaseClient
from taskpoll._http.transport import Transport
from taskpoll._secret import Secret
from taskpoll._wire.codec import encode_json
from taskpoll.assemblyai._generated.client import AssemblyaiApi
from taskpoll.errors import HTTPStatusError, TaskFailedError, TaskNotFoundError, TaskpollError
from taskpoll.testing.assemblyai import AssemblyaiEmulator, Script

KEY = "aai-key-0123456789abcdef"


@pytest.fixture
def emulator() -> Iterator[AssemblyaiEmulator]:
    with AssemblyaiEmulator(keys={KEY}, default_complete_time=0.3) as emulator:
        yield emulator


@pytest.fixture
def client(emulator: AssemblyaiEmulator) -> Iterator[assemblyai.Client]:
    with assemblyai.Client(KEY, base_url=emulator.url) as client:
        yield client


def _documented_options() -> set[str]:
    from codegen import yaml12

    text = (ROOT / "specs" / "assemblyai.openapi.yml").read_text(encoding="utf-8")
    schemas = yaml12.load(text)["components"]["schemas"]
    inline = schemas["TranscriptParams"]["allOf"][0]["properties"]
    return set(inline) | set(schemas["TranscriptOptionalParams"]["properties"])


def test_transcript_params_carry_every_documented_option() -> None:
    fields = {f.metadata["wire"] for f in attrs.fields(assemblyai.TranscriptParams)}
    assert fields == _documented_options() and len(fields) > 40
    params = assemblyai.TranscriptParams(
        audio_url="https://a/b.mp3", speech_models=["universal"], speaker_labels=True
    )
    # inherited fields reach the wire; defaults stay off it
    assert json.loads(encode_json(params)) == {
        "audio_url": "https://a/b.mp3",
        "speech_models": ["universal"],
        "speaker_labels": True,
    }


def test_wait_runs_end_to_end(
    client: assemblyai.Client, emulator: AssemblyaiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    queued = client.create_transcript(
        ["universal"], "https://a/b.mp3", language_code=assemblyai.TranscriptLanguageCode.NO
    )
    assert queued.status is assemblyai.TranscriptStatus.QUEUED
    done = client.wait(queued.id, max_wait=20.0)
    assert isinstance(done, assemblyai.Transcript)
    assert done.status is assemblyai.TranscriptStatus.COMPLETED and done.text
    assert emulator.app.polls[queued.id] >= 1
    assert KEY not in caplog.text and KEY not in repr(client)


def test_word_search_sends_its_required_words(
    client: assemblyai.Client, emulator: AssemblyaiEmulator
) -> None:
    transcript_id = emulator.app.add_transcript(Script(complete_after=0.0))
    found = client.word_search(transcript_id, ["smoke", "canada"])
    assert emulator.app.queries[-1] == {"words": ["smoke,canada"]}  # explode: false
    assert [m.text for m in found.matches] == ["smoke", "canada"] and found.total_count == 2


def test_list_sends_its_filters(client: assemblyai.Client, emulator: AssemblyaiEmulator) -> None:
    emulator.app.add_transcript(Script(complete_after=0.0))
    page = client.list_transcripts(limit=5, status=assemblyai.TranscriptStatus.COMPLETED)
    assert emulator.app.queries[-1] == {"limit": ["5"], "status": ["completed"]}
    assert len(page.transcripts) == 1
    with pytest.raises(ValueError, match="limit"):
        client.list_transcripts(limit=500)  # the spec's maximum, before sending


def test_a_failed_transcript_says_why(
    client: assemblyai.Client, emulator: AssemblyaiEmulator
) -> None:
    transcript_id = emulator.app.add_transcript(Script(complete_after=0.0, error="Download error"))
    with pytest.raises(TaskFailedError, match="Download error") as caught:
        client.wait(transcript_id, max_wait=20.0)
    assert caught.value.task_id == transcript_id


def test_an_unknown_transcript_is_not_found(client: assemblyai.Client) -> None:
    with pytest.raises(TaskNotFoundError):
        client.wait("no-such-transcript", max_wait=20.0)


def test_a_refused_key_never_shows(
    emulator: AssemblyaiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "wrong-key-0123456789"
    with (
        assemblyai.Client(wrong, base_url=emulator.url) as client,
        pytest.raises(HTTPStatusError) as caught,
    ):
        client.get_transcript("x")
    assert caught.value.status == 401
    assert wrong not in str(caught.value) and wrong not in caplog.text


def test_a_key_in_the_query_is_redacted_from_urls(
    emulator: AssemblyaiEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    # a securitySchemes apiKey "in: query" puts it in the URL: every form is redacted
    caplog.set_level(logging.DEBUG)
    key = "sec ret/key+0123456789"

    class QueryKeyed(BaseClient[str, object, object]):
        api_name = "query-keyed"

    client = QueryKeyed(AssemblyaiApi, emulator.url, key=Secret(key))  # holds the live key
    transport: Transport = client._transport
    response = transport.request("GET", "/v2/transcript/x?" + urlencode({"token": key}))
    shown = f"{response.url} {caplog.text}"
    assert "token=***" in response.url
    assert key not in shown and urlencode({"t": key})[2:] not in shown


def test_the_client_is_registered() -> None:
    from taskpoll._clients.registry import api

    entry = api("assemblyai")
    assert entry.load() is assemblyai.Client and entry.key_env == "ASSEMBLYAI_API_KEY"


def test_its_errors_are_taskpoll_errors(client: assemblyai.Client) -> None:
    with pytest.raises(TaskpollError):
        client.word_search("no-such-transcript", ["x"])


def test_the_generated_package_names_its_sources() -> None:
    header = (ROOT / "sdk/taskpoll/assemblyai/_generated/models.py").read_text(encoding="utf-8")
    assert "specs/assemblyai.openapi.yml" in header.splitlines()[1]
    assert Path(assemblyai.__file__).parent.name == "assemblyai"
