"""Experiments: users are assigned deterministically to variants, and each
variant's setting overrides are applied to that user's turns.

An experiment is configured with ``SHOPASSIST_EXPERIMENT`` (JSON)::

    {"name": "rerank-on",
     "control": "control",                       # optional; default: the first variant
     "variants": [
        {"name": "control", "weight": 1, "overrides": {}},
        {"name": "rerank",  "weight": 1, "overrides": {"rerank_policy": "always"}}]}

Assignment hashes ``"<experiment>:<unit>"`` with SHA-256 (never Python's
``hash()``, which differs between processes), maps the first 8 bytes to
[0, 1) and picks the variant whose cumulative weight share covers that point.
The unit is the user id, or the chat session id for a shopper who is not
signed in; a turn with neither is not enrolled and is served by the control
without a variant. Renaming the experiment reshuffles everyone; adding a
variant or changing weights moves only the users whose point changes bucket.

Overrides are settings keys, and only the ones a variant can change per turn
over shared search services: the rerank policy, the personalization switch
and its bounds, HyDE and the number of products in the answer. Every other
key is refused with the list of allowed ones. :class:`personalization.experiments.ExperimentAssistant`
builds one assistant per variant (sharing the engine, embedder, chat model,
reranker and conversation store) and routes each turn to its variant's
assistant; the turn's trace carries ``experiment`` and ``variant``, and the
ranking log writes both into the ranking row.

This module is the definition and the assignment, part of the core (settings
validate ``SHOPASSIST_EXPERIMENT`` with it); the router is
:class:`personalization.experiments.ExperimentAssistant` and
:func:`rag.wiring.build_experiment_assistant` builds it.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

#: Settings a variant may override: the per-turn stages that run over shared search services.
OVERRIDABLE: tuple[str, ...] = (
    "rerank_policy",
    "rerank_top_n",
    "rerank_auto_min_words",
    "personalization",
    "personalization_weight",
    "personalization_max_rise",
    "personalization_mmr_lambda",
    "hyde_mode",
    "answer_products",
)

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")


def _check_name(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string, got {value!r}")
    name = value.strip()
    if len(name) > 64 or not set(name) <= _NAME_CHARS:
        raise ValueError(f"{what} {name!r} must be 1-64 letters, digits, '-', '_' or '.'")
    return name


@dataclass(frozen=True, slots=True)
class Variant:
    name: str
    weight: float = 1.0
    overrides: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _check_name(self.name, "variant name"))
        if (isinstance(self.weight, bool) or not isinstance(self.weight, int | float) or not self.weight > 0
                or not math.isfinite(self.weight)):
            raise ValueError(f"variant {self.name!r}: weight must be a finite positive number, got {self.weight!r}")
        if not isinstance(self.overrides, Mapping):
            raise ValueError(f"variant {self.name!r}: overrides must be an object of settings, got {self.overrides!r}")
        overrides = dict(self.overrides)
        unknown = sorted(set(overrides) - set(OVERRIDABLE))
        if unknown:
            raise ValueError(
                f"variant {self.name!r}: cannot override {', '.join(unknown)}; "
                f"a variant may override: {', '.join(OVERRIDABLE)}"
            )
        object.__setattr__(self, "overrides", overrides)


@dataclass(frozen=True, slots=True)
class Experiment:
    name: str
    variants: tuple[Variant, ...]
    control: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "name", _check_name(self.name, "experiment name"))
        if len(self.variants) < 2:
            raise ValueError(f"experiment {self.name!r} needs at least two variants, got {len(self.variants)}")
        names = [v.name for v in self.variants]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"experiment {self.name!r}: variant names must be unique; repeated: {', '.join(duplicates)}")
        control = self.control or names[0]
        if control not in names:
            raise ValueError(f"experiment {self.name!r}: control {control!r} is not a variant; variants: {', '.join(names)}")
        object.__setattr__(self, "control", control)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Experiment:
        if not isinstance(data, Mapping):
            raise ValueError(f"an experiment is a JSON object with name and variants, got {type(data).__name__}")
        unknown = sorted(set(data) - {"name", "variants", "control"})
        if unknown:
            raise ValueError(f"unknown experiment keys {', '.join(unknown)}; allowed: name, variants, control")
        raw = data.get("variants")
        if not isinstance(raw, Sequence) or isinstance(raw, str):
            raise ValueError("experiment 'variants' must be a list of {name, weight, overrides} objects")
        variants = []
        for item in raw:
            if not isinstance(item, Mapping):
                raise ValueError(f"each variant is an object with name, weight and overrides, got {item!r}")
            extra = sorted(set(item) - {"name", "weight", "overrides"})
            if extra:
                raise ValueError(f"unknown variant keys {', '.join(extra)}; allowed: name, weight, overrides")
            overrides = item.get("overrides") or {}
            if not isinstance(overrides, Mapping):
                raise ValueError(f"variant {item.get('name')!r}: overrides must be an object of settings")
            variants.append(Variant(item.get("name"), item.get("weight", 1.0), overrides))
        return cls(data.get("name"), tuple(variants), data.get("control") or "")

    @classmethod
    def from_json(cls, text: str) -> Experiment:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"experiment is not valid JSON: {exc}") from exc
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "control": self.control,
            "variants": [{"name": v.name, "weight": v.weight, "overrides": dict(v.overrides)} for v in self.variants],
        }

    def variant(self, name: str) -> Variant:
        for v in self.variants:
            if v.name == name:
                return v
        raise KeyError(f"experiment {self.name!r} has no variant {name!r}; variants: {', '.join(v.name for v in self.variants)}")

    def assign(self, unit: str) -> Variant:
        """The variant of ``unit`` (a user or session id): stable across processes and runs."""
        point = bucket_point(self.name, unit)
        total = sum(v.weight for v in self.variants)
        edge = 0.0
        for v in self.variants:
            edge += v.weight / total
            if point < edge:
                return v
        return self.variants[-1]  # point is in [0, 1); only float rounding at the top edge lands here


def bucket_point(experiment: str, unit: str) -> float:
    """A point in [0, 1) from SHA-256 of ``experiment:unit``."""
    digest = hashlib.sha256(f"{experiment}:{unit}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass(frozen=True, slots=True)
class Assignment:
    experiment: str
    variant: str
    unit: str  # "user:<id>" or "session:<id>"


def assignment_unit(user_id: str | None, session_id: str | None) -> str | None:
    if user_id:
        return f"user:{user_id}"
    if session_id:
        return f"session:{session_id}"
    return None
