"""Chat models for answers and HyDE, chosen by settings."""

from rag.generation.llm.factory import ChatModelChoice, build_chat_model
from rag.generation.llm.packaged import ModelUnavailable, resolve_gguf

__all__ = ["ChatModelChoice", "ModelUnavailable", "build_chat_model", "resolve_gguf"]
