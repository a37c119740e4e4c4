"""The API keys the shared emulators accept (conftest.py re-exports them)."""

from __future__ import annotations

KEY = "67b6bcbb1a728ea8d563de6d169a2057"
#: XML-special characters included: the document must escape them.
ALPHASMS_KEY = "bb56a4369eb19<&\"'>cfec6d1776bd25"
