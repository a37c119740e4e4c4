"""The APIs under benchmark: how each one polls, three ways.

Every API contributes the same four things, so each figure is a loop over
:data:`APIS` and a new API is one more class here:

* ``canned()``: the status body its canned server answers, taken from the
  project's own emulator (a task still running, the common poll);
* ``taskpoll(url)``: one status request + decode through the taskpoll client;
* ``floor(url)``: the same request with ``urllib3.request`` and a bare parse
  (``json.loads``, or defusedxml for XML): what any client must at least pay;
* ``opc(package, url)``: the same through a client openapi-python-client
  generated from the same spec, or ``None`` where it cannot (XML APIs).

APIs whose packages have not landed yet are listed by :func:`available`
as missing instead of breaking the run.
"""

from __future__ import annotations

import importlib
import json
import uuid
from collections.abc import Callable
from typing import Any

import attrs

Poll = Callable[[int], Any]

_KEY = "bench-key-not-secret"


class Api:
    name: str = ""
    #: The importable package (``taskpoll.capmonster``).
    module: str = ""
    #: The spec openapi-python-client reads.
    spec: str = ""
    #: The wire format, for the floor's parser.
    fmt: str = "json"

    def canned(self) -> dict[str, tuple[str, str]]:
        """Path → (content type, body) for the canned server."""
        raise NotImplementedError

    def taskpoll(self, url: str) -> Poll:
        raise NotImplementedError

    def floor(self, url: str) -> Poll:
        raise NotImplementedError

    def opc(self, package: str, url: str) -> Poll | None:
        return None

    def check(self, contender: str, result: Any) -> None:
        """Raise if a contender's decoded result is not the canned running state."""

    def policy(self) -> Any:
        """The taskpoll client's default WaitPolicy."""
        raise NotImplementedError


class Capmonster(Api):
    name = "CapMonster Cloud"
    module = "taskpoll.capmonster"
    spec = "specs/capmonster.openapi.yaml"
    first_id = 7654321

    def canned(self) -> dict[str, tuple[str, str]]:
        from taskpoll.testing.capmonster import CapmonsterApp, Script
        from taskpoll.testing.server import Request

        app = CapmonsterApp()
        task_id = app.add_task(script=Script(solve_after=3600.0))
        body = json.dumps({"clientKey": _KEY, "taskId": task_id}).encode()
        reply = app.handle(Request("POST", "/getTaskResult", "", {}, body))
        return {"/getTaskResult": (reply.content_type, reply.body.decode())}

    def taskpoll(self, url: str) -> Poll:
        from taskpoll import capmonster

        client = capmonster.Client(_KEY, base_url=url)
        first = self.first_id
        # a fresh id per call: every getTaskResult counts toward that task's 120-request budget
        return lambda i: client.get_task_result(first + i)

    def floor(self, url: str) -> Poll:
        import urllib3

        target = url + "/getTaskResult"
        first = self.first_id

        def poll(i: int) -> Any:
            reply = urllib3.request("POST", target, json={"clientKey": _KEY, "taskId": first + i})
            return json.loads(reply.data)

        return poll

    def opc(self, package: str, url: str) -> Poll | None:
        client_mod = importlib.import_module(package)
        op = importlib.import_module(f"{package}.api.default.get_task_result")
        request = importlib.import_module(f"{package}.models").GetTaskResultRequest
        client = client_mod.Client(base_url=url)
        first = self.first_id
        return lambda i: op.sync(client=client, body=request(client_key=_KEY, task_id=first + i))

    def check(self, contender: str, result: Any) -> None:
        status = result["status"] if isinstance(result, dict) else result.status
        assert str(getattr(status, "value", status)) == "processing", (contender, result)

    def policy(self) -> Any:
        from taskpoll import capmonster

        return capmonster.Client.default_policy


