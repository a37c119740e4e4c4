"""What every hand-written API client shares: construction, closing, waiting.

An API's client subclasses :class:`BaseClient` and supplies ``_probe`` (one
status request) and its ``waiter`` (the rules and default policy its spec's
``x-taskpoll-waiter`` states, generated).  ``wait`` and ``wait_many``
are written once, here, and so is :func:`wait_many` across clients: a
:class:`TaskHandle` from ``client.task(id)`` carries its client's probe,
rules, policy and pacing into one scheduler.
"""

from __future__ import annotations

import hashlib
import os
import random
import ssl
import threading
import time
import warnings
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import (
    Any,
    ClassVar,
    Generic,
    Protocol,
    Self,
    TypeAlias,
    TypedDict,
    TypeVar,
    Unpack,
)
from urllib.parse import quote, quote_plus

import attrs

from .._durable.ledger import Ledger, MemoryLedger, ledger_from_env
from .._durable.store import Saving, StateStore, store_for
from .._http.pacing import Pacer
from .._http.transport import DEFAULT_MAX_BODY, Timeout, Transport
from .._secret import Secret
from .._waiting.policy import Decision, PollEvent, Timing, WaitPolicy
from .._waiting.scheduler import DEFAULT_MAX_IN_FLIGHT, Job, schedule
from .._waiting.state import Step, WaitState, begin, finish, prepare, settle
from .._waiting.waiters import Acceptor, Waiter
from .._wire.codec import Codec
from .._wire.models import compact
from .._wire.session import Session
from ..errors import TaskpollError, WaitCancelledError
from .renamed import RenamedWaitArgs, take
from .started import Started, unpack
from .telemetry import tracing_for
from .traced import TracedWaits

__all__ = ["BaseClient", "ClientOptions", "TaskHandle", "wait_many"]


class ClientOptions(TypedDict, total=False):
    """The keyword arguments every client takes, besides its API's own.

    ``timeout``
        Per-request :class:`~taskpoll.transport.Timeout` (each API has a default).
    ``max_body``
        Largest response body read, in bytes (default 1 MiB).
    ``max_rate``
        Requests per second this client may send, waits and direct calls
        together (default: no ceiling; throttling still slows it down).
    ``ca_certs``, ``ssl_context``
        A CA bundle to trust instead of the system's, or a whole
        :class:`ssl.SSLContext` (client certificates, pinning).
        Certificates are always verified.
    ``proxy``, ``trust_env``
        An ``http://[user:password@]host:port`` proxy; without one, and
        with ``trust_env`` (the default), ``HTTPS_PROXY``/``HTTP_PROXY``/
        ``ALL_PROXY``/``NO_PROXY`` are honoured.
    ``ledger``
        Where request counts and the account's pacing are kept
        (:mod:`taskpoll.ledger`): shared by processes when it is a
        :class:`~taskpoll.ledger.SqliteLedger`.  Default: the file
        ``TASKPOLL_LEDGER`` names, else this client's memory.
    ``tracer_provider``
        An OpenTelemetry ``TracerProvider`` to report waits and requests to
        (``pip install taskpoll[otel]``).  Default: the application's global
        one, if it set one when the client was made; else no tracing.
    """

    timeout: Timeout
    max_body: int
    max_rate: float | None
    ca_certs: str | os.PathLike[str] | None
    ssl_context: ssl.SSLContext | None
    proxy: str | None
    trust_env: bool
    ledger: Ledger | None
    tracer_provider: object | None


class Operations(Protocol):
    """What a generated API class states about its wire, from its spec."""

    DEFAULT_BASE_URL: ClassVar[str]
    DEFAULT_TIMEOUT: ClassVar[Timeout]
    CODEC: ClassVar[Codec]


K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
R = TypeVar("R")

#: What one poll's outcome means for a wait on the task.
Rules: TypeAlias = Callable[[K, T | TaskpollError], Decision[R]]


