"""The API's settings: the key is a secret with a minimum length; empty means none."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from rag.settings import Settings


def test_api_key_is_secret_and_long_enough(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "k" * 24
    settings = Settings(api_key=key)
    assert settings.api_key.get_secret_value() == key and key not in repr(settings)
    assert Settings(api_key="  ").api_key is None
    monkeypatch.setenv("SHOPASSIST_API_KEY", "")
    assert Settings().api_key is None
    with pytest.raises(ValidationError, match="at least 16 characters"):
        Settings(api_key="short")


def test_limits_are_bounded() -> None:
    with pytest.raises(ValidationError):
        Settings(api_max_body_bytes=10)
    with pytest.raises(ValidationError):
        Settings(max_message_chars=0)
    with pytest.raises(ValidationError, match="did you mean 'api_key'"):
        Settings(api_kee="x" * 20)
