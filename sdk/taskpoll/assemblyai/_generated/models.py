# generated — do not edit.
# Source: specs/assemblyai.openapi.yml (sha256 919d8d027d713704); regenerate with `make generate`.
from __future__ import annotations

from typing import Literal, TypeAlias

import attrs

from ..._wire.constraints import Constraint
from ..._wire.models import UNSET, OpenStrEnum, Unset


class RedactedAudioStatus(OpenStrEnum):
    """The status of the redacted audio"""

    REDACTED_AUDIO_READY = "redacted_audio_ready"


WordSearchTimestamp: TypeAlias = list[int]
"""
An array of timestamps structured as [`start_time`, `end_time`] in milliseconds
"""


@attrs.define(kw_only=True)
class Timestamp:
    """Timestamp containing a start and end property in milliseconds"""

    #: The start time in milliseconds
    start: int = attrs.field(metadata={"wire": "start"})
    #: The end time in milliseconds
    end: int = attrs.field(metadata={"wire": "end"})


@attrs.define(kw_only=True)
class LanguageDetectionOptions:
    """Specify options for [Automatic Language Detection](https://www.assemblyai.com/docs/pre-
    recorded-audio/language-detection)."""

    #: List of languages expected in the audio file. Defaults to `["all"]` when unspecified.
    #: See [Automatic Language Detection](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/language-detection) for more details.
    expected_languages: list[str] | None = attrs.field(
        default=None, metadata={"wire": "expected_languages"}
    )
    #: If the detected language of the audio file is not in the list of expected languages, the
    #: `fallback_language` is used. Specify `["auto"]` to let our model choose the fallback
    #: language from `expected_languages` with the highest confidence score. See [Automatic
    #: Language Detection](https://www.assemblyai.com/docs/pre-recorded-audio/language-
    #: detection) for more details.
    fallback_language: str = attrs.field(default="auto", metadata={"wire": "fallback_language"})
    #: Whether [code switching](/docs/speech-to-text/pre-recorded-audio/code-switching) should
    #: be detected.
    code_switching: bool = attrs.field(default=False, metadata={"wire": "code_switching"})
    #: The confidence threshold for [code switching](/docs/speech-to-text/pre-recorded-
    #: audio/code-switching) detection. If the code switching confidence is below this
    #: threshold, the transcript will be processed in the language with the highest
    #: `language_detection_confidence` score.
    code_switching_confidence_threshold: float = attrs.field(
        default=0.3,
        metadata={"wire": "code_switching_confidence_threshold"},
        validator=Constraint(
            "code_switching_confidence_threshold",
            float,
            minimum=0,
            maximum=1,
            description=(
                "The confidence threshold for [code "
                "switching](/docs/speech-to-text/pre-recorded-audio/code-switching) "
                "detection. If the code switching confidence is below this threshold, "
                "the transcript will be processed in the language with the highest "
                "`language_detection_confidence` score"
            ),
        ).validate,
    )


class OverrideAudioRedactionMethod(OpenStrEnum):
    """Specify the method used to redact audio. By default, redacted audio uses a beep sound. Set
    to `silence` to replace PII with silence instead of a beep."""

    SILENCE = "silence"


@attrs.define(kw_only=True)
class RedactPiiAudioOptions:
    """Specify options for [PII redacted audio](https://www.assemblyai.com/docs/pii-
    redaction#request-for-redacted-audio) files."""

    #: By default, audio redaction provides redacted audio URLs only when speech is detected.
    #: However, if your use-case specifically requires redacted audio files even for silent
    #: audio files without any dialogue, you can opt to receive these URLs by setting this
    #: parameter to `true`.
    return_redacted_no_speech_audio: bool = attrs.field(
        default=False, metadata={"wire": "return_redacted_no_speech_audio"}
    )
    #: Specify the method used to redact audio. By default, redacted audio uses a beep sound.
    #: Set to `silence` to replace PII with silence instead of a beep.
    override_audio_redaction_method: OverrideAudioRedactionMethod | None = attrs.field(
        default=None, metadata={"wire": "override_audio_redaction_method"}
    )


@attrs.define(kw_only=True)
class SpeakerOptions:
    """Specify options for [Speaker diarization](https://www.assemblyai.com/docs/pre-recorded-
    audio/speaker-diarization#set-a-range-of-possible-speakers). Use this to set a range of
    possible speakers."""

    #: The minimum number of speakers expected in the audio file. See [Set a range of possible
    #: speakers](https://www.assemblyai.com/docs/pre-recorded-audio/speaker-diarization#set-a-
    #: range-of-possible-speakers) for more details.
    min_speakers_expected: int = attrs.field(default=1, metadata={"wire": "min_speakers_expected"})
    #: <Warning>Setting this parameter too high may hurt model accuracy</Warning> The maximum
    #: number of speakers expected in the audio file. The default depends on audio duration: no
    #: limit for 0-2 minutes, 10 for 2-10 minutes, and 30 for 10+ minutes. See [Set a range of
    #: possible speakers](https://www.assemblyai.com/docs/pre-recorded-audio/speaker-
    #: diarization#set-a-range-of-possible-speakers) for more details.
    max_speakers_expected: int | None = attrs.field(
        default=None, metadata={"wire": "max_speakers_expected"}
    )


class RemoveAudioTags(OpenStrEnum):
    """Remove [audio event tags](https://www.assemblyai.com/docs/pre-recorded-
    audio/universal-3-pro#audio-event-tags) from the transcript text. Set to `"all"` to remove
    all audio tags.

    Note: This parameter is only supported for the Universal-3 Pro model."""

    ALL = "all"


class SummaryModel(OpenStrEnum):
    """The model to summarize the transcript"""

    INFORMATIVE = "informative"
    CONVERSATIONAL = "conversational"
    CATCHY = "catchy"


class SummaryType(OpenStrEnum):
    """The type of summary"""

    BULLETS = "bullets"
    BULLETS_VERBOSE = "bullets_verbose"
    GIST = "gist"
    HEADLINE = "headline"
    PARAGRAPH = "paragraph"


@attrs.define(kw_only=True)
class TranscriptCustomSpelling:
    """Object containing words or phrases to replace, and the word or phrase to replace with"""

    #: Words or phrases to replace
    from_: list[str] = attrs.field(metadata={"wire": "from"})
    #: Word to replace with
    to: str = attrs.field(metadata={"wire": "to"})


class SubstitutionPolicy(OpenStrEnum):
    """The replacement logic for detected PII, can be `entity_name` or `hash`. See [PII
    redaction](https://www.assemblyai.com/docs/pii-redaction) for more details."""

    ENTITY_NAME = "entity_name"
    HASH = "hash"


class RedactPiiAudioQuality(OpenStrEnum):
    """Controls the filetype of the audio created by redact_pii_audio. Currently supports mp3
    (default) and wav. See [PII redaction](https://www.assemblyai.com/docs/pii-
    redaction#request-for-redacted-audio) for more details."""

    MP3 = "mp3"
    WAV = "wav"


class PiiPolicy(OpenStrEnum):
    """The type of PII to redact"""

    ACCOUNT_NUMBER = "account_number"
    BANKING_INFORMATION = "banking_information"
    BLOOD_TYPE = "blood_type"
    CREDIT_CARD_CVV = "credit_card_cvv"
    CREDIT_CARD_EXPIRATION = "credit_card_expiration"
    CREDIT_CARD_NUMBER = "credit_card_number"
    DATE = "date"
    DATE_INTERVAL = "date_interval"
    DATE_OF_BIRTH = "date_of_birth"
    DRIVERS_LICENSE = "drivers_license"
    DRUG = "drug"
    DURATION = "duration"
    EMAIL_ADDRESS = "email_address"
    EVENT = "event"
    FILENAME = "filename"
    GENDER_SEXUALITY = "gender_sexuality"
    HEALTHCARE_NUMBER = "healthcare_number"
    INJURY = "injury"
    IP_ADDRESS = "ip_address"
    LANGUAGE = "language"
    LOCATION = "location"
    MARITAL_STATUS = "marital_status"
    MEDICAL_CONDITION = "medical_condition"
    MEDICAL_PROCESS = "medical_process"
    MONEY_AMOUNT = "money_amount"
    NATIONALITY = "nationality"
    NUMBER_SEQUENCE = "number_sequence"
    OCCUPATION = "occupation"
    ORGANIZATION = "organization"
    PASSPORT_NUMBER = "passport_number"
    PASSWORD = "password"  # noqa: S105
    PERSON_AGE = "person_age"
    PERSON_NAME = "person_name"
    PHONE_NUMBER = "phone_number"
    PHYSICAL_ATTRIBUTE = "physical_attribute"
    POLITICAL_AFFILIATION = "political_affiliation"
    RELIGION = "religion"
    STATISTICS = "statistics"
    TIME = "time"
    URL = "url"
    US_SOCIAL_SECURITY_NUMBER = "us_social_security_number"
    USERNAME = "username"
    VEHICLE_ID = "vehicle_id"
    ZODIAC_SIGN = "zodiac_sign"


