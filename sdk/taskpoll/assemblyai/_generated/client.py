# generated — do not edit.
# Source: specs/assemblyai.openapi.yml (sha256 919d8d027d713704); regenerate with `make generate`.
"""AssemblyAI API: one method per operation of specs/assemblyai.openapi.yml."""

from __future__ import annotations

from typing import ClassVar, Final

from ..._http.transport import Timeout
from ..._secret import Secret
from ..._wire.codec import Codec, JsonCodec
from ..._wire.constraints import Constraint
from ..._wire.models import UNSET, Unset
from ..._wire.session import Session
from .models import (
    LanguageDetectionOptions,
    PiiPolicy,
    RedactPiiAudioOptions,
    RedactPiiAudioQuality,
    RemoveAudioTags,
    SpeakerOptions,
    SpeechModel,
    SpeechUnderstanding,
    SubstitutionPolicy,
    SummaryModel,
    SummaryType,
    Transcript,
    TranscriptCustomSpelling,
    TranscriptLanguageCode,
    TranscriptList,
    TranscriptParams,
    TranscriptStatus,
    WordSearchResponse,
)

# What the spec says each constrained parameter must be; checked before sending.
LIMIT: Final = Constraint(
    "limit", int, minimum=1, maximum=200, description="Maximum amount of transcripts to retrieve"
)


