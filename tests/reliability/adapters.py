"""One adapter per API endpoint: everything the reliability suite needs to
drive it, so every test is a loop over :data:`ADAPTERS` and a new API is
one more entry.

An adapter builds the emulator and a client, starts a task with a given
fate directly in the emulator (so faults only ever hit status polls), knows
what the right outcome of that fate is, makes one status request, and names
the decoders (model + what the client does with a decoded body) to fuzz.
"""

from __future__ import annotations

import collections
import json
import uuid
from collections.abc import Callable, Hashable
from decimal import Decimal
from typing import Any, Final

import attrs

from keys import ALPHASMS_KEY, KEY
from taskpoll import alphasms, capmonster, cloudcoin
from taskpoll._http.transport import Timeout
from taskpoll._wire.codec import Codec, JsonCodec
from taskpoll._wire.xmlcodec import XmlCodec
from taskpoll.alphasms._generated.models import MessageType, ResponsePackage, SendMsg
from taskpoll.capmonster._generated.models import (
    CreateTaskResponse,
    GetBalanceResponse,
    GetTaskResultResponse,
)
from taskpoll.capmonster._generated.waiter import SolvedTask
from taskpoll.cloudcoin.client import task_failure, unwrap
from taskpoll.errors import RequestBudgetExceededError, TaskFailedError, TaskNotFoundError
from taskpoll.testing.alphasms import AlphasmsEmulator
from taskpoll.testing.capmonster import CapmonsterEmulator, Script
from taskpoll.testing.cloudcoin import CloudCoinEmulator
from taskpoll.testing.cloudcoin import Script as CoinScript
from taskpoll.testing.server import EmulatorServer, Fault, Request

__all__ = ["ADAPTERS", "Adapter", "Decoder", "Started"]

#: Fast enough for tests, still a whole request at a time.
TEST_TIMEOUT: Final = Timeout(connect=2.0, read=5.0, total=5.0)


@attrs.frozen
class Started:
    """A task the emulator will run to ``fate``; ``right`` judges a wait's outcome."""

    task_id: Hashable
    fate: str
    right: Callable[[object], bool]


@attrs.frozen
class Decoder:
    """A response model and what the client does with a decoded one."""

    name: str
    model: type
    codec: Codec
    interpret: Callable[[Any], object]