SpeechModel: TypeAlias = str


class TranscriptLanguageCode(OpenStrEnum):
    """The language of your audio file. Possible values are found in [Supported
    Languages](https://www.assemblyai.com/docs/pre-recorded-audio/supported-languages).
    The default value is 'en_us'."""

    EN = "en"
    EN_AU = "en_au"
    EN_UK = "en_uk"
    EN_US = "en_us"
    ES = "es"
    FR = "fr"
    DE = "de"
    IT = "it"
    PT = "pt"
    NL = "nl"
    AF = "af"
    SQ = "sq"
    AM = "am"
    AR = "ar"
    HY = "hy"
    AS = "as"
    AZ = "az"
    BA = "ba"
    EU = "eu"
    BE = "be"
    BN = "bn"
    BS = "bs"
    BR = "br"
    BG = "bg"
    MY = "my"
    CA = "ca"
    ZH = "zh"
    HR = "hr"
    CS = "cs"
    DA = "da"
    ET = "et"
    FO = "fo"
    FI = "fi"
    GL = "gl"
    KA = "ka"
    EL = "el"
    GU = "gu"
    HT = "ht"
    HA = "ha"
    HAW = "haw"
    HE = "he"
    HI = "hi"
    HU = "hu"
    IS = "is"
    ID = "id"
    JA = "ja"
    JW = "jw"
    KN = "kn"
    KK = "kk"
    KM = "km"
    KO = "ko"
    LO = "lo"
    LA = "la"
    LV = "lv"
    LN = "ln"
    LT = "lt"
    LB = "lb"
    MK = "mk"
    MG = "mg"
    MS = "ms"
    ML = "ml"
    MT = "mt"
    MI = "mi"
    MR = "mr"
    MN = "mn"
    NE = "ne"
    NO = "no"
    NN = "nn"
    OC = "oc"
    PA = "pa"
    PS = "ps"
    FA = "fa"
    PL = "pl"
    RO = "ro"
    RU = "ru"
    SA = "sa"
    SR = "sr"
    SN = "sn"
    SD = "sd"
    SI = "si"
    SK = "sk"
    SL = "sl"
    SO = "so"
    SU = "su"
    SW = "sw"
    SV = "sv"
    TL = "tl"
    TG = "tg"
    TA = "ta"
    TT = "tt"
    TE = "te"
    TH = "th"
    BO = "bo"
    TR = "tr"
    TK = "tk"
    UK = "uk"
    UR = "ur"
    UZ = "uz"
    VI = "vi"
    CY = "cy"
    YI = "yi"
    YO = "yo"


class TranscriptStatus(OpenStrEnum):
    """The status of your transcript. Possible values are queued, processing, completed, or
    error."""

    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ERROR = "error"


class TranscriptReadyStatus(OpenStrEnum):
    """The status of the transcript. Either completed or error."""

    COMPLETED = "completed"
    ERROR = "error"


@attrs.define(kw_only=True)
class LanguageDetectionOptions1:
    """Specify options for [Automatic Language Detection](https://www.assemblyai.com/docs/pre-
    recorded-audio/language-detection)."""

    #: List of languages expected in the audio file. Defaults to `["all"]` when unspecified.
    #: See [Automatic Language Detection](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/language-detection) for more details.
    expected_languages: list[str] | None = attrs.field(
        default=None, metadata={"wire": "expected_languages"}
    )
    #: If the detected language of the audio file is not in the list of expected languages, the
    #: `fallback_language` is used. Specify `["auto"]` to let our model choose the fallback
    #: language from `expected_languages` with the highest confidence score. See [Automatic
    #: Language Detection](https://www.assemblyai.com/docs/pre-recorded-audio/language-
    #: detection) for more details.
    fallback_language: str = attrs.field(default="auto", metadata={"wire": "fallback_language"})
    #: Whether [code switching](/docs/speech-to-text/pre-recorded-audio/code-switching) should
    #: be detected.
    code_switching: bool = attrs.field(default=False, metadata={"wire": "code_switching"})
    #: The confidence threshold for [code switching](/docs/speech-to-text/pre-recorded-
    #: audio/code-switching) detection. If the code switching confidence is below this
    #: threshold, the transcript will be processed in the language with the highest
    #: `language_detection_confidence` score.
    code_switching_confidence_threshold: float = attrs.field(
        default=0.3, metadata={"wire": "code_switching_confidence_threshold"}
    )


@attrs.define(kw_only=True)
class RedactPiiAudioOptions1:
    """The options for PII-redacted audio, if redact_pii_audio is enabled.
    See [PII redaction](https://www.assemblyai.com/docs/pii-redaction#request-for-redacted-
    audio) for more information."""

    #: By default, audio redaction provides redacted audio URLs only when speech is detected.
    #: However, if your use-case specifically requires redacted audio files even for silent
    #: audio files without any dialogue, you can opt to receive these URLs by setting this
    #: parameter to `true`.
    return_redacted_no_speech_audio: bool = attrs.field(
        default=False, metadata={"wire": "return_redacted_no_speech_audio"}
    )
    #: Specify the method used to redact audio. By default, redacted audio uses a beep sound.
    #: Set to `silence` to replace PII with silence instead of a beep.
    override_audio_redaction_method: OverrideAudioRedactionMethod | None = attrs.field(
        default=None, metadata={"wire": "override_audio_redaction_method"}
    )


class RemoveAudioTags1(OpenStrEnum):
    """Whether [audio event tags](https://www.assemblyai.com/docs/pre-recorded-
    audio/universal-3-pro#audio-event-tags) were removed from the transcript text.

    Note: This parameter is only supported for the Universal-3 Pro model."""

    ALL = "all"


@attrs.define(kw_only=True)
class TranslatedTexts:
    """Translated text keyed by language code. See
    [Translation](https://www.assemblyai.com/docs/speech-understanding/translation) for more
    details."""

    #: Translated text for this language code
    language_code: str | None = attrs.field(default=None, metadata={"wire": "language_code"})


@attrs.define(kw_only=True)
class Chapter:
    """Chapter of the audio file"""

    #: An ultra-short summary (just a few words) of the content spoken in the chapter
    gist: str = attrs.field(metadata={"wire": "gist"})
    #: A single sentence summary of the content spoken during the chapter
    headline: str = attrs.field(metadata={"wire": "headline"})
    #: A one paragraph summary of the content spoken during the chapter
    summary: str = attrs.field(metadata={"wire": "summary"})
    #: The starting time, in milliseconds, for the chapter
    start: int = attrs.field(metadata={"wire": "start"})
    #: The starting time, in milliseconds, for the chapter
    end: int = attrs.field(metadata={"wire": "end"})


class EntityType(OpenStrEnum):
    """The type of entity for the detected entity"""

    ACCOUNT_NUMBER = "account_number"
    BANKING_INFORMATION = "banking_information"
    BLOOD_TYPE = "blood_type"
    CREDIT_CARD_CVV = "credit_card_cvv"
    CREDIT_CARD_EXPIRATION = "credit_card_expiration"
    CREDIT_CARD_NUMBER = "credit_card_number"
    DATE = "date"
    DATE_INTERVAL = "date_interval"
    DATE_OF_BIRTH = "date_of_birth"
    DRIVERS_LICENSE = "drivers_license"
    DRUG = "drug"
    DURATION = "duration"
    EMAIL_ADDRESS = "email_address"
    EVENT = "event"
    FILENAME = "filename"
    GENDER_SEXUALITY = "gender_sexuality"
    HEALTHCARE_NUMBER = "healthcare_number"
    INJURY = "injury"
    IP_ADDRESS = "ip_address"
    LANGUAGE = "language"
    LOCATION = "location"
    MARITAL_STATUS = "marital_status"
    MEDICAL_CONDITION = "medical_condition"
    MEDICAL_PROCESS = "medical_process"
    MONEY_AMOUNT = "money_amount"
    NATIONALITY = "nationality"
    NUMBER_SEQUENCE = "number_sequence"
    OCCUPATION = "occupation"
    ORGANIZATION = "organization"
    PASSPORT_NUMBER = "passport_number"
    PASSWORD = "password"  # noqa: S105
    PERSON_AGE = "person_age"
    PERSON_NAME = "person_name"
    PHONE_NUMBER = "phone_number"
    PHYSICAL_ATTRIBUTE = "physical_attribute"
    POLITICAL_AFFILIATION = "political_affiliation"
    RELIGION = "religion"
    STATISTICS = "statistics"
    TIME = "time"
    URL = "url"
    US_SOCIAL_SECURITY_NUMBER = "us_social_security_number"
    USERNAME = "username"
    VEHICLE_ID = "vehicle_id"
    ZODIAC_SIGN = "zodiac_sign"


