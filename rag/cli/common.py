"""What the CLI's command modules share: settings, filters, the interaction
store, the index's engine, dates and user ids from the command line.

Public so each command module imports it (the modules never import each
other); the index is built by :func:`rag.wiring.ensure_index`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import typer

from rag.records import Filters, NumericRange
from rag.settings import Settings, get_settings
from rag.wiring import ensure_index as _build_index

__all__ = [
    "checked_user",
    "ensure_index",
    "first_pass_searcher",
    "index_engine",
    "load_settings",
    "open_interaction_store",
    "parse_filters",
    "parse_when",
]


def load_settings() -> Settings:
    """The process settings; invalid ones end the command with exit code 2 and the reason."""
    try:
        return get_settings()
    except Exception as exc:  # pydantic ValidationError: show it plainly
        typer.secho(f"invalid settings: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc


def ensure_index(settings: Settings, progress: bool = True) -> None:
    """Build the index when it is missing, reporting on stderr."""
    _build_index(settings, progress=progress, say=lambda message: typer.echo(message, err=True))


def parse_filters(
    brand: list[str] | None,
    category: list[str] | None,
    min_price: float | None,
    max_price: float | None,
) -> Filters:
    try:
        return Filters(
            brands=tuple(brand or ()),
            categories=tuple(category or ()),
            price=NumericRange(min_price, max_price),
        )
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc


def open_interaction_store(settings: Settings):
    """The interaction store's session factory, or exit code 2 with the reason."""
    from personalization.store import open_store

    try:
        return open_store(settings.store_url)
    except Exception as exc:
        typer.secho(f"cannot open the interaction store {settings.store_url!r}: {exc}", fg="red", err=True)
        raise typer.Exit(2) from exc


def index_engine(settings: Settings):
    """The app's engine over its index (built first when missing)."""
    from rag.wiring import engine_factory

    ensure_index(settings)
    return engine_factory(settings)(settings.index_dir)


def parse_when(value: str | None, option: str) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise typer.BadParameter(f"{value!r} is not an ISO date or time (e.g. 2026-01-31 or 2026-01-31T12:00)", param_hint=option) from exc
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def checked_user(user: str) -> str:
    from personalization.repository import validate_user_id

    try:
        return validate_user_id(user)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="USER") from exc


def first_pass_searcher(settings: Settings, k: int = 30) -> tuple[Any, Callable[[str], Any]]:
    """The app's first-pass retrieval (understanding + hybrid), as personas and replays see it."""
    from rag.wiring import build_search_services

    ensure_index(settings)
    services = build_search_services(settings)
    understanding = services.understanding
    return services, (lambda query: understanding.retrieve(query, k=k).result.hits)
