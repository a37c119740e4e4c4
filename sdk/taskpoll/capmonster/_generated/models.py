# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 acaa533075bbcee8); regenerate with `make generate`.
from __future__ import annotations

from typing import Any, Literal, TypeAlias

import attrs

from ..._wire.constraints import Constraint
from ..._wire.models import UNSET, OpenIntEnum, OpenStrEnum, Unset
from ..._wire.tasktypes import Solves


class ErrorId(OpenIntEnum):
    """0 means success, 1 means an error described by errorCode."""

    OK = 0
    ERROR = 1


class TaskStatus(OpenStrEnum):
    """Documented as only processing or ready."""

    PROCESSING = "processing"
    READY = "ready"


@attrs.define(kw_only=True)
class CreateTaskResponse:
    """The createTask answer: the new task's id, or errorId 1 with an errorCode."""

    error_id: ErrorId = attrs.field(metadata={"wire": "errorId"})
    error_code: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "errorCode"})
    error_description: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "errorDescription"}
    )
    #: The new task's id; 0 on error.
    task_id: int | None = attrs.field(default=None, metadata={"wire": "taskId"})


@attrs.define(kw_only=True)
class GetTaskResultRequest:
    client_key: str = attrs.field(metadata={"wire": "clientKey"}, repr=False)
    #: a positive integer, as createTask returned it
    task_id: int = attrs.field(
        metadata={"wire": "taskId"},
        validator=Constraint(
            "taskId",
            int,
            minimum=1,
            maximum=9223372036854775807,
            description="a positive integer, as createTask returned it",
        ).validate,
    )


@attrs.define(kw_only=True)
class GetBalanceRequest:
    client_key: str = attrs.field(metadata={"wire": "clientKey"}, repr=False)


@attrs.define(kw_only=True)
class GetBalanceResponse:
    """The getBalance answer: the balance in USD, or errorId 1 with an errorCode."""

    error_id: ErrorId = attrs.field(metadata={"wire": "errorId"})
    error_code: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "errorCode"})
    error_description: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "errorDescription"}
    )
    #: Balance in USD.
    balance: float | None = attrs.field(default=None, metadata={"wire": "balance"})


class ProxyType(OpenStrEnum):
    """The protocol of the proxy a task is solved through."""

    HTTP = "http"
    HTTPS = "https"
    SOCKS4 = "socks4"
    SOCKS5 = "socks5"


@attrs.define(kw_only=True)
class ImageToTextTask(Solves["ImageToTextSolution"]):
    """Text in an image (`body` is the image, base64, no line breaks)."""

    body: str = attrs.field(
        metadata={"wire": "body", "encoding": "base64"},
        validator=Constraint("body", str, min_length=1).validate,
    )
    type: Literal["ImageToTextTask"] = attrs.field(
        default="ImageToTextTask", metadata={"wire": "type", "tag": True}
    )
    #: The recognition module, e.g. amazon.
    cap_monster_module: str | None = attrs.field(
        default=None, metadata={"wire": "capMonsterModule"}
    )
    #: Below this confidence the task fails unsolvable and is not charged.
    recognizing_threshold: int | None = attrs.field(
        default=None,
        metadata={"wire": "recognizingThreshold"},
        validator=Constraint(
            "recognizingThreshold",
            int,
            minimum=0,
            maximum=100,
            description="Below this confidence the task fails unsolvable and is not charged",
        ).validate,
    )
    #: The text is case-sensitive.
    case: bool | None = attrs.field(default=None, metadata={"wire": "case"})
    #: 1 if the text has digits only.
    numeric: int | None = attrs.field(
        default=None,
        metadata={"wire": "numeric"},
        validator=Constraint(
            "numeric", int, minimum=0, maximum=1, description="1 if the text has digits only"
        ).validate,
    )
    #: The image holds a sum to work out.
    math: bool | None = attrs.field(default=None, metadata={"wire": "math"})


