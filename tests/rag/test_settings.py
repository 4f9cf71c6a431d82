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


def test_every_enum_field_parses_through_one_validator() -> None:
    from rag.enums import ChoiceEnum

    enum_fields = {name: f.annotation for name, f in Settings.model_fields.items()
                   if isinstance(f.annotation, type) and issubclass(f.annotation, ChoiceEnum)}
    assert len(enum_fields) == 11  # fusion, normalization, lexical combine, category, engine, knn, space, hybrid, llm, hyde, rerank
    for name, kind in enum_fields.items():
        last = list(kind)[-1]
        assert getattr(Settings(**{name: last.value.upper()}), name) is last
        with pytest.raises(ValidationError, match="choose one of"):
            Settings(**{name: "no-such-mode"})


def test_with_overrides_revalidates_the_whole_object() -> None:
    from rag.settings import HydeMode, RerankPolicy

    base = Settings(rrf_k=20)
    changed = base.with_overrides(hyde_mode="off", rerank_policy="always", query_cache_size=0)
    assert changed.hyde_mode is HydeMode.OFF and changed.rerank_policy is RerankPolicy.ALWAYS
    assert changed.query_cache_size == 0 and changed.rrf_k == 20  # the rest is kept
    assert base.rerank_policy is RerankPolicy.NEVER  # the original is untouched (frozen)
    with pytest.raises(ValidationError, match="choose one of"):
        base.with_overrides(hyde_mode="sometimes")
    with pytest.raises(ValidationError):
        base.with_overrides(personalization_weight=0.9)  # le=0.5
    with pytest.raises(ValidationError, match="did you mean 'rrf_k'"):
        base.with_overrides(rrf_kk=10)


def test_with_overrides_keeps_the_deprecated_rerank_switch_folded_in() -> None:
    from rag.settings import RerankPolicy

    old = Settings(rerank=True)
    assert old.rerank_policy is RerankPolicy.ALWAYS
    assert old.with_overrides(rerank_policy="never").rerank_policy is RerankPolicy.NEVER
    assert old.with_overrides(rrf_k=5).rerank_policy is RerankPolicy.ALWAYS


def test_an_experiment_is_validated_by_the_core() -> None:
    experiment = {"name": "e", "variants": [{"name": "a"}, {"name": "b", "overrides": {"rerank_policy": "always"}}]}
    assert Settings(experiment=experiment).experiment["control"] == "a"
    with pytest.raises(ValidationError, match="cannot override"):
        Settings(experiment={"name": "e", "variants": [{"name": "a"}, {"name": "b", "overrides": {"rrf_k": 1}}]})


def test_the_embedded_text_follows_settings_and_changes_the_recipe() -> None:
    from rag.records import Product
    from rag.wiring import document_builder

    p = Product(id="1", title="HP ProBook 450", brand="HP", category="notebook", price=500.0, currency="USD",
                description="A business laptop", attributes={"colour": "black"})
    default = document_builder(Settings())
    title_only = document_builder(Settings(embed_description=False))
    assert default.embedded_text(p) == "HP ProBook 450. A business laptop"
    assert title_only.embedded_text(p) == "HP ProBook 450"
    assert document_builder(Settings(embed_description=False, embed_attributes=True)).embedded_text(p) == \
        "HP ProBook 450. black"
    assert title_only.fingerprint != default.fingerprint  # the next ingest re-embeds
