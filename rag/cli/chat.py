"""``shopassist ask``, ``chat`` and ``eval-chat``: the conversational side of the CLI."""

from __future__ import annotations

import json
import sys
import uuid
from pathlib import Path
from typing import Annotated

import typer

from rag.cli.common import ensure_index, load_settings, parse_filters
from rag.settings import PROJECT_ROOT, LLMProvider

DEFAULT_SUITE = PROJECT_ROOT / "data" / "eval" / "chat_suite.json"


def _shown(path: Path) -> str:
    """A suite's path as a report shows it: relative to the checkout when inside it (no machine's folders)."""
    resolved = Path(path).resolve()
    return str(resolved.relative_to(PROJECT_ROOT)) if resolved.is_relative_to(PROJECT_ROOT) else str(path)


def _assistant(llm: str | None):
    from rag.wiring import build_assistant

    settings = load_settings()
    if llm:
        try:
            settings = settings.with_overrides(llm_provider=LLMProvider.from_str(llm))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--llm") from exc
    ensure_index(settings)
    try:
        return settings, build_assistant(settings)
    except Exception as exc:  # a configured model that cannot load: say so plainly
        typer.secho(f"cannot start the assistant: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc


def _session(session: str | None) -> str | None:
    from rag.conversation.memory import validate_session_id

    try:
        return validate_session_id(session) if session is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--session") from exc


def _print_products(result) -> None:
    from rag.generation.context import format_price, short_title

    for i, p in enumerate(result.products, start=1):
        typer.echo(f"  [{i}] {short_title(p.title)} — {p.brand} — {format_price(p.price, p.currency)}  (id {p.id})")


def _log_turn(settings, result) -> None:
    """Log the ranking shown (by request id) so feedback can point at it."""
    if settings.personalization:
        from personalization.store import LazyStore
        from personalization.turnlog import log_turn

        log_turn(LazyStore(settings.store_url), result)


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        message: Annotated[str, typer.Argument(help="What the shopper says.")],
        user: Annotated[str | None, typer.Option("--user", help="User id (personalization).")] = None,
        session: Annotated[str | None, typer.Option("--session", help="Session id: follow-ups refer to earlier turns.")] = None,
        brand: Annotated[list[str] | None, typer.Option(help="Only these brands (repeatable).")] = None,
        category: Annotated[list[str] | None, typer.Option(help="Only these categories (repeatable).")] = None,
        min_price: Annotated[float | None, typer.Option(help="Minimum price.")] = None,
        max_price: Annotated[float | None, typer.Option(help="Maximum price.")] = None,
        llm: Annotated[str | None, typer.Option(help="auto | local | openai | extractive (overrides settings).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the turn as JSON (answer, citations, products, trace).")] = False,
    ) -> None:
        """Answer one message with cited products; --json prints the whole turn."""
        from rag.chain import TurnRequest

        session = _session(session)
        settings, assistant = _assistant(llm)
        request = TurnRequest(message, session_id=session, user_id=user, filters=parse_filters(brand, category, min_price, max_price))
        if as_json:
            turn = assistant.ask(request)
            _log_turn(settings, turn)
            typer.echo(json.dumps(turn.to_dict(), ensure_ascii=False, indent=2, default=str))
            return
        result = None
        for chunk in assistant.stream(request):
            if chunk.text:
                sys.stdout.write(chunk.text)
                sys.stdout.flush()
            result = chunk.result or result
        typer.echo("")
        if result is not None:
            _log_turn(settings, result)
            _print_products(result)
            typer.secho(f"(answered by {result.generator}; request {result.trace.request_id})", dim=True, err=True)

    @app.command()
    def chat(
        session: Annotated[str | None, typer.Option("--session", help="Resume a session id.")] = None,
        user: Annotated[str | None, typer.Option("--user", help="User id (personalization).")] = None,
        llm: Annotated[str | None, typer.Option(help="auto | local | openai | extractive.")] = None,
    ) -> None:
        """Chat in the terminal (empty line, 'exit' or Ctrl-D to leave)."""
        from rag.chain import TurnRequest

        session = _session(session) or f"cli-{uuid.uuid4().hex[:8]}"
        settings, assistant = _assistant(llm)
        typer.secho(f"session {session} — ask for a product; 'exit' to leave", dim=True, err=True)
        while True:
            try:
                message = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                typer.echo("")
                break
            if not message or message.lower() in ("exit", "quit"):
                break
            sys.stdout.write("assistant> ")
            result = None
            for chunk in assistant.stream(TurnRequest(message, session_id=session, user_id=user)):
                sys.stdout.write(chunk.text)
                sys.stdout.flush()
                result = chunk.result or result
            typer.echo("")
            if result is not None:
                _log_turn(settings, result)
                _print_products(result)

    def _eval_golden(path: Path, llm: str | None, out: Path | None, verbose: bool, split: str) -> None:
        from rag.evaluation.golden import load_golden, run_golden, summarize_golden

        try:
            conversations = load_golden(path)
        except (OSError, ValueError, KeyError) as exc:
            raise typer.BadParameter(f"cannot read the golden set: {exc}", param_hint="--golden") from exc
        if split not in ("all", "tuning", "heldout"):
            raise typer.BadParameter(f"{split!r} is not one of all, tuning, heldout", param_hint="--split")
        if split != "all":  # tuning work runs (and prints) the tuning part only
            conversations = [c for c in conversations if c.get("split", "tuning") == split]
        settings, assistant = _assistant(llm)

        def show(t) -> None:
            bad = not t.outcome_ok or t.type_at3 is False or t.constraint_fails or t.claims
            if verbose or bad:
                typer.echo(f"{'FAIL' if bad else 'ok  '} {t.conversation}#{t.turn} [{t.split}/{t.outcome}] {t.user!r} "
                           f"type@3={t.type_at3} fails={list(t.constraint_fails)[:2]} claims={list(t.claims)[:1]}")

        turns = run_golden(assistant, conversations, on_turn=show)
        summary = summarize_golden(turns)
        rows = [(name, part) for name, part in summary.items()]
        keys = ("turns", "type_at3", "type_any_at3", "constraints_honoured", "clarify_notcarried_refuse_correct",
                "outcome_correct", "unsupported_claims", "fact_issues", "first_ms_p50", "turn_ms_p50", "turn_ms_p95")
        typer.echo(f"{'part':<8} " + " ".join(f"{k:>12.12}" for k in keys))
        for name, part in rows:
            typer.echo(f"{name:<8} " + " ".join(f"{part.get(k)!s:>12.12}" for k in keys))
        report = {"golden": str(path), "llm": settings.llm_provider.value,
                  "generators": sorted({t.generator for t in turns}), "summary": summary}
        if out:
            report["turns"] = [t.to_dict() for t in turns]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")

    @app.command(name="eval-chat")
    def eval_chat(
        suite: Annotated[Path, typer.Option(help="Scripted conversations (JSON).")] = DEFAULT_SUITE,
        dev: Annotated[bool, typer.Option("--dev/--no-dev", help="Also run every dev judged query as one turn.")] = True,
        llm: Annotated[str | None, typer.Option(help="auto | local | openai | extractive.")] = None,
        out: Annotated[Path | None, typer.Option("--json", help="Write the report (with every turn) here.")] = None,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every turn.")] = False,
        golden: Annotated[Path | None, typer.Option(help="Score the conversational golden set (data/eval/golden_chat.json) instead.")] = None,
        split: Annotated[str, typer.Option(help="With --golden: all | tuning | heldout (run only that part).")] = "all",
    ) -> None:
        """Run the scripted conversation suite (and the dev queries) and report trust metrics."""
        if golden is not None:
            _eval_golden(golden, llm, out, verbose, split)
            return
        from rag.evaluation.chat_suite import load_suite, run_dev_queries, run_suite, summarize
        from rag.evaluation.judgments import load_judgments

        settings, assistant = _assistant(llm)
        try:
            conversations = load_suite(suite)
        except (OSError, ValueError, KeyError) as exc:
            raise typer.BadParameter(f"cannot read the suite: {exc}", param_hint="--suite") from exc

        def show(o) -> None:
            if verbose or o.failures or o.facts.contradictions or not o.citations_valid:
                mark = "ok " if not o.failures else "FAIL"
                typer.echo(f"{mark} {o.conversation}#{o.turn} [{o.plan}/{o.intent}/{o.generator}] {o.user!r}: {'; '.join(o.failures)}")
                if verbose or o.failures:
                    typer.echo(f"      {o.answer[:300]}")

        outcomes = run_suite(assistant, conversations, on_turn=show)
        report: dict[str, object] = {"suite": _shown(suite), "llm": settings.llm_provider.value, "summary": summarize(outcomes)}
        if dev:
            judgments = load_judgments(settings.judgments_path)
            answerable = {q for q in judgments if any(v >= 1 for v in judgments[q].values())}
            report["dev"] = run_dev_queries(assistant, judgments, answerable)
        typer.echo(json.dumps({k: v for k, v in report.items() if k != "turns"}, indent=2, default=str))
        if out:
            report["turns"] = [o.to_dict() for o in outcomes]
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
