"""Until the first words: a typing indicator naming the stage being run, and the time so far.

The chain runs its steps before the first chunk of text, and a 2-core machine with a
local model can take many seconds there. :func:`stream_with_stages` runs the turn's
stream in a worker thread and passes LangChain's own callbacks through (each step is a
named runnable, so ``on_chain_start`` says which one started); the page's generator
reads both from one queue and can redraw the indicator while it waits, instead of
showing nothing but the shopper's own message.
"""

from __future__ import annotations

import contextvars
import html
import queue
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.runnables import RunnableConfig

#: The chain's step names (``rag.chain.chain.build_chain``) as a shopper reads them.
STAGE_LABELS = {
    "guard": "Reading your message",
    "understand": "Working out what you need",
    "retrieve": "Searching the catalog",
    "hyde": "Searching with a sample listing",
    "rerank": "Ranking the best matches",
    "personalize": "Fitting the results to you",
    "plan": "Choosing what to show",
    "answer": "Writing the answer",
}


@dataclass(frozen=True, slots=True)
class Stage:
    """A step of the turn that is running, and the seconds since the turn began."""

    name: str
    elapsed_s: float

    @property
    def label(self) -> str:
        return STAGE_LABELS.get(self.name, self.name)


class _StageWatcher(BaseCallbackHandler):
    """Puts the name of each known step on ``events`` as it starts."""

    def __init__(self, events: queue.Queue) -> None:
        self.events = events

    def on_chain_start(self, serialized: Any, inputs: Any, **kwargs: Any) -> None:
        name = kwargs.get("name") or (serialized or {}).get("name")
        if name in STAGE_LABELS:
            self.events.put(("stage", name))


_DONE = object()


def stream_with_stages(stream: Callable[[RunnableConfig], Iterator[Any]], *, tick_s: float = 1.0,
                       merge: Callable[[Any, Any], Any] | None = None) -> Iterator[Any]:
    """The items of ``stream(config)``, with a :class:`Stage` before each step and every
    ``tick_s`` seconds while nothing else arrives (so a waiting page can show the time).

    A consumer slower than the turn (a loaded server redrawing a page per event) gets what
    has piled up at once: a step is announced only if nothing has arrived after it (a step
    already over is not worth a redraw), and with ``merge`` the items waiting in the queue are
    folded into one (``merge(earlier, later)``, e.g. ``operator.add`` for answer chunks).

    ``stream`` starts at once, in a daemon thread; an exception there is raised here. A
    consumer that stops early leaves the turn to finish on its own (its ranking is still logged).
    """
    events: queue.Queue = queue.Queue()
    config: RunnableConfig = {"callbacks": [_StageWatcher(events)]}

    def work() -> None:
        try:
            for item in stream(config):
                events.put(("item", item))
        except BaseException as exc:  # handed to the consumer, which raises it
            events.put(("error", exc))
        finally:
            events.put(("done", _DONE))

    t0 = time.perf_counter()
    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(work,), name="turn-stream", daemon=True).start()
    return _read(events, t0, tick_s, merge)


def _read(events: queue.Queue, t0: float, tick_s: float, merge: Callable[[Any, Any], Any] | None) -> Iterator[Any]:
    stage = "guard"
    held: list[tuple[str, Any]] = []  # an event read while folding items, handled next
    while True:
        try:
            kind, value = held.pop() if held else events.get(timeout=tick_s)
        except queue.Empty:
            yield Stage(stage, time.perf_counter() - t0)
            continue
        if kind == "done":
            return
        if kind == "error":
            raise value
        if kind == "stage":
            stage = value
            if events.empty():
                yield Stage(stage, time.perf_counter() - t0)
            continue
        while merge is not None and not held:
            try:
                later = events.get_nowait()
            except queue.Empty:
                break
            if later[0] == "item":
                value = merge(value, later[1])
            else:
                held.append(later)
        yield value


def typing_html(stage: Stage) -> str:
    """The assistant's bubble while it works: three dots, the stage, and the seconds so far."""
    seconds = f" · {stage.elapsed_s:.0f} s" if stage.elapsed_s >= 1 else ""
    return (
        '<div class="sa-typing" role="status" aria-live="polite">'
        '<span class="sa-dots" aria-hidden="true"><i></i><i></i><i></i></span>'
        f'<span class="sa-stage">{html.escape(stage.label)}…</span><span aria-hidden="true">{seconds}</span></div>'
    )
