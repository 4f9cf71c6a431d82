"""``shopassist finetune`` and ``shopassist models list|promote|rollback``: gated retraining,
registered by :mod:`rag.cli`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import ensure_index, load_settings

models_app = typer.Typer(help="The model registry: versions, which one is live, promote and roll back.",
                         no_args_is_help=True)


def _target(value: str):
    from personalization.retraining.registry import Target

    try:
        return Target.from_str(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--target") from exc


def _registry(settings):
    from personalization.retraining.registry import ModelRegistry

    return ModelRegistry(settings.registry_dir)


def _after_change(target) -> None:
    from personalization.retraining.registry import Target

    if target is Target.EMBEDDER:
        typer.echo("The live embedder changed: run `shopassist ingest` to re-embed the catalog with it "
                   "(the index recipe names the embedder, so ingest rebuilds the index).")


def finetune(
    target: Annotated[str, typer.Option(help="reranker | embedder")] = "reranker",
    triplets: Annotated[Path, typer.Option(help="Triplets from `shopassist export triplets` (.jsonl, .csv, .parquet).")] = Path("triplets.jsonl"),
    max_steps: Annotated[int, typer.Option(min=1, help="Step budget.")] = 150,
    max_seconds: Annotated[float, typer.Option(min=1, help="Time budget for training, in seconds.")] = 600.0,
    catalog_pairs: Annotated[int, typer.Option(min=0, help="Catalog-derived pairs to mine and replay beside the feedback.")] = 4000,
    feedback_batch: Annotated[int, typer.Option(min=0, help="Feedback triplets per step.")] = 8,
    catalog_batch: Annotated[int, typer.Option(min=0, help="Catalog examples per step.")] = 16,
    lr: Annotated[float, typer.Option(help="Peak learning rate.")] = 2e-5,
    max_length: Annotated[int, typer.Option(min=8, help="Tokens per pair (reranker) or text (embedder).")] = 96,
    threads: Annotated[int, typer.Option(min=1, help="torch CPU threads.")] = 2,
    seed: Annotated[int, typer.Option(help="Same seed, same run.")] = 13,
    first_pass: Annotated[str, typer.Option(help="Where catalog negatives are mined: hybrid (the index) or overlap.")] = "hybrid",
    margin: Annotated[float | None, typer.Option(help="Promotion margin (default: SHOPASSIST_FINETUNE_MARGIN).")] = None,
    metric: Annotated[str, typer.Option(help="The gated metric.")] = "ndcg@10",
    promote: Annotated[bool, typer.Option("--promote/--no-promote", help="--no-promote: evaluate and register, never go live.")] = True,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write the report here.")] = None,
    quiet: Annotated[bool, typer.Option(help="No progress bars.")] = False,
) -> None:
    """Train a candidate on feedback triplets + catalog pairs, compare it with the live model on the
    golden set, and promote it only if it wins by the margin."""
    from personalization.retraining.gate import GateConfig
    from personalization.retraining.registry import RegistryError, resolve_model
    from rag.evaluation.metrics import METRIC_KEYS
    from rag.offline.retraining.finetune import FinetuneOptions, run_finetune, steps_from_settings
    from rag.offline.retraining.training import Budget, Hyper

    settings = load_settings()
    chosen = _target(target)
    if first_pass not in ("hybrid", "overlap"):
        raise typer.BadParameter(f"{first_pass!r}: choose hybrid or overlap", param_hint="--first-pass")
    if metric not in METRIC_KEYS:
        raise typer.BadParameter(f"{metric!r}: choose one of {', '.join(METRIC_KEYS)}", param_hint="--metric")
    try:
        gate = GateConfig(metric=metric, margin=settings.finetune_margin if margin is None else margin)
        options = FinetuneOptions(
            triplets_path=triplets,
            budget=Budget(max_steps, max_seconds),
            hyper=Hyper(feedback_batch=feedback_batch, catalog_batch=catalog_batch, learning_rate=lr,
                        max_length=max_length, seed=seed, threads=threads),
            catalog_max_pairs=catalog_pairs,
            first_pass=first_pass,
            progress=not quiet,
        )
        live = resolve_model(settings, chosen)
    except (ValueError, RegistryError) as exc:
        raise typer.BadParameter(str(exc)) from exc
    if not triplets.exists():
        typer.secho(f"no triplet file at {triplets}; write one with `shopassist export triplets -o {triplets}`",
                    fg="red", err=True)
        raise typer.Exit(2)

    ensure_index(settings, progress=not quiet)  # mining negatives and the live side of the comparison read it
    typer.echo(f"live {chosen.value}: {live.model} ({live.source}{' ' + live.version if live.version else ''})", err=True)
    try:
        report = run_finetune(_registry(settings), chosen, live, steps_from_settings(settings, chosen, options),
                              gate, promote=promote)
    except (ValueError, FileNotFoundError, RegistryError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    data = report.to_json()
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    cmp = report.comparison
    typer.echo(f"| subset | queries | model | {' | '.join(cmp.live['all'])} |")
    typer.echo("|---|---|---|" + "---|" * len(cmp.live["all"]))
    for subset, n in cmp.queries.items():
        for who, metrics in (("live " + report.live.version, cmp.live), ("candidate " + report.candidate.version, cmp.candidate)):
            if subset in metrics:
                typer.echo(f"| {subset} | {n} | {who} | " + " | ".join(f"{v:.4f}" for v in metrics[subset].values()) + " |")
    run = report.training["run"]
    typer.echo(f"trained {run['steps']} steps in {run['seconds']} s (stopped by {run['stopped_by']}) on "
               f"{report.training['feedback']['triplets']} triplets + {report.training['catalog']['pairs']} catalog pairs")
    typer.echo(f"gate: {report.decision.reason}")
    if report.note:
        typer.secho(report.note, fg="yellow", err=True)
    if report.promoted:
        typer.echo(f"live {chosen.value} is now {report.candidate.version}; undo with "
                   f"`shopassist models rollback --target {chosen.value}`")
        _after_change(chosen)
    else:
        typer.echo(f"live {chosen.value} stays {report.live.version}; the candidate is registered as "
                   f"{report.candidate.version} (`shopassist models list`)")


@models_app.command("list")
def models_list(
    target: Annotated[str, typer.Option(help="reranker | embedder")] = "reranker",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every registered version with its metrics, training data and gate decision; * marks the live one."""
    from personalization.retraining.registry import RegistryError, resolve_model
    from rag.offline.retraining.finetune import summarize

    settings = load_settings()
    chosen = _target(target)
    registry = _registry(settings)
    try:
        state = registry.state(chosen)
        serving = resolve_model(settings, chosen)
    except RegistryError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    rows = summarize(state.versions, state.live)
    if as_json:
        typer.echo(json.dumps({"target": chosen.value, "live": state.live, "serving": vars_of(serving),
                               "versions": rows}, indent=2))
        return
    if not rows:
        typer.echo(f"no {chosen.value} versions yet; the services load {serving.model} ({serving.source}). "
                   f"Run `shopassist finetune --target {chosen.value}`.")
        return
    for r in rows:
        ndcg = "-" if r["ndcg@10"] is None else f"{r['ndcg@10']:.4f}"
        cond = "-" if r["ndcg@10_condensed"] is None else f"{r['ndcg@10_condensed']:.4f}"
        typer.echo(f"{'*' if r['live'] else ' '} {r['version']:<16} NDCG@10 {ndcg}  condensed {cond}  "
                   f"triplets {r['triplets'] if r['triplets'] is not None else '-':<5} {r['created_at']}  "
                   f"{r['gate'] or r['note']}")
    if serving.source == "setting":
        typer.secho(f"SHOPASSIST_{'RERANKER_MODEL' if chosen.value == 'reranker' else 'EMBEDDING_MODEL'} is set: "
                    f"the services load {serving.model}, not the live version", fg="yellow", err=True)


