"""``shopassist ab-report`` and ``shopassist experiment show|assign|simulate``:
experiments for product managers, registered by :mod:`rag.cli`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from rag.cli.common import (
    checked_user,
    first_pass_searcher,
    load_settings,
    open_interaction_store,
    parse_when,
)

experiment_app = typer.Typer(help="The A/B experiment: its variants, who is in which, demo traffic.",
                             no_args_is_help=True)


def _experiment(settings, override: str | None = None):
    from personalization.experiments import Experiment

    if override is not None:
        try:
            return Experiment.from_json(override)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--config") from exc
    if settings.experiment is None:
        return None
    return Experiment.from_dict(settings.experiment)


@experiment_app.command("show")
def experiment_show(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The configured experiment (SHOPASSIST_EXPERIMENT): variants, weights, overrides."""

    experiment = _experiment(load_settings())
    if experiment is None:
        typer.echo("no experiment configured; set SHOPASSIST_EXPERIMENT, e.g. "
                   "'{\"name\": \"rerank-on\", \"variants\": [{\"name\": \"control\"}, "
                   "{\"name\": \"rerank\", \"overrides\": {\"rerank_policy\": \"always\"}}]}'")
        raise typer.Exit(1)
    if as_json:
        typer.echo(json.dumps(experiment.to_dict(), indent=2))
        return
    total = sum(v.weight for v in experiment.variants)
    typer.echo(f"experiment {experiment.name} (control: {experiment.control})")
    for v in experiment.variants:
        overrides = ", ".join(f"{k}={val}" for k, val in v.overrides.items()) or "no overrides"
        typer.echo(f"  {v.name:<20} {v.weight / total:6.1%}  {overrides}")


@experiment_app.command("assign")
def experiment_assign(
    users: Annotated[list[str], typer.Argument(help="User ids.")],
    config: Annotated[str | None, typer.Option("--config", help="Experiment JSON (default: SHOPASSIST_EXPERIMENT).")] = None,
) -> None:
    """Which variant each USER is in (the same hash the assistant uses)."""
    from personalization.experiments import assignment_unit

    experiment = _experiment(load_settings(), config)
    if experiment is None:
        typer.secho("no experiment configured (SHOPASSIST_EXPERIMENT or --config)", fg="yellow", err=True)
        raise typer.Exit(1)
    for user in users:
        unit = assignment_unit(checked_user(user), None)
        typer.echo(f"{user}\t{experiment.assign(unit).name}")


@experiment_app.command("simulate")
def experiment_simulate(
    users: Annotated[int, typer.Option("--users", min=1, max=1000, help="Simulated shoppers per persona.")] = 20,
    turns: Annotated[int, typer.Option("--turns", min=1, max=100, help="Turns per shopper.")] = 5,
    seed: Annotated[int, typer.Option(help="Same seed, same shoppers' choices.")] = 0,
    config: Annotated[str | None, typer.Option("--config", help="Experiment JSON (default: SHOPASSIST_EXPERIMENT, "
                                               "else a demo: personalization off vs on).")] = None,
) -> None:
    """Demo traffic: persona shoppers through the experiment's real variants (marked demo data).

    Answers are composed extractively (no LLM) to keep it quick; everything
    else runs as configured. Remove with: shopassist personas remove.
    """
    from personalization.experiment_demo import DEMO_EXPERIMENT, simulate_traffic
    from personalization.experiments import Experiment
    from personalization.personas import load_personas
    from rag.settings import LLMProvider
    from rag.wiring import build_assistant

    settings = load_settings()
    experiment = _experiment(settings, config) or Experiment.from_dict(DEMO_EXPERIMENT)
    settings = settings.with_overrides(experiment=experiment.to_dict(), llm_provider=LLMProvider.EXTRACTIVE)
    services, _ = first_pass_searcher(settings)
    assistant = build_assistant(settings, search=services)
    store = open_interaction_store(settings)
    summary = simulate_traffic(assistant, store, load_personas(), users_per_persona=users, turns_per_user=turns,
                               seed=seed, half_life_days=settings.personalization_half_life_days)
    typer.echo(json.dumps({"experiment": summary.experiment, "users": summary.users, "turns": summary.turns,
                           "events": summary.events, "turns_by_variant": summary.turns_by_variant}))
    typer.echo(f"Now: shopassist ab-report --experiment {summary.experiment}   |   remove: shopassist personas remove")


def ab_report(
    experiment: Annotated[str | None, typer.Option("--experiment", help="Experiment name (default: the configured one, "
                                                   "or the only one in the store).")] = None,
    since: Annotated[str | None, typer.Option(help="From this ISO date/time (inclusive, UTC if no zone).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this ISO date/time (exclusive).")] = None,
    primary: Annotated[str, typer.Option(help="Metric that decides: click_through | add_to_cart | purchase | thumbs_up.")] = "click_through",
    alpha: Annotated[float, typer.Option(help="Significance level (split over the treatments).")] = 0.05,
    min_turns: Annotated[int, typer.Option("--min-turns", help="Turns each variant needs before any verdict.")] = 200,
    control: Annotated[str | None, typer.Option("--control", help="The control variant (default: the configured one, "
                                                "else one named 'control').")] = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Count demo (simulated) traffic.")] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Per variant: thumbs-up ratio, click-through, add-to-cart and purchase rates
    (95% Wilson intervals), chi-squared and Welch tests against the control, and
    a recommendation: promote, roll back or keep running."""
    from personalization.ab_report import Rule, build_report, experiments_in_store, format_report
    from personalization.experiment_demo import DEMO_EXPERIMENT
    from personalization.store import read_only

    settings = load_settings()
    try:
        rule = Rule(primary=primary, alpha=alpha, min_turns=min_turns)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    if start and end and start >= end:
        raise typer.BadParameter("--since must be before --until")
    configured = _experiment(settings)
    with open_interaction_store(settings)() as session:
        read_only(session)
        known = experiments_in_store(session)
        name = experiment or (configured.name if configured else None)
        if name is None:
            if len(known) != 1:
                listed = ", ".join(known) or "none"
                raise typer.BadParameter(f"name the experiment; the store holds: {listed}", param_hint="--experiment")
            name = known[0]
        variants = None
        if configured is not None and configured.name == name:
            variants, control = [v.name for v in configured.variants], control or configured.control
        elif name == DEMO_EXPERIMENT["name"]:
            variants = [v["name"] for v in DEMO_EXPERIMENT["variants"]]
            control = control or str(DEMO_EXPERIMENT["control"])
        if variants and control and control in variants:
            variants = [control, *[v for v in variants if v != control]]
        try:
            report = build_report(session, name, variants, control, rule=rule, since=start, until=end,
                                  include_demo=demo)
        except ValueError as exc:
            typer.secho(f"{exc} (experiments in the store: {', '.join(known) or 'none'})", fg="red", err=True)
            raise typer.Exit(1) from exc
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(format_report(report))


def register(app: typer.Typer) -> None:
    app.command(name="ab-report")(ab_report)
    app.add_typer(experiment_app, name="experiment")
