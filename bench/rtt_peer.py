"""The official CapMonster client solving N image tasks at once (for bench/rtt.py).

Run by the peer venv's Python (tests/peers.py), never imported by the bench:
``python bench/rtt_peer.py URL N DEADLINE``.  Prints one JSON object: when
each task's solution (``t0``, ``t1``, … as the emulator was scripted)
reached the caller, by ``time.monotonic``, and the process's CPU, memory
and peak thread count.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time


def memory_mb(field: str) -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def main(url: str, tasks: int, deadline: float) -> None:
    from capmonstercloudclient import CapMonsterClient, ClientOptions
    from capmonstercloudclient.GetResultTimeouts import getImage2TextTimeouts
    from capmonstercloudclient.requests import ImageToTextRequest

    if not url.startswith("http://127.0.0.1:"):
        raise SystemExit("refusing a non-loopback URL")
    client = CapMonsterClient(options=ClientOptions(api_key="bench-key", service_url=url))
    timeouts = getImage2TextTimeouts()
    timeouts.timeout = deadline  # only the deadline: the polling schedule is theirs
    rss_before = memory_mb("VmRSS")
    seen: dict[str, float] = {}
    failed = 0
    peak = [0]
    sampler_cpu = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.01):
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("Threads:"):
                        peak[0] = max(peak[0], int(line.split()[1]) - 1)
                        break
        sampler_cpu[0] = time.thread_time()

    async def one() -> None:
        nonlocal failed
        request = ImageToTextRequest(image_bytes=b"\x89PNG" + b"0" * 200)
        try:
            solution = await client._solve(request, timeouts)
        except Exception:
            failed += 1
            return
        seen[solution["text"]] = time.monotonic()

    async def run() -> None:
        await asyncio.gather(*(one() for _ in range(tasks)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, cpu = time.monotonic(), time.process_time()
    asyncio.run(run())
    wall, cpu = time.monotonic() - started, time.process_time() - cpu
    stop.set()
    sampler.join()
    cpu -= sampler_cpu[0]
    print(
        json.dumps(
            {
                "seen": seen,
                "failed": failed,
                "wall": wall,
                "cpu": cpu,
                "rss_before": rss_before,
                "rss": memory_mb("VmHWM"),
                "threads": peak[0],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
