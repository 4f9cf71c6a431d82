"""Chat models for answers and HyDE, chosen by settings."""

from rag.generation.llm.factory import ChatModelChoice, answer_queue, build_chat_model
from rag.generation.llm.packaged import ModelUnavailable, resolve_gguf

__all__ = ["ChatModelChoice", "ModelUnavailable", "answer_queue", "build_chat_model", "resolve_gguf"]
