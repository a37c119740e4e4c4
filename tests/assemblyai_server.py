"""A small scripted server for AssemblyAI's transcript API (create, get, list, word
search, delete), for the client the generator makes from the published spec in
data/assemblyai/ (tests/codegen/test_assemblyai_package.py).

Not a shipped emulator: taskpoll does not ship AssemblyAI.  It answers plain
JSON written from the spec's required fields, so it does not lean on the
generated models it tests.  What the client depends on: the key in the
``Authorization`` header (401 without a known one), a transcript that goes
``queued`` → ``processing`` → ``completed`` or ``error`` (the reason in
``error``), 404 for an unknown id, 400 for a word search without ``words``.
"""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import parse_qs

import attrs

from taskpoll.testing.scripted import AppEmulator, Route, TaskApp
from taskpoll.testing.server import Clock, Reply, Request

__all__ = ["AssemblyaiServer", "Script"]

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
    params: dict[str, Any]
    created: float
    script: Script


class AssemblyaiApp(TaskApp[Script, str, _Task]):
    """Thread-safe, all time from :attr:`clock`; ``keys`` are the accepted
    ``Authorization`` values."""

    def __init__(
        self, *, keys: set[str], default_complete_time: float = 1.0, clock: Clock | None = None
    ) -> None:
        super().__init__(clock)
        self.keys = keys
        self.default_complete_time = default_complete_time
        self._ids = (f"5551722-f677-48a7-9a7c-{n:012x}" for n in itertools.count(1))
        #: The query strings of every list and word-search request, as sent.
        self.queries: list[dict[str, list[str]]] = []
        #: The JSON body of every create request, as sent.
        self.created: list[dict[str, Any]] = []

    def add_transcript(self, script: Script | None = None) -> str:
        """Create a transcript directly (as if by POST /v2/transcript); its id."""
        with self._lock:
            return self._create({"audio_url": "https://a/b.mp3", "speech_models": []}, script)

    def handle(self, request: Request) -> Reply:
        key = next((v for k, v in request.headers.items() if k.lower() == "authorization"), None)
        if key not in self.keys:
            return _error(401, "Authentication error, API token missing/invalid")
        return super().handle(request)

    def describe(self, request: Request) -> str:
        return request.body[:120].decode("utf-8", "replace")  # the key is in a header

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

    def _create(self, params: dict[str, Any], script: Script | None) -> str:
        transcript_id = next(self._ids)
        self._tasks[transcript_id] = _Task(params, self.clock.now(), self._script_for(script))
        return transcript_id

    def _transcripts(self, request: Request) -> Reply:
        if request.method == "GET":
            return self._list(parse_qs(request.query))
        params = json.loads(request.body)
        if not isinstance(params, dict) or "audio_url" not in params:
            return _error(400, "audio_url is required")
        with self._lock:
            self.created.append(params)
            transcript_id = self._create(params, None)
            task = self._tasks[transcript_id]
        return _reply(_transcript(transcript_id, task, "queued"))

    def _one(self, request: Request, transcript_id: str) -> Reply:
        _, task = self._poll(transcript_id)
        if task is None:
            return _error(404, "Transcript not found")
        if request.method == "DELETE":
            with self._lock:
                del self._tasks[transcript_id]
        return _reply(_transcript(transcript_id, task, self._status(task)))

    def _status(self, task: _Task) -> str:
        age = self.clock.now() - task.created
        if age < task.script.queued_for:
            return "queued"
        if age < task.script.complete_after:
            return "processing"
        return "completed" if task.script.error is None else "error"

    def _list(self, query: dict[str, list[str]]) -> Reply:
        self.queries.append(query)
        limit = int(query.get("limit", ["10"])[0])
        wanted = query.get("status", [None])[0]
        with self._lock:
            tasks = list(self._tasks.items())
        items = [
            {
                "id": transcript_id,
                "resource_url": f"https://api.assemblyai.com{PREFIX}/{transcript_id}",
                "status": self._status(task),
                "created": "2026-12-07T10:00:00.000000",
                "completed": None,
                "audio_url": task.params["audio_url"],
                "error": None,
            }
            for transcript_id, task in reversed(tasks)
            if wanted is None or self._status(task) == wanted
        ][:limit]
        page = {
            "limit": limit,
            "result_count": len(items),
            "current_url": PREFIX,
            "prev_url": None,
            "next_url": None,
        }
        return _reply({"page_details": page, "transcripts": items})

    def _word_search(self, request: Request, transcript_id: str) -> Reply:
        query = parse_qs(request.query)
        self.queries.append(query)
        _, task = self._poll(transcript_id)
        if task is None:
            return _error(404, "Transcript not found")
        if "words" not in query:
            return _error(400, "words is required")
        said = task.script.text.lower().replace(".", "").split()
        words = query["words"][0].split(",")
        matches = [
            {
                "text": word,
                "count": said.count(word.lower()),
                "timestamps": [],
                "indexes": [i for i, w in enumerate(said) if w == word.lower()],
            }
            for word in words
        ]
        total = sum(said.count(word.lower()) for word in words)
        return _reply({"id": transcript_id, "total_count": total, "matches": matches})


def _transcript(transcript_id: str, task: _Task, status: str) -> dict[str, Any]:
    params = task.params
    return {
        "id": transcript_id,
        "audio_url": params["audio_url"],
        "status": status,
        "text": task.script.text if status == "completed" else None,
        "error": task.script.error if status == "error" else None,
        "auto_highlights": params.get("auto_highlights", False),
        "language_confidence": None,
        "language_confidence_threshold": None,
        "redact_pii": params.get("redact_pii", False),
        "summarization": params.get("summarization", False),
        "webhook_auth": "webhook_auth_header_name" in params,
        "acoustic_model": "assemblyai_default",
        "language_model": "assemblyai_default",
        "speech_model": None,
        "speech_models": params.get("speech_models", []),
    }


def _reply(body: object, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(body).encode())


def _error(status: int, message: str) -> Reply:
    return Reply(status=status, body=json.dumps({"error": message}).encode())


class AssemblyaiServer(AppEmulator[AssemblyaiApp]):
    """On loopback; ``.app`` scripts it."""

    def _new_app(self, **options: Any) -> AssemblyaiApp:
        return AssemblyaiApp(**options)
