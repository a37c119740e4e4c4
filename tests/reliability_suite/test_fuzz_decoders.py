"""Hostile response bodies against every decoder, and what each client does
with a decoded body: whatever goes wrong must be a TaskpollError with a
useful message (non-empty, bounded, carrying the response); nothing else may
escape.

Bodies come from tests/reliability/hostile.py: documents shaped like the
real models with fields missing, mistyped, extra, huge or non-finite
numbers, unknown enum values, plus random bytes, truncations, deep nesting,
unparseable numbers, hostile XML.  ``make test`` runs 400 bodies per
decoder and 100 per endpoint over HTTP; ``make soak`` 10,000 and 2,000.
"""

from __future__ import annotations

import collections
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reliability.adapters import ADAPTERS, Adapter, Decoder
from reliability.figures import FUZZ_EXAMPLES, FUZZ_HTTP_EXAMPLES, report
from reliability.hostile import json_bodies, xml_bodies
from taskpoll import cloudcoin
from taskpoll._wire.models import structure
from taskpoll._wire.xmlcodec import XmlCodec
from taskpoll.errors import DecodeError, TaskpollError
from taskpoll.testing.server import EmulatorServer, Reply, Request

#: What servers say their bodies are, true or not (AlphaSMS sends XML as JSON).
CONTENT_TYPES = ["application/json", "application/xml", "text/html", "text/plain", ""]
#: Far from the nearest port anything listens on; nothing is ever sent there.
NOWHERE = "http://127.0.0.1:9"


def _decoders() -> list[tuple[Adapter, Decoder]]:
    chosen: dict[type, tuple[Adapter, Decoder]] = {}
    for adapter in ADAPTERS:
        for decoder in adapter.decoders(adapter.client(NOWHERE)):
            chosen.setdefault(decoder.model, (adapter, decoder))  # both CloudCoin routes share one
    return list(chosen.values())


DECODERS = _decoders()


def bodies(decoder: Decoder) -> st.SearchStrategy[tuple[str, bytes]]:
    if isinstance(decoder.codec, XmlCodec):
        return xml_bodies(decoder.model, decoder.codec.root)
    return json_bodies(decoder.model)


def judge(error: TaskpollError, secrets: tuple[str, ...], *, sent: bool = True) -> None:
    """A useful error: says something, not a wall of text, no key; one from
    a request that was ``sent`` keeps the response (a decoder alone sees bytes)."""
    text = str(error)
    assert text.strip(), type(error)
    assert len(text) < 2000, text[:300]
    assert not sent or error.response is not None, text
    assert all(secret not in text for secret in secrets)


@pytest.mark.parametrize(
    ("adapter", "decoder"), DECODERS, ids=[decoder.name for _, decoder in DECODERS]
)
def test_decoder_survives_hostile_bodies(adapter: Adapter, decoder: Decoder) -> None:
    kinds: collections.Counter[str] = collections.Counter()
    outcomes: collections.Counter[str] = collections.Counter()

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(body=bodies(decoder))
    def check(body: tuple[str, bytes]) -> None:
        kind, data = body
        kinds[kind] += 1
        try:
            decoded = decoder.codec.decode(
                data, decoder.model, secrets=adapter.secrets, task_id="t1"
            )
            decoder.interpret(decoded)
        except TaskpollError as exc:
            judge(exc, adapter.secrets, sent=False)
            outcomes[type(exc).__name__] += 1
        else:
            outcomes["decoded"] += 1

    check()
    report(
        "fuzz decoder",
        decoder=decoder.name,
        bodies=sum(kinds.values()),
        kinds=dict(kinds),
        outcomes=dict(outcomes),
    )
    assert sum(kinds.values()) >= FUZZ_EXAMPLES
    assert outcomes["decoded"] > 0 and len(outcomes) > 1  # both paths were exercised


class Replay:
    """Answers every request with whatever the test set last."""

    def __init__(self) -> None:
        self.reply = Reply()

    def handle(self, request: Request) -> Reply:
        return self.reply

    def describe(self, request: Request) -> str:
        return request.method


def test_whole_client_path_survives_hostile_bodies_over_http(adapter: Adapter) -> None:
    """The same bodies through the real transport, session, codec and the
    client's own checks: one status request per body."""
    [decoder, *_] = adapter.decoders(adapter.client(NOWHERE))
    replay = Replay()
    outcomes: collections.Counter[str] = collections.Counter()
    with EmulatorServer(replay) as server, adapter.client(server.url) as client:
        n = 0

        @settings(
            max_examples=FUZZ_HTTP_EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(body=bodies(decoder), content_type=st.sampled_from(CONTENT_TYPES))
        def check(body: tuple[str, bytes], content_type: str) -> None:
            nonlocal n
            n += 1
            replay.reply = Reply(body=body[1], content_type=content_type or "text/plain")
            task_id: Any = adapter.start(None, "missing", n, 0.0).task_id
            try:
                adapter.poll(client, task_id)
            except TaskpollError as exc:
                judge(exc, adapter.secrets)
                outcomes[type(exc).__name__] += 1
                if exc.task_id is None:
                    outcomes["(errors without task_id)"] += 1
            else:
                outcomes["decoded"] += 1

        check()
    report("fuzz over HTTP", api=adapter.name, bodies=n, outcomes=dict(outcomes))
    assert n >= FUZZ_HTTP_EXAMPLES
    # every error of a status request names its task (docs/reliability.md: 0 without one)
    assert outcomes["(errors without task_id)"] == 0, dict(outcomes)
    assert sum(v for k, v in outcomes.items() if not k.startswith(("(", "decoded"))) > 0


@pytest.mark.parametrize(
    ("model", "data"),
    [
        (cloudcoin.ProgramError, {"code": 4105, "message": 3}),
        (cloudcoin.ProgramError, {"code": "4105", "message": "x"}),
        (cloudcoin.Task, {"id": None, "status": "running", "progress": 1}),
        (cloudcoin.Task, {"id": "t", "status": "running", "progress": "55"}),
        (
            cloudcoin.EchoResult,
            {"online": 1.9, "pownstring": "p", "pownarray": [], "latencies": []},
        ),
        (
            cloudcoin.EchoResult,
            {"online": True, "pownstring": "p", "pownarray": [], "latencies": []},
        ),
        (cloudcoin.EchoResult, {"online": 1, "pownstring": 7, "pownarray": [], "latencies": []}),
        (
            cloudcoin.EchoResult,
            {"online": 1, "pownstring": "p", "pownarray": ["1"], "latencies": []},
        ),
    ],
)
def test_wrong_json_types_are_refused_not_coerced(model: type, data: dict[str, Any]) -> None:
    """Found by the fuzzer: cattrs' built-in int/str/float/bool hooks (``str(x)``,
    ``int(x)``) ran instead of the strict ones, so ``null`` became "None" and
    1.9 became 1."""
    with pytest.raises(DecodeError):
        structure(data, model)
