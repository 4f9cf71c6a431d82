"""``shopassist ingest|search|eval|train-reranker|serve``: the catalog and retrieval side of the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import ensure_index, load_settings, parse_filters
from rag.settings import RerankPolicy, Settings

app = typer.Typer(
    name="shopassist",
    help="Conversational shopping assistant: ingest a catalog, search it, evaluate it, serve it.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command()
def ingest(
    catalog: Annotated[Path | None, typer.Option(help="Catalog file or folder (default: the shipped Icecat catalog).")] = None,
    index_dir: Annotated[Path | None, typer.Option(help="Index folder (default: settings.index_dir).")] = None,
    rebuild: Annotated[bool, typer.Option(help="Re-embed everything into a fresh index, swapped in at the end.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Embed new or changed products, delete vanished ones, write the ingest report."""
    from rag.indexing.ingest import REPORT_FILE
    from rag.wiring import run_ingest

    settings = load_settings()
    target = index_dir or settings.index_dir
    try:
        result = run_ingest(
            settings, catalog_path=catalog, index_dir=target, rebuild=rebuild, progress=not quiet
        )
    except KeyboardInterrupt:
        typer.secho(
            "\nInterrupted. Every batch written so far is committed and the index stays "
            "queryable; run `shopassist ingest` again to finish.",
            fg="yellow",
            err=True,
        )
        raise typer.Exit(130) from None
    except FileNotFoundError as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    typer.echo(result.report.to_markdown())
    typer.echo(result.summary())
    typer.echo(f"Ingest report: {target / REPORT_FILE}")


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="What the shopper typed.")],
    brand: Annotated[list[str] | None, typer.Option(help="Only this brand (repeatable).")] = None,
    category: Annotated[list[str] | None, typer.Option(help="Only this category (repeatable).")] = None,
    min_price: Annotated[float | None, typer.Option(help="Lowest price.")] = None,
    max_price: Annotated[float | None, typer.Option(help="Highest price.")] = None,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=1000, help="How many products.")] = 10,
    mode: Annotated[str | None, typer.Option(help="bm25, dense, hybrid-rrf or hybrid-linear (default from settings).")] = None,
    explain: Annotated[bool, typer.Option(help="Show each leg's rank and score.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    understand: Annotated[bool, typer.Option(help="Turn constraints in the query (price, brand, specs) into filters.")] = True,
) -> None:
    """Search the catalog and print the ranked products."""
    from rag.retrieval import RetrievalMode
    from rag.wiring import build_search_services

    settings = load_settings()
    try:
        chosen = RetrievalMode.from_str(mode) if mode else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--mode") from exc
    filters = parse_filters(brand, category, min_price, max_price)
    ensure_index(settings, progress=not as_json)
    services = build_search_services(settings)
    understood = None
    reranking = settings.rerank_policy is not RerankPolicy.NEVER
    depth = max(k, settings.rerank_top_n) if reranking else k  # the reranker sees its whole top_n
    if understand and settings.understand_queries and services.understanding is not None:
        understood = services.understanding.retrieve(query, k=depth, filters=filters, mode=chosen)
        result = understood.result
    else:
        result = services.retriever.retrieve(query, k=depth, filters=filters, mode=chosen)
    decision = None
    if reranking:
        from dataclasses import replace

        from rag.rerank.stage import RerankTrigger, rerank_with_policy
        from rag.wiring import make_reranker

        outcome = rerank_with_policy(RerankTrigger.from_settings(settings), make_reranker(settings),
                                     services.engine, query, result, settings.rerank_top_n)
        decision = outcome.decision
        result = replace(outcome.result, hits=outcome.result.hits[:k])
    products = services.engine.fetch([h.product_id for h in result.hits])
    rows = []
    for position, hit in enumerate(result.hits, start=1):
        product = products.get(hit.product_id)
        rows.append(
            {
                "rank": position,
                "product_id": hit.product_id,
                "title": product.title if product else None,
                "brand": product.brand if product else None,
                "category": product.category if product else None,
                "price": product.price if product else None,
                "currency": product.currency if product else None,
                "score": round(hit.score, 6),
                "legs": {
                    leg: {"rank": ev.rank, "score": round(ev.score, 6)} for leg, ev in hit.legs.items()
                },
            }
        )
    if as_json:
        payload = {
            "query": result.query,
            "mode": result.mode.value,
            "filters": result.filters.describe(),
            "understood": _understood_json(understood),
            "rerank": decision.as_dict() if decision else None,
            "results": rows,
            "timings_ms": {k: round(v, 3) for k, v in result.timings_ms.items()},
        }
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if understood is not None and (understood.parsed.constraints or understood.relaxed):
        typer.echo(_understood_line(understood))
    if not rows:
        typer.echo("No products found." + (" Try removing a filter." if not filters.is_empty else ""))
        return
    for row in rows:
        price = "price unknown" if row["price"] is None else f"${row['price']:,.2f}"
        typer.echo(f"{row['rank']:>3}. {row['title']}  [{row['brand']} · {row['category'] or '-'} · {price}]  id={row['product_id']}")
        if explain:
            legs = ", ".join(
                f"{leg} #{ev['rank']} ({ev['score']:.4f})" for leg, ev in row["legs"].items()
            ) or "-"
            typer.echo(f"      fused {row['score']:.5f} ← {legs}")
    if explain and decision is not None:
        typer.echo(f"rerank: {'applied' if decision.rerank else 'skipped'} ({decision.reason})")
    if explain:
        typer.echo("timings: " + ", ".join(f"{k} {v:.1f} ms" for k, v in result.timings_ms.items()))


def _understood_json(understood) -> dict[str, object] | None:
    if understood is None:
        return None
    return {
        **understood.parsed.describe(),
        "applied_filters": understood.applied.filters.describe(),
        "relaxed": [{"kind": c.kind, "text": c.text} for c in understood.relaxed],
    }


def _understood_line(understood) -> str:
    parts = [f"{c.kind}: {c.text}" for c in understood.parsed.constraints]
    line = "Understood " + "; ".join(parts) if parts else "Understood no constraints"
    if understood.relaxed:
        line += " — relaxed to find results: " + ", ".join(c.text for c in understood.relaxed)
    return line


_MODES_HELP = (
    "Only these modes (repeatable): bm25, dense, hybrid-rrf, hybrid-linear, hybrid+qu, hybrid+qu+type-boost, "
    "hybrid+qu+type-filter, hybrid+qu+rerank, hybrid+qu+rerank-auto; hybrid+qu+hyde-auto and hybrid+qu+hyde "
    "(always) need an LLM and run only when named."
)
_JUDGMENTS_HELP = (
    "CSV with query,docid,rating (ratings 0-3); repeatable: later files add judgments and override earlier "
    "ratings, and every cumulative view is reported (default: settings.judgments_path, then "
    "settings.judgments_extra_paths)."
)


def _eval_setup(judgments: list[Path] | None, catalog: Path | None, modes: list[str] | None):
    """The judgment views, the wanted modes, the settings and the index folder
    shared by ``eval`` and ``judge-pool``; bad input exits with status 2."""
    from rag.catalog import catalog_fingerprint
    from rag.evaluation.judgments import judgment_views, load_judgments_stack
    from rag.evaluation.modes import parse_modes
    from rag.wiring import run_ingest

    settings = load_settings()
    paths = list(judgments or [settings.judgments_path, *settings.judgments_extra_paths])
    try:
        views = judgment_views(load_judgments_stack(paths))
        wanted = parse_modes(modes)
    except (ValueError, FileNotFoundError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from exc
    if catalog is not None:
        if not catalog.exists():
            typer.secho(f"catalog not found: {catalog}", fg="red", err=True)
            raise typer.Exit(2)
        index_dir = settings.index_dir.parent / "eval-cache" / catalog_fingerprint(catalog)[:16]
        result = run_ingest(settings, catalog_path=catalog, index_dir=index_dir, progress=True)
        typer.echo(result.summary(), err=True)
    else:
        index_dir = settings.index_dir
        ensure_index(settings)
    # No query-embedding cache: every mode pays for its own embedding, so the
    # latency columns compare like with like.
    settings = settings.with_overrides(query_cache_size=0, rerank_cache_size=0)
    return views, wanted, settings, index_dir


def _run_modes(views, wanted: list[str], settings: Settings, index_dir: Path):
    from rag.evaluation.modes import build_runners
    from rag.evaluation.runner import run_mode
    from rag.wiring import build_search_services

    services = build_search_services(settings, index_dir=index_dir)
    runners = build_runners(settings, services, index_dir, wanted, warn=lambda m: typer.secho(m, fg="yellow", err=True))
    queries = views[-1].queries
    return services, [run_mode(name, runner, queries) for name, runner in runners.items()]


@app.command(name="eval")
def evaluate(
    judgments: Annotated[list[Path] | None, typer.Option(help=_JUDGMENTS_HELP)] = None,  # type: ignore[assignment]
    catalog: Annotated[Path | None, typer.Option(help="Evaluate on this catalog (indexed apart from the app's, cached by content).")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON here.")] = None,
    modes: Annotated[list[str] | None, typer.Option("--mode", help=_MODES_HELP)] = None,
) -> None:
    """Report NDCG@10, condensed NDCG@10, MRR, Hit@5, Recall@100, judged@10 and latency per mode,
    under each view of the judgments (relevant = rated >= 2 for MRR, Hit@5 and Recall@100)."""
    from rag.evaluation.runner import score_views

    views, wanted, settings, index_dir = _eval_setup(judgments, catalog, modes)
    _, mode_runs = _run_modes(views, wanted, settings, index_dir)
    report = score_views(mode_runs, views)
    for view in views:
        typer.echo(
            f"{len(view)} judged queries, {view.num_judgments} judgments ({view.source})"
            + (f"; {view.overridden} ratings overridden by a later file" if view.overridden else "")
        )
    typer.echo(
        f"{report.queries} of {report.judged_queries} judged queries have a relevant product and "
        "count in the means (last view)"
    )
    typer.echo(_binary_ceiling(views[-1]))
    typer.echo(report.to_markdown())
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report.as_json(), indent=2))
        typer.echo(f"wrote {json_path}")


def _binary_ceiling(judged) -> str:
    """How many counted queries have a product rated >= 2: the ceiling of MRR and Hit@5."""
    from rag.evaluation.metrics import RELEVANCE_THRESHOLD, answerable_queries

    counted = answerable_queries(judged)
    relevant = [q for q in counted if max(judged[q].values()) >= RELEVANCE_THRESHOLD]
    ceiling = len(relevant) / len(counted) if counted else 0.0
    return (f"{len(relevant)} of those {len(counted)} have a product rated >= {RELEVANCE_THRESHOLD}: "
            f"MRR and Hit@5 can reach at most {ceiling:.3f}")


@app.command(name="judge-pool")
def judge_pool(
    out: Annotated[Path, typer.Option(help="Write the unjudged pairs here (CSV).")],
    judgments: Annotated[list[Path] | None, typer.Option(help=_JUDGMENTS_HELP)] = None,  # type: ignore[assignment]
    catalog: Annotated[Path | None, typer.Option(help="Pool on this catalog (indexed apart from the app's, cached by content).")] = None,
    modes: Annotated[list[str] | None, typer.Option("--mode", help=_MODES_HELP)] = None,
    depth: Annotated[int, typer.Option(min=1, max=100, help="Pool each mode's top DEPTH.")] = 10,
) -> None:
    """Write every (query, product) in any mode's top DEPTH that has no judgment yet, with the
    product's title, brand, price, category and a short description, for raters."""
    from rag.evaluation.pool import pool_rows, unjudged_pool, write_pool

    views, wanted, settings, index_dir = _eval_setup(judgments, catalog, modes)
    services, mode_runs = _run_modes(views, wanted, settings, index_dir)
    entries = unjudged_pool(mode_runs, views[-1], depth=depth)
    products = services.engine.fetch(sorted({e.docid for e in entries}))
    write_pool(pool_rows(entries, products), out)
    per_mode = {run.mode: sum(1 for e in entries if run.mode in e.ranks) for run in mode_runs}
    typer.echo(
        f"{len(entries)} unjudged pairs over {len({e.query for e in entries})} of {len(views[-1])} queries "
        f"in the top {depth} of {len(mode_runs)} modes ({views[-1].source}); wrote {out}"
    )
    for mode, n in per_mode.items():
        typer.echo(f"  {mode}: {n} unjudged in its top {depth}")


@app.command(
    name="train-reranker",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True, "help_option_names": []},
)
def train_reranker(ctx: typer.Context) -> None:
    """Train the cross-encoder reranker from the catalog (options: `shopassist train-reranker --help`)."""
    from rag.offline.train_reranker import main as train_main

    raise typer.Exit(train_main(list(ctx.args)))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=64, help="Server processes sharing the port (default: settings.app_workers; see docs/serving.md).")] = None,
) -> None:
    """Build the index if it is missing, then serve the web app."""
    from rag.server import main as serve_main

    serve_main(host=host, port=port, workers=workers)
