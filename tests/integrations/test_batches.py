"""The batch task's delivery rules, on a memory ledger and stand-in Celery
requests (the real workers and brokers are in test_celery.py): which
delivery of a slice polls and hands each wait on, and what happens when the
broker cannot take the next message."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from celery.exceptions import Ignore, Reject, Retry

from taskpoll._durable.ledger import MemoryLedger
from taskpoll._integrations.batches import _Hops
from taskpoll._integrations.worker import next_kwargs, redelivered, send_or_requeue
from taskpoll._waiting.policy import WaitPolicy
from taskpoll._waiting.state import WaitState, begin


def _delivery(*, redelivered: bool = False, retries: int = 3, resent: bool = False) -> Any:
    """What a task's ``request`` says about one delivery of message "m1"
    (``resent``: a copy the lease sweep sent)."""
    info = {"redelivered": True} if redelivered else {}
    kwargs = {"resent": True} if resent else {}
    request = SimpleNamespace(id="m1", retries=retries, delivery_info=info, kwargs=kwargs)
    return SimpleNamespace(request=request)


def _held(*task_ids: str) -> dict[str, tuple[str, WaitState]]:
    policy = WaitPolicy(max_wait=60.0)
    return {t: (f"r-{t}", begin("capmonster", int(t), policy, 1e9)) for t in task_ids}


def test_a_second_delivery_of_a_slice_polls_nothing_and_the_next_hop_is_new() -> None:
    ledger = MemoryLedger()
    _Hops(ledger, _delivery(), _held("1", "2"), 30.0)
    with pytest.raises(Ignore):
        _Hops(ledger, _delivery(), _held("1", "2"), 30.0)
    _Hops(ledger, _delivery(retries=4), _held("1", "2"), 30.0)  # the next hop is its own


def test_a_redelivery_takes_over_only_the_waits_not_yet_handed_on() -> None:
    """The first delivery handed "1" on, then lost its connection while it
    still held "2" and "3"; the redelivery takes "2" and "3", and the first
    can no longer hand them on: no wait goes on from two deliveries."""
    ledger = MemoryLedger()
    held = _held("1", "2", "3")
    first = _Hops(ledger, _delivery(), held, 30.0)
    assert first.hand_on("1")
    again = _Hops(ledger, _delivery(redelivered=True), held, 30.0)
    assert again.take_over().keys() == {"2", "3"}
    assert not first.hand_on("2") and not first.hand_on("3")
    assert again.hand_on("2") and again.hand_on("3")


def test_a_copy_the_sweep_sent_takes_over_like_a_redelivery() -> None:
    """The first delivery claimed the slice and died before handing anything
    on (or the broker lost it after the claim): the sweep's copy polls."""
    ledger = MemoryLedger()
    held = _held("1", "2")
    _Hops(ledger, _delivery(), held, 30.0)
    with pytest.raises(Ignore):
        _Hops(ledger, _delivery(), held, 30.0)  # a plain second delivery polls nothing
    copy = _Hops(ledger, _delivery(resent=True), held, 30.0)
    assert copy.take_over().keys() == {"1", "2"}


def test_a_slice_the_broker_cannot_take_goes_back_with_its_claims_released() -> None:
    """Celery's retry raises Reject(requeue=False) when it cannot publish,
    which drops the message: it is requeued instead, and the waits' claims
    are given up so that its next delivery hands them on."""
    ledger = MemoryLedger()
    held = _held("1", "2")
    hops = _Hops(ledger, _delivery(), held, 30.0)
    assert hops.hand_on("1") and hops.hand_on("2")
    hops.done("1")  # finished and stored: its claim stays

    def unsent() -> None:
        raise Reject("broker down", requeue=False)

    with pytest.raises(Reject) as info:
        hops.hand_over(unsent)
    assert info.value.requeue is True and info.value.reason == "broker down"
    again = _Hops(ledger, _delivery(redelivered=True), held, 30.0)
    assert again.take_over().keys() == {"2"}


def test_a_sent_message_is_the_retry_celery_raises() -> None:
    gave_up: list[bool] = []

    def sent() -> None:
        raise Retry("retry in 1s")

    with pytest.raises(Retry):
        send_or_requeue(sent, lambda: gave_up.append(True))
    assert gave_up == []


def test_a_copys_successor_is_a_plain_message() -> None:
    """Only the sweep's copy itself is taken as a redelivery: the messages
    it hands on are claimed against duplicates as usual."""
    copy = _delivery(resent=True)
    copy.request.kwargs["api"] = "capmonster"
    assert next_kwargs(copy, waits=[]) == {"api": "capmonster", "waits": []}
    assert redelivered(copy) and not redelivered(_delivery())
