"""``shopassist profile|feedback|export|personas|replay``: the personalization
and feedback side of the CLI, registered by :mod:`rag.cli`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import (
    checked_user,
    first_pass_searcher,
    index_engine,
    load_settings,
    open_interaction_store,
    parse_when,
)
from rag.engines.base import stored_vectors

profile_app = typer.Typer(help="View, edit or forget a shopper's profile.", no_args_is_help=True)
export_app = typer.Typer(help="Export the feedback log or training triplets.", no_args_is_help=True)
personas_app = typer.Typer(help="Demo personas with generated histories (marked as demo data).", no_args_is_help=True)


@profile_app.command("show")
def profile_show(user: str, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """What the assistant has learned about USER, with the evidence."""
    from personalization.repository import load_profile

    settings = load_settings()
    with open_interaction_store(settings)() as session:
        profile = load_profile(session, checked_user(user), half_life_days=settings.personalization_half_life_days)
    if as_json:
        typer.echo(json.dumps(profile.to_dict(), indent=2))
        return
    if profile.is_empty:
        typer.echo(f"{user}: no history; results are not personalized.")
        return
    for kind in ("brand", "category", "price_band", "price_tier"):
        rows = sorted(profile.by_kind(kind).values(), key=lambda a: -abs(a.weight))
        if rows:
            typer.echo(f"{kind}:")
            for a in rows[:10]:
                typer.echo(f"  {a.key:<24} {a.weight:+8.3f}  {'(set by you) ' if a.pinned else ''}{a.reason()}")


@profile_app.command("set")
def profile_set(
    user: str,
    kind: Annotated[str, typer.Argument(help="brand | category | price_band | price_tier (lower-priced | higher-priced)")],
    key: str,
    weight: Annotated[float, typer.Argument(help="Positive: show more; negative (after --): show less.")],
) -> None:
    """Pin one affinity (new events no longer move it)."""
    from personalization.repository import set_affinity

    try:
        with open_interaction_store(load_settings()).begin() as session:
            set_affinity(session, checked_user(user), kind, key, weight)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(f"{user}: {kind} {key.lower()!r} set to {weight:+g}")


@profile_app.command("remove")
def profile_remove(user: str, kind: str, key: str) -> None:
    """Remove one affinity."""
    from personalization.repository import remove_affinity

    with open_interaction_store(load_settings()).begin() as session:
        found = remove_affinity(session, checked_user(user), kind, key)
    if not found:
        typer.secho(f"{user} has no {kind} affinity {key!r}", fg="yellow", err=True)
        raise typer.Exit(1)
    typer.echo(f"{user}: removed {kind} {key.lower()!r}")


@profile_app.command("forget")
def profile_forget(user: str, yes: Annotated[bool, typer.Option("--yes", help="Do not ask.")] = False) -> None:
    """Forget me: delete every row the store holds about USER."""
    from personalization.repository import forget_user
    from personalization.store import count_rows_for_user

    if not yes:
        typer.confirm(f"Delete everything stored about {user}?", abort=True)
    sessions = open_interaction_store(load_settings())
    with sessions.begin() as session:
        removed = forget_user(session, checked_user(user))
    with sessions() as session:
        left = count_rows_for_user(session, user)
    typer.echo(json.dumps({"removed": removed, "left": left}))
    if any(left.values()):
        raise typer.Exit(1)


def feedback(
    kind: Annotated[str, typer.Argument(help="view | click | add_to_cart | purchase | thumbs_up | thumbs_down")],
    request: Annotated[str | None, typer.Option("--request", help="The request id of the turn (from ask --json).")] = None,
    product: Annotated[str | None, typer.Option("--product", help="Product id; leave out for a thumbs on the whole answer.")] = None,
    user: Annotated[str | None, typer.Option("--user", help="User id (default: the turn's user).")] = None,
    reason: Annotated[str | None, typer.Option(help="Why (e.g. wrong-price, not-relevant, great).")] = None,
    comment: Annotated[str | None, typer.Option(help="Free text.")] = None,
    value: Annotated[float | None, typer.Option(help="Order value (purchases).")] = None,
) -> None:
    """Log what the shopper did with a turn; the profile updates at once."""
    from personalization.events import EventKind, Interaction
    from personalization.repository import record_interaction, shown_ids
    from personalization.store import RankingRow

    settings = load_settings()
    try:
        kind_value = EventKind.from_str(kind)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="KIND") from exc
    sessions = open_interaction_store(settings)
    record = vector = None
    if product:
        engine = index_engine(settings)
        record = engine.fetch([product]).get(product)
        if record is None:
            raise typer.BadParameter(f"no product {product!r} in the index", param_hint="--product")
        vector = stored_vectors(engine, [product]).get(product)
    try:
        with sessions.begin() as session:
            if user is None and request:
                ranking = session.get(RankingRow, request)
                user = ranking.user_id if ranking else None
            peers: list = []
            if record is not None and request:  # what the turn showed: the price tier's peers
                shown = shown_ids(session, request)
                found = engine.fetch(shown) if shown else {}
                peers = [found[pid] for pid in shown if pid in found]
            event = Interaction(user and checked_user(user), kind_value, request, product, reason, comment, value)
            row = record_interaction(session, event, product=record, vector=vector,
                                     half_life_days=settings.personalization_half_life_days, peers=peers)
            stored = {"id": row.id, "user_id": row.user_id, "request_id": row.request_id, "kind": row.kind, "product_id": row.product_id}
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    typer.echo(json.dumps(stored))


@export_app.command("feedback")
def export_feedback(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path("feedback.csv"),
    fmt: Annotated[str, typer.Option("--format", help="csv | parquet | jsonl")] = "csv",
    since: Annotated[str | None, typer.Option(help="From this ISO date/time (inclusive, UTC if no zone).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this ISO date/time (exclusive).")] = None,
    demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Include demo persona data.")] = True,
) -> None:
    """One row per answered turn: the whole trace joined with thumbs and actions."""
    from personalization.feedback import ExportFormat, feedback_frame, write_frame

    try:
        kind = ExportFormat.from_str(fmt)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from exc
    start, end = parse_when(since, "--since"), parse_when(until, "--until")
    if start and end and start >= end:
        raise typer.BadParameter("--since must be before --until")
    with open_interaction_store(load_settings())() as session:
        frame = feedback_frame(session, since=start, until=end, include_demo=demo)
    write_frame(frame, output, kind)
    typer.echo(f"{len(frame)} rows → {output}")


@export_app.command("triplets")
def export_triplets(
    output: Annotated[Path, typer.Option("--output", "-o")] = Path("triplets.jsonl"),
    fmt: Annotated[str, typer.Option("--format", help="csv | parquet | jsonl")] = "jsonl",
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
) -> None:
    """(query, positive, hard negative) from purchases, carts, clicks and thumbs."""
    from personalization.feedback import ExportFormat, triplets_frame, write_frame

    try:
        kind = ExportFormat.from_str(fmt)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--format") from exc
    settings = load_settings()
    engine = index_engine(settings)
    with open_interaction_store(settings)() as session:
        frame = triplets_frame(session, engine.fetch, since=parse_when(since, "--since"), until=parse_when(until, "--until"))
    write_frame(frame, output, kind)
    typer.echo(f"{len(frame)} triplets → {output}")


@personas_app.command("list")
def personas_list() -> None:
    """The personas that can be loaded, and which are loaded now."""
    from personalization.personas import load_personas
    from personalization.repository import demo_users

    with open_interaction_store(load_settings())() as session:
        loaded = set(demo_users(session))
    for p in load_personas():
        typer.echo(f"{p.user_id:<20} {'loaded' if p.user_id in loaded else '-':<7} {p.description}")


@personas_app.command("load")
def personas_load(
    sessions_per_persona: Annotated[int, typer.Option("--sessions", min=1, max=500, help="Sessions per persona.")] = 24,
    seed: Annotated[int, typer.Option(help="Same seed, same history.")] = 0,
    days: Annotated[float, typer.Option(min=1, help="Spread the history over this many days, ending now.")] = 60.0,
) -> None:
    """Generate the demo personas' histories (replacing any loaded before)."""
    from personalization.personas import load_personas, remove_demo, simulate, write_history

    settings = load_settings()
    services, search = first_pass_searcher(settings)
    store = open_interaction_store(settings)
    with store.begin() as session:
        remove_demo(session)
    for persona in load_personas():
        simulated = simulate(persona, search, services.engine.fetch, sessions=sessions_per_persona, seed=seed, days=days)
        with store.begin() as session:
            n = write_history(session, persona, simulated, services.engine.fetch,
                              lambda ids: stored_vectors(services.engine, ids),
                              half_life_days=settings.personalization_half_life_days)
        typer.echo(f"{persona.user_id}: {len(simulated)} sessions, {n} interactions (demo data)")
    typer.echo("Try: shopassist ask \"wireless mouse\" --user demo-gamer --json   |   remove: shopassist personas remove")