class Sentiment(OpenStrEnum):
    POSITIVE = "POSITIVE"
    NEUTRAL = "NEUTRAL"
    NEGATIVE = "NEGATIVE"


@attrs.define(kw_only=True)
class Label:
    #: How relevant the detected topic is of a detected topic
    relevance: float = attrs.field(metadata={"wire": "relevance"})
    #: The IAB taxonomical label for the label of the detected topic, where > denotes
    #: supertopic/subtopic relationship
    label: str = attrs.field(metadata={"wire": "label"})


@attrs.define(kw_only=True)
class TopicDetectionResult:
    """The result of the topic detection model"""

    #: The text in the transcript in which a detected topic occurs
    text: str = attrs.field(metadata={"wire": "text"})
    #: An array of detected topics in the text
    labels: list[Label] | None = attrs.field(default=None, metadata={"wire": "labels"})
    timestamp: Timestamp | None = attrs.field(default=None, metadata={"wire": "timestamp"})


@attrs.define(kw_only=True)
class ContentSafetyLabel:
    #: The label of the sensitive topic
    label: str = attrs.field(metadata={"wire": "label"})
    #: The confidence score for the topic being discussed, from 0 to 1
    confidence: float = attrs.field(metadata={"wire": "confidence"})
    #: How severely the topic is discussed in the section, from 0 to 1
    severity: float = attrs.field(metadata={"wire": "severity"})


@attrs.define(kw_only=True)
class ContentSafetyLabelResult:
    #: The transcript of the section flagged by the Content Moderation model
    text: str = attrs.field(metadata={"wire": "text"})
    #: An array of safety labels, one per sensitive topic that was detected in the section
    labels: list[ContentSafetyLabel] = attrs.field(metadata={"wire": "labels"})
    #: The sentence index at which the section begins
    sentences_idx_start: int = attrs.field(metadata={"wire": "sentences_idx_start"})
    #: The sentence index at which the section ends
    sentences_idx_end: int = attrs.field(metadata={"wire": "sentences_idx_end"})
    #: Timestamp information for the section
    timestamp: Timestamp = attrs.field(metadata={"wire": "timestamp"})


@attrs.define(kw_only=True)
class SeverityScoreSummary:
    low: float = attrs.field(metadata={"wire": "low"})
    medium: float = attrs.field(metadata={"wire": "medium"})
    high: float = attrs.field(metadata={"wire": "high"})


@attrs.define(kw_only=True)
class AutoHighlightResult:
    #: The total number of times the key phrase appears in the audio file
    count: int = attrs.field(metadata={"wire": "count"})
    #: The total relevancy to the overall audio file of this key phrase - a greater number
    #: means more relevant
    rank: float = attrs.field(metadata={"wire": "rank"})
    #: The text itself of the key phrase
    text: str = attrs.field(metadata={"wire": "text"})
    #: The timestamp of the of the key phrase
    timestamps: list[Timestamp] = attrs.field(metadata={"wire": "timestamps"})


@attrs.define(kw_only=True)
class TranscriptWord:
    #: The confidence score for the transcript of this word
    confidence: float = attrs.field(metadata={"wire": "confidence"})
    #: The starting time, in milliseconds, for the word
    start: int = attrs.field(metadata={"wire": "start"})
    #: The ending time, in milliseconds, for the word
    end: int = attrs.field(metadata={"wire": "end"})
    #: The text of the word
    text: str = attrs.field(metadata={"wire": "text"})
    #: The speaker of the word if [Speaker Diarization](https://www.assemblyai.com/docs/pre-
    #: recorded-audio/speaker-diarization) is enabled, else null
    speaker: str | None = attrs.field(metadata={"wire": "speaker"})
    #: The channel of the word. The left and right channels are channels 1 and 2. Additional
    #: channels increment the channel number sequentially.
    channel: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "channel"})


@attrs.define(kw_only=True)
class PageDetails:
    """Details of the transcript page. Transcripts are sorted from newest to oldest. The
    previous URL always points to a page with older transcripts."""

    #: The number of results this page is limited to
    limit: int = attrs.field(metadata={"wire": "limit"})
    #: The actual number of results in the page
    result_count: int = attrs.field(metadata={"wire": "result_count"})
    #: The URL used to retrieve the current page of transcripts
    current_url: str = attrs.field(metadata={"wire": "current_url"})
    #: The URL to the next page of transcripts. The previous URL always points to a page with
    #: older transcripts.
    prev_url: str | None = attrs.field(metadata={"wire": "prev_url"})
    #: The URL to the next page of transcripts. The next URL always points to a page with newer
    #: transcripts.
    next_url: str | None = attrs.field(metadata={"wire": "next_url"})


@attrs.define(kw_only=True)
class TranscriptListItem:
    #: The unique identifier for the transcript
    id: str = attrs.field(metadata={"wire": "id"})
    #: The URL to retrieve the transcript
    resource_url: str = attrs.field(metadata={"wire": "resource_url"})
    #: The status of the transcript
    status: TranscriptStatus = attrs.field(metadata={"wire": "status"})
    #: The date and time the transcript was created
    created: str = attrs.field(metadata={"wire": "created"})
    #: The date and time the transcript was completed
    completed: str | None = attrs.field(metadata={"wire": "completed"})
    #: The URL to the audio file
    audio_url: str = attrs.field(metadata={"wire": "audio_url"})
    #: Error message of why the transcript failed
    error: str | None = attrs.field(metadata={"wire": "error"})


@attrs.define(kw_only=True)
class TranscriptList:
    """A list of transcripts. Transcripts are sorted from newest to oldest. The previous URL
    always points to a page with older transcripts."""

    #: Details of the transcript page
    page_details: PageDetails = attrs.field(metadata={"wire": "page_details"})
    #: An array of transcripts
    transcripts: list[TranscriptListItem] = attrs.field(metadata={"wire": "transcripts"})


class AudioIntelligenceModelStatus(OpenStrEnum):
    """Either success, or unavailable in the rare case that the model failed"""

    SUCCESS = "success"
    UNAVAILABLE = "unavailable"


@attrs.define(kw_only=True)
class Error:
    #: Error message
    error: str = attrs.field(metadata={"wire": "error"})
    status: Literal["error"] | None = attrs.field(
        default=None, metadata={"wire": "status", "tag": True}
    )


@attrs.define(kw_only=True)
class Translation:
    """The translation task's options."""

    #: List of target language codes (e.g., `["es", "de"]`). See
    #: [Translation](https://www.assemblyai.com/docs/speech-understanding/translation) for
    #: supported languages.
    target_languages: list[str] = attrs.field(metadata={"wire": "target_languages"})
    #: Use formal language style. See [Translation](https://www.assemblyai.com/docs/speech-
    #: understanding/translation) for more details.
    formal: bool = attrs.field(default=True, metadata={"wire": "formal"})
    #: When enabled with Speaker Labels, returns translated text in the utterances array. Each
    #: utterance will include a `translated_texts` key containing translations for each target
    #: language.
    match_original_utterance: bool = attrs.field(
        default=False, metadata={"wire": "match_original_utterance"}
    )


@attrs.define(kw_only=True)
class TranslationRequestBody:
    """Request body for [Translation](https://www.assemblyai.com/docs/speech-
    understanding/translation)."""

    #: The translation task's options.
    translation: Translation = attrs.field(metadata={"wire": "translation"})


class SpeakerType(OpenStrEnum):
    """Type of speaker identification. See [Speaker
    Identification](https://www.assemblyai.com/docs/speech-understanding/speaker-
    identification) for details on each type."""

    ROLE = "role"
    NAME = "name"


@attrs.define(kw_only=True)
class Speaker:
    #: The role of the speaker. Required when `speaker_type` is "role".
    role: str | None = attrs.field(default=None, metadata={"wire": "role"})
    #: The name of the speaker. Required when `speaker_type` is "name".
    name: str | None = attrs.field(default=None, metadata={"wire": "name"})
    #: A description of the speaker to help the model identify them based on conversational
    #: context.
    description: str | None = attrs.field(default=None, metadata={"wire": "description"})


