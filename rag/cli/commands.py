"""``shopassist ingest|search|eval|train-reranker|serve``: the catalog and retrieval side of the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import ensure_index, load_settings, parse_filters
from rag.settings import HydeMode, RerankPolicy

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


@app.command(name="eval")
def evaluate(
    judgments: Annotated[Path | None, typer.Option(help="CSV with query,docid,rating (ratings 0-3).")] = None,  # type: ignore[assignment]
    catalog: Annotated[Path | None, typer.Option(help="Evaluate on this catalog (indexed apart from the app's, cached by content).")] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Also write the results as JSON here.")] = None,
    modes: Annotated[list[str] | None, typer.Option("--mode", help="Only these modes (repeatable): bm25, dense, hybrid-rrf, hybrid-linear, hybrid+qu, hybrid+qu+type-boost, hybrid+qu+type-filter, hybrid+qu+rerank, hybrid+qu+rerank-auto; hybrid+qu+hyde-auto and hybrid+qu+hyde (always) need an LLM and run only when named.")] = None,
) -> None:
    """Report NDCG@10, condensed NDCG@10, MRR, Hit@5, Recall@100, judged@10 and latency per mode."""
    from rag.catalog import catalog_fingerprint
    from rag.evaluation import load_judgments
    from rag.evaluation.runner import evaluate_retrieval, reranking_runner
    from rag.retrieval import RetrievalMode
    from rag.settings import CategoryMode
    from rag.wiring import build_search_services, make_reranker, make_understanding, run_ingest

    settings = load_settings()
    judgments_path = judgments or settings.judgments_path
    qu_variants = {
        "hybrid+qu": CategoryMode.OFF,
        "hybrid+qu+type-boost": CategoryMode.BOOST,
        "hybrid+qu+type-filter": CategoryMode.FILTER,
    }
    try:
        judged = load_judgments(judgments_path)
        rerank_rows = {"hybrid+qu+rerank": RerankPolicy.ALWAYS, "hybrid+qu+rerank-auto": RerankPolicy.AUTO}
        hyde_rows = {"hybrid+qu+hyde-auto": HydeMode.AUTO, "hybrid+qu+hyde": HydeMode.ALWAYS}
        staged = [*qu_variants, *rerank_rows, *hyde_rows]
        # HyDE rows call an LLM per query (seconds each on 2 cores): only when named.
        wanted = modes or [m.value for m in RetrievalMode] + [*qu_variants, *rerank_rows]
        chosen = [RetrievalMode.from_str(m) for m in wanted if m not in staged]
        unknown = [m for m in wanted if m not in staged and m not in {r.value for r in RetrievalMode}]
        if unknown:
            allowed = ", ".join([r.value for r in RetrievalMode] + staged)
            raise ValueError(f"unknown mode {unknown[0]!r}; choose from: {allowed}")
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
    services = build_search_services(settings, index_dir=index_dir)
    variants = {
        name: make_understanding(settings.with_overrides(category_mode=mode), services.retriever, index_dir)
        for name, mode in qu_variants.items()
        if name in wanted
    }
    extra = {}
    rows_wanted = [name for name in rerank_rows if name in wanted]
    if rows_wanted:
        # A local folder must exist; anything else is a Hugging Face name ("org/model").
        model = Path(settings.reranker_model)
        if model.exists() or not (model.is_absolute() or settings.reranker_model.startswith(".")):
            from rag.rerank.stage import RerankTrigger

            reranker = make_reranker(settings)
            for name in rows_wanted:
                trigger = RerankTrigger(rerank_rows[name], settings.rerank_auto_min_words)
                extra[name] = reranking_runner(
                    make_understanding(settings, services.retriever, index_dir),
                    reranker,
                    services.engine,
                    services.retriever.default_mode,
                    settings.rerank_top_n,
                    trigger,
                )
        else:
            typer.secho(f"reranker model not found at {settings.reranker_model}: skipping that row", err=True)
    hyde_wanted = [name for name in hyde_rows if name in wanted]
    if hyde_wanted:
        from rag.evaluation.runner import hyde_runner
        from rag.generation.llm import build_chat_model
        from rag.wiring import make_hyde

        choice = build_chat_model(settings)
        if choice.model is None:
            typer.secho(f"HyDE rows need an LLM: {choice.reason}; skipping them", fg="yellow", err=True)
        for name in hyde_wanted if choice.model is not None else []:
            expander = make_hyde(settings.with_overrides(hyde_mode=hyde_rows[name]), choice, services)
            expander.writer.write("warm up the model")
            extra[name] = hyde_runner(
                make_understanding(settings, services.retriever, index_dir), expander, services.engine,
                services.retriever.default_mode, settings.relevance_none_below, settings.relevance_weak_below,
            )
    report = evaluate_retrieval(services.retriever, judged, chosen, variants, extra)
    typer.echo(
        f"{report.queries} of {report.judged_queries} judged queries have a relevant product and "
        f"count in the means; {judged.num_judgments} judgments ({judgments_path})"
    )
    typer.echo(report.to_markdown())
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(report.as_json(), indent=2))
        typer.echo(f"wrote {json_path}")


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
) -> None:
    """Build the index if it is missing, then serve the web app."""
    from rag.server import main as serve_main

    serve_main(host=host, port=port)
