"""The promotion gate: a candidate replaces the live model only when it wins by a margin.

``decide`` compares two metric mappings (as ``rag.evaluation.metrics.evaluate_run``
returns them, computed on the same queries). The candidate is promoted only
when its primary metric beats the live model's by at least ``margin``
(``SHOPASSIST_FINETUNE_MARGIN``, NDCG@10 +0.005 by default) *and* no guarded
metric falls by more than its allowance. A tie, or a gain inside the margin,
is refused: on 78 judged queries a difference that small is noise, and every
promotion has a cost (a rerank-cache flush, for the embedder a re-embedded
catalog). ``apply`` then records the decision in the registry and promotes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from personalization.retraining.registry import ModelRegistry, ModelVersion, Target

#: Differences are rounded to this many decimals before they are compared, so
#: 0.755 - 0.750 (0.00499999… in floating point) counts as the 0.005 it is.
_DECIMALS = 6


@dataclass(frozen=True, slots=True)
class GateConfig:
    metric: str = "ndcg@10"
    margin: float = 0.005
    #: metric -> the largest fall allowed (e.g. condensed NDCG@10 may not fall by more than 0.01).
    max_drop: Mapping[str, float] = field(default_factory=lambda: {"ndcg@10_condensed": 0.01})

    def __post_init__(self) -> None:
        if self.margin < 0:
            raise ValueError(f"the promotion margin must be >= 0, got {self.margin}")
        for name, drop in self.max_drop.items():
            if drop < 0:
                raise ValueError(f"max_drop for {name!r} must be >= 0, got {drop}")
        object.__setattr__(self, "max_drop", MappingProxyType(dict(self.max_drop)))


@dataclass(frozen=True, slots=True)
class GateDecision:
    promote: bool
    metric: str
    live: float
    candidate: float
    delta: float
    margin: float
    reason: str
    guards: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"promote": self.promote, "metric": self.metric, "live": self.live, "candidate": self.candidate,
                "delta": self.delta, "margin": self.margin, "reason": self.reason,
                "guards": {k: dict(v) for k, v in self.guards.items()}}


def _value(metrics: Mapping[str, float], name: str, who: str) -> float:
    if name not in metrics:
        raise KeyError(f"{who} metrics lack {name!r}; they have {sorted(metrics)}")
    value = float(metrics[name])
    if value != value:
        raise ValueError(f"{who} {name} is NaN: the evaluation scored no query")
    return value


def decide(live: Mapping[str, float], candidate: Mapping[str, float], config: GateConfig) -> GateDecision:
    """Promote or not, with the figures and a one-line reason."""
    before = _value(live, config.metric, "live")
    after = _value(candidate, config.metric, "candidate")
    delta = round(after - before, _DECIMALS)
    guards: dict[str, Mapping[str, float]] = {}
    broken = []
    for name, allowed in config.max_drop.items():
        g_before, g_after = _value(live, name, "live"), _value(candidate, name, "candidate")
        g_delta = round(g_after - g_before, _DECIMALS)
        guards[name] = MappingProxyType({"live": g_before, "candidate": g_after, "delta": g_delta,
                                         "max_drop": allowed})
        if g_delta < -allowed:
            broken.append(f"{name} fell {-g_delta:.4f} (> {allowed:g} allowed)")
    figures = f"{config.metric} {before:.4f} → {after:.4f} ({delta:+.4f}, margin {config.margin:g})"
    if delta < config.margin:
        verdict = "worse" if delta < 0 else "within the margin"
        return GateDecision(False, config.metric, before, after, delta, config.margin,
                            f"refused: {verdict}: {figures}", guards)
    if broken:
        return GateDecision(False, config.metric, before, after, delta, config.margin,
                            f"refused: {figures}, but " + "; ".join(broken), guards)
    return GateDecision(True, config.metric, before, after, delta, config.margin, f"promoted: {figures}", guards)


def apply(registry: ModelRegistry, target: Target, candidate: ModelVersion, decision: GateDecision) -> bool:
    """Record ``decision`` on the candidate and promote it when the gate says so; True if it went live."""
    registry.update(target, candidate.version, gate=decision.to_json())
    if decision.promote:
        registry.promote(target, candidate.version)
    return decision.promote