@personas_app.command("remove")
def personas_remove() -> None:
    """Delete every demo user and everything they own."""
    from personalization.personas import remove_demo

    with open_interaction_store(load_settings()).begin() as session:
        removed = remove_demo(session)
    typer.echo(json.dumps(removed))


def replay_command(
    user: Annotated[list[str] | None, typer.Option("--user", help="Users to replay (default: every demo persona).")] = None,
    out: Annotated[Path | None, typer.Option("--json", help="Write the report here.")] = None,
) -> None:
    """Rank of the clicked or bought product with and without personalization, over logged sessions."""
    from personalization.replay import replay
    from personalization.repository import demo_users

    settings = load_settings()
    engine = index_engine(settings)
    from personalization.reorder import ReorderConfig

    config = ReorderConfig(settings.personalization_weight, settings.personalization_max_rise, settings.personalization_mmr_lambda)
    with open_interaction_store(settings)() as session:
        users = list(user or demo_users(session))
        if not users:
            typer.secho("no users to replay: load the personas (shopassist personas load) or pass --user", fg="yellow", err=True)
            raise typer.Exit(1)
        report = replay(session, engine.fetch, users, config=config, half_life_days=settings.personalization_half_life_days)
    data = report.to_dict()
    typer.echo(json.dumps(data, indent=2))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({**data, "pairs": [vars_of(p) for p in report.pairs]}, indent=2), encoding="utf-8")


def vars_of(record) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(record)


def register(app: typer.Typer) -> None:
    app.command(name="replay")(replay_command)
    app.add_typer(profile_app, name="profile")
    app.add_typer(export_app, name="export")
    app.add_typer(personas_app, name="personas")
    app.command(name="feedback")(feedback)