@attrs.define(kw_only=True)
class SpeakerIdentification:
    """The speaker identification task's options."""

    #: Type of speaker identification. See [Speaker
    #: Identification](https://www.assemblyai.com/docs/speech-understanding/speaker-
    #: identification) for details on each type.
    speaker_type: SpeakerType = attrs.field(metadata={"wire": "speaker_type"})
    #: Required if speaker_type is "role". Each value must be 35 characters or less.
    known_values: list[str] | None = attrs.field(default=None, metadata={"wire": "known_values"})
    #: An array of speaker objects with metadata to improve identification accuracy. Each
    #: object should include a `role` or `name` (depending on `speaker_type`) and an optional
    #: `description` to help the model identify the speaker. You can also include any
    #: additional custom properties (e.g., `company`, `title`) to provide more context. Use
    #: this as an alternative to `known_values` when you want to provide additional context
    #: about each speaker.
    speakers: list[Speaker] | None = attrs.field(default=None, metadata={"wire": "speakers"})


@attrs.define(kw_only=True)
class SpeakerIdentificationRequestBody:
    """Request body for [Speaker Identification](https://www.assemblyai.com/docs/speech-
    understanding/speaker-identification)."""

    #: The speaker identification task's options.
    speaker_identification: SpeakerIdentification = attrs.field(
        metadata={"wire": "speaker_identification"}
    )


@attrs.define(kw_only=True)
class CustomFormatting:
    """The custom formatting task's options."""

    #: Date format pattern (e.g., `"mm/dd/yyyy"`). See [Custom
    #: Formatting](https://www.assemblyai.com/docs/speech-understanding/custom-formatting) for
    #: more details.
    date: str | None = attrs.field(default=None, metadata={"wire": "date"})
    #: Phone number format pattern (e.g., `"(xxx)xxx-xxxx"`). See [Custom
    #: Formatting](https://www.assemblyai.com/docs/speech-understanding/custom-formatting) for
    #: more details.
    phone_number: str | None = attrs.field(default=None, metadata={"wire": "phone_number"})
    #: Email format pattern (e.g., `"username@domain.com"`). See [Custom
    #: Formatting](https://www.assemblyai.com/docs/speech-understanding/custom-formatting) for
    #: more details.
    email: str | None = attrs.field(default=None, metadata={"wire": "email"})


@attrs.define(kw_only=True)
class CustomFormattingRequestBody:
    """Request body for [Custom Formatting](https://www.assemblyai.com/docs/speech-
    understanding/custom-formatting)."""

    #: The custom formatting task's options.
    custom_formatting: CustomFormatting = attrs.field(metadata={"wire": "custom_formatting"})


@attrs.define(kw_only=True)
class Translation1:
    """The translation task's status."""

    status: str | None = attrs.field(default=None, metadata={"wire": "status"})


@attrs.define(kw_only=True)
class TranslationResponse:
    """The translation task's outcome."""

    #: The translation task's status.
    translation: Translation1 = attrs.field(metadata={"wire": "translation"})


@attrs.define(kw_only=True)
class SpeakerIdentification1:
    """The speaker identification task's mapping and status."""

    #: A mapping of the original generic speaker labels (e.g., "A", "B") to the identified
    #: speaker names or roles.
    mapping: dict[str, str] | None = attrs.field(default=None, metadata={"wire": "mapping"})
    status: str | None = attrs.field(default=None, metadata={"wire": "status"})


@attrs.define(kw_only=True)
class SpeakerIdentificationResponse:
    """The speaker identification task's outcome."""

    #: The speaker identification task's mapping and status.
    speaker_identification: SpeakerIdentification1 = attrs.field(
        metadata={"wire": "speaker_identification"}
    )


@attrs.define(kw_only=True)
class CustomFormatting1:
    """The custom formatting task's mapping and formatted text."""

    mapping: dict[str, str] | None = attrs.field(default=None, metadata={"wire": "mapping"})
    formatted_text: str | None = attrs.field(default=None, metadata={"wire": "formatted_text"})


@attrs.define(kw_only=True)
class CustomFormattingResponse:
    """The custom formatting task's outcome."""

    #: The custom formatting task's mapping and formatted text.
    custom_formatting: CustomFormatting1 = attrs.field(metadata={"wire": "custom_formatting"})


@attrs.define(kw_only=True)
class TranscriptReadyNotification:
    """The notification when the transcript status is completed or error."""

    #: The ID of the transcript
    transcript_id: str = attrs.field(metadata={"wire": "transcript_id"})
    #: The status of the transcript. Either completed or error.
    status: TranscriptReadyStatus = attrs.field(metadata={"wire": "status"})


@attrs.define(kw_only=True)
class RedactedAudioResponse:
    #: The status of the redacted audio
    status: RedactedAudioStatus = attrs.field(metadata={"wire": "status"})
    #: The URL of the redacted audio file
    redacted_audio_url: str = attrs.field(metadata={"wire": "redacted_audio_url"})


@attrs.define(kw_only=True)
class WordSearchMatch:
    #: The matched word
    text: str = attrs.field(metadata={"wire": "text"})
    #: The total amount of times the word is in the transcript
    count: int = attrs.field(metadata={"wire": "count"})
    #: An array of timestamps
    timestamps: list[WordSearchTimestamp] = attrs.field(metadata={"wire": "timestamps"})
    #: An array of all index locations for that word within the `words` array of the completed
    #: transcript
    indexes: list[int] = attrs.field(metadata={"wire": "indexes"})


@attrs.define(kw_only=True)
class SpeechUnderstanding:
    """Enable speech understanding tasks like
    [Translation](https://www.assemblyai.com/docs/speech-understanding/translation),
    [Speaker Identification](https://www.assemblyai.com/docs/speech-understanding/speaker-
    identification), and [Custom Formatting](https://www.assemblyai.com/docs/speech-
    understanding/custom-formatting). See the task-specific docs for available options and
    configuration."""

    request: (
        TranslationRequestBody | SpeakerIdentificationRequestBody | CustomFormattingRequestBody
    ) = attrs.field(metadata={"wire": "request"})


