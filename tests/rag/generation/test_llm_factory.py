"""The chat model is chosen from settings; auto degrades to the extractive composer."""

from __future__ import annotations

import pytest

from rag.generation.llm import ModelUnavailable, build_chat_model
from rag.settings import Settings


def test_extractive_needs_no_model() -> None:
    choice = build_chat_model(Settings(llm_provider="extractive"))
    assert choice.model is None and choice.name == "extractive"


def test_auto_without_a_local_model_says_why(tmp_path) -> None:
    choice = build_chat_model(Settings(llm_provider="auto", llm_model=str(tmp_path / "none.gguf")))
    assert choice.model is None and "no local LLM" in choice.reason


def test_local_with_a_missing_model_raises(tmp_path) -> None:
    with pytest.raises(ModelUnavailable):
        build_chat_model(Settings(llm_provider="local", llm_model=str(tmp_path / "none.gguf")))


def test_openai_compatible_endpoint_from_settings(monkeypatch) -> None:
    monkeypatch.setenv("MY_KEY", "sk-test")
    choice = build_chat_model(
        Settings(llm_provider="openai", openai_base_url="http://127.0.0.1:9/v1", openai_model="qwen2.5", openai_api_key_env="MY_KEY")
    )
    assert choice.name == "openai:qwen2.5"
    assert choice.model.openai_api_base == "http://127.0.0.1:9/v1"
    assert choice.model.openai_api_key.get_secret_value() == "sk-test"


def test_auto_prefers_a_configured_endpoint() -> None:
    choice = build_chat_model(Settings(llm_provider="auto", openai_base_url="http://127.0.0.1:9/v1"))
    assert choice.name.startswith("openai:")


def test_openai_without_a_base_url_is_a_clear_error() -> None:
    with pytest.raises(ModelUnavailable, match="OPENAI_BASE_URL"):
        build_chat_model(Settings(llm_provider="openai"))


def test_local_models_are_built_without_extra_buffers_unless_asked() -> None:
    """llama.cpp's repacking buffers crash prompt evaluation on AMX CPUs with
    llama-cpp-python 0.3.36: the model is built with them off, and the patch
    that turns them off does not outlive the build."""
    native = pytest.importorskip("llama_cpp.llama_cpp")
    if not any(name == "use_extra_bufts" for name, *_ in native.llama_model_params._fields_):
        pytest.skip("this llama-cpp-python has no use_extra_bufts")
    from rag.generation.llm.llama_cpp_chat import model_params

    assert native.llama_model_default_params().use_extra_bufts is True
    with model_params(extra_buffers=False):
        assert native.llama_model_default_params().use_extra_bufts is False
    assert native.llama_model_default_params().use_extra_bufts is True
    with model_params(extra_buffers=True):
        assert native.llama_model_default_params().use_extra_bufts is True


def test_the_answer_queue_lets_a_local_model_write_one_answer_at_a_time() -> None:
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from rag.generation.llm import ChatModelChoice, answer_queue
    from rag.generation.llm.llama_cpp_chat import LlamaCppChatModel

    settings = Settings(llm_queue_waiting=3)
    local = answer_queue(settings, ChatModelChoice(LlamaCppChatModel(model_path="model.gguf"), "llama-cpp:x"))
    endpoint = answer_queue(settings, ChatModelChoice(FakeListChatModel(responses=["x"]), "openai:x"))
    assert (local.slots, local.max_waiting) == (1, 3) and endpoint.slots > 1