@attrs.define(kw_only=True)
class RecaptchaV2Task(Solves["RecaptchaSolution"]):
    """reCAPTCHA v2, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal[
        "RecaptchaV2Task", "RecaptchaV2TaskProxyless", "NoCaptchaTask", "NoCaptchaTaskProxyless"
    ] = attrs.field(default="RecaptchaV2Task", metadata={"wire": "type", "tag": True})
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    recaptcha_data_s_value: str | None = attrs.field(
        default=None, metadata={"wire": "recaptchaDataSValue"}
    )
    #: `name=value; name2=value2`
    cookies: str | None = attrs.field(default=None, metadata={"wire": "cookies"})
    is_invisible: bool | None = attrs.field(default=None, metadata={"wire": "isInvisible"})
    #: Do not reuse a cached token.
    nocache: bool | None = attrs.field(default=None, metadata={"wire": "nocache"})


@attrs.define(kw_only=True)
class RecaptchaV2EnterpriseTask(Solves["RecaptchaSolution"]):
    """reCAPTCHA v2 Enterprise, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["RecaptchaV2EnterpriseTask", "RecaptchaV2EnterpriseTaskProxyless"] = attrs.field(
        default="RecaptchaV2EnterpriseTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    cookies: str | None = attrs.field(default=None, metadata={"wire": "cookies"})
    nocache: bool | None = attrs.field(default=None, metadata={"wire": "nocache"})
    enterprise_payload: dict[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "enterprisePayload"}
    )
    api_domain: str | None = attrs.field(default=None, metadata={"wire": "apiDomain"})


@attrs.define(kw_only=True)
class RecaptchaV3Task(Solves["RecaptchaSolution"]):
    """reCAPTCHA v3, without a proxy; sent as RecaptchaV3TaskProxyless, the documented name."""

    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint("websiteURL", str, min_length=1).validate,
    )
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1).validate,
    )
    type: Literal["RecaptchaV3TaskProxyless", "RecaptchaV3Task"] = attrs.field(
        default="RecaptchaV3TaskProxyless", metadata={"wire": "type", "tag": True}
    )
    min_score: float | None = attrs.field(
        default=None,
        metadata={"wire": "minScore"},
        validator=Constraint("minScore", float, minimum=0.1, maximum=0.9).validate,
    )
    page_action: str | None = attrs.field(default=None, metadata={"wire": "pageAction"})
    is_enterprise: bool | None = attrs.field(default=None, metadata={"wire": "isEnterprise"})
    nocache: bool | None = attrs.field(default=None, metadata={"wire": "nocache"})


@attrs.define(kw_only=True)
class RecaptchaV3EnterpriseTask(Solves["RecaptchaSolution"]):
    """reCAPTCHA v3 Enterprise, without a proxy."""

    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint("websiteURL", str, min_length=1).validate,
    )
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1).validate,
    )
    type: Literal["RecaptchaV3EnterpriseTask"] = attrs.field(
        default="RecaptchaV3EnterpriseTask", metadata={"wire": "type", "tag": True}
    )
    min_score: float | None = attrs.field(
        default=None,
        metadata={"wire": "minScore"},
        validator=Constraint("minScore", float, minimum=0.1, maximum=0.9).validate,
    )
    page_action: str | None = attrs.field(default=None, metadata={"wire": "pageAction"})