class BaseClient(Generic[K, T, R]):
    """Construction and waiting shared by every API client."""

    #: The API's waiting rules, generated from its spec's ``x-taskpoll-waiter``.
    waiter: ClassVar[Waiter]
    #: The API's default :class:`WaitPolicy` (its waiter's unless a subclass
    #: sets one); a call's ``max_wait`` replaces its length.
    default_policy: ClassVar[WaitPolicy]
    #: The API's name, as the command line spells it.
    api_name: ClassVar[str]
    #: The API's name for humans.
    title: ClassVar[str]
    #: The environment variable the command line and Celery workers read the
    #: key from (``None``: the API takes no key).
    key_env: ClassVar[str | None] = None

    @classmethod
    def summary(cls, result: Any) -> str:
        """A finished wait's result as one short line for humans."""
        return f"result {compact(result)}"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "waiter" in cls.__dict__ and "default_policy" not in cls.__dict__:
            cls.default_policy = cls.waiter.policy

    def __init__(
        self,
        operations: type[Operations],
        base_url: str | None = None,
        *,
        key: Secret | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        """Connect to ``base_url`` (the spec's first server if None) the way the
        generated ``operations`` class says its wire works; ``key`` is redacted
        everywhere, in every form the API's codec could write it."""
        base_url = base_url or operations.DEFAULT_BASE_URL
        self._key = key
        secrets = () if key is None else operations.CODEC.secret_forms(key.reveal())
        if key is not None:
            # a key sent in the query (securitySchemes) is in URLs percent-encoded
            url_forms = (quote(key.reveal(), safe=""), quote_plus(key.reveal()))
            secrets = tuple(dict.fromkeys((*secrets, *url_forms)))
        self._tracing = tracing_for(options.get("tracer_provider"))
        self._transport = Transport(
            base_url,
            tracing=self._tracing,
            timeout=options.get("timeout", operations.DEFAULT_TIMEOUT),
            max_body=options.get("max_body", DEFAULT_MAX_BODY),
            redactions=secrets,
            ca_certs=options.get("ca_certs"),
            ssl_context=options.get("ssl_context"),
            proxy=options.get("proxy"),
            trust_env=options.get("trust_env", True),
        )
        #: Request counts and pacing, shared with other processes if the ledger is.
        self.ledger: Ledger = options.get("ledger") or ledger_from_env()
        shared = not isinstance(self.ledger, MemoryLedger)
        #: The pacing every request of this client shares (``max_rate`` per second).
        self.pacer: Pacer = Pacer(
            options.get("max_rate"),
            store=self.ledger if shared else None,
            account=_account(type(self).api_name, secrets, base_url),
        )
        self._session = Session(self._transport, operations.CODEC, self.pacer)

    @property
    def api(self) -> Any:
        """Deprecated: ``operations``, the API's generated operations
        (``CapmonsterApi``, …), which each API's client sets (renamed in
        taskpoll 0.2)."""
        warnings.warn(
            "client.api is deprecated; use client.operations (renamed in taskpoll 0.2)",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(self, "operations")  # noqa: B009 (set by each API's client)

    @property
    def base_url(self) -> str:
        """The URL every request's path is joined to."""
        return self._transport.base_url

    @property
    def timeout(self) -> Timeout:
        """The limits each request of this client has (``ClientOptions.timeout``)."""
        return self._transport.timeout

    def __repr__(self) -> str:
        return f"{type(self).__module__.rsplit('.', 1)[0]}.{type(self).__name__}({self.base_url!r})"

    def close(self) -> None:
        """Close pooled connections; the client stays usable and reconnects on demand."""
        self._transport.close()

    def reserve_connections(self, connections: int) -> None:
        """Keep up to ``connections`` connections pooled, for as many threads sharing
        this client (``wait_many`` does this itself for its polls in flight)."""
        self._transport.reserve(connections)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what each API supplies ------------------------------------------

    #: Whether waits take a ``result_type`` (what the API's result is structured as).
    typed_results: ClassVar[bool] = False

    def _probe(self, task_id: K, timeout: float) -> T:
        raise NotImplementedError

    #: Whether task ids are held to the spec's pattern, length and range
    #: (their type is always checked).
    validate_ids: bool = True

    def _check_id(self, task_id: K) -> K:
        """``task_id`` if this API can have such a task (its spec's rule for the
        status operation's task id), else ``ValueError``, before any request."""
        rule = self.waiter.task_id
        return task_id if rule is None else rule.check(task_id, facets=self.validate_ids)

    def _result(self, task_id: K, response: T, result_type: type[Any] | None) -> R:
        """A finished task's result, as ``result_type`` asks (APIs with ``typed_results``)."""
        return response  # type: ignore[return-value]

    def _failure(self, task_id: K, acceptor: Acceptor, response: T) -> TaskpollError | None:
        """The error a failed task stands for, where the API can say more than its spec."""
        return None

    # -- the rules ---------------------------------------------------------

    def status(self, task_id: K, *, timeout: float | None = None) -> T:
        """One status request for ``task_id``: its decoded response (``decide`` judges it)."""
        limit = self._transport.timeout.total if timeout is None else timeout
        return self._probe(self._check_id(task_id), limit)

    def decide(self, task_id: K, outcome: T | TaskpollError) -> Decision[R]:
        """What one poll's outcome (a response, or the error a poll raised) means
        for a wait: done, failed, or poll again, with the state and percent it
        shows.  The rules every wait uses."""
        return self._rules(task_id, outcome)

    def _rules(
        self, task_id: K, outcome: T | TaskpollError, result_type: type[Any] | None = None
    ) -> Decision[R]:
        """The API's waiter (from its spec), with results structured as ``result_type``."""
        return self.waiter.decide(
            task_id,
            outcome,
            result=lambda response: self._result(task_id, response, result_type),
            failure=lambda acceptor, got: self._failure(task_id, acceptor, got),
        )

    def _rules_for(self, result_type: type[Any] | None) -> Rules[K, T, R]:
        """:meth:`_rules` for one ``result_type`` (checked here, before any request)."""
        if result_type is None:
            return self._rules
        if not self.typed_results:
            raise TypeError(f"{self.api_name} waits take no result_type")
        return lambda task_id, outcome: self._rules(task_id, outcome, result_type)

    # -- waiting, written once -------------------------------------------

    def task(
        self, task: K | Started[K, Any], *, result_type: type[Any] | None = None
    ) -> TaskHandle[K, R]:
        """A handle on one task (an id, or a task a call of this client started),
        for :func:`taskpoll.wait_many` across clients."""
        task_id, carried = unpack(task)
        wanted = result_type or carried
        rules = self._rules_for(wanted) if wanted is not None else None
        return TaskHandle(self, self._check_id(task_id), rules)

    def _job(
        self,
        task_id: K,
        policy: WaitPolicy,
        rules: Rules[K, T, R] | None = None,
        resume: WaitState | None = None,
        traced: TracedWaits[K, T] | None = None,
    ) -> Job[K, T, R]:
        return Job(
            task_id,
            self._probe if traced is None else traced.probe,
            rules or self._rules,
            policy,
            pacer=self.pacer,
            channel=self._transport,
            api=self.api_name,
            resume=resume,
        )

    # -- one step at a time ------------------------------------------------

    def begin_wait(
        self,
        task_id: K,
        *,
        max_wait: float | None = None,
        policy: WaitPolicy | None = None,
        started: float | None = None,
        **renamed: Unpack[RenamedWaitArgs],
    ) -> WaitState:
        """The state of a wait on ``task_id`` begun at ``started`` (Unix time;
        default now) that may last ``max_wait`` seconds, for :meth:`poll_once`."""
        max_wait = take(renamed, "timeout", "max_wait", max_wait)
        when = time.time() if started is None else started
        policy = self._policy(max_wait, policy)
        return begin(self.api_name, self._check_id(task_id), policy, when)  # type: ignore[arg-type]

    def poll_once(
        self,
        state: WaitState,
        *,
        policy: WaitPolicy | None = None,
        result_type: type[Any] | None = None,
    ) -> Step[R]:
        """Make one poll of the wait ``state`` (now, whatever its ``next_poll``)
        and return the :class:`~taskpoll.state.Step`: done with the result,
        failed with the error, or the new state to poll again at
        ``step.state.next_poll`` (Unix time).  Nothing else is kept in this
        client but the request counts in its ledger, so the state can be
        saved anywhere (``state.to_json()``) and the wait driven from any loop
        or job system."""
        self._check_state(state)
        chosen = self._policy(state.max_wait, policy)
        rules = self._rules_for(result_type)
        task_id: K = state.task_id  # type: ignore[assignment]
        prepared = prepare(state, chosen, time.time())
        if isinstance(prepared, TaskpollError):
            return Step(state, error=finish(prepared, state, time.time()))
        outcome: T | TaskpollError
        try:
            outcome = self._probe(task_id, prepared)
        except TaskpollError as exc:
            outcome = exc  # a throttle is reported by the session that sent the poll
        return settle(
            state, outcome, rules(task_id, outcome), chosen, now=time.time(), rand=random.random
        )

    def poll_slice(
        self,
        states: Iterable[WaitState],
        *,
        until: float,
        policy: WaitPolicy | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    ) -> Iterator[Step[R]]:
        """Drive many waits (their states, as :meth:`begin_wait` and
        :meth:`poll_once` make them) with the scheduler of :meth:`wait_many`
        until ``until`` (Unix time): no poll starts at or after it.  Yields
        one :class:`~taskpoll.state.Step` per wait: finished ones as they
        finish, then the others with their latest state, to go on from
        (``step.state.next_poll``) in a later slice, anywhere."""
        jobs: dict[Job[K, T, R], Step[R]] = {}
        traced = self._traced_waits()
        for state in states:
            self._check_state(state)
            chosen = self._policy(state.max_wait, policy)
            job = self._job(state.task_id, chosen, resume=state, traced=traced)  # type: ignore[arg-type]
            jobs[job] = Step(state)

        def polled(job: Job[Any, Any, Any], event: PollEvent[Any, Any]) -> None:
            before = jobs[job]
            jobs[job] = Step(before.state, status=event.status, response=event.outcome)

        def saved(job: Job[Any, Any, Any], state: WaitState) -> None:
            jobs[job] = attrs.evolve(jobs[job], state=state)

        outcomes = _traced_schedule(
            list(jobs),
            dict.fromkeys(jobs, traced) if traced is not None else {},
            polled,
            paused=True,  # what the slice leaves goes on in a later one
            max_in_flight=max_in_flight,
            on_state=saved,
            timing=Timing(clock=time.time),
            until=until,
        )
        for job, outcome in outcomes:
            last = jobs.pop(job)
            if isinstance(outcome, TaskpollError):
                yield attrs.evolve(last, error=outcome, response=None)
            else:
                yield attrs.evolve(last, result=outcome, done=True)
        yield from jobs.values()

    def _check_state(self, state: WaitState) -> None:
        """``ValueError`` for another API's wait state, before any request."""
        if state.api != self.api_name:
            raise ValueError(f"a {state.api} wait state, not {self.api_name}'s")

    def _policy(self, max_wait: float | None, policy: WaitPolicy | None) -> WaitPolicy:
        chosen = policy or self.default_policy
        return chosen if max_wait is None else chosen.with_max_wait(max_wait)

    def wait(
        self,
        task: K | Started[K, Any],
        *,
        result_type: type[Any] | None = None,
        max_wait: float | None = None,
        on_progress: Callable[[PollEvent[K, T]], Any] | None = None,
        cancel: threading.Event | None = None,
        policy: WaitPolicy | None = None,
        timing: Timing | None = None,
        store: str | os.PathLike[str] | StateStore | None = None,
        **renamed: Unpack[RenamedWaitArgs],
    ) -> R:
        """Poll until the task finishes; return its result or raise its error.

        ``task`` is an id, or a task a call of this client started, which
        carries its result type.  ``result_type`` structures the result, where
        the API's client says so (CloudCoin's ``data``, CapMonster's
        ``solution``), for an id from elsewhere; ``max_wait``
        (seconds) replaces the API's default length of a wait; ``on_progress``
        gets the :class:`~taskpoll.PollEvent` of every poll (status, percent,
        attempts, elapsed, and the decoded response or error as ``outcome``);
        setting ``cancel`` stops the wait with
        :class:`~taskpoll.errors.WaitCancelledError`.  With ``store`` (a file
        path or a :class:`~taskpoll.StateStore`), the wait resumes from what
        is saved there for this task, deadline included, and saves itself
        after every poll.  The errors a task can end with are listed on each
        API's client; a malformed id is a :class:`ValueError` before any
        request.  (``timeout=`` and ``state=`` are the deprecated names of
        ``max_wait=`` and ``store=``.)
        """
        outcomes = self.wait_many(
            [task],
            result_type=result_type,
            max_wait=take(renamed, "timeout", "max_wait", max_wait),
            on_progress=on_progress,
            cancel=cancel,
            policy=policy,
            timing=timing,
            max_in_flight=1,
            store=take(renamed, "state", "store", store),
        )
        for _, outcome in outcomes:
            if isinstance(outcome, TaskpollError):
                raise outcome
            return outcome
        raise AssertionError("wait_many yields once per task")  # pragma: no cover

    def wait_many(
        self,
        tasks: Iterable[K | Started[K, Any]],
        *,
        result_type: type[Any] | None = None,
        max_wait: float | None = None,
        on_progress: Callable[[PollEvent[K, T]], Any] | None = None,
        cancel: threading.Event | None = None,
        policy: WaitPolicy | None = None,
        timing: Timing | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        store: str | os.PathLike[str] | StateStore | None = None,
        **renamed: Unpack[RenamedWaitArgs],
    ) -> Iterator[tuple[K, R | TaskpollError]]:
        """Wait for many tasks (ids, or tasks this client started), sharing one
        deadline and one connection pool; yields ``(task_id, result or error)``
        as each finishes.

        The scheduling stays on this thread; up to ``max_in_flight`` polls
        are sent at once by as many worker threads, which end with the wait.
        Each task keeps its own backoff and the API's per-task limits.
        ``result_type``, ``max_wait``, ``on_progress`` and ``store`` are as for
        :meth:`wait`; every id is checked before the first request."""
        max_wait = take(renamed, "timeout", "max_wait", max_wait)
        store = take(renamed, "state", "store", store)
        carried: dict[K, type[Any] | None] = {}
        for task in tasks:
            task_id, kind = unpack(task)
            carried.setdefault(self._check_id(task_id), result_type or kind)
        rules = {kind: self._rules_for(kind) for kind in set(carried.values())}
        timing = timing or Timing()
        chosen = self._policy(max_wait, policy)
        saving = None
        if store is not None:
            offset = timing.wall() - timing.clock()
            saving = Saving(store_for(store), self.api_name, offset)
        traced = self._traced_waits()  # under the caller's context now, not at iteration
        return self._outcomes(
            [
                self._job(
                    task_id,
                    chosen,
                    rules[kind],
                    resume=saving.resume(task_id) if saving else None,
                    traced=traced,
                )
                for task_id, kind in carried.items()
            ],
            saving,
            traced,
            on_progress=on_progress,
            cancel=cancel,
            timing=timing,
            max_in_flight=max_in_flight,
        )

    def _traced_waits(self) -> TracedWaits[K, T] | None:
        """Spans for the waits of one call, under the context current now."""
        if self._tracing is None:
            return None
        return TracedWaits(self._tracing.waits(), self.api_name, self._probe)

    def _outcomes(
        self,
        jobs: list[Job[K, T, R]],
        saving: Saving | None,
        traced: TracedWaits[K, T] | None,
        *,
        on_progress: Callable[[PollEvent[K, T]], Any] | None,
        cancel: threading.Event | None,
        timing: Timing,
        max_in_flight: int,
    ) -> Iterator[tuple[K, R | TaskpollError]]:
        for job, outcome in _traced_schedule(
            jobs,
            dict.fromkeys(jobs, traced) if traced is not None else {},
            (lambda _, event: on_progress(event)) if on_progress else None,
            max_in_flight=max_in_flight,
            cancel=cancel,
            timing=timing,
            on_state=(lambda _, polled: saving.polled(polled)) if saving else None,
        ):
            if saving is not None and not isinstance(outcome, WaitCancelledError):
                saving.ended(job.task_id)  # a cancelled wait stays saved, to resume
            yield job.task_id, outcome


def _account(api: str, secrets: tuple[str, ...], base_url: str) -> str:
    """Who pays for a request: the key's digest (never the key), or the server."""
    if secrets:
        return f"{api}:{hashlib.sha256(secrets[0].encode()).hexdigest()[:16]}"
    return f"{api}:{base_url}"


K_co = TypeVar("K_co", bound=Hashable, covariant=True)
R_co = TypeVar("R_co", covariant=True)


@attrs.frozen
class TaskHandle(Generic[K_co, R_co]):
    """One task of one client, for :func:`wait_many` across clients and APIs:
    a wait on it gives an ``R_co`` (``client.task(started)`` says which)."""

    #: The client that polls it (its result type is the handle's).
    client: BaseClient[Any, Any, Any] = attrs.field(repr=False)
    #: The task's id.
    task_id: K_co
    #: What a poll's outcome means, when the client's default does not do
    #: (a ``result_type``).
    rules: Rules[Any, Any, R_co] | None = attrs.field(default=None, repr=False, eq=False)

    @property
    def api(self) -> str:
        """The API's name (``capmonster``, ``cloudcoin``, …)."""
        return self.client.api_name

    def __repr__(self) -> str:
        return f"TaskHandle({self.api!r}, {self.task_id!r})"


def wait_many(
    handles: Iterable[TaskHandle[Any, R]],
    *,
    max_wait: float | None = None,
    max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    on_progress: Callable[[TaskHandle[Any, R], PollEvent[Any, Any]], Any] | None = None,
    cancel: threading.Event | None = None,
    timing: Timing | None = None,
    **renamed: Unpack[RenamedWaitArgs],
) -> Iterator[tuple[TaskHandle[Any, R], R | TaskpollError]]:
    """Wait on tasks of any clients at once; yields ``(handle, result or error)``
    in completion order.

    Each task keeps its own API's policy (``max_wait``, if given, replaces
    every one's), rules, request budget and its client's pacing; all
    share up to ``max_in_flight`` polls in flight.  ``on_progress`` gets
    the handle and the :class:`~taskpoll.PollEvent` of every poll.
    A handle given twice is waited on once.  (``timeout=`` is the deprecated
    name of ``max_wait=``.)
    """
    max_wait = take(renamed, "timeout", "max_wait", max_wait, known=("timeout",))
    jobs: dict[Job[Any, Any, Any], TaskHandle[Any, R]] = {}
    traced: dict[Job[Any, Any, Any], TracedWaits[Any, Any]] = {}
    per_client: dict[int, TracedWaits[Any, Any]] = {}  # spans begun under the caller's context now
    for handle in dict.fromkeys(handles):
        client = handle.client
        spans = client._traced_waits() if id(client) not in per_client else per_client[id(client)]
        policy = client._policy(max_wait, None)
        job = client._job(handle.task_id, policy, handle.rules, traced=spans)
        jobs[job] = handle
        if spans is not None:
            per_client[id(client)] = traced[job] = spans
    return _handle_outcomes(jobs, traced, on_progress, cancel, timing, max_in_flight)


def _handle_outcomes(  # noqa: PLR0917 (wait_many's arguments, passed on)
    jobs: dict[Job[Any, Any, Any], TaskHandle[Any, R]],
    traced: dict[Job[Any, Any, Any], TracedWaits[Any, Any]],
    on_progress: Callable[[TaskHandle[Any, R], PollEvent[Any, Any]], Any] | None,
    cancel: threading.Event | None,
    timing: Timing | None,
    max_in_flight: int,
) -> Iterator[tuple[TaskHandle[Any, R], R | TaskpollError]]:
    def report(job: Job[Any, Any, Any], event: PollEvent[Any, Any]) -> None:
        assert on_progress is not None
        on_progress(jobs[job], event)

    for job, outcome in _traced_schedule(
        jobs,
        traced,
        report if on_progress else None,
        max_in_flight=max_in_flight,
        cancel=cancel,
        timing=timing,
    ):
        yield jobs[job], outcome


def _traced_schedule(
    jobs: Iterable[Job[Any, Any, Any]],
    traced: Mapping[Job[Any, Any, Any], TracedWaits[Any, Any]],
    on_poll: Callable[[Job[Any, Any, Any], PollEvent[Any, Any]], None] | None,
    *,
    paused: bool = False,
    **options: Any,
) -> Iterator[tuple[Job[Any, Any, Any], Any]]:
    """:func:`schedule`, with each traced job's wait span begun, told of every
    poll and ended with its outcome; waits left open end as cancelled (the
    caller stopped), or as ``paused`` (a slice's end)."""

    def polled(job: Job[Any, Any, Any], event: PollEvent[Any, Any]) -> None:
        if job in traced:
            traced[job].polled(job, event)
        if on_poll is not None:
            on_poll(job, event)

    for job, spans in traced.items():
        spans.begin([job])
    try:
        for job, outcome in schedule(
            jobs, on_poll=polled if on_poll or traced else None, **options
        ):
            if job in traced:
                traced[job].ended(job.task_id, outcome)
            yield job, outcome
    finally:
        for spans in set(traced.values()):
            spans.abandon(paused=paused)