@attrs.define(kw_only=True)
class TranscriptOptionalParams:
    """The parameters for creating a transcript"""

    #: List multiple speech models in priority order, allowing our system to automatically
    #: route your audio to the best available option. See [Model
    #: Selection](https://www.assemblyai.com/docs/pre-recorded-audio/select-the-speech-model)
    #: for available models and routing behavior.
    speech_models: list[SpeechModel] = attrs.field(metadata={"wire": "speech_models"})
    #: The point in time, in milliseconds, to stop transcribing in your media file. See [Set
    #: the start and end of the transcript](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/set-the-start-and-end-of-the-transcript) for more details.
    audio_end_at: int | None = attrs.field(default=None, metadata={"wire": "audio_end_at"})
    #: The point in time, in milliseconds, to begin transcribing in your media file. See [Set
    #: the start and end of the transcript](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/set-the-start-and-end-of-the-transcript) for more details.
    audio_start_from: int | None = attrs.field(default=None, metadata={"wire": "audio_start_from"})
    #: Enable [Auto Chapters](https://www.assemblyai.com/docs/speech-understanding/auto-
    #: chapters), can be true or false. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: chapter summaries. See the [updated Auto Chapters
    #: page](https://www.assemblyai.com/docs/speech-understanding/auto-chapters) for details.
    auto_chapters: bool = attrs.field(default=False, metadata={"wire": "auto_chapters"})
    #: Enable [Key Phrases](https://www.assemblyai.com/docs/speech-understanding/key-phrases),
    #: either true or false
    auto_highlights: bool = attrs.field(default=False, metadata={"wire": "auto_highlights"})
    #: Enable [Content Moderation](https://www.assemblyai.com/docs/content-moderation), can be
    #: true or false
    content_safety: bool = attrs.field(default=False, metadata={"wire": "content_safety"})
    #: The confidence threshold for the [Content
    #: Moderation](https://www.assemblyai.com/docs/content-moderation) model. Values must be
    #: between 25 and 100.
    content_safety_confidence: int = attrs.field(
        default=50,
        metadata={"wire": "content_safety_confidence"},
        validator=Constraint(
            "content_safety_confidence",
            int,
            minimum=25,
            maximum=100,
            description=(
                "The confidence threshold for the [Content "
                "Moderation](https://www.assemblyai.com/docs/content-moderation) model. "
                "Values must be between 25 and 100"
            ),
        ).validate,
    )
    #: Customize how words are spelled and formatted using to and from values. See [Custom
    #: Spelling](https://www.assemblyai.com/docs/pre-recorded-audio/custom-spelling) for more
    #: details.
    custom_spelling: list[TranscriptCustomSpelling] | None = attrs.field(
        default=None, metadata={"wire": "custom_spelling"}
    )
    #: Transcribe [Filler Words](https://www.assemblyai.com/docs/pre-recorded-audio/filler-
    #: words), like "umm", in your media file; can be true or false
    disfluencies: bool = attrs.field(default=False, metadata={"wire": "disfluencies"})
    #: Enable [Entity Detection](https://www.assemblyai.com/docs/speech-understanding/entity-
    #: detection), can be true or false
    entity_detection: bool = attrs.field(default=False, metadata={"wire": "entity_detection"})
    #: Filter profanity from the transcribed text, can be true or false. See [Profanity
    #: Filtering](https://www.assemblyai.com/docs/profanity-filtering) for more details.
    filter_profanity: bool = attrs.field(default=False, metadata={"wire": "filter_profanity"})
    #: Enable [Text Formatting](https://www.assemblyai.com/docs/pre-recorded-audio), can be
    #: true or false
    format_text: bool = attrs.field(default=True, metadata={"wire": "format_text"})
    #: Enable [Topic Detection](https://www.assemblyai.com/docs/speech-understanding/topic-
    #: detection), can be true or false
    iab_categories: bool = attrs.field(default=False, metadata={"wire": "iab_categories"})
    #: Improve accuracy with up to 200 (for Universal-2) or 1000 (for Universal-3 Pro) domain-
    #: specific words or phrases (maximum 6 words per phrase). See [Keyterms
    #: Prompting](https://www.assemblyai.com/docs/pre-recorded-audio/keyterms-prompting) for
    #: more details.
    keyterms_prompt: list[str] | None = attrs.field(
        default=None, metadata={"wire": "keyterms_prompt"}
    )
    #: The language of your audio file. Possible values are found in [Supported
    #: Languages](https://www.assemblyai.com/docs/pre-recorded-audio/supported-languages). The
    #: default value is 'en_us'.
    language_code: TranscriptLanguageCode | str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "language_code"}
    )
    #: The language codes of your audio file. Used for [Code switching](/docs/speech-to-
    #: text/pre-recorded-audio/code-switching) One of the values specified must be `en`.
    language_codes: list[TranscriptLanguageCode] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "language_codes"}
    )
    #: The confidence threshold for the automatically detected language. An error will be
    #: returned if the language confidence is below this threshold. Defaults to 0. See
    #: [Automatic Language Detection](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/language-detection) for more details.
    language_confidence_threshold: float = attrs.field(
        default=0,
        metadata={"wire": "language_confidence_threshold"},
        validator=Constraint(
            "language_confidence_threshold",
            float,
            minimum=0,
            maximum=1,
            description=(
                "The confidence threshold for the automatically detected language. An "
                "error will be returned if the language confidence is below this "
                "threshold. Defaults to 0. See [Automatic Language "
                "Detection](https://www.assemblyai.com/docs/pre-recorded-audio/language-d"
                "etection) for more details"
            ),
        ).validate,
    )
    #: Enable [Automatic language detection](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/language-detection), either true or false.
    language_detection: bool = attrs.field(default=False, metadata={"wire": "language_detection"})
    #: Specify options for [Automatic Language Detection](https://www.assemblyai.com/docs/pre-
    #: recorded-audio/language-detection).
    language_detection_options: LanguageDetectionOptions | None = attrs.field(
        default=None, metadata={"wire": "language_detection_options"}
    )
    #: Enable [Multichannel](https://www.assemblyai.com/docs/pre-recorded-audio/multichannel)
    #: transcription, can be true or false.
    multichannel: bool = attrs.field(default=False, metadata={"wire": "multichannel"})
    #: Provide natural language prompting of up to 1,500 words of contextual information to the
    #: model. See the [Prompting Guide](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/prompting) for best practices.  Note: This parameter is only supported for the
    #: Universal-3 Pro model.
    prompt: str | None = attrs.field(default=None, metadata={"wire": "prompt"})
    #: Enable [Automatic Punctuation](https://www.assemblyai.com/docs/pre-recorded-audio), can
    #: be true or false
    punctuate: bool = attrs.field(default=True, metadata={"wire": "punctuate"})
    #: Redact PII from the transcribed text using the Redact PII model, can be true or false.
    #: See [PII Redaction](https://www.assemblyai.com/docs/pii-redaction) for more details.
    redact_pii: bool = attrs.field(default=False, metadata={"wire": "redact_pii"})
    #: Generate a copy of the original media file with spoken PII "beeped" out, can be true or
    #: false. See [PII redaction](https://www.assemblyai.com/docs/pii-redaction#request-for-
    #: redacted-audio) for more details.
    redact_pii_audio: bool = attrs.field(default=False, metadata={"wire": "redact_pii_audio"})
    #: Specify options for [PII redacted audio](https://www.assemblyai.com/docs/pii-
    #: redaction#request-for-redacted-audio) files.
    redact_pii_audio_options: RedactPiiAudioOptions | None = attrs.field(
        default=None, metadata={"wire": "redact_pii_audio_options"}
    )
    #: Controls the filetype of the audio created by redact_pii_audio. Currently supports mp3
    #: (default) and wav. See [PII redaction](https://www.assemblyai.com/docs/pii-
    #: redaction#request-for-redacted-audio) for more details.
    redact_pii_audio_quality: RedactPiiAudioQuality = attrs.field(
        default=RedactPiiAudioQuality.MP3, metadata={"wire": "redact_pii_audio_quality"}
    )
    #: The list of PII Redaction policies to enable. See [PII
    #: redaction](https://www.assemblyai.com/docs/pii-redaction) for more details.
    redact_pii_policies: list[PiiPolicy] | None = attrs.field(
        default=None, metadata={"wire": "redact_pii_policies"}
    )
    #: The replacement logic for detected PII, can be `entity_type` or `hash`. See [PII
    #: redaction](https://www.assemblyai.com/docs/pii-redaction) for more details.
    redact_pii_sub: SubstitutionPolicy | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "redact_pii_sub"}
    )
    #: Enable [Sentiment Analysis](https://www.assemblyai.com/docs/speech-
    #: understanding/sentiment-analysis), can be true or false
    sentiment_analysis: bool = attrs.field(default=False, metadata={"wire": "sentiment_analysis"})
    #: Enable [Speaker diarization](https://www.assemblyai.com/docs/pre-recorded-audio/speaker-
    #: diarization), can be true or false
    speaker_labels: bool = attrs.field(default=False, metadata={"wire": "speaker_labels"})
    #: Specify options for [Speaker diarization](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/speaker-diarization#set-a-range-of-possible-speakers). Use this to set a range of
    #: possible speakers.
    speaker_options: SpeakerOptions | None = attrs.field(
        default=None, metadata={"wire": "speaker_options"}
    )
    #: Tells the speaker label model how many speakers it should attempt to identify. See [Set
    #: number of speakers expected](https://www.assemblyai.com/docs/pre-recorded-audio/speaker-
    #: diarization#set-number-of-speakers-expected) for more details.
    speakers_expected: int | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speakers_expected"}
    )
    #: Reject audio files that contain less than this fraction of speech. Valid values are in
    #: the range [0, 1] inclusive. See [Speech
    #: Threshold](https://www.assemblyai.com/docs/speech-threshold) for more details.
    speech_threshold: float | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speech_threshold"}
    )
    #: Enable speech understanding tasks like
    #: [Translation](https://www.assemblyai.com/docs/speech-understanding/translation),
    #: [Speaker Identification](https://www.assemblyai.com/docs/speech-understanding/speaker-
    #: identification), and [Custom Formatting](https://www.assemblyai.com/docs/speech-
    #: understanding/custom-formatting). See the task-specific docs for available options and
    #: configuration.
    speech_understanding: SpeechUnderstanding | None = attrs.field(
        default=None, metadata={"wire": "speech_understanding"}
    )
    #: Enable [Summarization](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization), can be true or false. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: summaries. See the [updated Summarization page](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization) for details.
    summarization: bool = attrs.field(default=False, metadata={"wire": "summarization"})
    #: The model to summarize the transcript. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: summaries. See the [updated Summarization page](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization) for details.
    summary_model: SummaryModel = attrs.field(
        default=SummaryModel.INFORMATIVE, metadata={"wire": "summary_model"}
    )
    #: The type of summary. Deprecated - use [LLM Gateway](https://www.assemblyai.com/docs/llm-
    #: gateway/overview) instead for more flexible summaries. See the [updated Summarization
    #: page](https://www.assemblyai.com/docs/speech-understanding/summarization) for details.
    summary_type: SummaryType = attrs.field(
        default=SummaryType.BULLETS, metadata={"wire": "summary_type"}
    )
    #: Remove [audio event tags](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/universal-3-pro#audio-event-tags) from the transcript text. Set to `"all"` to
    #: remove all audio tags.  Note: This parameter is only supported for the Universal-3 Pro
    #: model.
    remove_audio_tags: RemoveAudioTags | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "remove_audio_tags"}
    )
    #: Control the amount of randomness injected into the model's response. See the [Prompting
    #: Guide](https://www.assemblyai.com/docs/pre-recorded-audio/prompting) for more details.
    #: Note: This parameter can only be used with the Universal-3 Pro model.
    temperature: float = attrs.field(
        default=0.0,
        metadata={"wire": "temperature"},
        validator=Constraint(
            "temperature",
            float,
            minimum=0.0,
            maximum=1.0,
            description=(
                "Control the amount of randomness injected into the model\u0027s response. "
                "See the [Prompting "
                "Guide](https://www.assemblyai.com/docs/pre-recorded-audio/prompting) "
                "for more details.  Note: This parameter can only be used with the "
                "Universal-3 Pro model"
            ),
        ).validate,
    )
    #: The header name to be sent with the transcript completed or failed
    #: [webhook](https://www.assemblyai.com/docs/deployment/webhooks-for-pre-recorded-audio)
    #: requests
    webhook_auth_header_name: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "webhook_auth_header_name"}
    )
    #: The header value to send back with the transcript completed or failed
    #: [webhook](https://www.assemblyai.com/docs/deployment/webhooks-for-pre-recorded-audio)
    #: requests for added security
    webhook_auth_header_value: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "webhook_auth_header_value"}
    )
    #: The URL to which we send [webhook](https://www.assemblyai.com/docs/deployment/webhooks-
    #: for-pre-recorded-audio) requests.
    webhook_url: str | None = attrs.field(default=None, metadata={"wire": "webhook_url"})
    #: This parameter does not currently have any functionality attached to it.
    custom_topics: bool = attrs.field(default=False, metadata={"wire": "custom_topics"})
    #: This parameter has been replaced with the `speech_models` parameter, learn more about
    #: the `speech_models` parameter [here](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/select-the-speech-model).
    speech_model: SpeechModel | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speech_model"}
    )
    #: This parameter does not currently have any functionality attached to it.
    topics: list[str] | None = attrs.field(default=None, metadata={"wire": "topics"})


