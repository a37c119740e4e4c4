"""AssemblyAI: transcribe audio and wait for the transcript.

Facts this layer is built on (the published spec, specs/assemblyai.openapi.yml,
and taskpoll's overlay of it, specs/assemblyai.overlay.yaml):

* the key goes in the ``Authorization`` header, as it is (securitySchemes);
* ``POST /v2/transcript`` answers the queued transcript; ``GET
  /v2/transcript/{id}`` polls it: ``queued`` → ``processing`` → ``completed``
  or ``error``, the reason in its ``error``; an unknown id is a 404;
* no polling interval is documented: polls start after 1 s and back off to
  every 10 s; a wait gives up after 30 minutes unless told otherwise.
"""

from __future__ import annotations

from typing import ClassVar, Unpack

from .._clients.client import BaseClient, ClientOptions
from .._secret import Secret
from .._waiting.waiters import Acceptor
from ..errors import TaskFailedError, TaskpollError
from ._generated.client import AssemblyaiApi, ClientCommands
from ._generated.models import Transcript
from ._generated.waiter import WAITER

__all__ = ["Client"]


class Client(ClientCommands, BaseClient[str, Transcript, Transcript]):
    """An AssemblyAI client.

    >>> client = Client("…")                                  # doctest: +SKIP
    >>> queued = client.create_transcript(["universal"], "https://…/call.mp3")
    >>> client.wait(queued.id).text

    :meth:`wait` returns the ``completed`` transcript, or raises
    :class:`~taskpoll.errors.TaskFailedError` (status ``error``, with the
    transcript's reason), :class:`~taskpoll.errors.TaskNotFoundError` (404),
    :class:`~taskpoll.errors.WaitTimeoutError` or
    :class:`~taskpoll.errors.WaitCancelledError`.
    """

    waiter = WAITER
    api_name: ClassVar[str] = "assemblyai"
    title: ClassVar[str] = "AssemblyAI"
    key_env: ClassVar[str | None] = "ASSEMBLYAI_API_KEY"

    def __init__(
        self, key: str | Secret, *, base_url: str | None = None, **options: Unpack[ClientOptions]
    ) -> None:
        """Connect with the account's API ``key``."""
        secret = Secret.of(key)
        super().__init__(AssemblyaiApi, base_url, key=secret, **options)
        self.operations: AssemblyaiApi = AssemblyaiApi(self._session, api_key=secret)

    @classmethod
    def summary(cls, result: Transcript) -> str:
        """The transcript's text, as one short line."""
        text = result.text or ""
        return f"transcript {result.id}: {text[:60]!r}" + ("…" if len(text) > 60 else "")

    def _failure(
        self, task_id: str, acceptor: Acceptor, response: Transcript
    ) -> TaskpollError | None:
        if acceptor.verdict != "failure":
            return None
        reason = response.error or "no reason given"
        return TaskFailedError(f"transcript {task_id} failed: {reason}", response=response)
