"""``shopassist opensearch status|sync``: the OpenSearch engine's health and its write outbox."""

from __future__ import annotations

import json
from typing import Annotated

import typer

opensearch_app = typer.Typer(help="OpenSearch engine: health, breaker, and the outbox of writes it still owes.")


def _engine():
    from rag.cli.common import load_settings
    from rag.engines.fallback import FallbackEngine
    from rag.settings import EngineKind
    from rag.wiring import engine_factory

    settings = load_settings()
    if settings.engine is not EngineKind.OPENSEARCH:
        typer.secho("the engine is 'embedded': set SHOPASSIST_ENGINE=opensearch (and SHOPASSIST_OPENSEARCH_URL)",
                    fg="red", err=True)
        raise typer.Exit(2)
    engine = engine_factory(settings)(settings.index_dir)
    assert isinstance(engine, FallbackEngine)
    return engine


def _status(engine) -> dict[str, object]:
    health = engine.health()
    box = engine.outbox.stats()
    return {
        "ok": health.ok,
        "serving": health.extra.get("serving"),
        "breaker": health.extra.get("breaker"),
        "opensearch": health.extra.get("primary"),
        "embedded": health.extra.get("fallback"),
        "outbox": {"pending": box.pending, "dead": box.dead, "oldest_age_s": box.oldest_age_s},
        "dead_letters": [
            {"target": t, "product_id": pid, "error": err} for t, pid, err in engine.outbox.dead_letters()[:20]
        ],
    }


@opensearch_app.command()
def status(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Which engine serves, the breaker, both engines' product counts and the outbox."""
    report = _status(_engine())
    if as_json:
        typer.echo(json.dumps(report, indent=2, default=str))
        return
    os_, emb, box = report["opensearch"], report["embedded"], report["outbox"]
    typer.echo(f"serving: {report['serving']} (breaker {report['breaker']})")
    typer.echo(f"opensearch: {'up' if os_['ok'] else 'DOWN'}, {os_['products']} products {os_['detail']}".rstrip())
    typer.echo(f"embedded: {emb['products']} products")
    typer.echo(f"outbox: {box['pending']} writes queued, {box['dead']} dead letters")
    for row in report["dead_letters"]:
        typer.echo(f"  dead: {row['product_id']} -> {row['target']}: {row['error'][:160]}")


@opensearch_app.command()
def sync(
    retry_dead: Annotated[bool, typer.Option(help="Give dead letters another round first.")] = False,
    backfill: Annotated[bool, typer.Option(help="Also copy what OpenSearch lacks from the embedded index "
                                                 "(no re-embedding), e.g. when switching OpenSearch on.")] = False,
) -> None:
    """Replay the writes OpenSearch missed; exit 1 if some are still queued."""
    from rag.engines.base import EngineUnavailable

    engine = _engine()
    if retry_dead:
        typer.echo(f"{engine.outbox.retry_dead()} dead letters queued again")
    if backfill:
        try:
            written, deleted = engine.backfill()
        except EngineUnavailable as exc:
            typer.secho(f"OpenSearch is not reachable: {exc}", fg="red", err=True)
            raise typer.Exit(1) from exc
        typer.echo(f"backfill: {written} written, {deleted} deleted")
    before = engine.outbox.stats().pending
    done = engine.drain()
    after = engine.outbox.stats()
    typer.echo(f"replayed {engine.stats().writes_replayed} of {before}; {after.pending} still queued, {after.dead} dead")
    if not done:
        typer.secho("OpenSearch did not take everything (down, or the breaker is open): try again later",
                    fg="yellow", err=True)
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.add_typer(opensearch_app, name="opensearch")
