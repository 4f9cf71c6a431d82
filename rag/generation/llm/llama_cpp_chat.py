"""A LangChain chat model over llama-cpp-python, loaded lazily.

Hand-written rather than ``langchain_community.ChatLlamaCpp`` because that
package is being sunset and because we want two things it does not give:
the model loaded on first use (so building the app stays instant) and a RAM
prompt cache, so the fixed system prompt is evaluated once and later turns
only pay for their own tokens. It is a real ``BaseChatModel``: streaming,
callbacks and LangSmith/Langfuse tracing work as with any LangChain model.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import PrivateAttr

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}
_PARAMS_LOCK = threading.Lock()


@contextmanager
def model_params(*, extra_buffers: bool) -> Iterator[None]:
    """Build the next ``Llama`` with ``use_extra_bufts`` as given.

    llama.cpp's extra CPU buffer types repack weights for faster kernels (AMX
    on recent Xeons). On an AMX machine (Xeon, amx_int8/amx_bf16) a
    llama-cpp-python 0.3.36 build crashes (SIGSEGV) as soon as a prompt of
    more than one token is evaluated in a batch; with them off it runs. The
    ``Llama`` class does not expose the field, so its default params are
    wrapped while the model is built (under a lock: the patch is process-wide).
    """
    import llama_cpp.llama_cpp as native

    if extra_buffers or not hasattr(native.llama_model_params, "_fields_") or not any(
        name == "use_extra_bufts" for name, *_ in native.llama_model_params._fields_
    ):
        yield
        return
    with _PARAMS_LOCK:
        original = native.llama_model_default_params

        def defaults():
            params = original()
            params.use_extra_bufts = False
            return params

        native.llama_model_default_params = defaults
        try:
            yield
        finally:
            native.llama_model_default_params = original


def default_threads() -> int:
    """Every core but one: the model never takes the core that retrieval and the other shoppers' leads
    need. On 2 cores, 4 shoppers' first words came at p50 1.15 s / p95 2.30 s with one model thread
    against 1.57 / 4.57 s with two, and the model wrote in 0 of 30 against 1 of 30 turns
    (benchmarks/browser_first_token.py, docs/conversation-quality.md)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1)


class LlamaCppChatModel(BaseChatModel):
    model_path: str
    n_ctx: int = 2048
    n_threads: int | None = None
    max_tokens: int = 160
    temperature: float = 0.1
    seed: int = 7
    cache_bytes: int = 256 << 20
    extra_buffers: bool = False  # llama.cpp's weight-repacking buffers (see model_params)

    _llama: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    _load_lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)  # the server's warm-up and a first turn

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_path": self.model_path, "n_ctx": self.n_ctx, "max_tokens": self.max_tokens}

    def load(self) -> Any:
        if self._llama is not None:
            return self._llama
        with self._load_lock:
            return self._load()

    def _load(self) -> Any:
        if self._llama is None:
            from llama_cpp import Llama, LlamaRAMCache

            with model_params(extra_buffers=self.extra_buffers):
                llama = Llama(
                    model_path=self.model_path,
                    n_ctx=self.n_ctx,
                    n_threads=self.n_threads or default_threads(),
                    n_threads_batch=self.n_threads or default_threads(),
                    n_batch=512,
                    seed=self.seed,
                    verbose=False,
                )
            llama.set_cache(LlamaRAMCache(capacity_bytes=self.cache_bytes))
            self._llama = llama
        return self._llama

    def _payload(self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any) -> dict[str, Any]:
        return {
            "messages": [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages],
            "max_tokens": kwargs.get("max_tokens", self.max_tokens),
            "temperature": kwargs.get("temperature", self.temperature),
            "stop": stop or None,
        }

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        text = "".join(c.text for c in self._stream(messages, stop, run_manager, **kwargs))
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        llama = self.load()
        # One generation at a time per loaded model: llama.cpp contexts are not thread-safe.
        with self._lock:
            for part in llama.create_chat_completion(stream=True, **self._payload(messages, stop, **kwargs)):
                delta = part["choices"][0].get("delta", {}).get("content")
                if not delta:
                    continue
                chunk = ChatGenerationChunk(message=AIMessageChunk(content=delta))
                if run_manager:
                    run_manager.on_llm_new_token(delta, chunk=chunk)
                yield chunk