@attrs.define(kw_only=True)
class TranscriptParams(TranscriptOptionalParams):
    """The parameters for creating a transcript"""

    #: The URL of the audio or video file to transcribe.
    audio_url: str = attrs.field(metadata={"wire": "audio_url"})


@attrs.define(kw_only=True)
class TranscriptUtterance:
    #: The confidence score for the transcript of this utterance
    confidence: float = attrs.field(metadata={"wire": "confidence"})
    #: The starting time, in milliseconds, of the utterance in the audio file
    start: int = attrs.field(metadata={"wire": "start"})
    #: The ending time, in milliseconds, of the utterance in the audio file
    end: int = attrs.field(metadata={"wire": "end"})
    #: The text for this utterance
    text: str = attrs.field(metadata={"wire": "text"})
    #: The words in the utterance.
    words: list[TranscriptWord] = attrs.field(metadata={"wire": "words"})
    #: The speaker of this utterance, where each speaker is assigned a sequential capital
    #: letter - e.g. "A" for Speaker A, "B" for Speaker B, etc.
    speaker: str = attrs.field(metadata={"wire": "speaker"})
    #: The channel of this utterance. The left and right channels are channels 1 and 2.
    #: Additional channels increment the channel number sequentially.
    channel: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "channel"})
    #: Translations keyed by language code (e.g., `{"es": "Texto traducido", "de": "Übersetzter
    #: Text"}`). Only present when `match_original_utterance` is enabled with translation.
    translated_texts: dict[str, str] | None = attrs.field(
        default=None, metadata={"wire": "translated_texts"}
    )


@attrs.define(kw_only=True)
class SpeechUnderstanding1:
    """Speech understanding tasks like [Translation](https://www.assemblyai.com/docs/speech-
    understanding/translation), [Speaker
    Identification](https://www.assemblyai.com/docs/speech-understanding/speaker-
    identification), and [Custom Formatting](https://www.assemblyai.com/docs/speech-
    understanding/custom-formatting). See the task-specific docs for available options and
    configuration."""

    request: (
        TranslationRequestBody
        | SpeakerIdentificationRequestBody
        | CustomFormattingRequestBody
        | None
    ) = attrs.field(default=None, metadata={"wire": "request"})
    response: (
        TranslationResponse | SpeakerIdentificationResponse | CustomFormattingResponse | None
    ) = attrs.field(default=None, metadata={"wire": "response"})


@attrs.define(kw_only=True)
class TopicDetectionModelResult:
    """The result of the Topic Detection model, if it is enabled.
    See [Topic Detection](https://www.assemblyai.com/docs/speech-understanding/topic-
    detection) for more information."""

    #: The status of the Topic Detection model. Either success, or unavailable in the rare case
    #: that the model failed.
    status: AudioIntelligenceModelStatus = attrs.field(metadata={"wire": "status"})
    #: An array of results for the Topic Detection model
    results: list[TopicDetectionResult] = attrs.field(metadata={"wire": "results"})
    #: The overall relevance of topic to the entire audio file
    summary: dict[str, float] = attrs.field(metadata={"wire": "summary"})


@attrs.define(kw_only=True)
class ContentSafetyLabelsResult:
    """An array of results for the Content Moderation model, if it is enabled.
    See [Content moderation](https://www.assemblyai.com/docs/content-moderation) for more
    information."""

    #: The status of the Content Moderation model. Either success, or unavailable in the rare
    #: case that the model failed.
    status: AudioIntelligenceModelStatus = attrs.field(metadata={"wire": "status"})
    #: An array of results for the Content Moderation model
    results: list[ContentSafetyLabelResult] = attrs.field(metadata={"wire": "results"})
    #: A summary of the Content Moderation confidence results for the entire audio file
    summary: dict[str, float] = attrs.field(metadata={"wire": "summary"})
    #: A summary of the Content Moderation severity results for the entire audio file
    severity_score_summary: dict[str, SeverityScoreSummary] = attrs.field(
        metadata={"wire": "severity_score_summary"}
    )


@attrs.define(kw_only=True)
class Entity:
    """A detected entity"""

    #: The type of entity for the detected entity
    entity_type: EntityType = attrs.field(metadata={"wire": "entity_type"})
    #: The text for the detected entity
    text: str = attrs.field(metadata={"wire": "text"})
    #: The starting time, in milliseconds, at which the detected entity appears in the audio
    #: file
    start: int = attrs.field(metadata={"wire": "start"})
    #: The ending time, in milliseconds, for the detected entity in the audio file
    end: int = attrs.field(metadata={"wire": "end"})


@attrs.define(kw_only=True)
class SentimentAnalysisResult:
    """The result of the Sentiment Analysis model"""

    #: The transcript of the sentence
    text: str = attrs.field(metadata={"wire": "text"})
    #: The starting time, in milliseconds, of the sentence
    start: int = attrs.field(metadata={"wire": "start"})
    #: The ending time, in milliseconds, of the sentence
    end: int = attrs.field(metadata={"wire": "end"})
    #: The detected sentiment for the sentence, one of POSITIVE, NEUTRAL, NEGATIVE
    sentiment: Sentiment = attrs.field(metadata={"wire": "sentiment"})
    #: The confidence score for the detected sentiment of the sentence, from 0 to 1
    confidence: float = attrs.field(metadata={"wire": "confidence"})
    #: The speaker of the sentence if [Speaker
    #: Diarization](https://www.assemblyai.com/docs/pre-recorded-audio/speaker-diarization) is
    #: enabled, else null
    speaker: str | None = attrs.field(metadata={"wire": "speaker"})
    #: The channel of this utterance. The left and right channels are channels 1 and 2.
    #: Additional channels increment the channel number sequentially.
    channel: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "channel"})


@attrs.define(kw_only=True)
class AutoHighlightsResult:
    """An array of results for the Key Phrases model, if it is enabled.
    See [Key phrases](https://www.assemblyai.com/docs/speech-understanding/key-phrases) for
    more information."""

    #: The status of the Key Phrases model. Either success, or unavailable in the rare case
    #: that the model failed.
    status: AudioIntelligenceModelStatus = attrs.field(metadata={"wire": "status"})
    #: A temporally-sequential array of Key Phrases
    results: list[AutoHighlightResult] = attrs.field(metadata={"wire": "results"})


@attrs.define(kw_only=True)
class RedactedAudioNotification(RedactedAudioResponse):
    """The notification when the redacted audio is ready."""


