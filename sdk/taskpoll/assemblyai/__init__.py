"""AssemblyAI (https://api.assemblyai.com): transcribe audio and wait for the transcript.

>>> from taskpoll import assemblyai
>>> client = assemblyai.Client("…")                                 # doctest: +SKIP
>>> queued = client.create_transcript(["universal"], "https://…/a.mp3")
>>> client.wait(queued.id).text

Generated from AssemblyAI's published OpenAPI spec, unchanged, and taskpoll's
overlay of it (specs/assemblyai.overlay.yaml), which chooses the operations.
"""

from ..errors import TaskpollError
from ._generated.models import (
    SpeechModel,
    Transcript,
    TranscriptLanguageCode,
    TranscriptList,
    TranscriptParams,
    TranscriptStatus,
    WordSearchResponse,
)
from .client import Client

__all__ = [
    "Client",
    "SpeechModel",
    "TaskpollError",
    "Transcript",
    "TranscriptLanguageCode",
    "TranscriptList",
    "TranscriptParams",
    "TranscriptStatus",
    "WordSearchResponse",
]