@attrs.define(kw_only=True)
class RecaptchaClickTask(Solves["RecaptchaSolution"]):
    """reCAPTCHA as a click task, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["RecaptchaClickTask"] = attrs.field(
        default="RecaptchaClickTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )


@attrs.define(kw_only=True)
class HCaptchaTask(Solves["HCaptchaSolution"]):
    """hCaptcha, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["HCaptchaTask", "HCaptchaTaskProxyless"] = attrs.field(
        default="HCaptchaTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    is_invisible: bool | None = attrs.field(default=None, metadata={"wire": "isInvisible"})
    cookies: str | None = attrs.field(default=None, metadata={"wire": "cookies"})
    data: str | None = attrs.field(default=None, metadata={"wire": "data"})
    fallback_to_actual_ua: bool | None = attrs.field(
        default=None, metadata={"wire": "fallbackToActualUA"}
    )


@attrs.define(kw_only=True)
class TurnstileTask(Solves["TurnstileSolution"]):
    """Cloudflare Turnstile; `cloudflareTaskType` token, cf_clearance or wait_room asks for a
    challenge's token or cookie instead."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["TurnstileTask", "TurnstileTaskProxyless"] = attrs.field(
        default="TurnstileTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    page_action: str | None = attrs.field(default=None, metadata={"wire": "pageAction"})
    #: The widget's cData.
    data: str | None = attrs.field(default=None, metadata={"wire": "data"})
    cloudflare_task_type: str | None = attrs.field(
        default=None, metadata={"wire": "cloudflareTaskType"}
    )
    api_js_url: str | None = attrs.field(default=None, metadata={"wire": "apiJsUrl"})
    html_page_base64: str | None = attrs.field(
        default=None, metadata={"wire": "htmlPageBase64", "encoding": "base64"}
    )


@attrs.define(kw_only=True)
class GeeTestTask(Solves["GeeTestSolution"]):
    """GeeTest v3 (`gt` and `challenge`) or v4 (`version` 4 and `initParameters`)."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    gt: str = attrs.field(
        metadata={"wire": "gt"}, validator=Constraint("gt", str, min_length=1).validate
    )
    type: Literal["GeeTestTask", "GeeTestTaskProxyless"] = attrs.field(
        default="GeeTestTask", metadata={"wire": "type", "tag": True}
    )
    #: The site key.
    website_key: str | None = attrs.field(
        default=None,
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    challenge: str | None = attrs.field(default=None, metadata={"wire": "challenge"})
    version: int | None = attrs.field(
        default=None,
        metadata={"wire": "version"},
        validator=Constraint("version", int, minimum=3, maximum=4).validate,
    )
    init_parameters: dict[str, Any] | None = attrs.field(
        default=None, metadata={"wire": "initParameters"}
    )
    geetest_api_server_subdomain: str | None = attrs.field(
        default=None, metadata={"wire": "geetestApiServerSubdomain"}
    )
    geetest_get_lib: str | None = attrs.field(default=None, metadata={"wire": "geetestGetLib"})


@attrs.define(kw_only=True)
class ComplexImageTask(Solves["ComplexImageSolution"]):
    """Image grids: `class` recaptcha, hcaptcha or funcaptcha (answers are which cells to
    click), or recognition."""

    class_: str = attrs.field(
        metadata={"wire": "class"}, validator=Constraint("class", str, min_length=1).validate
    )
    type: Literal["ComplexImageTask"] = attrs.field(
        default="ComplexImageTask", metadata={"wire": "type", "tag": True}
    )
    image_urls: list[str] | None = attrs.field(default=None, metadata={"wire": "imageUrls"})
    images_base64: list[str] | None = attrs.field(default=None, metadata={"wire": "imagesBase64"})
    metadata: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "metadata"})
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    website_url: str | None = attrs.field(default=None, metadata={"wire": "websiteURL"})


@attrs.define(kw_only=True)
class FunCaptchaTask(Solves["TokenSolution"]):
    """FunCaptcha, named by `websitePublicKey`, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    website_public_key: str = attrs.field(
        metadata={"wire": "websitePublicKey"},
        validator=Constraint("websitePublicKey", str, min_length=1).validate,
    )
    type: Literal["FunCaptchaTask", "FunCaptchaTaskProxyless"] = attrs.field(
        default="FunCaptchaTask", metadata={"wire": "type", "tag": True}
    )
    #: The site key.
    website_key: str | None = attrs.field(
        default=None,
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    funcaptcha_api_js_subdomain: str | None = attrs.field(
        default=None, metadata={"wire": "funcaptchaApiJSSubdomain"}
    )
    data: str | None = attrs.field(default=None, metadata={"wire": "data"})


@attrs.define(kw_only=True)
class AmazonTask(Solves["AmazonSolution"]):
    """AWS WAF."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["AmazonTask", "AmazonTaskProxyless"] = attrs.field(
        default="AmazonTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    captcha_script: str | None = attrs.field(default=None, metadata={"wire": "captchaScript"})
    cookie_solution: bool | None = attrs.field(default=None, metadata={"wire": "cookieSolution"})
    challenge_script: str | None = attrs.field(default=None, metadata={"wire": "challengeScript"})
    context: str | None = attrs.field(default=None, metadata={"wire": "context"})
    iv: str | None = attrs.field(default=None, metadata={"wire": "iv"})