@attrs.define(kw_only=True)
class WordSearchResponse:
    """The matches of a word search in a transcript."""

    #: The ID of the transcript
    id: str = attrs.field(metadata={"wire": "id"})
    #: The total count of all matched instances. For e.g., word 1 matched 2 times, and word 2
    #: matched 3 times, `total_count` will equal 5.
    total_count: int = attrs.field(metadata={"wire": "total_count"})
    #: The matches of the search
    matches: list[WordSearchMatch] = attrs.field(metadata={"wire": "matches"})


@attrs.define(kw_only=True)
class Transcript:
    """A transcript object"""

    #: The URL of the media that was transcribed
    audio_url: str = attrs.field(metadata={"wire": "audio_url"})
    #: Whether [Key Phrases](https://www.assemblyai.com/docs/speech-understanding/key-phrases)
    #: is enabled, either true or false
    auto_highlights: bool = attrs.field(metadata={"wire": "auto_highlights"})
    #: The unique identifier of your transcript
    id: str = attrs.field(metadata={"wire": "id"})
    #: The confidence score for the detected language, between 0.0 (low confidence) and 1.0
    #: (high confidence). See [Automatic Language
    #: Detection](https://www.assemblyai.com/docs/pre-recorded-audio/language-detection) for
    #: more details.
    language_confidence: float | None = attrs.field(metadata={"wire": "language_confidence"})
    #: The confidence threshold for the automatically detected language. An error will be
    #: returned if the language confidence is below this threshold. See [Automatic Language
    #: Detection](https://www.assemblyai.com/docs/pre-recorded-audio/language-detection) for
    #: more details.
    language_confidence_threshold: float | None = attrs.field(
        metadata={"wire": "language_confidence_threshold"}
    )
    #: Whether [PII Redaction](https://www.assemblyai.com/docs/pii-redaction) is enabled,
    #: either true or false
    redact_pii: bool = attrs.field(metadata={"wire": "redact_pii"})
    #: The status of your transcript. Possible values are queued, processing, completed, or
    #: error.
    status: TranscriptStatus = attrs.field(metadata={"wire": "status"})
    #: Whether [Summarization](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization) is enabled, either true or false. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: summaries. See the [updated Summarization page](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization) for details.
    summarization: bool = attrs.field(metadata={"wire": "summarization"})
    #: Whether [webhook](https://www.assemblyai.com/docs/deployment/webhooks-for-pre-recorded-
    #: audio) authentication details were provided
    webhook_auth: bool = attrs.field(metadata={"wire": "webhook_auth"})
    #: This parameter does not currently have any functionality attached to it.
    acoustic_model: str = attrs.field(metadata={"wire": "acoustic_model"})
    #: This parameter does not currently have any functionality attached to it.
    language_model: str = attrs.field(metadata={"wire": "language_model"})
    #: This parameter has been replaced with the `speech_models` parameter, learn more about
    #: the `speech_models` parameter [here](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/select-the-speech-model).
    speech_model: SpeechModel | None = attrs.field(metadata={"wire": "speech_model"})
    #: The number of audio channels in the audio file. This is only present when
    #: [multichannel](https://www.assemblyai.com/docs/pre-recorded-audio/multichannel) is
    #: enabled.
    audio_channels: int | None = attrs.field(default=None, metadata={"wire": "audio_channels"})
    #: The duration of this transcript object's media file, in seconds
    audio_duration: int | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "audio_duration"}
    )
    #: The point in time, in milliseconds, in the file at which the transcription was
    #: terminated. See [Set the start and end of the
    #: transcript](https://www.assemblyai.com/docs/pre-recorded-audio/set-the-start-and-end-of-
    #: the-transcript) for more details.
    audio_end_at: int | Unset | None = attrs.field(default=UNSET, metadata={"wire": "audio_end_at"})
    #: The point in time, in milliseconds, in the file at which the transcription was started.
    #: See [Set the start and end of the transcript](https://www.assemblyai.com/docs/pre-
    #: recorded-audio/set-the-start-and-end-of-the-transcript) for more details.
    audio_start_from: int | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "audio_start_from"}
    )
    #: Whether [Auto Chapters](https://www.assemblyai.com/docs/speech-understanding/auto-
    #: chapters) is enabled, can be true or false. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: chapter summaries. See the [updated Auto Chapters
    #: page](https://www.assemblyai.com/docs/speech-understanding/auto-chapters) for details.
    auto_chapters: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "auto_chapters"}
    )
    #: An array of results for the Key Phrases model, if it is enabled. See [Key
    #: Phrases](https://www.assemblyai.com/docs/speech-understanding/key-phrases) for more
    #: information.
    auto_highlights_result: AutoHighlightsResult | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "auto_highlights_result"}
    )
    #: An array of temporally sequential chapters for the audio file. See [Auto
    #: Chapters](https://www.assemblyai.com/docs/speech-understanding/auto-chapters) for more
    #: information.
    chapters: list[Chapter] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "chapters"}
    )
    #: The confidence score for the transcript, between 0.0 (low confidence) and 1.0 (high
    #: confidence)
    confidence: float | Unset | None = attrs.field(default=UNSET, metadata={"wire": "confidence"})
    #: Whether [Content Moderation](https://www.assemblyai.com/docs/content-moderation) is
    #: enabled, can be true or false
    content_safety: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "content_safety"}
    )
    #: An array of results for the Content Moderation model, if it is enabled. See [Content
    #: moderation](https://www.assemblyai.com/docs/content-moderation) for more information.
    content_safety_labels: ContentSafetyLabelsResult | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "content_safety_labels"}
    )
    #: Customize how words are spelled and formatted using to and from values. See [Custom
    #: Spelling](https://www.assemblyai.com/docs/pre-recorded-audio/custom-spelling) for more
    #: details.
    custom_spelling: list[TranscriptCustomSpelling] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "custom_spelling"}
    )
    #: Transcribe [Filler Words](https://www.assemblyai.com/docs/pre-recorded-audio/filler-
    #: words), like "umm", in your media file; can be true or false
    disfluencies: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "disfluencies"}
    )
    #: An array of results for the Entity Detection model, if it is enabled. See [Entity
    #: detection](https://www.assemblyai.com/docs/speech-understanding/entity-detection) for
    #: more information.
    entities: list[Entity] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "entities"}
    )
    #: Whether [Entity Detection](https://www.assemblyai.com/docs/speech-understanding/entity-
    #: detection) is enabled, can be true or false
    entity_detection: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "entity_detection"}
    )
    #: Error message of why the transcript failed
    error: str | None = attrs.field(default=None, metadata={"wire": "error"})
    #: Whether [Profanity Filtering](https://www.assemblyai.com/docs/profanity-filtering) is
    #: enabled, either true or false
    filter_profanity: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "filter_profanity"}
    )
    #: Whether [Text Formatting](https://www.assemblyai.com/docs/pre-recorded-audio) is
    #: enabled, either true or false
    format_text: bool | Unset | None = attrs.field(default=UNSET, metadata={"wire": "format_text"})
    #: Whether [Topic Detection](https://www.assemblyai.com/docs/speech-understanding/topic-
    #: detection) is enabled, can be true or false
    iab_categories: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "iab_categories"}
    )
    #: The result of the Topic Detection model, if it is enabled. See [Topic
    #: Detection](https://www.assemblyai.com/docs/speech-understanding/topic-detection) for
    #: more information.
    iab_categories_result: TopicDetectionModelResult | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "iab_categories_result"}
    )
    #: Improve accuracy with up to 200 (for Universal-2) or 1000 (for Universal-3 Pro) domain-
    #: specific words or phrases (maximum 6 words per phrase). See [Keyterms
    #: Prompting](https://www.assemblyai.com/docs/pre-recorded-audio/keyterms-prompting) for
    #: more details.
    keyterms_prompt: list[str] | None = attrs.field(
        default=None, metadata={"wire": "keyterms_prompt"}
    )
    #: The language of your audio file. Possible values are found in [Supported
    #: Languages](https://www.assemblyai.com/docs/pre-recorded-audio/supported-languages). The
    #: default value is 'en_us'.
    language_code: TranscriptLanguageCode | str | None = attrs.field(
        default=None, metadata={"wire": "language_code"}
    )
    #: The language codes of your audio file. Used for [Code switching](/docs/speech-to-
    #: text/pre-recorded-audio/code-switching) One of the values specified must be `en`.
    language_codes: list[TranscriptLanguageCode] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "language_codes"}
    )
    #: Whether [Automatic language detection](/docs/pre-recorded-audio/automatic-language-
    #: detection) is enabled, either true or false
    language_detection: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "language_detection"}
    )
    #: Specify options for [Automatic Language Detection](https://www.assemblyai.com/docs/pre-
    #: recorded-audio/language-detection).
    language_detection_options: LanguageDetectionOptions1 | None = attrs.field(
        default=None, metadata={"wire": "language_detection_options"}
    )
    #: Whether [Multichannel transcription](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/multichannel) was enabled in the transcription request, either true or false
    multichannel: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "multichannel"}
    )
    #: Provide natural language prompting of up to 1,500 words of contextual information to the
    #: model. See the [Prompting Guide](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/prompting) for best practices.  Note: This parameter is only supported for the
    #: Universal-3 Pro model.
    prompt: str | None = attrs.field(default=None, metadata={"wire": "prompt"})
    #: Whether [Automatic Punctuation](https://www.assemblyai.com/docs/pre-recorded-audio) is
    #: enabled, either true or false
    punctuate: bool | Unset | None = attrs.field(default=UNSET, metadata={"wire": "punctuate"})
    #: Whether a redacted version of the audio file was generated, either true or false. See
    #: [PII redaction](https://www.assemblyai.com/docs/pii-redaction#request-for-redacted-
    #: audio) for more information.
    redact_pii_audio: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "redact_pii_audio"}
    )
    #: The options for PII-redacted audio, if redact_pii_audio is enabled. See [PII
    #: redaction](https://www.assemblyai.com/docs/pii-redaction#request-for-redacted-audio) for
    #: more information.
    redact_pii_audio_options: RedactPiiAudioOptions1 | None = attrs.field(
        default=None, metadata={"wire": "redact_pii_audio_options"}
    )
    #: The audio quality of the PII-redacted audio file, if redact_pii_audio is enabled. See
    #: [PII redaction](https://www.assemblyai.com/docs/pii-redaction#request-for-redacted-
    #: audio) for more information.
    redact_pii_audio_quality: RedactPiiAudioQuality | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "redact_pii_audio_quality"}
    )
    #: The list of PII Redaction policies that were enabled, if PII Redaction is enabled. See
    #: [PII redaction](https://www.assemblyai.com/docs/pii-redaction) for more information.
    redact_pii_policies: list[PiiPolicy] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "redact_pii_policies"}
    )
    #: The replacement logic for detected PII, can be `entity_type` or `hash`. See [PII
    #: redaction](https://www.assemblyai.com/docs/pii-redaction) for more details.
    redact_pii_sub: SubstitutionPolicy | None = attrs.field(
        default=None, metadata={"wire": "redact_pii_sub"}
    )
    #: Whether [Sentiment Analysis](https://www.assemblyai.com/docs/speech-
    #: understanding/sentiment-analysis) is enabled, can be true or false
    sentiment_analysis: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "sentiment_analysis"}
    )
    #: An array of results for the Sentiment Analysis model, if it is enabled. See [Sentiment
    #: Analysis](https://www.assemblyai.com/docs/speech-understanding/sentiment-analysis) for
    #: more information.
    sentiment_analysis_results: list[SentimentAnalysisResult] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "sentiment_analysis_results"}
    )
    #: Whether [Speaker diarization](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/speaker-diarization) is enabled, can be true or false
    speaker_labels: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speaker_labels"}
    )
    #: Tell the speaker label model how many speakers it should attempt to identify. See [Set
    #: number of speakers expected](https://www.assemblyai.com/docs/pre-recorded-audio/speaker-
    #: diarization#set-number-of-speakers-expected) for more details.
    speakers_expected: int | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speakers_expected"}
    )
    #: The speech model that was actually used for the transcription. See [Model
    #: Selection](https://www.assemblyai.com/docs/pre-recorded-audio/select-the-speech-model)
    #: for available models.
    speech_model_used: str | None = attrs.field(
        default=None, metadata={"wire": "speech_model_used"}
    )
    #: List multiple speech models in priority order, allowing our system to automatically
    #: route your audio to the best available option. See [Model
    #: Selection](https://www.assemblyai.com/docs/pre-recorded-audio/select-the-speech-model)
    #: for available models and routing behavior.
    speech_models: list[SpeechModel] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speech_models"}
    )
    #: Defaults to null. Reject audio files that contain less than this fraction of speech.
    #: Valid values are in the range [0, 1] inclusive. See [Speech
    #: Threshold](https://www.assemblyai.com/docs/speech-threshold) for more details.
    speech_threshold: float | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "speech_threshold"}
    )
    #: Speech understanding tasks like [Translation](https://www.assemblyai.com/docs/speech-
    #: understanding/translation), [Speaker
    #: Identification](https://www.assemblyai.com/docs/speech-understanding/speaker-
    #: identification), and [Custom Formatting](https://www.assemblyai.com/docs/speech-
    #: understanding/custom-formatting). See the task-specific docs for available options and
    #: configuration.
    speech_understanding: SpeechUnderstanding1 | None = attrs.field(
        default=None, metadata={"wire": "speech_understanding"}
    )
    #: The generated summary of the media file, if
    #: [Summarization](https://www.assemblyai.com/docs/speech-understanding/summarization) is
    #: enabled. Deprecated - use [LLM Gateway](https://www.assemblyai.com/docs/llm-
    #: gateway/overview) instead for more flexible summaries. See the [updated Summarization
    #: page](https://www.assemblyai.com/docs/speech-understanding/summarization) for details.
    summary: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "summary"})
    #: The Summarization model used to generate the summary, if
    #: [Summarization](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization#summary-models) is enabled. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: summaries. See the [updated Summarization page](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization) for details.
    summary_model: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "summary_model"}
    )
    #: The type of summary generated, if
    #: [Summarization](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization#summary-types) is enabled. Deprecated - use [LLM
    #: Gateway](https://www.assemblyai.com/docs/llm-gateway/overview) instead for more flexible
    #: summaries. See the [updated Summarization page](https://www.assemblyai.com/docs/speech-
    #: understanding/summarization) for details.
    summary_type: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "summary_type"})
    #: Whether [audio event tags](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/universal-3-pro#audio-event-tags) were removed from the transcript text.  Note:
    #: This parameter is only supported for the Universal-3 Pro model.
    remove_audio_tags: RemoveAudioTags1 | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "remove_audio_tags"}
    )
    #: The temperature that was used for the model's response. See the [Prompting
    #: Guide](https://www.assemblyai.com/docs/pre-recorded-audio/prompting) for more details.
    #: Note: This parameter can only be used with the Universal-3 Pro model.
    temperature: float | Unset | None = attrs.field(default=UNSET, metadata={"wire": "temperature"})
    #: The textual transcript of your media file
    text: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "text"})
    #: True while a request is throttled and false when a request is no longer throttled
    throttled: bool | Unset | None = attrs.field(default=UNSET, metadata={"wire": "throttled"})
    #: When multichannel or speaker_labels is enabled, a list of turn-by-turn utterance
    #: objects. See [Speaker diarization](https://www.assemblyai.com/docs/pre-recorded-
    #: audio/speaker-diarization) and [Multichannel
    #: transcription](https://www.assemblyai.com/docs/pre-recorded-audio/multichannel) for more
    #: information.
    utterances: list[TranscriptUtterance] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "utterances"}
    )
    #: The header name to be sent with the transcript completed or failed
    #: [webhook](https://www.assemblyai.com/docs/deployment/webhooks-for-pre-recorded-audio)
    #: requests
    webhook_auth_header_name: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "webhook_auth_header_name"}
    )
    #: The status code we received from your server when delivering the transcript completed or
    #: failed [webhook](https://www.assemblyai.com/docs/deployment/webhooks-for-pre-recorded-
    #: audio) request, if a webhook URL was provided
    webhook_status_code: int | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "webhook_status_code"}
    )
    #: The URL to which we send [webhook](https://www.assemblyai.com/docs/deployment/webhooks-
    #: for-pre-recorded-audio) requests.
    webhook_url: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "webhook_url"})
    #: An array of temporally-sequential word objects, one for each word in the transcript.
    words: list[TranscriptWord] | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "words"}
    )
    #: This parameter does not currently have any functionality attached to it.
    custom_topics: bool | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "custom_topics"}
    )
    #: This parameter does not currently have any functionality attached to it.
    speed_boost: bool | Unset | None = attrs.field(default=UNSET, metadata={"wire": "speed_boost"})
    #: This parameter does not currently have any functionality attached to it.
    topics: list[str] | None = attrs.field(default=None, metadata={"wire": "topics"})
    #: Translated text keyed by language code. See
    #: [Translation](https://www.assemblyai.com/docs/speech-understanding/translation) for more
    #: details.
    translated_texts: TranslatedTexts | None = attrs.field(
        default=None, metadata={"wire": "translated_texts"}
    )
