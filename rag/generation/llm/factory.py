"""Pick the chat model from settings: OpenAI-compatible, local GGUF, or none.

``auto`` prefers an OpenAI-compatible endpoint when a base URL is set, then a
local GGUF model when llama-cpp-python and the model are installed, and
otherwise returns no model: answers then come from the extractive composer,
and the choice's ``reason`` says why (the UI and the trace show it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from rag.generation.llm.packaged import ModelUnavailable, llama_cpp_installed, resolve_gguf
from rag.generation.llm.queue import LLMQueue
from rag.settings import LLMProvider, Settings


@dataclass(frozen=True)
class ChatModelChoice:
    model: BaseChatModel | None
    name: str  # "llama-cpp:qwen2.5-coder-1.5b", "openai:gpt-4o-mini", "extractive"
    reason: str = ""


def _openai(settings: Settings) -> ChatModelChoice:
    if not settings.openai_base_url:
        raise ModelUnavailable("llm_provider=openai needs SHOPASSIST_OPENAI_BASE_URL")
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - a dependency of the project
        raise ModelUnavailable("langchain-openai is not installed") from exc
    key = os.environ.get(settings.openai_api_key_env) or "not-needed"  # local servers ignore the key
    model = ChatOpenAI(
        base_url=settings.openai_base_url,
        api_key=key,
        model=settings.openai_model,
        temperature=settings.llm_temperature,
        max_tokens=settings.llm_max_tokens,
        timeout=settings.llm_timeout_s,
        max_retries=1,
        streaming=True,
    )
    return ChatModelChoice(model, f"openai:{settings.openai_model}")


def _local(settings: Settings) -> ChatModelChoice:
    if not llama_cpp_installed():
        raise ModelUnavailable('llama-cpp-python is not installed (pip install -e ".[llm]")')
    path = resolve_gguf(settings.llm_model, settings.models_dir)
    from rag.generation.llm.llama_cpp_chat import LlamaCppChatModel

    model = LlamaCppChatModel(
        model_path=str(path),
        n_ctx=settings.llm_context_tokens,
        n_threads=settings.llm_threads,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
        extra_buffers=settings.llm_extra_buffers,
    )
    label = settings.llm_model.split(":", 1)[1] if settings.llm_model.startswith("packaged:") else Path(path).name
    return ChatModelChoice(model, f"llama-cpp:{label}")


def build_chat_model(settings: Settings) -> ChatModelChoice:
    provider = settings.llm_provider
    if provider is LLMProvider.EXTRACTIVE:
        return ChatModelChoice(None, "extractive", "llm_provider=extractive")
    if provider is LLMProvider.OPENAI:
        return _openai(settings)
    if provider is LLMProvider.LOCAL:
        return _local(settings)
    # auto
    if settings.openai_base_url:
        return _openai(settings)
    try:
        return _local(settings)
    except ModelUnavailable as exc:
        return ChatModelChoice(None, "extractive", f"no local LLM: {exc}")


#: Answers an OpenAI-compatible endpoint may write at once from one process (it batches them).
ENDPOINT_SLOTS = 4


def answer_queue(settings: Settings, choice: ChatModelChoice) -> LLMQueue:
    """The line in front of the answer model: one generation at a time for a local GGUF model
    (one llama.cpp context per process, and on 2 cores two at once are each slower than one after
    the other), a few for an endpoint; ``llm_queue_waiting`` turns may wait."""
    from rag.generation.llm.llama_cpp_chat import LlamaCppChatModel

    slots = 1 if isinstance(choice.model, LlamaCppChatModel) else ENDPOINT_SLOTS
    return LLMQueue(slots=slots, max_waiting=settings.llm_queue_waiting)
