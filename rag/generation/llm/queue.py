"""A bounded queue in front of the answer model, and a stream that ends at its deadline.

A local GGUF model answers one turn at a time (a llama.cpp context is not
thread-safe, and on 2 cores two generations at once are each slower than one
after the other). Turns that find it busy wait in line, at most
``max_waiting`` of them; a turn that finds the line full, or whose deadline
passes while it waits, is answered without the model (its extractive answer
is already on the screen) and the trace says so, with its place in the line.

:func:`stream_until` runs the model in a worker thread and hands its chunks
over a queue, so the deadline holds even while the model is still evaluating
the prompt and has not produced a token yet (checking the clock between
tokens, as a plain loop does, cannot stop a turn whose first token takes
40 s). Past the deadline the worker is told to stop at its next token and the
slot is given back only when it has, so the next turn never shares the model.

At exit, :func:`drain_workers` (registered with :mod:`atexit`) tells every worker
still running to stop and waits for it, up to a bound: a llama.cpp thread still
decoding while the interpreter tears down crashes the process (``shopassist ask``
ended in a segmentation fault after its turn's model timed out).
"""

from __future__ import annotations

import atexit
import queue
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage

#: Generation workers still running: (thread, its stop event).
_workers: set[tuple[threading.Thread, threading.Event]] = set()
_workers_lock = threading.Lock()


def drain_workers(timeout_s: float = 60.0) -> bool:
    """Tell every running generation worker to stop at its next token and wait for them, at most
    ``timeout_s`` in all (a prompt being read cannot be interrupted); True when none is left."""
    with _workers_lock:
        live = list(_workers)
    for _, stop in live:
        stop.set()
    end = time.monotonic() + timeout_s
    for thread, _ in live:
        thread.join(max(0.0, end - time.monotonic()))
    return not any(thread.is_alive() for thread, _ in live)


atexit.register(drain_workers)


@dataclass(frozen=True, slots=True)
class Ticket:
    """A turn's place in the line: ``ahead`` turns were running or waiting when it arrived."""

    ahead: int
    admitted: bool
    waited_ms: float
    reason: str = ""  # why not admitted: "queue full" | "deadline passed while waiting"


class LLMQueue:
    """At most ``slots`` generations at once and at most ``max_waiting`` turns waiting."""

    def __init__(self, slots: int = 1, max_waiting: int = 2) -> None:
        if slots < 1 or max_waiting < 0:
            raise ValueError(f"slots must be >= 1 and max_waiting >= 0, got {slots} and {max_waiting}")
        self.slots = slots
        self.max_waiting = max_waiting
        self._cond = threading.Condition()
        self._running = 0
        self._waiting = 0
        self._abandoned = 0  # running generations whose turn has ended (past its deadline)

    @property
    def depth(self) -> int:
        """Turns running or waiting now."""
        with self._cond:
            return self._running + self._waiting

    def enter(self, deadline: float) -> Ticket:
        """Wait for a slot until ``deadline`` (``time.monotonic()`` seconds); a ticket says whether one came."""
        t0 = time.monotonic()
        with self._cond:
            ahead = self._running + self._waiting
            if self._running >= self.slots and self._waiting >= self.max_waiting:
                return Ticket(ahead, False, 0.0, f"queue full ({ahead} ahead)")
            if self._abandoned >= self.slots:
                # Every slot is finishing a turn that already timed out (a prompt being read cannot be
                # interrupted): waiting would only hold this turn open until its own deadline.
                return Ticket(ahead, False, 0.0, "busy finishing a timed-out answer")
            self._waiting += 1
            try:
                while self._running >= self.slots:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return Ticket(ahead, False, (time.monotonic() - t0) * 1000, "deadline passed while waiting")
                    self._cond.wait(left)
                self._running += 1
            finally:
                self._waiting -= 1
        return Ticket(ahead, True, (time.monotonic() - t0) * 1000)

    def abandon(self) -> None:
        """A running generation's turn has ended; its slot comes back when the model stops."""
        with self._cond:
            self._abandoned += 1

    def leave(self, *, abandoned: bool = False) -> None:
        with self._cond:
            self._running = max(0, self._running - 1)
            if abandoned:
                self._abandoned = max(0, self._abandoned - 1)
            self._cond.notify()


def stream_until(
    model: BaseChatModel,
    messages: list[BaseMessage],
    config: Mapping[str, Any] | None,
    deadline: float,
    line: LLMQueue,
) -> Iterator[str]:
    """The model's text chunks until it ends; raises ``TimeoutError`` at ``deadline``.

    The caller has entered ``line``; the worker leaves it when the model has
    really stopped. Closing this iterator early (enough sentences) stops the
    model at its next token too.
    """
    chunks: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    abandoned = threading.Event()
    guard = threading.Lock()  # abandon() and leave() in one order, whichever thread comes first
    finished = False

    def produce() -> None:
        nonlocal finished
        try:
            for chunk in model.stream(messages, config=dict(config or {})):
                if stop.is_set():
                    break  # leaving the loop closes the model's stream: generation stops
                chunks.put(("text", str(chunk.content)))
            chunks.put(("end", None))
        except Exception as exc:  # handed to the turn, which falls back and says why
            chunks.put(("error", exc))
        finally:
            with guard:
                finished = True
                line.leave(abandoned=abandoned.is_set())
            with _workers_lock:
                _workers.discard(worker)

    thread = threading.Thread(target=produce, name="llm-answer", daemon=True)
    worker = (thread, stop)
    with _workers_lock:
        _workers.add(worker)
    thread.start()
    try:
        while True:
            left = deadline - time.monotonic()
            try:
                if left <= 0:
                    raise queue.Empty
                kind, value = chunks.get(timeout=left)
            except queue.Empty:
                with guard:
                    if not finished:
                        abandoned.set()
                        line.abandon()
                raise TimeoutError("deadline reached") from None
            if kind == "end":
                return
            if kind == "error":
                raise value
            yield value
    finally:
        stop.set()
