"""The CloudCoin docs' curl + jq polling loop (docs/apis/cloudcoin.md), verbatim."""

from __future__ import annotations

import os
import shutil

import pytest

#: Skips a test of the loop where bash, curl or jq is missing, but never under
#: CI, which installs them (.ci/run): there a missing tool fails the test.
NEEDS_THE_TOOLS = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("bash", "curl", "jq")) and not os.environ.get("CI"),
    reason="the seed's loop needs bash, curl and jq (CI installs them, and never skips this)",
)

# Verbatim from the docs; a test only points it at an emulator and
# shortens `sleep 2`.
SEED_LOOP = """\
# This script polls a task ID until it completes or fails.
# Replace the TASK_ID with the one you received from an async call.
TASK_ID="bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"
echo "Polling task with ID: $TASK_ID"
while true; do
RESPONSE=$(curl -s "http://localhost:8006/api/v1/tasks/$TASK_ID")
STATUS=$(echo $RESPONSE | jq -r '.payload.status')
PROGRESS=$(echo $RESPONSE | jq -r '.payload.progress')
echo "Polling... Status: $STATUS, Progress: $PROGRESS%"
if [[ "$STATUS" == "completed" ]] || [[ "$STATUS" == "error" ]]; then
echo "Final Response:"
echo $RESPONSE | jq
break
fi
sleep 2
done
"""
TASK_ID = "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"