class Cloudcoin(Api):
    name = "CloudCoin (Gen B)"
    module = "taskpoll.cloudcoin"
    spec = "specs/cloudcoin.openapi.yaml"
    task_id = str(uuid.UUID(int=0x6F1C0A5E_9D3B_4C2A_8E7F_1234567890AB, version=4))

    def canned(self) -> dict[str, tuple[str, str]]:
        from taskpoll.testing.cloudcoin import CloudCoinApp, Script
        from taskpoll.testing.server import Request

        app = CloudCoinApp(seed=1)
        app.add_task("echo", Script(duration=100.0), task_id=self.task_id)
        app.clock.advance(50.0)  # half way: progress, a counter string in data, a message
        path = f"/api/v1/tasks/{self.task_id}"
        reply = app.handle(Request("GET", path, "", {}, b""))
        return {path: (reply.content_type, reply.body.decode())}

    def taskpoll(self, url: str) -> Poll:
        from taskpoll import cloudcoin

        client = cloudcoin.Client(base_url=url)
        task_id = self.task_id
        return lambda i: client.get_task(task_id)

    def floor(self, url: str) -> Poll:
        import urllib3

        target = f"{url}/api/v1/tasks/{self.task_id}"
        return lambda i: json.loads(urllib3.request("GET", target).data)

    def opc(self, package: str, url: str) -> Poll | None:
        client_mod = importlib.import_module(package)
        op = importlib.import_module(f"{package}.api.default.get_task")
        client = client_mod.Client(base_url=url)
        task_id = self.task_id
        return lambda i: op.sync(task_id, client=client)

    def check(self, contender: str, result: Any) -> None:
        if contender == "floor":
            status = result["payload"]["status"]
        elif contender == "opc":
            status = result.payload.status
        else:
            status = result.status
        assert str(getattr(status, "value", status)) == "running", (contender, result)

    def policy(self) -> Any:
        from taskpoll import cloudcoin

        return cloudcoin.Client.default_policy


class Alphasms(Api):
    name = "AlphaSMS (XML)"
    module = "taskpoll.alphasms"
    spec = "specs/alphasms.openapi.yaml"
    fmt = "xml"
    job_id = "584ddc26482586e07da85df175786883"

    def _request(self) -> bytes:
        from taskpoll._wire.xmlcodec import XmlCodec
        from taskpoll.alphasms._generated.models import RequestPackage

        return XmlCodec("package").encode(RequestPackage(key=_KEY, job=self.job_id))

    def canned(self) -> dict[str, tuple[str, str]]:
        from taskpoll.alphasms import Message
        from taskpoll.testing.alphasms import AlphasmsApp
        from taskpoll.testing.server import Request

        app = AlphasmsApp()
        message = Message(recipient="380971234567", sender="Shop", text="Hi")
        job_id = app.start_job([attrs.evolve(message, id=i) for i in range(1, 5)])
        app.clock.advance(2.2)  # queued 1 s, then 0.5 s a message: half of them sent
        body = self._request().replace(self.job_id.encode(), job_id.encode())
        reply = app.handle(Request("POST", "/api/xml.php", "", {}, body))
        return {"/api/xml.php": (reply.content_type, reply.body.decode())}

    def taskpoll(self, url: str) -> Poll:
        from taskpoll import alphasms

        client = alphasms.Client(_KEY, base_url=url)
        job_id = self.job_id
        return lambda i: client.get_job(job_id)

    def floor(self, url: str) -> Poll:
        import urllib3
        from defusedxml import ElementTree

        target = url + "/api/xml.php"
        body = self._request()
        headers = {"Content-Type": "application/xml"}
        return lambda i: ElementTree.fromstring(
            urllib3.request("POST", target, body=body, headers=headers).data
        )

    def check(self, contender: str, result: Any) -> None:
        status = result.findtext("job/status") if contender == "floor" else result.status
        assert str(getattr(status, "value", status)) == "RUNNING", (contender, result)

    def policy(self) -> Any:
        from taskpoll import alphasms

        return alphasms.Client.default_policy


#: Every API the project targets, in README order.
APIS: list[Api] = [Capmonster(), Cloudcoin(), Alphasms()]
#: APIs the project targets that have no entry above yet.
PLANNED: list[tuple[str, str]] = []


def available() -> tuple[list[Api], list[str]]:
    """The APIs whose packages import, and the names of those missing (with why)."""
    present, missing = [], []
    for api in APIS:
        try:
            importlib.import_module(api.module)
        except Exception as exc:
            missing.append(f"{api.name}: `{api.module}` does not import ({type(exc).__name__})")
        else:
            present.append(api)
    for name, module in PLANNED:
        missing.append(f"{name}: `{module}` had not landed when this benchmark was written")
    return present, missing
