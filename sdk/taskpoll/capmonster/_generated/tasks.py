# generated — do not edit.
# Source: specs/capmonster.openapi.yaml (sha256 acaa533075bbcee8); regenerate with `make generate`.
"""The task types of capmonster.openapi.yaml: each accepted name, its request and its solution."""

from __future__ import annotations

from typing import Final

from ..._wire.tasktypes import TaskType, TaskTypes
from .models import (
    AmazonSolution,
    AmazonTask,
    BinanceTask,
    ComplexImageSolution,
    ComplexImageTask,
    CustomTask,
    CustomTaskSolution,
    FunCaptchaTask,
    GeeTestSolution,
    GeeTestTask,
    HCaptchaSolution,
    HCaptchaTask,
    HuntTask,
    ImageToTextSolution,
    ImageToTextTask,
    MTCaptchaTask,
    ProsopoTask,
    ProxyType,
    RecaptchaClickTask,
    RecaptchaSolution,
    RecaptchaV2EnterpriseTask,
    RecaptchaV2Task,
    RecaptchaV3EnterpriseTask,
    RecaptchaV3Task,
    Solution,
    TaskRequest,
    TokenSolution,
    TurnstileSolution,
    TurnstileTask,
    YidunTask,
)

__all__ = [
    "TASK_TYPES",
    "AmazonSolution",
    "AmazonTask",
    "BinanceTask",
    "ComplexImageSolution",
    "ComplexImageTask",
    "CustomTask",
    "CustomTaskSolution",
    "FunCaptchaTask",
    "GeeTestSolution",
    "GeeTestTask",
    "HCaptchaSolution",
    "HCaptchaTask",
    "HuntTask",
    "ImageToTextSolution",
    "ImageToTextTask",
    "MTCaptchaTask",
    "ProsopoTask",
    "ProxyType",
    "RecaptchaClickTask",
    "RecaptchaSolution",
    "RecaptchaV2EnterpriseTask",
    "RecaptchaV2Task",
    "RecaptchaV3EnterpriseTask",
    "RecaptchaV3Task",
    "Solution",
    "TaskRequest",
    "TokenSolution",
    "TurnstileSolution",
    "TurnstileTask",
    "YidunTask",
]

TASK_TYPES: Final = TaskTypes(
    tag="type",
    types={
        "ImageToTextTask": TaskType(ImageToTextTask, ImageToTextSolution, {"text": "answer"}),
        "RecaptchaV2Task": TaskType(
            RecaptchaV2Task,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaV2TaskProxyless": TaskType(
            RecaptchaV2Task,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "NoCaptchaTask": TaskType(
            RecaptchaV2Task,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "NoCaptchaTaskProxyless": TaskType(
            RecaptchaV2Task,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaV2EnterpriseTask": TaskType(
            RecaptchaV2EnterpriseTask,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaV2EnterpriseTaskProxyless": TaskType(
            RecaptchaV2EnterpriseTask,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaV3TaskProxyless": TaskType(
            RecaptchaV3Task,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaV3Task": TaskType(
            RecaptchaV3Task,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaV3EnterpriseTask": TaskType(
            RecaptchaV3EnterpriseTask,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "RecaptchaClickTask": TaskType(
            RecaptchaClickTask,
            RecaptchaSolution,
            {"gRecaptchaResponse": "03AGdBq25SxXT-pmSeBXjzScW-EiocHwwpwqtk1QXlJnGnU"},
        ),
        "HCaptchaTask": TaskType(
            HCaptchaTask,
            HCaptchaSolution,
            {
                "gRecaptchaResponse": "P0_eyJ0eXAiOiJKV1QiLCJhbGc",
                "respKey": "E0_eyJ0",
                "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            },
        ),
        "HCaptchaTaskProxyless": TaskType(
            HCaptchaTask,
            HCaptchaSolution,
            {
                "gRecaptchaResponse": "P0_eyJ0eXAiOiJKV1QiLCJhbGc",
                "respKey": "E0_eyJ0",
                "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            },
        ),
        "TurnstileTask": TaskType(
            TurnstileTask,
            TurnstileSolution,
            {
                "token": "0.iGX3xsyFCkbGePM3jP4P4khLo6TrLukt8ZzBvwuQOvbC",
                "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            },
        ),
        "TurnstileTaskProxyless": TaskType(
            TurnstileTask,
            TurnstileSolution,
            {
                "token": "0.iGX3xsyFCkbGePM3jP4P4khLo6TrLukt8ZzBvwuQOvbC",
                "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            },
        ),
        "GeeTestTask": TaskType(
            GeeTestTask,
            GeeTestSolution,
            {
                "challenge": "0f759dd1ea6c4wc76cedc2991039ca4f23",
                "validate": "6275e26419211d1f526e674d97110e15",
                "seccode": "510cd9735583edcb",
            },
        ),
        "GeeTestTaskProxyless": TaskType(
            GeeTestTask,
            GeeTestSolution,
            {
                "challenge": "0f759dd1ea6c4wc76cedc2991039ca4f23",
                "validate": "6275e26419211d1f526e674d97110e15",
                "seccode": "510cd9735583edcb",
            },
        ),
        "ComplexImageTask": TaskType(
            ComplexImageTask,
            ComplexImageSolution,
            {"answer": [False, True, False, False, True, False, False, False, False]},
        ),
        "FunCaptchaTask": TaskType(
            FunCaptchaTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "FunCaptchaTaskProxyless": TaskType(
            FunCaptchaTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "AmazonTask": TaskType(
            AmazonTask,
            AmazonSolution,
            {"cookies": {"aws-waf-token": "10115f5b-ebd8-45c7-851e-cfd4f6a82e3e"}},
        ),
        "AmazonTaskProxyless": TaskType(
            AmazonTask,
            AmazonSolution,
            {"cookies": {"aws-waf-token": "10115f5b-ebd8-45c7-851e-cfd4f6a82e3e"}},
        ),
        "BinanceTask": TaskType(
            BinanceTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "BinanceTaskProxyless": TaskType(
            BinanceTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "MTCaptchaTask": TaskType(
            MTCaptchaTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "MTCaptchaTaskProxyless": TaskType(
            MTCaptchaTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "ProsopoTask": TaskType(
            ProsopoTask,
            TokenSolution,
            {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"},
        ),
        "YidunTask": TaskType(
            YidunTask, TokenSolution, {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"}
        ),
        "HuntTask": TaskType(
            HuntTask, TokenSolution, {"token": "337187b9f57678923.5060184402|r=us-west-2|lang=en"}
        ),
        "CustomTask": TaskType(
            CustomTask,
            CustomTaskSolution,
            {"domains": {"www.example.com": {"cookies": {"datadome": "4ZXwCBlyHx9k"}}}},
        ),
    },
)