class AssemblyaiApi:
    """AssemblyAI API operations, typed.  Transport, codec and errors come from the session.

    ``validate=False`` skips the spec's patterns, lengths and ranges on path
    parameters (types are still checked), for a server that accepts more than
    its spec says.

    ``api_key`` (the API key, where securitySchemes puts it) goes with every request.
    """

    DEFAULT_BASE_URL: ClassVar[str] = "https://api.assemblyai.com"
    #: Per-request time limits unless a client is given others.
    DEFAULT_TIMEOUT: ClassVar[Timeout] = Timeout(connect=5.0, read=30.0, total=60.0)
    #: How request bodies are written and responses read.
    CODEC: ClassVar[Codec] = JsonCodec()

    def __init__(
        self,
        session: Session,
        *,
        api_key: Secret,
        validate: bool = True,
    ) -> None:
        self._session = session
        self._api_key = api_key
        self.validate = validate

    def __repr__(self) -> str:
        return f"AssemblyaiApi({self._session!r})"

    def list_transcripts(
        self,
        *,
        limit: int | None = None,
        status: TranscriptStatus | None = None,
        created_on: str | None = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool | None = None,
        timeout: float | None = None,
    ) -> TranscriptList:
        """List transcripts

        ``GET /v2/transcript``.
        ``timeout`` caps this request's total time in seconds.
        """
        if limit is not None:
            LIMIT.check(limit, facets=self.validate)
        return self._session.call(
            "GET",
            "/v2/transcript",
            TranscriptList,
            query=(
                ("limit", limit, False),
                ("status", status, False),
                ("created_on", created_on, False),
                ("before_id", before_id, False),
                ("after_id", after_id, False),
                ("throttled_only", throttled_only, False),
            ),
            headers=(("Authorization", self._api_key.reveal(), True),),
            timeout=timeout,
        )

    def create_transcript(
        self,
        *,
        speech_models: list[SpeechModel],
        audio_url: str,
        audio_end_at: int | None = None,
        audio_start_from: int | None = None,
        auto_chapters: bool = False,
        auto_highlights: bool = False,
        content_safety: bool = False,
        content_safety_confidence: int = 50,
        custom_spelling: list[TranscriptCustomSpelling] | None = None,
        disfluencies: bool = False,
        entity_detection: bool = False,
        filter_profanity: bool = False,
        format_text: bool = True,
        iab_categories: bool = False,
        keyterms_prompt: list[str] | None = None,
        language_code: TranscriptLanguageCode | str | Unset | None = UNSET,
        language_codes: list[TranscriptLanguageCode] | Unset | None = UNSET,
        language_confidence_threshold: float = 0,
        language_detection: bool = False,
        language_detection_options: LanguageDetectionOptions | None = None,
        multichannel: bool = False,
        prompt: str | None = None,
        punctuate: bool = True,
        redact_pii: bool = False,
        redact_pii_audio: bool = False,
        redact_pii_audio_options: RedactPiiAudioOptions | None = None,
        redact_pii_audio_quality: RedactPiiAudioQuality = RedactPiiAudioQuality.MP3,
        redact_pii_policies: list[PiiPolicy] | None = None,
        redact_pii_sub: SubstitutionPolicy | Unset | None = UNSET,
        sentiment_analysis: bool = False,
        speaker_labels: bool = False,
        speaker_options: SpeakerOptions | None = None,
        speakers_expected: int | Unset | None = UNSET,
        speech_threshold: float | Unset | None = UNSET,
        speech_understanding: SpeechUnderstanding | None = None,
        summarization: bool = False,
        summary_model: SummaryModel = SummaryModel.INFORMATIVE,
        summary_type: SummaryType = SummaryType.BULLETS,
        remove_audio_tags: RemoveAudioTags | Unset | None = UNSET,
        temperature: float = 0.0,
        webhook_auth_header_name: str | Unset | None = UNSET,
        webhook_auth_header_value: str | Unset | None = UNSET,
        webhook_url: str | None = None,
        custom_topics: bool = False,
        speech_model: SpeechModel | Unset | None = UNSET,
        topics: list[str] | None = None,
        timeout: float | None = None,
    ) -> Transcript:
        """Transcribe audio

        ``POST /v2/transcript`` with a ``TranscriptParams`` body.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "POST",
            "/v2/transcript",
            Transcript,
            headers=(("Authorization", self._api_key.reveal(), True),),
            body=TranscriptParams(
                speech_models=speech_models,
                audio_url=audio_url,
                audio_end_at=audio_end_at,
                audio_start_from=audio_start_from,
                auto_chapters=auto_chapters,
                auto_highlights=auto_highlights,
                content_safety=content_safety,
                content_safety_confidence=content_safety_confidence,
                custom_spelling=custom_spelling,
                disfluencies=disfluencies,
                entity_detection=entity_detection,
                filter_profanity=filter_profanity,
                format_text=format_text,
                iab_categories=iab_categories,
                keyterms_prompt=keyterms_prompt,
                language_code=language_code,
                language_codes=language_codes,
                language_confidence_threshold=language_confidence_threshold,
                language_detection=language_detection,
                language_detection_options=language_detection_options,
                multichannel=multichannel,
                prompt=prompt,
                punctuate=punctuate,
                redact_pii=redact_pii,
                redact_pii_audio=redact_pii_audio,
                redact_pii_audio_options=redact_pii_audio_options,
                redact_pii_audio_quality=redact_pii_audio_quality,
                redact_pii_policies=redact_pii_policies,
                redact_pii_sub=redact_pii_sub,
                sentiment_analysis=sentiment_analysis,
                speaker_labels=speaker_labels,
                speaker_options=speaker_options,
                speakers_expected=speakers_expected,
                speech_threshold=speech_threshold,
                speech_understanding=speech_understanding,
                summarization=summarization,
                summary_model=summary_model,
                summary_type=summary_type,
                remove_audio_tags=remove_audio_tags,
                temperature=temperature,
                webhook_auth_header_name=webhook_auth_header_name,
                webhook_auth_header_value=webhook_auth_header_value,
                webhook_url=webhook_url,
                custom_topics=custom_topics,
                speech_model=speech_model,
                topics=topics,
            ),
            timeout=timeout,
        )

    def get_transcript(
        self,
        transcript_id: str,
        *,
        timeout: float | None = None,
    ) -> Transcript:
        """Get transcript

        ``GET /v2/transcript/{transcript_id}``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "GET",
            "/v2/transcript/{transcript_id}",
            Transcript,
            path_params={
                "transcript_id": transcript_id,
            },
            headers=(("Authorization", self._api_key.reveal(), True),),
            timeout=timeout,
            task_id=transcript_id,
        )

    def delete_transcript(
        self,
        transcript_id: str,
        *,
        timeout: float | None = None,
    ) -> Transcript:
        """Delete transcript

        ``DELETE /v2/transcript/{transcript_id}``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "DELETE",
            "/v2/transcript/{transcript_id}",
            Transcript,
            path_params={
                "transcript_id": transcript_id,
            },
            headers=(("Authorization", self._api_key.reveal(), True),),
            timeout=timeout,
        )

    def word_search(
        self,
        transcript_id: str,
        *,
        words: list[str],
        timeout: float | None = None,
    ) -> WordSearchResponse:
        """Search words in transcript

        ``GET /v2/transcript/{transcript_id}/word-search``.
        ``timeout`` caps this request's total time in seconds.
        """
        return self._session.call(
            "GET",
            "/v2/transcript/{transcript_id}/word-search",
            WordSearchResponse,
            path_params={
                "transcript_id": transcript_id,
            },
            query=(("words", words, True),),
            headers=(("Authorization", self._api_key.reveal(), True),),
            timeout=timeout,
        )


class ClientCommands:
    """The operations a hand-written client offers as they are (``x-taskpoll-client``).

    A mixin: the client sets ``operations``, its AssemblyaiApi.
    """

    operations: AssemblyaiApi

    def _probe(self, task_id: str, timeout: float) -> Transcript:
        """One poll of a wait: the spec's waiting operation."""
        return self.get_transcript(task_id, timeout=timeout)

    def list_transcripts(
        self,
        *,
        limit: int | None = None,
        status: TranscriptStatus | None = None,
        created_on: str | None = None,
        before_id: str | None = None,
        after_id: str | None = None,
        throttled_only: bool | None = None,
        timeout: float | None = None,
    ) -> TranscriptList:
        """List transcripts"""
        return self.operations.list_transcripts(
            limit=limit,
            status=status,
            created_on=created_on,
            before_id=before_id,
            after_id=after_id,
            throttled_only=throttled_only,
            timeout=timeout,
        )

    def create_transcript(
        self,
        speech_models: list[SpeechModel],
        audio_url: str,
        *,
        audio_end_at: int | None = None,
        audio_start_from: int | None = None,
        auto_chapters: bool = False,
        auto_highlights: bool = False,
        content_safety: bool = False,
        content_safety_confidence: int = 50,
        custom_spelling: list[TranscriptCustomSpelling] | None = None,
        disfluencies: bool = False,
        entity_detection: bool = False,
        filter_profanity: bool = False,
        format_text: bool = True,
        iab_categories: bool = False,
        keyterms_prompt: list[str] | None = None,
        language_code: TranscriptLanguageCode | str | Unset | None = UNSET,
        language_codes: list[TranscriptLanguageCode] | Unset | None = UNSET,
        language_confidence_threshold: float = 0,
        language_detection: bool = False,
        language_detection_options: LanguageDetectionOptions | None = None,
        multichannel: bool = False,
        prompt: str | None = None,
        punctuate: bool = True,
        redact_pii: bool = False,
        redact_pii_audio: bool = False,
        redact_pii_audio_options: RedactPiiAudioOptions | None = None,
        redact_pii_audio_quality: RedactPiiAudioQuality = RedactPiiAudioQuality.MP3,
        redact_pii_policies: list[PiiPolicy] | None = None,
        redact_pii_sub: SubstitutionPolicy | Unset | None = UNSET,
        sentiment_analysis: bool = False,
        speaker_labels: bool = False,
        speaker_options: SpeakerOptions | None = None,
        speakers_expected: int | Unset | None = UNSET,
        speech_threshold: float | Unset | None = UNSET,
        speech_understanding: SpeechUnderstanding | None = None,
        summarization: bool = False,
        summary_model: SummaryModel = SummaryModel.INFORMATIVE,
        summary_type: SummaryType = SummaryType.BULLETS,
        remove_audio_tags: RemoveAudioTags | Unset | None = UNSET,
        temperature: float = 0.0,
        webhook_auth_header_name: str | Unset | None = UNSET,
        webhook_auth_header_value: str | Unset | None = UNSET,
        webhook_url: str | None = None,
        custom_topics: bool = False,
        speech_model: SpeechModel | Unset | None = UNSET,
        topics: list[str] | None = None,
        timeout: float | None = None,
    ) -> Transcript:
        """Transcribe audio"""
        return self.operations.create_transcript(
            speech_models=speech_models,
            audio_url=audio_url,
            audio_end_at=audio_end_at,
            audio_start_from=audio_start_from,
            auto_chapters=auto_chapters,
            auto_highlights=auto_highlights,
            content_safety=content_safety,
            content_safety_confidence=content_safety_confidence,
            custom_spelling=custom_spelling,
            disfluencies=disfluencies,
            entity_detection=entity_detection,
            filter_profanity=filter_profanity,
            format_text=format_text,
            iab_categories=iab_categories,
            keyterms_prompt=keyterms_prompt,
            language_code=language_code,
            language_codes=language_codes,
            language_confidence_threshold=language_confidence_threshold,
            language_detection=language_detection,
            language_detection_options=language_detection_options,
            multichannel=multichannel,
            prompt=prompt,
            punctuate=punctuate,
            redact_pii=redact_pii,
            redact_pii_audio=redact_pii_audio,
            redact_pii_audio_options=redact_pii_audio_options,
            redact_pii_audio_quality=redact_pii_audio_quality,
            redact_pii_policies=redact_pii_policies,
            redact_pii_sub=redact_pii_sub,
            sentiment_analysis=sentiment_analysis,
            speaker_labels=speaker_labels,
            speaker_options=speaker_options,
            speakers_expected=speakers_expected,
            speech_threshold=speech_threshold,
            speech_understanding=speech_understanding,
            summarization=summarization,
            summary_model=summary_model,
            summary_type=summary_type,
            remove_audio_tags=remove_audio_tags,
            temperature=temperature,
            webhook_auth_header_name=webhook_auth_header_name,
            webhook_auth_header_value=webhook_auth_header_value,
            webhook_url=webhook_url,
            custom_topics=custom_topics,
            speech_model=speech_model,
            topics=topics,
            timeout=timeout,
        )

    def get_transcript(
        self,
        transcript_id: str,
        *,
        timeout: float | None = None,
    ) -> Transcript:
        """Get transcript"""
        return self.operations.get_transcript(
            transcript_id,
            timeout=timeout,
        )

    def word_search(
        self,
        transcript_id: str,
        words: list[str],
        *,
        timeout: float | None = None,
    ) -> WordSearchResponse:
        """Search words in transcript"""
        return self.operations.word_search(
            transcript_id,
            words=words,
            timeout=timeout,
        )