@attrs.define(kw_only=True)
class BinanceTask(Solves["TokenSolution"]):
    """Binance's captcha, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["BinanceTask", "BinanceTaskProxyless"] = attrs.field(
        default="BinanceTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    validate_id: str | None = attrs.field(default=None, metadata={"wire": "validateId"})


@attrs.define(kw_only=True)
class MTCaptchaTask(Solves["TokenSolution"]):
    """MTCaptcha, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["MTCaptchaTask", "MTCaptchaTaskProxyless"] = attrs.field(
        default="MTCaptchaTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    page_action: str | None = attrs.field(default=None, metadata={"wire": "pageAction"})
    is_invisible: bool | None = attrs.field(default=None, metadata={"wire": "isInvisible"})


@attrs.define(kw_only=True)
class ProsopoTask(Solves["TokenSolution"]):
    """Prosopo, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["ProsopoTask"] = attrs.field(
        default="ProsopoTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )


@attrs.define(kw_only=True)
class YidunTask(Solves["TokenSolution"]):
    """Yidun, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    #: The site key.
    website_key: str = attrs.field(
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    type: Literal["YidunTask"] = attrs.field(
        default="YidunTask", metadata={"wire": "type", "tag": True}
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    yidun_get_lib: str | None = attrs.field(default=None, metadata={"wire": "yidunGetLib"})
    yidun_api_server_subdomain: str | None = attrs.field(
        default=None, metadata={"wire": "yidunApiServerSubdomain"}
    )
    challenge: str | None = attrs.field(default=None, metadata={"wire": "challenge"})
    hcg: str | None = attrs.field(default=None, metadata={"wire": "hcg"})
    hct: int | None = attrs.field(default=None, metadata={"wire": "hct"})


@attrs.define(kw_only=True)
class HuntTask(Solves["TokenSolution"]):
    """Hunt, needing only `websiteURL`, through the proxy when one is given."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    type: Literal["HuntTask"] = attrs.field(
        default="HuntTask", metadata={"wire": "type", "tag": True}
    )
    #: The site key.
    website_key: str | None = attrs.field(
        default=None,
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    metadata: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "metadata"})


@attrs.define(kw_only=True)
class CustomTask(Solves["CustomTaskSolution"]):
    """The newer types, told apart by `class`: DataDome, TenDI, Basilisk, Imperva, Altcha,
    Castle, Temu, tspd; `metadata` holds the class's own parameters (DataDome: `captchaUrl`
    or `htmlPageBase64`, and `datadomeCookie`)."""

    #: The page the captcha is on.
    website_url: str = attrs.field(
        metadata={"wire": "websiteURL"},
        validator=Constraint(
            "websiteURL", str, min_length=1, description="The page the captcha is on"
        ).validate,
    )
    class_: str = attrs.field(
        metadata={"wire": "class"}, validator=Constraint("class", str, min_length=1).validate
    )
    type: Literal["CustomTask"] = attrs.field(
        default="CustomTask", metadata={"wire": "type", "tag": True}
    )
    #: The site key.
    website_key: str | None = attrs.field(
        default=None,
        metadata={"wire": "websiteKey"},
        validator=Constraint("websiteKey", str, min_length=1, description="The site key").validate,
    )
    #: The browser's User-Agent; reuse the answer's.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    proxy_type: ProxyType | None = attrs.field(default=None, metadata={"wire": "proxyType"})
    #: An IP address, not a host name.
    proxy_address: str | None = attrs.field(default=None, metadata={"wire": "proxyAddress"})
    proxy_port: int | None = attrs.field(
        default=None,
        metadata={"wire": "proxyPort"},
        validator=Constraint("proxyPort", int, minimum=1, maximum=65535).validate,
    )
    proxy_login: str | None = attrs.field(default=None, metadata={"wire": "proxyLogin"})
    proxy_password: str | None = attrs.field(
        default=None, metadata={"wire": "proxyPassword"}, repr=False
    )
    metadata: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "metadata"})


@attrs.define(kw_only=True)
class ImageToTextSolution:
    """Solution of an ImageToTextTask: the recognised text."""

    text: str = attrs.field(metadata={"wire": "text"})


@attrs.define(kw_only=True)
class RecaptchaSolution:
    """Solution of the reCAPTCHA tasks: the token, in `gRecaptchaResponse`."""

    #: The token; valid for 60 s.
    g_recaptcha_response: str = attrs.field(metadata={"wire": "gRecaptchaResponse"})
    #: Send the page's requests with this User-Agent.
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    cookies: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "cookies"})


@attrs.define(kw_only=True)
class HCaptchaSolution:
    """Solution of an HCaptchaTask: the token, in `gRecaptchaResponse`, and its `respKey`."""

    g_recaptcha_response: str = attrs.field(metadata={"wire": "gRecaptchaResponse"})
    resp_key: str | None = attrs.field(default=None, metadata={"wire": "respKey"})
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})


@attrs.define(kw_only=True)
class TurnstileSolution:
    """Solution of a TurnstileTask: the token, or the cookie a cf_clearance or wait_room task
    asks for."""

    token: str | None = attrs.field(default=None, metadata={"wire": "token"})
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})
    #: The cookie a cf_clearance or wait_room task asks for.
    cf_clearance: str | None = attrs.field(default=None, metadata={"wire": "cf_clearance"})


@attrs.define(kw_only=True)
class GeeTestSolution:
    """v3 fills challenge, validate and seccode; v4 the other five."""

    challenge: str | None = attrs.field(default=None, metadata={"wire": "challenge"})
    validate: str | None = attrs.field(default=None, metadata={"wire": "validate"})
    seccode: str | None = attrs.field(default=None, metadata={"wire": "seccode"})
    captcha_id: str | None = attrs.field(default=None, metadata={"wire": "captcha_id"})
    lot_number: str | None = attrs.field(default=None, metadata={"wire": "lot_number"})
    pass_token: str | None = attrs.field(default=None, metadata={"wire": "pass_token"})
    gen_time: str | None = attrs.field(default=None, metadata={"wire": "gen_time"})
    captcha_output: str | None = attrs.field(default=None, metadata={"wire": "captcha_output"})


@attrs.define(kw_only=True)
class ComplexImageSolution:
    """Solution of a ComplexImageTask: which cells to click, or the recognised values."""

    #: Per cell, whether to click it (grids), or the recognised values.
    answer: list[Any] = attrs.field(metadata={"wire": "answer"})
    metadata: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "metadata"})


@attrs.define(kw_only=True)
class TokenSolution:
    """Solution of the FunCaptcha, Binance, MTCaptcha, Prosopo, Yidun and Hunt tasks: a token."""

    token: str = attrs.field(metadata={"wire": "token"})
    user_agent: str | None = attrs.field(default=None, metadata={"wire": "userAgent"})


@attrs.define(kw_only=True)
class AmazonSolution:
    """Solution of an AmazonTask: the cookies to set (`aws-waf-token`)."""

    cookies: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "cookies"})
    captcha_voucher: str | None = attrs.field(default=None, metadata={"wire": "captcha_voucher"})
    existing_token: str | None = attrs.field(default=None, metadata={"wire": "existing_token"})


@attrs.define(kw_only=True)
class CustomTaskSolution:
    """DataDome answers `domains` (cookies per domain); other classes `data`, `url` or
    `headers`."""

    domains: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "domains"})
    data: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "data"})
    url: str | None = attrs.field(default=None, metadata={"wire": "url"})
    headers: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "headers"})
    cookies: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "cookies"})
    fingerprint: dict[str, Any] | None = attrs.field(default=None, metadata={"wire": "fingerprint"})


TaskRequest: TypeAlias = (
    ImageToTextTask
    | RecaptchaV2Task
    | RecaptchaV2EnterpriseTask
    | RecaptchaV3Task
    | RecaptchaV3EnterpriseTask
    | RecaptchaClickTask
    | HCaptchaTask
    | TurnstileTask
    | GeeTestTask
    | ComplexImageTask
    | FunCaptchaTask
    | AmazonTask
    | BinanceTask
    | MTCaptchaTask
    | ProsopoTask
    | YidunTask
    | HuntTask
    | CustomTask
)


Solution: TypeAlias = (
    ImageToTextSolution
    | RecaptchaSolution
    | HCaptchaSolution
    | TurnstileSolution
    | GeeTestSolution
    | ComplexImageSolution
    | TokenSolution
    | AmazonSolution
    | CustomTaskSolution
)


@attrs.define(kw_only=True)
class CreateTaskRequest:
    #: Account key (secret).
    client_key: str = attrs.field(metadata={"wire": "clientKey"}, repr=False)
    #: The task: a typed request (TaskRequest), or an object with `type` and the type's own
    #: parameters.
    task: TaskRequest | dict[str, Any] = attrs.field(metadata={"wire": "task"})
    #: URL that receives the result by POST, same body as getTaskResult.
    callback_url: str | None = attrs.field(default=None, metadata={"wire": "callbackUrl"})
    #: Software id (not on the createTask page; the official clients send it).
    soft_id: int | None = attrs.field(default=None, metadata={"wire": "softId"})


@attrs.define(kw_only=True)
class GetTaskResultResponse:
    """The getTaskResult answer: the task's status and, once ready, its solution; or errorId 1
    with an errorCode."""

    error_id: ErrorId = attrs.field(metadata={"wire": "errorId"})
    #: Null while processing, absent once ready.
    error_code: str | Unset | None = attrs.field(default=UNSET, metadata={"wire": "errorCode"})
    error_description: str | Unset | None = attrs.field(
        default=UNSET, metadata={"wire": "errorDescription"}
    )
    status: TaskStatus | None = attrs.field(default=None, metadata={"wire": "status"})
    #: The result, shaped by the task's type: decoded as an object, and typed by a wait that
    #: knows the type.
    solution: dict[str, Any] | Solution | None = attrs.field(
        default=None, metadata={"wire": "solution"}
    )
