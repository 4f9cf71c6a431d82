"""Admission control (rag.api.hardening.Admission) around a fake slow handler.

The handler blocks until the test releases it, so every case is decided by
events, never by timing; the one wait that runs out is a handler never released.
"""

from __future__ import annotations

import asyncio
import json

import pytest

from rag.api.hardening import Admission


class SlowApp:
    """An ASGI app that answers 200 once ``gate`` is set; counts how many requests it is working on."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.working = 0
        self.most = 0
        self.fail = False

    async def __call__(self, scope: dict, receive, send) -> None:
        self.working += 1
        self.most = max(self.most, self.working)
        try:
            await self.gate.wait()
            if self.fail:
                raise RuntimeError("handler failed")
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"ok"})
        finally:
            self.working -= 1


async def call(app, path: str = "/api/search") -> dict:
    """Run one request through ``app``; returns the status, headers and body it sent."""
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "method": "POST", "headers": []}, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {"status": start["status"], "headers": dict(start["headers"]), "body": body}


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


def test_over_limit_and_queue_is_refused_at_once_with_retry_after():
    async def scenario():
        slow, shed = SlowApp(), []
        admission = Admission(slow, limit=2, queue=1, wait_s=60, on_shed=shed.append)
        running = [asyncio.create_task(call(admission)) for _ in range(3)]  # two work, one waits
        await settle()
        refused = await call(admission)  # answered while the others are still blocked
        assert refused["status"] == 503
        assert refused["headers"][b"retry-after"] == b"1"
        assert "busy" in json.loads(refused["body"])["error"]
        assert shed == ["queue full"]
        assert slow.working == 2 and len(admission.waiters) == 1
        slow.gate.set()
        answers = await asyncio.gather(*running)
        assert [a["status"] for a in answers] == [200, 200, 200]  # the waiter got a slot
        assert slow.most == 2
        assert admission.in_flight == 0 and not admission.waiters

    asyncio.run(scenario())


def test_a_waiter_without_a_slot_is_refused_when_its_wait_runs_out():
    async def scenario():
        slow, shed = SlowApp(), []
        admission = Admission(slow, limit=1, queue=4, wait_s=0.01, on_shed=shed.append)
        blocker = asyncio.create_task(call(admission))
        await settle()
        refused = await call(admission)  # the handler is never released while this waits
        assert refused["status"] == 503
        assert shed == ["waited too long"]
        assert not admission.waiters and admission.in_flight == 1
        slow.gate.set()
        assert (await blocker)["status"] == 200
        assert admission.in_flight == 0

    asyncio.run(scenario())


def test_slots_are_handed_over_first_come_first_served():
    async def scenario():
        order: list[int] = []

        class Recording(SlowApp):
            async def __call__(self, scope, receive, send):
                order.append(scope["n"])
                await super().__call__(scope, receive, send)

        slow = Recording()
        admission = Admission(slow, limit=1, queue=10, wait_s=60)

        async def numbered(n: int) -> None:
            async def receive():
                return {"type": "http.request", "body": b""}

            async def send(_):
                return None

            await admission({"type": "http", "path": "/api/chat", "method": "POST", "headers": [], "n": n}, receive, send)

        tasks = []
        for n in range(4):
            tasks.append(asyncio.create_task(numbered(n)))
            await settle()
        slow.gate.set()
        await asyncio.gather(*tasks)
        assert order == [0, 1, 2, 3]
        assert slow.most == 1

    asyncio.run(scenario())


def test_a_failing_handler_gives_its_slot_back():
    async def scenario():
        slow = SlowApp()
        slow.fail = True
        slow.gate.set()
        admission = Admission(slow, limit=1, queue=0, wait_s=60)
        with pytest.raises(RuntimeError):
            await call(admission)
        assert admission.in_flight == 0
        slow.fail = False
        assert (await call(admission))["status"] == 200

    asyncio.run(scenario())


def test_paths_outside_the_api_are_never_held():
    async def scenario():
        slow = SlowApp()
        admission = Admission(slow, limit=1, queue=0, wait_s=60)
        blocker = asyncio.create_task(call(admission))
        await settle()
        assert (await call(admission))["status"] == 503  # the API is full ...
        health = asyncio.create_task(call(admission, "/healthz"))  # ... health checks and the page pass
        page = asyncio.create_task(call(admission, "/gradio_api/queue/join"))
        await settle()
        assert slow.working == 3
        slow.gate.set()
        assert [(await t)["status"] for t in (blocker, health, page)] == [200, 200, 200]

    asyncio.run(scenario())


def test_a_cancelled_waiter_leaves_the_queue():
    async def scenario():
        slow = SlowApp()
        admission = Admission(slow, limit=1, queue=2, wait_s=60)
        blocker = asyncio.create_task(call(admission))
        await settle()
        waiter = asyncio.create_task(call(admission))
        await settle()
        assert len(admission.waiters) == 1
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        assert not admission.waiters
        slow.gate.set()
        await blocker
        assert admission.in_flight == 0

    asyncio.run(scenario())


def test_a_limit_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        Admission(SlowApp(), limit=0, queue=1, wait_s=1)


def test_excluded_paths_are_left_to_their_own_limiter():
    async def scenario():
        slow = SlowApp()
        admission = Admission(slow, limit=1, queue=0, wait_s=60, exclude=("/api/chat",))
        blocker = asyncio.create_task(call(admission, "/api/search"))
        await settle()
        chat = asyncio.create_task(call(admission, "/api/chat"))
        await settle()
        assert slow.working == 2  # the chat turn was not held by the search limiter
        slow.gate.set()
        assert [(await t)["status"] for t in (blocker, chat)] == [200, 200]

    asyncio.run(scenario())
