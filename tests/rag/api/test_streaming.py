"""The chat stream's bridge from the turn's worker thread to the event loop
(``rag.api.app.iterate_in_thread``): what happens when the client leaves."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from rag.api.app import iterate_in_thread


def test_a_turn_still_queued_when_its_client_leaves_never_starts() -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    release = threading.Event()
    pool.submit(release.wait)  # every worker busy: the next turn waits in the pool's queue
    started = threading.Event()

    def turn():
        started.set()
        yield "answer"

    async def client_leaves_while_waiting() -> None:
        stream = iterate_in_thread(turn, pool)
        first = asyncio.ensure_future(stream.__anext__())
        await asyncio.sleep(0.05)
        first.cancel()  # what Starlette does to the response when the client disconnects
        with contextlib.suppress(asyncio.CancelledError):
            await first
        await stream.aclose()

    asyncio.run(client_leaves_while_waiting())
    release.set()
    pool.shutdown(wait=True)
    assert not started.is_set(), "the turn of a client that had gone still ran"


def test_a_running_turn_stops_soon_after_its_client_leaves() -> None:
    pool = ThreadPoolExecutor(max_workers=1)
    made = []

    def turn():
        for i in range(2_000):  # 10 s if nobody stops it
            made.append(i)
            yield i
            time.sleep(0.005)

    async def read_two_then_leave() -> None:
        stream = iterate_in_thread(turn, pool)
        assert [await stream.__anext__(), await stream.__anext__()] == [0, 1]
        await stream.aclose()

    asyncio.run(read_two_then_leave())
    pool.shutdown(wait=True)
    assert len(made) < 2_000