class CountingCapmonster(CapmonsterEmulator):
    """Counts every getTaskResult request that reached the server, faulted or not
    (the app's own counter only sees the ones no fault intercepted)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.seen: collections.Counter[int] = collections.Counter()

    def record(self, request: Request, status: int, fault: Fault | None) -> None:
        super().record(request, status, fault)
        if request.path.rstrip("/") == "/getTaskResult":
            try:
                task_id = json.loads(request.body)["taskId"]
            except (ValueError, KeyError, TypeError):
                return
            self.seen[task_id] += 1


def _is(kind: type[BaseException]) -> Callable[[object], bool]:
    return lambda outcome: isinstance(outcome, kind)


class Adapter:
    name: str
    #: What one status request of this endpoint looks like, for the figures.
    endpoint: str
    #: The API keys the client sends (none for CloudCoin).
    secrets: tuple[str, ...] = ()
    #: Fates :meth:`start` knows.
    fates: tuple[str, ...] = ("done", "failed", "missing")
    #: A body that is not this API's format, for malformed/truncated faults.
    garbage: bytes = b'{"x": '
    #: Where a status request carries the task id: its URL ``path`` or an ``xml`` body.
    id_in: str = "path"

    def emulator(self) -> EmulatorServer:
        raise NotImplementedError

    def client(self, url: str, *, timeout: Timeout = TEST_TIMEOUT) -> Any:
        raise NotImplementedError

    def start(self, server: Any, fate: str, n: int, duration: float) -> Started:
        raise NotImplementedError

    def poll(self, client: Any, task_id: Any) -> object:
        """One status request."""
        raise NotImplementedError

    def decoders(self, client: Any) -> tuple[Decoder, ...]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


class CapmonsterAdapter(Adapter):
    name = "capmonster"
    endpoint = "POST /getTaskResult"
    secrets = (KEY,)
    fates = ("done", "failed", "missing", "budget")
    garbage = b'{"errorId": 0, "status": '

    def emulator(self) -> CountingCapmonster:
        return CountingCapmonster(keys={KEY}, default_solve_time=0.2)

    def client(self, url: str, *, timeout: Timeout = TEST_TIMEOUT) -> capmonster.Client:
        return capmonster.Client(KEY, base_url=url, timeout=timeout)

    def start(self, server: CountingCapmonster, fate: str, n: int, duration: float) -> Started:
        if fate == "missing":
            return Started(10**12 + n, fate, _is(TaskNotFoundError))
        if fate == "budget":
            task_id = server.app.add_task(script=Script(solve_after=3600.0))
            return Started(task_id, fate, _is(RequestBudgetExceededError))
        if fate == "failed":
            task_id = server.app.add_task(
                script=Script(solve_after=duration, error="ERROR_CAPTCHA_UNSOLVABLE")
            )
            return Started(
                task_id,
                fate,
                lambda o: isinstance(o, TaskFailedError) and o.code == "ERROR_CAPTCHA_UNSOLVABLE",
            )
        answer = {"text": f"answer-{n}"}
        task_id = server.app.add_task(script=Script(solve_after=duration, solution=answer))
        return Started(
            task_id,
            fate,
            lambda o: isinstance(o, SolvedTask) and o.solution == answer,
        )

    def poll(self, client: capmonster.Client, task_id: Any) -> object:
        return client.get_task_result(task_id)

    def decoders(self, client: capmonster.Client) -> tuple[Decoder, ...]:
        def result(response: GetTaskResultResponse) -> object:
            capmonster.client.raise_for_error(response, task_id=1)
            return client._rules(1, response)

        return (
            Decoder("capmonster getTaskResult", GetTaskResultResponse, JsonCodec(), result),
            Decoder(
                "capmonster createTask",
                CreateTaskResponse,
                JsonCodec(),
                capmonster.client.raise_for_error,
            ),
            Decoder(
                "capmonster getBalance",
                GetBalanceResponse,
                JsonCodec(),
                capmonster.client.raise_for_error,
            ),
        )


class CloudCoinAdapter(Adapter):
    garbage = b'{"payload": {"id": "'

    def __init__(self, name: str, route: cloudcoin.Route) -> None:
        self.name = name
        self.route = route
        self.endpoint = f"GET {route.value}"

    def emulator(self) -> CloudCoinEmulator:
        return CloudCoinEmulator(default_duration=0.2, seed=7)

    def client(self, url: str, *, timeout: Timeout = TEST_TIMEOUT) -> Any:
        return cloudcoin.Client(base_url=url, route=self.route, timeout=timeout)

    def start(self, server: CloudCoinEmulator, fate: str, n: int, duration: float) -> Started:
        if fate == "missing":
            return Started(str(uuid.UUID(int=n, version=4)), fate, _is(TaskNotFoundError))
        if fate == "failed":
            task_id = server.app.add_task(
                "echo", CoinScript(duration=duration, steps=3, error=cloudcoin.RAIDA_QUORUM)
            )
            return Started(
                task_id,
                fate,
                lambda o: isinstance(o, cloudcoin.TaskFailed) and o.code == cloudcoin.RAIDA_QUORUM,
            )
        data = {"n": n, "online": 25}
        task_id = server.app.add_task("echo", CoinScript(duration=duration, steps=4, data=data))
        return Started(
            task_id,
            fate,
            lambda o: isinstance(o, cloudcoin.CompletedTask) and o.id == task_id and o.data == data,
        )

    def poll(self, client: Any, task_id: Any) -> object:
        return client.get_task(task_id)

    def decoders(self, client: Any) -> tuple[Decoder, ...]:
        raw_rules = client._rules_for(None)
        echo_rules = client._rules_for(cloudcoin.EchoResult)
        task_id = "bdc8e99d-dd8a-40e9-8840-f9f8eef16c71"

        def status(envelope: cloudcoin.TaskEnvelope) -> object:
            task = unwrap(envelope, task_id=task_id)
            task_failure(task)
            return raw_rules(task_id, task), echo_rules(task_id, task)

        return (Decoder(f"{self.name} status", cloudcoin.TaskEnvelope, JsonCodec(), status),)


class AlphasmsAdapter(Adapter):
    name = "alphasms"
    endpoint = "POST /api/xml.php <job>"
    secrets = (ALPHASMS_KEY,)
    garbage = b"<package><job><status>RUNN"
    id_in = "xml"

    def emulator(self) -> AlphasmsEmulator:
        return AlphasmsEmulator(
            keys={ALPHASMS_KEY},
            queue_time=0.05,
            time_per_message=0.05,
            balance=Decimal(10**9),  # the default 100 runs out mid-soak (206 no balance)
        )

    def client(self, url: str, *, timeout: Timeout = TEST_TIMEOUT) -> alphasms.Client:
        return alphasms.Client(ALPHASMS_KEY, base_url=url, timeout=timeout)

    def start(self, server: AlphasmsEmulator, fate: str, n: int, duration: float) -> Started:
        if fate == "missing":
            return Started(uuid.UUID(int=n).hex, fate, _is(TaskNotFoundError))
        # The job's duration is its queue time plus 0.05 s per message.
        count = max(1, min(20, round(duration / 0.05)))
        recipient = "12" if fate == "failed" else "380971234567"  # 203: a bad number
        job_id = server.app.start_job(
            SendMsg(
                text=f"message {n}.{i}",
                recipient=recipient if i == count - 1 else "380971234567",
                sender="Shop",
                type=MessageType.SMS,
                id=n * 100 + i + 1,
            )
            for i in range(count)
        )
        if fate == "failed":
            return Started(
                job_id,
                fate,
                lambda o: isinstance(o, TaskFailedError) and o.code == "FAILED",
            )
        return Started(
            job_id,
            fate,
            lambda o: (
                isinstance(o, alphasms.JobState)
                and o.status == alphasms.JobStatus.COMPLETE
                and o.progress == 100
            ),
        )

    def poll(self, client: alphasms.Client, task_id: Any) -> object:
        return client.get_job(task_id)

    def decoders(self, client: alphasms.Client) -> tuple[Decoder, ...]:
        def response(package: ResponsePackage) -> object:
            alphasms.raise_for_error(package, task_id="j1")
            return None if package.job is None else client._rules("j1", package.job)

        return (Decoder("alphasms response", ResponsePackage, XmlCodec("package"), response),)


#: Every status endpoint the SDK polls.
ADAPTERS: Final[tuple[Adapter, ...]] = (
    CapmonsterAdapter(),
    CloudCoinAdapter("cloudcoin-task", cloudcoin.Route.TASK),
    CloudCoinAdapter("cloudcoin-tasks", cloudcoin.Route.TASKS),
    AlphasmsAdapter(),
)
