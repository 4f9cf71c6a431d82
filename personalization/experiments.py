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
key is refused with the list of allowed ones. :class:`ExperimentAssistant`
builds one assistant per variant (sharing the engine, embedder, chat model,
reranker and conversation store) and routes each turn to its variant's
assistant; the turn's trace carries ``experiment`` and ``variant``, and the
ranking log writes both into the ranking row.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
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


def variant_settings(settings, variant: Variant):
    """``settings`` with ``variant``'s overrides applied (validated like any setting) and no experiment."""
    from rag.settings import Settings

    if variant.overrides:
        try:
            checked = Settings.model_validate(dict(variant.overrides))
        except Exception as exc:  # pydantic's ValidationError names the field and the rule
            raise ValueError(f"variant {variant.name!r} has a bad override: {exc}") from exc
        update = {key: getattr(checked, key) for key in variant.overrides}
    else:
        update = {}
    return settings.model_copy(update={**update, "experiment": None})


class ExperimentAssistant:
    """Routes each turn to its variant's assistant and marks the trace.

    Looks like a :class:`rag.chain.ShoppingAssistant` to callers (``ask``,
    ``stream``, ``steps``); ``steps`` is the control's.
    """

    def __init__(self, experiment: Experiment, assistants: Mapping[str, Any]) -> None:
        missing = [v.name for v in experiment.variants if v.name not in assistants]
        if missing:
            raise ValueError(f"no assistant for variants {', '.join(missing)}")
        self.experiment = experiment
        self.assistants = dict(assistants)

    @property
    def steps(self):
        return self.assistants[self.experiment.control].steps

    def assign(self, user_id: str | None, session_id: str | None) -> Assignment | None:
        unit = assignment_unit(user_id, session_id)
        if unit is None:
            return None
        return Assignment(self.experiment.name, self.experiment.assign(unit).name, unit)

    def stream(self, request, config=None) -> Iterator[Any]:
        assignment = self.assign(request.user_id, request.session_id)
        assistant = self.assistants[assignment.variant if assignment else self.experiment.control]
        for chunk in assistant.stream(request, config):
            if chunk.result is not None and assignment is not None:
                trace = chunk.result.trace.with_(experiment=assignment.experiment, variant=assignment.variant)
                chunk = replace(chunk, result=replace(chunk.result, trace=trace))
            yield chunk

    def ask(self, request, config=None):
        result = None
        for chunk in self.stream(request, config):
            result = chunk.result or result
        assert result is not None
        return result


def build_experiment_assistant(settings, build_assistant, *, search=None, chat_model=None, conversations=None,
                               personalizer=None, reranker=None) -> ExperimentAssistant:
    """One assistant per variant of ``settings.experiment``, sharing what does not vary.

    ``build_assistant`` is :func:`rag.services.build_assistant` (passed in to
    keep this module free of the service wiring). Search services, the chat
    model, the conversation store and the reranker are built once; each
    variant gets its own personalizer bounds (over one shared store) and
    rerank trigger.
    """
    from personalization.base import NoPersonalization
    from personalization.personalizer import StorePersonalizer, personalizer_from_settings
    from personalization.reorder import ReorderConfig
    from rag.generation.llm import build_chat_model
    from rag.services import build_search_services, make_conversations, make_reranker
    from rag.settings import RerankPolicy

    experiment = Experiment.from_dict(settings.experiment)
    per_variant = {v.name: variant_settings(settings, v) for v in experiment.variants}
    search = search or build_search_services(settings)
    chat_model = chat_model if chat_model is not None else build_chat_model(settings)
    conversations = conversations or make_conversations(settings)
    if reranker is None and any(s.rerank_policy is not RerankPolicy.NEVER for s in per_variant.values()):
        reranker = make_reranker(settings)
    shared = personalizer if personalizer is not None else personalizer_from_settings(settings.model_copy(update={"personalization": True}))
    assistants = {}
    for name, s in per_variant.items():
        if not s.personalization:
            mine = NoPersonalization()
        elif isinstance(shared, StorePersonalizer):
            config = ReorderConfig(s.personalization_weight, s.personalization_max_rise, s.personalization_mmr_lambda)
            mine = StorePersonalizer(shared.sessions, config, half_life_days=s.personalization_half_life_days,
                                     vectors=shared.vectors, clock=shared.clock)
        else:
            mine = shared
        assistants[name] = build_assistant(s, search=search, chat_model=chat_model, conversations=conversations,
                                           personalizer=mine, reranker=reranker)
    return ExperimentAssistant(experiment, assistants)