def vars_of(record) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(record)


@models_app.command("promote")
def models_promote(
    version: Annotated[str, typer.Argument(help="A registered version, e.g. reranker-0002.")],
    force: Annotated[bool, typer.Option(help="Promote even a version the gate refused.")] = False,
) -> None:
    """Make VERSION live by hand (a version the gate refused needs --force)."""
    from personalization.retraining.registry import RegistryError

    chosen = _target(version.rsplit("-", 1)[0])
    registry = _registry(load_settings())
    try:
        record = registry.get(chosen, version)
        if record.gate and not record.gate.get("promote") and not force:
            typer.secho(f"the gate refused {version} ({record.gate.get('reason')}); pass --force to promote it anyway",
                        fg="red", err=True)
            raise typer.Exit(1)
        registry.promote(chosen, version)
    except RegistryError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"live {chosen.value} is now {version}")
    _after_change(chosen)


@models_app.command("rollback")
def models_rollback(target: Annotated[str, typer.Option(help="reranker | embedder")] = "reranker") -> None:
    """Put back the version that was live before the current one."""
    from personalization.retraining.registry import RegistryError

    chosen = _target(target)
    try:
        record = _registry(load_settings()).rollback(chosen)
    except RegistryError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"live {chosen.value} is now {record.version} ({record.model})")
    _after_change(chosen)


def register(app: typer.Typer) -> None:
    app.command(name="finetune")(finetune)
    app.add_typer(models_app, name="models")
