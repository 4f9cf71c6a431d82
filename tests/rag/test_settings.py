from __future__ import annotations

import pytest
from pydantic import ValidationError

from rag.settings import FusionMode, Normalization, Settings


def test_defaults_point_at_packaged_models_and_cross_validated_fusion() -> None:
    s = Settings()
    assert s.embedding_model == "packaged:minilm-int8"
    # Linear min-max fusion, dense 2x: the cross-validated choice (docs/quality.md).
    assert s.fusion_mode is FusionMode.LINEAR and s.linear_normalization is Normalization.MINMAX
    assert s.leg_weights == {"bm25": 1.0, "dense": 2.0} and s.rrf_k == 60


def test_unknown_key_is_rejected_with_a_hint() -> None:
    with pytest.raises(ValidationError, match="did you mean 'fusion_mode'"):
        Settings(fusion_mod="rrf")


def test_enum_values_parse_and_list_the_allowed_ones() -> None:
    assert Settings(fusion_mode="LINEAR").fusion_mode is FusionMode.LINEAR
    assert Settings(linear_normalization="z_score").linear_normalization is Normalization.ZSCORE
    with pytest.raises(ValidationError, match="choose one of: rrf, linear"):
        Settings(fusion_mode="borda")


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOPASSIST_RRF_K", "20")
    monkeypatch.setenv("SHOPASSIST_FUSION_MODE", "linear")
    s = Settings()
    assert s.rrf_k == 20 and s.fusion_mode is FusionMode.LINEAR


def test_bad_values_are_rejected() -> None:
    with pytest.raises(ValidationError):
        Settings(leg_weights={"bm25": -1})
    with pytest.raises(ValidationError, match="unknown lexical fields"):
        Settings(lexical_boosts={"titel": 2.0})
    with pytest.raises(ValidationError):
        Settings(rrf_k=0)
