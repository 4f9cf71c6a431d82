"""The public enums of the core: every mode a setting or a stage names.

Part of the core (with :mod:`rag.records` and :mod:`rag.settings`): imports
nothing else from the project, so every layer may use these.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

__all__ = [
    "CategoryMode",
    "ChoiceEnum",
    "EngineKind",
    "FusionMode",
    "HybridMode",
    "HydeMode",
    "KnnEngine",
    "LLMProvider",
    "LexicalCombine",
    "Normalization",
    "RerankPolicy",
    "SpaceType",
]


class ChoiceEnum(StrEnum):
    """A mode chosen by name: ``from_str`` accepts any case, ``-``, ``_`` or spaces, and names the allowed values."""

    @classmethod
    def from_str(cls, value: str) -> Self:
        """Parse a user-supplied value, naming the allowed ones on error."""
        def squash(text: str) -> str:
            return text.strip().lower().replace("_", "").replace("-", "").replace(" ", "")

        for member in cls:
            if squash(member.value) == squash(value):
                return member
        allowed = ", ".join(m.value for m in cls)
        raise ValueError(f"unknown {cls.__name__} {value!r}; choose one of: {allowed}")


class FusionMode(ChoiceEnum):
    """How the lexical and dense legs are combined."""

    RRF = "rrf"
    LINEAR = "linear"


class Normalization(ChoiceEnum):
    """Score normalization used by linear fusion."""

    MINMAX = "minmax"
    ZSCORE = "zscore"


class CategoryMode(ChoiceEnum):
    """How a product type parsed from the message is used in retrieval."""

    OFF = "off"
    BOOST = "boost"
    FILTER = "filter"


class EngineKind(ChoiceEnum):
    """Which search engine serves: the embedded index, or OpenSearch with the embedded index as fallback."""

    EMBEDDED = "embedded"
    OPENSEARCH = "opensearch"


class LexicalCombine(ChoiceEnum):
    """How a product's per-field BM25 scores make its lexical score, in every engine.

    ``best_fields``: the best boosted field's score (the embedded engine's ``max``,
    OpenSearch's ``multi_match`` type ``best_fields``); ``most_fields``: their sum.
    """

    BEST_FIELDS = "best_fields"
    MOST_FIELDS = "most_fields"


class KnnEngine(ChoiceEnum):
    """The OpenSearch k-NN library behind the HNSW graph (both filter inside the knn clause)."""

    LUCENE = "lucene"
    FAISS = "faiss"


class SpaceType(ChoiceEnum):
    """The OpenSearch vector space; scores are converted back to cosine similarity."""

    COSINE = "cosinesimil"
    INNER_PRODUCT = "innerproduct"
    L2 = "l2"


class HybridMode(ChoiceEnum):
    """Where OpenSearch's BM25 and k-NN legs are fused: here (shared fusion code) or in a search pipeline."""

    CLIENT = "client"
    SERVER = "server"


class LLMProvider(ChoiceEnum):
    """Who writes answers (and HyDE texts)."""

    AUTO = "auto"  # OpenAI-compatible when a base URL is set, else local GGUF when installed, else extractive
    LOCAL = "local"  # a GGUF model through llama-cpp-python
    OPENAI = "openai"  # any OpenAI-compatible endpoint (vLLM, Ollama, OpenAI, DashScope compatible mode)
    EXTRACTIVE = "extractive"  # no LLM: answers composed from the product records


class HydeMode(ChoiceEnum):
    """When a hypothetical product description joins retrieval as a leg."""

    OFF = "off"
    AUTO = "auto"  # only when first-pass retrieval looks weak
    ALWAYS = "always"


class RerankPolicy(ChoiceEnum):
    """When the reranker runs (docs/reranking.md: ``auto`` reranks multi-word queries)."""

    NEVER = "never"
    ALWAYS = "always"
    AUTO = "auto"
