"""A generation still running when the process exits is stopped and waited for (not torn down mid-decode)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

from rag.settings import PROJECT_ROOT

SCRIPT = textwrap.dedent('''
    import sys, time
    from typing import Any
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessageChunk
    from langchain_core.outputs import ChatGenerationChunk, ChatResult
    from rag.generation.llm.queue import LLMQueue, stream_until

    MARKER = sys.argv[1]

    class SlowModel(BaseChatModel):
        @property
        def _llm_type(self) -> str:
            return "slow"

        def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
            raise NotImplementedError

        def _stream(self, *args: Any, **kwargs: Any):
            try:
                for _ in range(100):
                    time.sleep(0.05)  # a token every 50 ms: 5 s for the whole answer
                    yield ChatGenerationChunk(message=AIMessageChunk(content="word "))
            finally:
                open(MARKER, "w").write("stopped cleanly")

    line = LLMQueue()
    assert line.enter(time.monotonic() + 1).admitted
    try:
        for _ in stream_until(SlowModel(), [], None, time.monotonic() + 0.3, line):
            pass
    except TimeoutError:
        print("timed out; exiting while the model still writes", flush=True)
''')


def test_a_model_still_writing_at_exit_is_stopped_and_waited_for(tmp_path) -> None:
    marker = tmp_path / "marker"
    t0 = time.monotonic()
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(marker)], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "timed out" in done.stdout
    # The worker stopped at its next token (well before the 5 s answer ends) and ran its cleanup before exit.
    assert marker.read_text() == "stopped cleanly"
    assert time.monotonic() - t0 < 30


def test_drain_returns_at_once_when_nothing_runs() -> None:
    from rag.generation.llm.queue import drain_workers

    assert drain_workers(timeout_s=0.1) is True
