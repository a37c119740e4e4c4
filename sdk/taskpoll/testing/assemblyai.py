"""An emulator of AssemblyAI's transcript API (create, get, list, word search, delete).

What clients depend on, from the published spec: the key in the
``Authorization`` header (401 without a known one), a transcript that goes
``queued`` → ``processing`` → ``completed`` or ``error`` (with its reason in
``error``), 404 for an unknown id, 400 for a word search without ``words``.
Answers are built from the generated models, so the emulator speaks the spec.

Unscripted transcripts complete after :attr:`AssemblyaiApp.default_complete_time`
seconds; :meth:`AssemblyaiApp.script` sets the next ones' fates.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import parse_qs

import attrs

from .._wire.models import CONVERTER
from ..assemblyai._generated.models import (
    PageDetails,
    Transcript,
    TranscriptList,
    TranscriptListItem,
    TranscriptParams,
    TranscriptStatus,
    WordSearchMatch,
    WordSearchResponse,
)
from .scripted import AppEmulator, Route, TaskApp
from .server import Clock, Reply, Request

__all__ = ["AssemblyaiApp", "AssemblyaiEmulator", "Script"]

PREFIX = "/v2/transcript"


@attrs.frozen
class Script:
    """One transcript's fate: ``queued`` for ``queued_for`` seconds, then
    ``processing`` until ``complete_after``, then ``completed`` with ``text``,
    or ``error`` with the reason ``error``."""

    complete_after: float = 1.0
    queued_for: float = 0.0
    text: str = "Smoke from hundreds of wildfires in Canada."
    error: str | None = None


@attrs.define
class _Task:
    params: TranscriptParams
    created: float
    script: Script


class AssemblyaiApp(TaskApp[Script, str, _Task]):
    """The API's behaviour: thread-safe, all time from :attr:`clock`;
    ``keys`` (``None``: any) are the accepted ``Authorization`` values."""

    def __init__(
        self,
        *,
        keys: set[str] | None = None,
        default_complete_time: float = 1.0,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(clock)
        self.keys = keys
        self.default_complete_time = default_complete_time
        self._ids = (f"5551722-f677-48a7-9a7c-{n:012x}" for n in itertools.count(1))
        #: The query strings of every list and word-search request, as sent.
        self.queries: list[dict[str, list[str]]] = []

    def add_transcript(
        self, script: Script | None = None, audio_url: str = "https://a/b.mp3"
    ) -> str:
        """Create a transcript directly (as if by POST /v2/transcript); its id."""
        with self._lock:
            return self._create(TranscriptParams(audio_url=audio_url, speech_models=[]), script)

    def handle(self, request: Request) -> Reply:
        """401 without a known key in ``Authorization``; else the path's route."""
        key = next((v for k, v in request.headers.items() if k.lower() == "authorization"), None)
        if key is None or (self.keys is not None and key not in self.keys):
            return _error(401, "Authentication error, API token missing/invalid")
        return super().handle(request)

    def describe(self, request: Request) -> str:
        """The body's first 120 bytes (the key travels in a header, never here)."""
        return request.body[:120].decode("utf-8", "replace")

    def _route(self, path: str) -> Route | None:
        parts = path.rstrip("/").removeprefix(PREFIX).split("/")
        if not path.startswith(PREFIX) or len(parts) > 3 or parts[0]:
            return None
        if len(parts) == 1:
            return Route(frozenset({"GET", "POST"}), self._transcripts)
        if len(parts) == 2:
            return Route(frozenset({"GET", "DELETE"}), lambda r: self._one(r, parts[1]))
        if parts[2] == "word-search":
            return Route(frozenset({"GET"}), lambda r: self._word_search(r, parts[1]))
        return None

    def _default_script(self) -> Script:
        return Script(complete_after=self.default_complete_time)

    def _create(self, params: TranscriptParams, script: Script | None) -> str:
        transcript_id = next(self._ids)
        self._tasks[transcript_id] = _Task(params, self.clock.now(), self._script_for(script))
        return transcript_id

    def _transcripts(self, request: Request) -> Reply:
        if request.method == "GET":
            return self._list(parse_qs(request.query))
        try:
            params = CONVERTER.structure(json.loads(request.body), TranscriptParams)
        except Exception as exc:
            return _error(400, f"invalid request: {type(exc).__name__}")
        with self._lock:
            transcript_id = self._create(params, None)
            task = self._tasks[transcript_id]
        return _reply(_transcript(transcript_id, task, TranscriptStatus.QUEUED))

    def _one(self, request: Request, transcript_id: str) -> Reply:
        _, task = self._poll(transcript_id)
        if task is None:
            return _error(404, "Transcript not found")
        if request.method == "DELETE":
            with self._lock:
                del self._tasks[transcript_id]
        return _reply(_transcript(transcript_id, task, self._status(task)))

    def _status(self, task: _Task) -> TranscriptStatus:
        age = self.clock.now() - task.created
        if age < task.script.queued_for:
            return TranscriptStatus.QUEUED
        if age < task.script.complete_after:
            return TranscriptStatus.PROCESSING
        failed = task.script.error is not None
        return TranscriptStatus.ERROR if failed else TranscriptStatus.COMPLETED

    def _list(self, query: dict[str, list[str]]) -> Reply:
        self.queries.append(query)
        limit = int(query.get("limit", ["10"])[0])
        wanted = query.get("status", [None])[0]
        with self._lock:
            tasks = list(self._tasks.items())
        items = [
            TranscriptListItem(
                id=transcript_id,
                resource_url=f"https://api.assemblyai.com{PREFIX}/{transcript_id}",
                status=self._status(task),
                created="2026-12-07T10:00:00.000000",
                completed=None,
                audio_url=task.params.audio_url,
                error=None,
            )
            for transcript_id, task in reversed(tasks)
            if wanted is None or self._status(task).value == wanted
        ][:limit]
        page = PageDetails(
            limit=limit, result_count=len(items), current_url=PREFIX, prev_url=None, next_url=None
        )
        return _reply(TranscriptList(page_details=page, transcripts=items))

    def _word_search(self, request: Request, transcript_id: str) -> Reply:
        query = parse_qs(request.query)
        self.queries.append(query)
        _, task = self._poll(transcript_id)
        if task is None:
            return _error(404, "Transcript not found")
        if "words" not in query:
            return _error(400, "words is required")
        words = query["words"][0].split(",")
        said = task.script.text.lower().replace(".", "").split()
        matches = [
            WordSearchMatch(
                text=word,
                count=said.count(word.lower()),
                timestamps=[],
                indexes=[i for i, w in enumerate(said) if w == word.lower()],
            )
            for word in words
        ]
        total = sum(m.count for m in matches)
        return _reply(WordSearchResponse(id=transcript_id, total_count=total, matches=matches))


def _transcript(transcript_id: str, task: _Task, status: TranscriptStatus) -> Transcript:
    done = status is TranscriptStatus.COMPLETED
    return Transcript(
        id=transcript_id,
        audio_url=task.params.audio_url,
        status=status,
        text=task.script.text if done else None,
        error=task.script.error if status is TranscriptStatus.ERROR else None,
        auto_highlights=task.params.auto_highlights,
        language_confidence=None,
        language_confidence_threshold=None,
        redact_pii=task.params.redact_pii,
        summarization=task.params.summarization,
        webhook_auth=task.params.webhook_auth_header_name is not None,
        acoustic_model="assemblyai_default",
        language_model="assemblyai_default",
        speech_model=None,
        speech_models=task.params.speech_models,
    )


def _reply(model: object, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(CONVERTER.unstructure(model)).encode())


def _error(status: int, message: str) -> Reply:
    return Reply(status=status, body=json.dumps({"error": message}).encode())


class AssemblyaiEmulator(AppEmulator[AssemblyaiApp]):
    """An AssemblyAI emulator on loopback; ``.app`` scripts it, ``.faults`` breaks it."""

    def _new_app(self, **options: Any) -> AssemblyaiApp:
        return AssemblyaiApp(**options)
