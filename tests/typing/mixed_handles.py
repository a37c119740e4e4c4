"""Handles of several result types in one ``taskpoll.wait_many``: each outcome
is the union of their results.  Checked by pyright strict only: mypy joins a
list's element types (to ``object``) where pyright keeps their union."""

from __future__ import annotations

from typing import assert_type

from taskpoll import TaskpollError, alphasms, capmonster, cloudcoin, wait_many

captcha = capmonster.Client("key")
coins = cloudcoin.Client()
sms = alphasms.Client("key")

created = captcha.create_task(capmonster.TurnstileTask(website_url="https://a.b", website_key="k"))
handles = [captcha.task(created), coins.task(coins.echo()), sms.task(sms.send_async([]))]
for _, outcome in wait_many(handles):
    assert_type(
        outcome,
        capmonster.SolvedTask[capmonster.TurnstileSolution]
        | cloudcoin.CompletedTask[cloudcoin.EchoResult]
        | alphasms.JobState
        | TaskpollError,
    )
